"""The demo's Census figures: ILLUSTRATIVE files for Leicester's 21 wards (engage/census/data),
made up to look like the city, never published figures (tools/census/make_illustrative.py)."""

from __future__ import annotations

from pathlib import Path

from engage.census.importer import read_files
from engage.census.services import store
from engage.census.tables import CensusFigure

DATA = Path(__file__).resolve().parent / "data"


async def load_illustrative() -> bool:
    """Import the illustrative files unless figures (real or not) are already there."""
    if await CensusFigure.exists():
        return False
    await store(read_files(sorted(DATA.glob("ILLUSTRATIVE-*.csv"))))
    return True
