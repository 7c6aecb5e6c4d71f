"""A priority framework as the tagger sees it: plain data, loaded from the framework YAML.

The YAML format is the partnership's framework file (priorities -> delivery themes, and
cross-cutting themes) with two optional keys per entry that carry the tagger's knowledge, so a
framework exported for a new plan can be tagged without code changes:

    phrases:  {phrase: weight, ...}   or a list of phrases (weight 1.0 each)
    examples: [sentence, ...]         sentences confirmed as belonging to the entry
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Mapping

import yaml

Kind = Literal["theme", "cross_cutting"]

DEFAULT_WEIGHT = 1.0


class FrameworkError(ValueError):
    """The framework data is not in the expected shape."""


@dataclass(frozen=True)
class Entry:
    """A delivery theme or a cross-cutting theme, with what the tagger needs to recognise it."""

    slug: str
    name: str
    kind: Kind
    priority: str | None = None  # parent priority slug; None for cross-cutting themes
    scope: str = ""
    topics: tuple[str, ...] = ()
    phrases: tuple[tuple[str, float], ...] = ()
    examples: tuple[str, ...] = ()
    absorbs: tuple[str, ...] = ()  # slugs of retired entries merged into this one


@dataclass(frozen=True)
class Priority:
    slug: str
    name: str
    number: int | None = None


@dataclass(frozen=True)
class Framework:
    plan: str
    priorities: tuple[Priority, ...]
    themes: tuple[Entry, ...]
    cross_cutting: tuple[Entry, ...]
    wards: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)  # other top-level keys, kept for export

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.themes + self.cross_cutting

    def entry(self, slug: str) -> Entry:
        for entry in self.entries:
            if entry.slug == slug:
                return entry
        raise KeyError(slug)


def _phrases(raw: Any, where: str) -> tuple[tuple[str, float], ...]:
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        items = raw.items()
    elif isinstance(raw, list):
        items = []
        for item in raw:
            if isinstance(item, Mapping):  # "- knife crime: 2" in block style
                items.extend(item.items())
            else:
                items.append((item, DEFAULT_WEIGHT))
    else:
        raise FrameworkError(f"{where}: phrases must be a mapping or a list")
    out = []
    for phrase, weight in items:
        try:
            weight = DEFAULT_WEIGHT if weight is None else float(weight)
        except (TypeError, ValueError):
            raise FrameworkError(f"{where}: weight for {phrase!r} is not a number") from None
        phrase = str(phrase).strip().lower()
        if phrase:
            out.append((phrase, weight))
    return tuple(out)


def _entry(raw: Any, kind: Kind, priority: str | None, where: str) -> Entry:
    if not isinstance(raw, Mapping) or not raw.get("slug"):
        raise FrameworkError(f"{where}: each entry needs a slug")
    where = f"{where} {raw['slug']}"
    examples = raw.get("examples") or []
    if not isinstance(examples, list):
        raise FrameworkError(f"{where}: examples must be a list")
    return Entry(
        slug=str(raw["slug"]),
        name=str(raw.get("name") or raw["slug"]),
        kind=kind,
        priority=priority,
        scope=str(raw.get("scope") or ""),
        topics=tuple(str(t) for t in raw.get("topics") or ()),
        phrases=_phrases(raw.get("phrases"), where),
        examples=tuple(str(e) for e in examples),
        absorbs=tuple(str(a) for a in raw.get("absorbs") or ()),
    )


def _flatten(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        return tuple(v for value in raw.values() for v in _flatten(value))
    if isinstance(raw, list):
        return tuple(v for value in raw for v in _flatten(value))
    return (str(raw),)


def framework_from_dict(data: Mapping[str, Any]) -> Framework:
    if not isinstance(data, Mapping):
        raise FrameworkError("framework must be a mapping")
    priorities, themes = [], []
    for p in data.get("priorities") or []:
        if not isinstance(p, Mapping) or not p.get("slug"):
            raise FrameworkError("each priority needs a slug")
        priorities.append(Priority(str(p["slug"]), str(p.get("name") or p["slug"]), p.get("number")))
        for t in p.get("themes") or []:
            themes.append(_entry(t, "theme", str(p["slug"]), "theme"))
    cross = [_entry(c, "cross_cutting", None, "cross-cutting theme") for c in data.get("cross_cutting") or []]
    slugs = [e.slug for e in themes + cross]
    dupes = {s for s in slugs if slugs.count(s) > 1}
    if dupes:
        raise FrameworkError(f"duplicate slugs: {', '.join(sorted(dupes))}")
    known = {"plan", "priorities", "cross_cutting", "wards", "partners"}
    return Framework(
        plan=str(data.get("plan") or ""),
        priorities=tuple(priorities),
        themes=tuple(themes),
        cross_cutting=tuple(cross),
        wards=_flatten(data.get("wards")),
        partners=_flatten(data.get("partners")),
        extra={k: v for k, v in data.items() if k not in known},
    )


def load_framework(source: str | Path | Mapping[str, Any]) -> Framework:
    """Load a framework from a YAML file path, a YAML string or an already parsed mapping."""
    if isinstance(source, Mapping):
        return framework_from_dict(source)
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and source.endswith((".yaml", ".yml"))):
        text = Path(source).read_text(encoding="utf-8")
    else:
        text = str(source)
    try:
        # libyaml's parser where PyYAML has it: a tenth of the pure-Python one's time on the shipped model's
        # framework, read at every worker's start. Its complaints in PyYAML's own words, as before.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise FrameworkError(f"not valid YAML: {exc}") from None
    return framework_from_dict(data)


def _entry_dict(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"slug": entry.slug, "name": entry.name}
    if entry.topics:
        out["topics"] = list(entry.topics)
    if entry.scope:
        out["scope"] = entry.scope
    if entry.phrases:
        out["phrases"] = {p: w for p, w in entry.phrases}
    if entry.examples:
        out["examples"] = list(entry.examples)
    if entry.absorbs:
        out["absorbs"] = list(entry.absorbs)
    return out


def framework_to_dict(fw: Framework) -> dict[str, Any]:
    """The export shape: load_framework(framework_to_dict(fw)) == fw (wards/partners flattened)."""
    out: dict[str, Any] = {"plan": fw.plan, **fw.extra}
    out["priorities"] = [
        {
            "slug": p.slug,
            **({"number": p.number} if p.number is not None else {}),
            "name": p.name,
            "themes": [_entry_dict(t) for t in fw.themes if t.priority == p.slug],
        }
        for p in fw.priorities
    ]
    out["cross_cutting"] = [_entry_dict(c) for c in fw.cross_cutting]
    out["wards"] = list(fw.wards)
    out["partners"] = list(fw.partners)
    return out


@functools.cache
def default_framework() -> Framework:
    """The seeded Safer Leicester Partnership 2021-2024 framework shipped with the package."""
    text = resources.files("engage.analysis").joinpath("data/slp-2021-2024.yaml").read_text(encoding="utf-8")
    return load_framework(text)


def dump_framework(fw: Framework) -> str:
    """The framework as YAML, in the format load_framework reads (phrases and examples included)."""
    return yaml.safe_dump(framework_to_dict(fw), sort_keys=False, allow_unicode=True, width=100)
