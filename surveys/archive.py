"""The public archive of closed consultations (search and filter by ward, priority and year) and
the feed of new consultations and decisions. No web imports.

The archive is small (a partnership runs tens of consultations a year), so rows are filtered here
rather than with engine-specific JSON queries: the same code on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engage.times import aware
from surveys import consultations as cons
from surveys.loop_tables import ConsultationPlan, Decision
from surveys.tables import Consultation

FEED_ENTRIES = 50


@dataclass
class ArchiveFilters:
    q: str = ""
    ward: str = ""
    priority: str = ""
    year: str = ""


async def _plans_and_decisions(ids: list[int]) -> tuple[dict[int, dict], dict[int, dict]]:
    if not ids:
        return {}, {}
    plans = await ConsultationPlan.select(ConsultationPlan.consultation, ConsultationPlan.wards).output(
        load_json=True).where(ConsultationPlan.consultation.is_in(ids)).run()
    decisions = await Decision.select(Decision.consultation, Decision.decided_on, Decision.published_at).where(
        Decision.consultation.is_in(ids) & Decision.published_at.is_not_null()).run()
    return {p["consultation"]: p for p in plans}, {d["consultation"]: d for d in decisions}


def _closed_on(row: dict) -> dt.datetime | None:
    return aware(row["closes_at"]) or aware(row["updated_at"])


async def closed_consultations() -> list[dict]:
    """Every consultation residents may see that has closed, newest first, with wards and decision."""
    rows = await Consultation.select().output(load_json=True).where(
        Consultation.status.is_in(["open", "closed", "published"])).run()
    rows = [r for r in rows if cons.phase(r) in ("closed", "published")]
    plans, decisions = await _plans_and_decisions([r["id"] for r in rows])
    for row in rows:
        row["phase"] = cons.phase(row)
        row["closed_on"] = _closed_on(row)
        row["wards"] = (plans.get(row["id"]) or {}).get("wards") or []
        row["decision"] = decisions.get(row["id"])
    rows.sort(key=lambda r: r["closed_on"] or dt.datetime.min.replace(tzinfo=dt.timezone.utc), reverse=True)
    return rows


def matches(row: dict, f: ArchiveFilters) -> bool:
    if f.q:
        haystack = f"{row['title']} {row['summary']}".lower()
        if not all(word in haystack for word in f.q.lower().split()):
            return False
    if f.ward and f.ward not in row["wards"]:
        return False
    if f.priority and f.priority not in (row["priorities"] or []):
        return False
    if f.year and (row["closed_on"] is None or str(row["closed_on"].year) != f.year):
        return False
    return True


async def archive(f: ArchiveFilters) -> tuple[list[dict], list[int]]:
    """(the consultations that match, every year there is one to choose from)."""
    rows = await closed_consultations()
    years = sorted({r["closed_on"].year for r in rows if r["closed_on"]}, reverse=True)
    return [r for r in rows if matches(r, f)], years


@dataclass
class FeedEntry:
    key: str  # unique and stable: the entry's id in the feed
    title: str
    path: str
    summary: str
    updated: dt.datetime


async def feed_entries() -> list[FeedEntry]:
    """New consultations (once they open) and published decisions, newest first."""
    rows = await Consultation.select().output(load_json=True).where(
        Consultation.status.is_in(["open", "closed", "published"])).run()
    entries = []
    by_id = {}
    for row in rows:
        by_id[row["id"]] = row
        if cons.phase(row) == "upcoming":
            continue
        opened = aware(row["opens_at"]) or aware(row["created_at"])
        entries.append(FeedEntry(f"consultation-{row['id']}", f"New consultation: {row['title']}",
                                 f"/consultations/{row['slug']}", row["summary"], opened))
    decisions = await Decision.select(Decision.consultation, Decision.decision, Decision.published_at).where(
        Decision.published_at.is_not_null()).run()
    for d in decisions:
        c = by_id.get(d["consultation"])
        if c is None:
            continue
        entries.append(FeedEntry(f"decision-{c['id']}", f"Decision: {c['title']}", f"/consultations/{c['slug']}/decision",
                                 d["decision"][:500], aware(d["published_at"])))
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:FEED_ENTRIES]


async def recent_decisions(limit: int = 5) -> list[dict]:
    """The latest published decisions, for the home page: title, address and date."""
    rows = await Decision.select(Decision.decided_on, Decision.published_at, Decision.consultation.title,
                                 Decision.consultation.slug, Decision.consultation.status).where(
        Decision.published_at.is_not_null()).order_by(Decision.published_at, ascending=False).limit(limit).run()
    return [{"title": r["consultation.title"], "slug": r["consultation.slug"], "decided_on": r["decided_on"]}
            for r in rows if r["consultation.status"] == "published"]
