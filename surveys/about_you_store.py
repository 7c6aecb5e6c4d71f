"""Storing the equality ("About you") answers so that they cannot be joined back to a response.

The promise to residents is that these answers cannot be linked to what they said. So the row
holds nothing a response also holds, or could be matched on:

- no receipt, nothing derived from it, no response id, no channel;
- a random id (UUID) and, on SQLite, a random rowid, so neither follows the order rows arrive in;
- only the month it was sent (the first day of that month), never a day or a time.

What is left is the order rows are written in, which the database itself keeps (PostgreSQL's
physical row order and transaction ids). `mix` rewrites a consultation's rows in a random order,
all in one transaction, which wipes that out; `engage retention` runs it daily, so arrival order
survives at most a day. Equality answers therefore cannot be found from a receipt code either:
erasure and subject access say so.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from engage.db import is_sqlite, transaction
from engage.times import london_today
from surveys.tables import AboutYou

FIELDS = ("age_band", "sex", "gender_identity", "ethnicity", "disability", "religion", "ward")


def month_of(day: dt.date) -> dt.date:
    """The first day of the day's month: all an equality row keeps of when it was sent."""
    return day.replace(day=1)


def _random_rowid() -> int:
    return secrets.randbelow(2**62) + 1


async def _insert(rows: list[dict]) -> None:
    if not rows:
        return
    if not is_sqlite():
        await AboutYou.insert(*[AboutYou(**row) for row in rows]).run()
        return
    # SQLite numbers rows in arrival order unless told otherwise: give each a random rowid.
    for row in rows:
        columns = ["rowid", "id", *row]
        values = [_random_rowid(), str(uuid.uuid4()), *row.values()]
        await AboutYou.raw(f"INSERT INTO surveys_about_you ({', '.join(columns)}) "
                           f"VALUES ({', '.join('{}' for _ in columns)})", *values).run()


async def store_about_you(consultation_id: int, answers: dict[str, str], *, on: dt.date | None = None) -> None:
    """One resident's equality answers (field names from surveys.about_you, never from a request)."""

    row = {"consultation": consultation_id, "submitted_month": month_of(on or london_today())}
    row.update({k: v for k, v in answers.items() if k in FIELDS})
    await _insert([row])


async def mix(consultation_id: int) -> int:
    """Rewrite a consultation's equality rows in a random order with fresh random ids, in one
    transaction: afterwards neither storage order nor transaction ids say which arrived when.
    Returns how many rows were mixed."""
    columns = [AboutYou.consultation, AboutYou.submitted_month, *[getattr(AboutYou, f) for f in FIELDS]]
    async with transaction():
        rows = await AboutYou.select(*columns).where(AboutYou.consultation == consultation_id).run()
        if not rows:
            return 0
        rows = [rows[i] for i in _shuffled(len(rows))]
        await AboutYou.delete().where(AboutYou.consultation == consultation_id).run()
        await _insert(rows)
    return len(rows)


def _shuffled(n: int) -> list[int]:
    order = list(range(n))
    secrets.SystemRandom().shuffle(order)
    return order


async def mix_all() -> int:
    """Mix every consultation's equality rows (engage retention, daily)."""
    ids = {r["consultation"] for r in await AboutYou.select(AboutYou.consultation).distinct().run()}
    return sum([await mix(cid) for cid in sorted(ids)])
