"""You said, we did: the outcomes officers have marked publishable. No web imports.

Only the officer's public summary of what was raised is ever read here, never the point's
own text (which is as noted at the meeting and may hold personal details).
"""

from __future__ import annotations

from engage.framework.vocabulary import load
from engage.meetings.tables import FeedbackPoint

LIMIT = 200


def _published():
    return (FeedbackPoint.publishable == True) & (FeedbackPoint.outcome != "") & (  # noqa: E712
        FeedbackPoint.public_summary != "")


async def published(ward: str = "", priority: str = "", limit: int = LIMIT) -> list[dict]:
    query = FeedbackPoint.select(
        FeedbackPoint.id, FeedbackPoint.public_summary, FeedbackPoint.outcome, FeedbackPoint.outcome_at,
        FeedbackPoint.ward, FeedbackPoint.officer_themes, FeedbackPoint.status, FeedbackPoint.meeting.held_at,
        FeedbackPoint.meeting.kind,
    ).output(load_json=True).where(_published())
    if ward:
        query = query.where(FeedbackPoint.ward == ward)
    rows = await query.order_by(FeedbackPoint.outcome_at, ascending=False).order_by(
        FeedbackPoint.id, ascending=False).run()
    mapping = (await load()).theme_priority
    out = []
    for r in rows:
        r["priorities"] = list(dict.fromkeys(mapping[t] for t in r["officer_themes"] or [] if t in mapping))
        if priority and priority not in r["priorities"]:
            continue
        out.append(r)
        if len(out) >= limit:
            break
    return out


async def published_count() -> int:
    return await FeedbackPoint.count().where(_published()).run()
