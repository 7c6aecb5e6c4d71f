"""Consultations and their questions, kept in each worker's memory for the residents' pages.

Every submission used to read the consultation and its questions (two queries) before storing
anything, and every form and consultation page read them again. They change rarely, and every
change gives the consultation a new `revision` (surveys.tables), so each worker keeps what it
read:

- a submission uses the kept copy however old it is (up to MAX_AGE_SECONDS), because the store
  only inserts while the stored revision still matches (surveys.responses.store_submission);
  when it does not, the caller forgets the copy, reads afresh and checks the answers again. A
  stale copy can never accept an answer the current consultation would refuse.
- pages (and the list of consultations) use a copy at most PAGE_AGE_SECONDS old, so a change made through another worker shows
  within seconds; a change made through this worker shows at once (`forget`).

Keyed by engine as well as slug: the test suite runs one process against two databases.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from engage.db import current_engine

MAX_AGE_SECONDS = 300.0
PAGE_AGE_SECONDS = 2.0
MAX_ENTRIES = 256


@dataclass(frozen=True)
class OpenForm:
    consultation: dict
    questions: list[dict]
    read_at: float

    @property
    def revision(self) -> str:
        return self.consultation["revision"]

    @property
    def age(self) -> float:
        """Seconds since this copy was read from the database."""
        return time.monotonic() - self.read_at


_kept: dict[tuple[int, str], OpenForm] = {}
_listed: dict[int, tuple[float, dict[str, list[dict]]]] = {}


async def public_list(max_age: float = PAGE_AGE_SECONDS) -> dict[str, list[dict]]:
    """The residents' list of consultations by phase (surveys.consultations.list_public)."""
    from surveys.consultations import list_public

    key = id(current_engine())
    kept = _listed.get(key)
    if kept is not None and time.monotonic() - kept[0] <= max_age:
        return kept[1]
    groups = await list_public()
    _listed[key] = (time.monotonic(), groups)
    return groups


async def form_for(slug: str, max_age: float = PAGE_AGE_SECONDS) -> OpenForm | None:
    """The consultation with this address and its questions, or None when there is none."""
    from surveys.builder import questions_for
    from surveys.consultations import get_by_slug

    key = (id(current_engine()), slug)
    kept = _kept.get(key)
    if kept is not None and time.monotonic() - kept.read_at <= min(max_age, MAX_AGE_SECONDS):
        return kept
    c = await get_by_slug(slug)
    if c is None:
        _kept.pop(key, None)
        return None
    form = OpenForm(c, await questions_for(c["id"]), time.monotonic())
    if len(_kept) >= MAX_ENTRIES:
        _kept.clear()  # a handful of consultations are ever live; this only bounds the memory
    _kept[key] = form
    return form


def forget(slug: str | None = None) -> None:
    """Drop the kept copy of one consultation (or all of them, and the list)."""
    _listed.clear()
    if slug is None:
        _kept.clear()
        return
    _kept.pop((id(current_engine()), slug), None)
