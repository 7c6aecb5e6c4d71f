"""Reference lists from the seeded framework file (wards, priorities, partners).

The file (engage/analysis/data/slp-2021-2024.yaml) is the partnership's own framework with the
slugs the product must use, plus the tagger's phrases; the framework tables are seeded from it
too (engage.framework.services), so there is one source for ward names and slugs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

SEED_FILE = Path(__file__).resolve().parents[1] / "analysis" / "data" / "slp-2021-2024.yaml"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", "and")).strip("-")


@lru_cache(maxsize=1)
def seed() -> dict:
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def wards() -> tuple[tuple[str, str], ...]:
    """(slug, name) for each of Leicester's 21 wards, in the file's order."""
    return tuple((slugify(name), name) for name in seed()["wards"])


def ward_name(slug: str | None) -> str:
    return dict(wards()).get(slug or "", "")


@lru_cache(maxsize=1)
def priorities() -> tuple[tuple[str, str], ...]:
    """(slug, 'N. Name') for each strategic priority."""
    return tuple((p["slug"], f"{p['number']}. {p['name']}") for p in seed()["priorities"])


@lru_cache(maxsize=1)
def partners() -> tuple[str, ...]:
    groups = seed()["partners"]
    return tuple(name for group in groups.values() for name in group)


@lru_cache(maxsize=1)
def themes() -> tuple[tuple[str, str], ...]:
    """(slug, name) for each delivery theme, then each cross-cutting theme: the tags officers may use."""
    delivery = [(t["slug"], t["name"]) for p in seed()["priorities"] for t in p.get("themes", [])]
    cross = [(c["slug"], c["name"]) for c in seed().get("cross_cutting", [])]
    return tuple(delivery + cross)


@lru_cache(maxsize=1)
def theme_priority() -> dict[str, str]:
    """Delivery theme slug -> the strategic priority it sits under (cross-cutting themes have none)."""
    return {t["slug"]: p["slug"] for p in seed()["priorities"] for t in p.get("themes", [])}
