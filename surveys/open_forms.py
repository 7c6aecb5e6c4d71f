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

"""

from __future__ import annotations

from dataclasses import dataclass

from engage.worker_cache import WorkerCache

MAX_AGE_SECONDS = 300.0
PAGE_AGE_SECONDS = 2.0


@dataclass(frozen=True)
class OpenForm:
    consultation: dict
    questions: list[dict]

    @property
    def revision(self) -> str:
        return self.consultation["revision"]


_forms = WorkerCache(max_entries=256)  # slug -> OpenForm
_lists = WorkerCache(max_entries=1)  # the residents' list of consultations


async def public_list(max_age: float = PAGE_AGE_SECONDS) -> dict[str, list[dict]]:
    """The residents' list of consultations by phase (surveys.consultations.list_public)."""
    from surveys.consultations import list_public

    groups = _lists.get("public", max_age)
    return groups if groups is not None else _lists.put("public", await list_public())


async def form_for(slug: str, max_age: float = PAGE_AGE_SECONDS) -> OpenForm | None:
    """The consultation with this address and its questions, or None when there is none."""
    from surveys.builder import questions_for
    from surveys.consultations import get_by_slug

    kept = _forms.get(slug, min(max_age, MAX_AGE_SECONDS))
    if kept is not None:
        return kept
    c = await get_by_slug(slug)
    if c is None:
        _forms.drop(slug)
        return None
    return _forms.put(slug, OpenForm(c, await questions_for(c["id"])))


def age(slug: str) -> float:
    """Seconds since this worker read the consultation with this address."""
    return _forms.age(slug)


def forget(slug: str | None = None) -> None:
    """Drop the kept copy of one consultation (or all of them), and the list."""
    _lists.drop()
    _forms.drop(slug)
