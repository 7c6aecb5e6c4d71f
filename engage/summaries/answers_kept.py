"""A consultation's counts of answers, kept between views and brought up to date by counting only
the responses that came since.

Every count on the summary's answer side (responses by channel and day, each question's options,
who was shown a question, the ward question) counts distinct responses within groups, so counts of
two disjoint sets of responses add up; a number question's rows are listed, so they append. Answers
never change in place: they come and go with their response. So the counts kept for the responses
up to id `top` stay right as long as that set of responses is the same, and the first view after a
response arrives counts that one response, not the 8,000 before it.

That set is checked, not assumed: its count and the sum of its ids must be what they were when
kept. A response erased since (or one with an id below `top` committed late, by a submission that
took its id before the kept count and finished after it) changes them, and everything is counted
afresh. Equality rows are unlinkable (random ids, no order, no response), so "who we heard from"
is always counted afresh when anything changed; it is one small grouped read.

Only on PostgreSQL: its ids are never given out twice, while SQLite can reuse the highest id after
an erasure, so (count, top, sum) could come round again with other answers behind it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any, Awaitable, Callable

from engage.summaries import cache, sql

ADDITIVE = ("basic", "counted")  # grouped counts of distinct responses: kept + new add up
APPENDED = ("measure",)  # one row per answer: kept + new is the list of both
RECOUNTED = ("eq",)  # equality rows: counted afresh every time (see the module's note)


@dataclass(frozen=True)
class AnswersVersion:
    """What the counts were made from: the consultation's responses (how many, the highest id and
    the sum of ids), its equality rows (how many) and its questions' shape."""

    responses: int
    top: int
    ids: int
    about: int
    shape: str


def shape_of(questions: list[dict]) -> str:
    return hashlib.sha256(repr(questions).encode()).hexdigest()[:16]


async def read_version(consultation_id: int, questions: list[dict],
                       kept_top: int = 0) -> tuple[AnswersVersion, tuple[int, int]]:
    """The version now, and the count and id sum of the responses up to `kept_top` now (to check
    the kept set is unchanged): one indexed read of the consultation's responses."""
    r = (await sql.rows(
        "SELECT COUNT(*) AS n, COALESCE(MAX(r.id), 0) AS top, COALESCE(SUM(r.id), 0) AS ids, "
        "COUNT(*) FILTER (WHERE r.id <= {}) AS kept_n, COALESCE(SUM(r.id) FILTER (WHERE r.id <= {}), 0) AS kept_ids, "
        "(SELECT COUNT(*) FROM surveys_about_you e WHERE e.consultation = {}) AS about "
        "FROM surveys_response r WHERE r.consultation = {}", [kept_top, kept_top, consultation_id, consultation_id]))[0]
    version = AnswersVersion(int(r["n"]), int(r["top"]), int(r["ids"]), int(r["about"]), shape_of(questions))
    return version, (int(r["kept_n"]), int(r["kept_ids"]))


def merged(kept: dict, new: dict) -> dict:
    """kept counts plus the counts of later responses (`new`), with the equality rows from `new`."""
    out: dict[str, list[dict]] = {}
    for part in ADDITIVE:
        totals: dict[tuple, dict] = {}
        for row in [*kept[part], *new[part]]:
            group = tuple(sorted((k, v) for k, v in row.items() if k != "n"))
            if group in totals:
                totals[group]["n"] += int(row["n"])
            else:
                totals[group] = {**row, "n": int(row["n"])}
        out[part] = list(totals.values())
    for part in APPENDED:
        out[part] = [*kept[part], *new[part]]
    for part in RECOUNTED:
        out[part] = new[part]
    return out


async def kept_counts(store: Any, consultation_id: int, questions: list[dict], filters_key: str,
                      count: Callable[[int | None], Awaitable[dict]]) -> dict:
    """The counts of answers under these filters: those kept if nothing changed; the kept ones plus
    `count(top)` (the responses after id top) if only responses came; else `count(None)`, all of
    them. Kept again only if no response came or went while counting, so what is kept always
    matches its version (concurrent views each keep a value true to its own version; the last
    one written stays)."""
    kept_key = cache.key("consultation-answers", str(consultation_id), filters_key)
    kept = await cache.read(store, kept_key)
    kept_version = AnswersVersion(**kept["version"]) if kept else None
    version, (kept_n, kept_ids) = await read_version(consultation_id, questions,
                                                     kept_version.top if kept_version else 0)
    if kept_version == version:
        return kept["counts"]
    if (kept_version is not None and kept_version.shape == version.shape
            and (kept_n, kept_ids) == (kept_version.responses, kept_version.ids)):
        counts = merged(kept["counts"], await count(kept_version.top))
    else:
        counts = await count(None)
    if (await read_version(consultation_id, questions))[0] == version:
        await cache.write(store, kept_key, {"version": asdict(version), "counts": counts})
    return counts
