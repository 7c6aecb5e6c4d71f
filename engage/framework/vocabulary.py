"""The partnership's vocabulary (wards, priorities, themes, topics, partners), read from the database.

The framework tables are the one source: admins edit them (engage.framework.services) and every
domain (meetings, consultations, summaries) validates and labels against what they hold. The
seed file only fills an empty database.

Each worker keeps the vocabulary it last read with the current period's `revision`, which every
framework change replaces (like surveys/open_forms.py keeps consultations):

- `load()` re-checks the revision (one small query) when the kept copy is older than
  `max_age` seconds, and rebuilds the vocabulary only when the revision moved. Checks that
  accept or refuse input pass `max_age=0`, so a theme an admin added through any worker is
  accepted at once; pages use a copy at most PAGE_AGE_SECONDS old.
- `current()` is the copy loaded last, for code that cannot await (labels in exports, charts);
  the app loads it before every request (engage.app) and the CLI before its work.
- a change made through this worker drops the copy at once (`forget`).
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field

from engage.db import current_engine
from engage.framework import services
from engage.framework.services import slugify
from engage.framework.tables import PlanPeriod
from engage.worker_cache import WorkerCache

PAGE_AGE_SECONDS = 2.0


@dataclass(frozen=True)
class Vocabulary:
    revision: str
    wards: tuple[tuple[str, str], ...] = ()  # (slug, name), in the plan's order
    priorities: tuple[tuple[str, str], ...] = ()  # (slug, "N. Name")
    themes: tuple[tuple[str, str], ...] = ()  # (slug, name): delivery themes, then cross-cutting
    topics: tuple[tuple[str, str], ...] = ()  # (slug, name)
    partners: tuple[str, ...] = ()
    theme_priority: dict[str, str] = field(default_factory=dict)  # delivery theme -> its priority

    def ward_name(self, slug: str | None) -> str:
        return dict(self.wards).get(slug or "", "")

    def ward_slugs(self) -> set[str]:
        return {slug for slug, _ in self.wards}

    def priority_slugs(self) -> set[str]:
        return {slug for slug, _ in self.priorities}

    def theme_slugs(self) -> set[str]:
        return {slug for slug, _ in self.themes}


_kept = WorkerCache(max_entries=8)  # "vocabulary" -> Vocabulary, per database engine


# The current plan period's revision as the vocabulary spells it ("period id:revision"): the period
# marked current, else the newest (every period archived by hand; services.current_period). One
# statement, shared with the response insert that stores answers only while it is unchanged
# (surveys.responses), so both read "current" the same way.
CURRENT_REVISION_SQL = ("SELECT CAST(id AS TEXT) || ':' || revision AS revision FROM framework_period "
                        "ORDER BY (status = 'current') DESC, id DESC LIMIT 1")


async def _current_revision() -> str | None:
    rows = await PlanPeriod.raw(CURRENT_REVISION_SQL).run()
    return rows[0]["revision"] if rows else None


async def _build() -> Vocabulary:
    period = await services.current_period()
    rows = await services.entries(period["id"], active_only=True)
    extra = period.get("extra") or {}
    by_id = {r["id"]: r for r in rows}
    priorities = [r for r in rows if r["kind"] == "priority"]
    delivery = [(t, p) for p in priorities for t in rows if t["kind"] == "theme" and t["parent_id"] == p["id"]]
    partners = extra.get("partners") or {}
    if isinstance(partners, dict):
        partner_names = [str(name) for group in partners.values() for name in (group or [])]
    else:
        partner_names = [str(name) for name in partners]
    return Vocabulary(
        revision=f"{period['id']}:{period['revision']}",
        wards=tuple((slugify(str(name)), str(name)) for name in extra.get("wards") or []),
        priorities=tuple((p["slug"], f"{p['number']}. {p['name']}" if p["number"] is not None else p["name"])
                         for p in priorities),
        themes=tuple([(t["slug"], t["name"]) for t, _ in delivery]
                     + [(c["slug"], c["name"]) for c in rows if c["kind"] == "cross_cutting"]),
        topics=tuple((r["slug"], r["name"]) for r in rows if r["kind"] == "topic" and r["parent_id"] in by_id),
        partners=tuple(partner_names),
        theme_priority={t["slug"]: p["slug"] for t, p in delivery},
    )


async def load(max_age: float = PAGE_AGE_SECONDS) -> Vocabulary:
    """The vocabulary of the current plan period, checked against its revision when older than max_age."""
    kept = _kept.get("vocabulary")
    if kept is not None and _kept.age("vocabulary") <= max_age:
        return kept
    engine = current_engine()
    transaction = getattr(engine, "current_transaction", None)
    # Checked now (max_age 0): a check that started before this call will not do. Inside a
    # transaction: the check must use its connection, which no other request may share.
    if max_age <= 0 or (transaction is not None and transaction.get() is not None):
        return await _check(kept)
    # A page's copy ran out: the requests arriving meanwhile share one check instead of each running it.
    key = (id(asyncio.get_running_loop()), id(engine))
    check = _checks.get(key)
    if check is None:
        check = _checks[key] = asyncio.ensure_future(_check(kept))
        check.add_done_callback(lambda done: _checks.pop(key, None) if _checks.get(key) is done else None)
    return await asyncio.shield(check)


_checks: dict[tuple[int, int], asyncio.Future] = {}  # the check running, per event loop and database engine


async def _check(kept: Vocabulary | None) -> Vocabulary:
    found = await _current_revision()
    if kept is not None and found is not None and kept.revision == found:
        return _kept.put("vocabulary", kept)  # unchanged: restart its clock
    return _kept.put("vocabulary", await _build())


# A route opt: the handler takes answers and checks the vocabulary itself with load_for_answers,
# so the app loads a page's copy (PAGE_AGE_SECONDS) before it rather than checking it (engage.app).
ANSWERS_OPT = "vocabulary_checked_by_handler"


async def load_for_answers(questions: list[dict], about_you: dict, max_age: float) -> str:
    """Before checking a response's answers: the revision of the vocabulary they are checked
    against, "" when they do not depend on it. The wards are the only part answers are checked
    against (a ward question, the "About you" ward). The store takes the answers only while that
    revision is still current (surveys.responses), in the statement that stores them, so a copy up
    to `max_age` seconds old will do: no query of its own on most submissions."""
    if any(about_you.values()) or any(q["kind"] == "ward" for q in questions):
        return (await load(max_age=max_age)).revision
    return ""


def current() -> Vocabulary:
    """The vocabulary this worker loaded last (see the module's docstring)."""
    kept = _kept.get("vocabulary", math.inf)
    if kept is None:
        raise LookupError("the vocabulary is not loaded: await engage.framework.vocabulary.load() first")
    return kept


def forget() -> None:
    _kept.drop()


# Shorthands for templates and code that labels (the copy loaded last).
def wards() -> tuple[tuple[str, str], ...]:
    return current().wards


def ward_name(slug: str | None) -> str:
    return current().ward_name(slug)


def priorities() -> tuple[tuple[str, str], ...]:
    return current().priorities


def themes() -> tuple[tuple[str, str], ...]:
    return current().themes


def partners() -> tuple[str, ...]:
    return current().partners


def theme_priority() -> dict[str, str]:
    return current().theme_priority
