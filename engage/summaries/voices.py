"""The redacted, tagged voices, for exports and the API: safe and officer-reviewed voices only,
their redacted text (never the original), with the tags that count (officers' decisions win)."""

from __future__ import annotations

import json

from engage.summaries import sql
from engage.summaries.filters import Filters
from engage.summaries.framework import FrameworkView

HEADERS = ["id", "date", "channel", "ward", "consultation", "meeting", "sentiment", "polarity", "themes",
           "key phrases", "text (redacted)"]
PAGE = 5000


async def voice_page(filters: Filters, view: FrameworkView, *, after_id: int = 0, limit: int = PAGE,
                     offset: int = 0) -> list[dict]:
    args: list = []
    where = [sql.QUOTABLE_SQL, *filters.voice_where(args)]
    if filters.priority:
        p = view.priority(filters.priority)
        where.append(sql.has_tag_in(view.ids([t.slug for t in (p.themes if p else [])]), args))
    if after_id:
        where.append("v.id > {}")
        args.append(after_id)
    names = [(i, e.name) for e in view.tag_entries for i in view.ids_by_slug.get(e.slug, [])]
    en = sql.values_cte("en", ("entry", "name"), names, args, ("INTEGER", "TEXT"))
    return await sql.rows(
        f"WITH fv AS (SELECT v.id AS id, v.occurred_at AS occurred_at, v.channel AS channel, v.ward AS ward, "
        f"v.consultation_id AS consultation_id, v.meeting_id AS meeting_id, v.sentiment AS sentiment, "
        f"v.polarity AS polarity, v.key_phrases AS key_phrases, v.redacted AS redacted FROM voices_voice v "
        f"WHERE {' AND '.join(where)} ORDER BY v.id LIMIT {int(limit)} OFFSET {int(offset)}), {en}, "
        f"tv AS (SELECT DISTINCT et.voice AS voice, en.name AS name FROM ({sql.effective_tags_of('fv')}) et "
        f"JOIN en ON en.entry = et.entry), tg AS (SELECT voice, {sql.joined('tv.name')} AS tags FROM tv GROUP BY voice) "
        f"SELECT fv.*, COALESCE(tg.tags, '') AS tags FROM fv LEFT JOIN tg ON tg.voice = fv.id ORDER BY fv.id", args)


async def voice_count(filters: Filters, view: FrameworkView) -> int:
    args: list = []
    where = [sql.QUOTABLE_SQL, *filters.voice_where(args)]
    if filters.priority:
        p = view.priority(filters.priority)
        where.append(sql.has_tag_in(view.ids([t.slug for t in (p.themes if p else [])]), args))
    rows = await sql.rows(f"SELECT COUNT(*) AS n FROM voices_voice v WHERE {' AND '.join(where)}", args)
    return int(rows[0]["n"])


def phrases_of(value) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [str(p) for p in value or []]
