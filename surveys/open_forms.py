"""Consultations and their questions, kept in each worker's memory for the residents' pages.

Every submission used to read the consultation and its questions (two queries) before storing
anything, and every form and consultation page read them again. They change rarely, and every
change gives the consultation a new `revision` (surveys.tables), so each worker keeps what it
read and checks it against the revision itself: nobody has to tell it about a change, so an
edit made through any worker, on any machine, is seen the same way.

- pages (and the list of consultations) check the kept copy's revision every time (one small
  query by the consultation's address) and read the consultation and its questions again only
  when it moved; a change shows at once, whichever worker made it.
- a submission uses the kept copy unchecked (up to MAX_AGE_SECONDS), because the store only
  inserts while the stored revision still matches (surveys.responses.store_submission); when it
  does not, or when an unchecked copy refuses the answers, the caller asks again with
  `max_age=0`, which checks the revision. A stale copy can never accept an answer the current
  consultation would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.builder import questions_for
from surveys.consultations import get_by_slug, group_public, public_rows
from surveys.tables import Consultation
from engage.worker_cache import WorkerCache

MAX_AGE_SECONDS = 300.0


@dataclass(frozen=True)
class OpenForm:
    consultation: dict
    questions: list[dict]

    @property
    def revision(self) -> str:
        return self.consultation["revision"]


@dataclass(frozen=True)
class _PublicList:
    revision: tuple[tuple[int, str], ...]  # (id, revision) of every consultation residents can list
    rows: list[dict]


_forms = WorkerCache(max_entries=256)  # slug -> OpenForm
_lists = WorkerCache(max_entries=1)  # the residents' list of consultations


async def _revision_of(slug: str) -> tuple[int, str] | None:
    row = await Consultation.select(Consultation.id, Consultation.revision).where(Consultation.slug == slug).first()
    return (row["id"], row["revision"]) if row else None


async def _list_revision() -> tuple[tuple[int, str], ...]:
    rows = await Consultation.select(Consultation.id, Consultation.revision).where(
        Consultation.status.is_in(["open", "published"])).order_by(Consultation.id).run()
    return tuple((r["id"], r["revision"]) for r in rows)


async def public_list(max_age: float = 0.0) -> dict[str, list[dict]]:
    """The residents' list of consultations by phase (surveys.consultations.list_public).

    The phases are worked out on every call, so one opening or closing by the clock shows at once."""
    kept = _lists.get("public")
    if kept is None or _lists.age("public") > max_age:
        revision = await _list_revision()
        if kept is None or kept.revision != revision:
            kept = _PublicList(revision, await public_rows())
        _lists.put("public", kept)  # checked now: restart its clock
    return group_public(kept.rows)


async def form_for(slug: str, max_age: float = 0.0) -> OpenForm | None:
    """The consultation with this address and its questions, or None when there is none; a kept copy
    is checked against the stored revision when it was last checked more than `max_age` seconds ago."""
    kept = _forms.get(slug, min(max_age, MAX_AGE_SECONDS))
    if kept is not None:
        return kept
    kept = _forms.get(slug)
    if kept is not None and await _revision_of(slug) == (kept.consultation["id"], kept.revision):
        return _forms.put(slug, kept)  # unchanged: restart its clock
    c = await get_by_slug(slug)
    if c is None:
        _forms.drop(slug)
        return None
    return _forms.put(slug, OpenForm(c, await questions_for(c["id"])))


def age(slug: str) -> float:
    """Seconds since this worker read or checked the consultation with this address."""
    return _forms.age(slug)


def forget() -> None:
    """Drop every kept copy: for a test that stands in for a newly started process."""
    _lists.drop()
    _forms.drop()
