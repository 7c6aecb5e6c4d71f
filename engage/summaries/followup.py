"""Meeting follow-up: the actions agreed at meetings by status and owner, the overdue ones, and the
outcomes officers have marked publishable. Grouped SQL over meetings_feedback_point.

Reads the meetings area's tables as they are; when that area (or its tables) is missing, the
summary says so instead of failing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engage.summaries import sql
from engage.times import london_today
from engage.summaries.filters import Filters
from engage.summaries.framework import FrameworkView

STATUSES = {"open": "Open", "in-progress": "In progress", "done": "Done", "not-taken-forward": "Not taken forward"}
ACTIVE = ("open", "in-progress")
LIST_LIMIT = 100


@dataclass
class FollowUp:
    filters: Filters
    statuses: list[str] = field(default_factory=lambda: list(STATUSES))
    by_owner: list[tuple[str, dict[str, int], int]] = field(default_factory=list)  # owner, per status, total
    status_totals: dict[str, int] = field(default_factory=dict)
    total: int = 0
    overdue_count: int = 0
    overdue: list[dict] = field(default_factory=list)
    published_count: int = 0
    published: list[dict] = field(default_factory=list)


def today() -> dt.date:
    return london_today()


def _where(filters: Filters, view: FrameworkView, args: list) -> list[str]:
    where = ["mt.held_at >= {}", "mt.held_at < {}"]
    args += [filters.since, filters.until]
    if filters.ward:
        where.append("p.ward = {}")
        args.append(filters.ward)
    if filters.priority:
        entry = view.priority(filters.priority)
        themes = [t.slug for t in (entry.themes if entry else [])]
        if themes:
            where.append("(" + " OR ".join("CAST(p.officer_themes AS TEXT) LIKE {}" for _ in themes) + ")")
            args += [f'%"{t}"%' for t in themes]
        else:
            where.append("1 = 0")
    return where


async def follow_up(filters: Filters, view: FrameworkView, *, on: dt.date | None = None) -> FollowUp:
    out = FollowUp(filters=filters)
    on = on or today()
    base = "FROM meetings_feedback_point p JOIN meetings_meeting mt ON mt.id = p.meeting"
    args: list = []
    where = _where(filters, view, args)
    grouped = await sql.rows(
        f"SELECT p.owner AS owner, p.status AS status, COUNT(*) AS n {base} "
        f"WHERE p.action <> '' AND {' AND '.join(where)} GROUP BY p.owner, p.status", args)
    args = []
    active = sql.in_list("p.status", list(ACTIVE), args)
    args.append(on)
    where = _where(filters, view, args)  # placeholders in the order they appear in the text
    overdue = await sql.rows(
        f"SELECT p.id AS id, p.action AS action, p.owner AS owner, p.due_on AS due_on, p.status AS status, "
        f"p.ward AS ward, mt.id AS meeting_id, mt.title AS meeting, mt.held_at AS held_at {base} "
        f"WHERE p.action <> '' AND {active} AND p.due_on < {{}} AND {' AND '.join(where)} "
        f"ORDER BY p.due_on, p.id LIMIT {LIST_LIMIT + 1}", args)
    overdue_total = await sql.rows(
        f"SELECT COUNT(*) AS n {base} WHERE p.action <> '' AND {active} AND p.due_on < {{}} "
        f"AND {' AND '.join(where)}", args)
    args = []
    where = _where(filters, view, args)
    published = await sql.rows(
        f"SELECT p.id AS id, p.public_summary AS summary, p.outcome AS outcome, p.outcome_at AS outcome_at, "
        f"p.status AS status, p.ward AS ward, mt.held_at AS held_at, mt.title AS meeting {base} "
        f"WHERE p.publishable = TRUE AND p.outcome <> '' AND p.public_summary <> '' AND {' AND '.join(where)} "
        f"ORDER BY p.outcome_at DESC, p.id DESC LIMIT {LIST_LIMIT}", args)
    published_total = await sql.rows(
        f"SELECT COUNT(*) AS n {base} WHERE p.publishable = TRUE AND p.outcome <> '' AND p.public_summary <> '' "
        f"AND {' AND '.join(where)}", args)
    owners: dict[str, dict[str, int]] = {}
    for r in grouped:
        owners.setdefault(r["owner"] or "", {}).setdefault(r["status"], 0)
        owners[r["owner"] or ""][r["status"]] += int(r["n"])
    extra = sorted({s for c in owners.values() for s in c if s not in STATUSES})
    out.statuses = list(STATUSES) + extra
    out.by_owner = sorted(((o, c, sum(c.values())) for o, c in owners.items()), key=lambda t: (-t[2], t[0]))
    out.status_totals = {s: sum(c.get(s, 0) for c in owners.values()) for s in out.statuses}
    out.total = sum(out.status_totals.values())
    out.overdue_count = int(overdue_total[0]["n"])
    out.overdue = overdue[:LIST_LIMIT]
    for r in out.overdue:
        due = r["due_on"]
        if isinstance(due, str):
            due = dt.date.fromisoformat(due[:10])
            r["due_on"] = due
        r["days_overdue"] = (on - due).days if due else 0
    out.published_count = int(published_total[0]["n"])
    out.published = published[:LIST_LIMIT]
    return out


def status_label(status: str) -> str:
    return STATUSES.get(status, status.replace("-", " ").capitalize())
