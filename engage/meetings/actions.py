"""Actions agreed at meetings: what is open, what is overdue, and whose. No web imports."""

from __future__ import annotations

import datetime as dt

from engage.meetings.meetings import user_names
from engage.meetings.tables import FeedbackPoint, Meeting
from engage.meetings.vocab import ACTIVE_STATUSES
from engage.times import london_today

VIEWS = {"overdue": "Overdue", "open": "Open and in progress", "all": "All actions"}
LIMIT = 500


def today() -> dt.date:
    return london_today()


def is_overdue(point: dict, on: dt.date | None = None) -> bool:
    due = point.get("due_on")
    return bool(point.get("action")) and due is not None and due < (on or today()) and \
        point.get("status") in ACTIVE_STATUSES


def _condition(view: str):
    has_action = FeedbackPoint.action != ""
    if view == "overdue":
        return has_action & FeedbackPoint.status.is_in(list(ACTIVE_STATUSES)) & (FeedbackPoint.due_on < today())
    if view == "open":
        return has_action & FeedbackPoint.status.is_in(list(ACTIVE_STATUSES))
    return has_action


async def actions(view: str = "overdue", user_id: int | None = None, limit: int = LIMIT) -> list[dict]:
    """Actions for one view, the given officer's own first (their meetings, or ones they recorded),
    then by due date (soonest first, undated last)."""
    rows = await FeedbackPoint.select(
        FeedbackPoint.id, FeedbackPoint.meeting, FeedbackPoint.action, FeedbackPoint.owner, FeedbackPoint.due_on,
        FeedbackPoint.status, FeedbackPoint.raised_by, FeedbackPoint.ward, FeedbackPoint.created_by,
        FeedbackPoint.meeting.title, FeedbackPoint.meeting.held_at, FeedbackPoint.meeting.officer_id,
    ).where(_condition(view)).order_by(FeedbackPoint.due_on).order_by(FeedbackPoint.id).limit(limit).run()
    names = await user_names({r["meeting.officer_id"] for r in rows})
    on = today()
    for r in rows:
        r["own"] = user_id is not None and user_id in (r["meeting.officer_id"], r["created_by"])
        r["overdue"] = is_overdue(r, on)
        r["officer_name"] = names.get(r["meeting.officer_id"], "")
    far = dt.date.max
    rows.sort(key=lambda r: (not r["own"], r["due_on"] or far, r["id"]))
    return rows


async def overdue_count() -> int:
    return await FeedbackPoint.count().where(_condition("overdue")).run()


async def own_meetings(user_id: int, limit: int = 5) -> list[dict]:
    return await Meeting.select(Meeting.id, Meeting.title, Meeting.held_at, Meeting.kind).where(
        Meeting.officer_id == user_id).order_by(Meeting.held_at, ascending=False).limit(limit).run()
