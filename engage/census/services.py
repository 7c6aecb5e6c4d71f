"""Storing imported Census figures (all or nothing) and reading them back. No web imports."""

from __future__ import annotations

from collections import defaultdict

from engage.census.importer import Parsed
from engage.census.tables import CensusFigure
from engage.db import transaction
from engage.times import now


async def store(parsed: list[Parsed]) -> dict[str, int]:
    """Replace the figures of every topic the files hold, in one transaction; rows stored by topic."""
    at = now()
    rows: list[CensusFigure] = []
    stored: dict[str, int] = defaultdict(int)
    for p in parsed:
        for (topic, ward, category), count in sorted(p.counts.items()):
            rows.append(CensusFigure(topic=topic, ward=ward, category=category, count=round(count),
                                     source=p.source[:200], imported_at=at))
            stored[topic] += 1
    topics = sorted({t for p in parsed for t in p.topics})
    async with transaction():
        if topics:
            await CensusFigure.delete().where(CensusFigure.topic.is_in(topics)).run()
        for start in range(0, len(rows), 500):
            await CensusFigure.insert(*rows[start:start + 500]).run()
    return dict(stored)


async def population(topic: str) -> dict[str, dict[str, int]]:
    """category -> ward -> people, for one topic."""
    rows = await CensusFigure.select(CensusFigure.ward, CensusFigure.category, CensusFigure.count).where(
        CensusFigure.topic == topic).run()
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        out[row["category"]][row["ward"]] = row["count"]
    return dict(out)


async def sources() -> list[dict]:
    """What has been imported: each topic, its file and when."""
    return await CensusFigure.raw(
        "SELECT topic, source, MAX(imported_at) AS imported_at, SUM(count) AS people FROM census_figure "
        "GROUP BY topic, source ORDER BY topic").run()
