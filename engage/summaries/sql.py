"""SQL shared by the summaries: the two engines' spellings, the safety rule, effective tags.

Every summary is grouped SQL over voices_voice (aliased v); Python only arranges the small
grouped results. The safety rule (engage.voices.services.SAFE_SQL) is in every voice query;
quotes and voice exports also require an officer to have reviewed the voice.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Iterable

from engage.db import current_engine, fetch, fetch_planned, is_sqlite, transaction
from engage.voices.services import SAFE_SQL
from engage.voices.tables import Voice

# Quotes and exported text: safe, and read by an officer (never unreviewed text).
QUOTABLE_SQL = f"({SAFE_SQL} AND v.reviewed_at IS NOT NULL)"


def month(column: str) -> str:
    """'YYYY-MM' of a timestamptz (UTC)."""
    if is_sqlite():
        return f"substr({column}, 1, 7)"
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"


def day(column: str) -> str:
    if is_sqlite():
        return f"substr({column}, 1, 10)"
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def phrases_join(alias: str = "v") -> tuple[str, str]:
    """(FROM-clause addition, phrase expression): one row per key phrase of each voice."""
    if is_sqlite():
        return f", json_each({alias}.key_phrases) AS kp", "kp.value"
    return f" CROSS JOIN LATERAL json_array_elements_text({alias}.key_phrases) AS kp(phrase)", "kp.phrase"


def joined(expr: str, sep: str = "; ") -> str:
    """String aggregation of expr (sorted on PostgreSQL)."""
    if is_sqlite():
        return f"group_concat({expr}, '{sep}')"
    return f"string_agg({expr}, '{sep}' ORDER BY {expr})"


def values_cte(name: str, columns: tuple[str, ...], rows: Iterable[tuple], args: list,
               types: tuple[str, ...] | None = None) -> str:
    """`name(cols) AS (VALUES ...)` with parameters. PostgreSQL cannot infer a parameter's type
    inside VALUES, so each is cast: to `types`, or as the first row's values suggest. With no
    rows, one row of typed NULLs, which joins to nothing."""
    rows = list(rows)
    if types is None:
        types = tuple("INTEGER" if isinstance(v, int) and not isinstance(v, bool) else "TEXT"
                      for v in (rows[0] if rows else ("",) * len(columns)))
    if not rows:
        return f"{name}({', '.join(columns)}) AS (VALUES ({', '.join(f'CAST(NULL AS {t})' for t in types)}))"
    one = "(" + ", ".join(f"CAST({{}} AS {t})" for t in types) + ")"
    for row in rows:
        args.extend(row)
    return f"{name}({', '.join(columns)}) AS (VALUES {', '.join(one for _ in rows)})"


def in_list(column: str, values: list, args: list) -> str:
    if not values:
        return "1 = 0"
    args.extend(values)
    return f"{column} IN ({', '.join('{}' for _ in values)})"


def effective_tags_of(voices: str, few: bool = False) -> str:
    """(voice, entry) pairs that count, for the voices in the CTE or table `voices` (column id):
    machine tags no officer rejected, plus tags officers confirmed or added.

    few: `voices` is a small share of all voices (one consultation's). PostgreSQL would still hash
    every machine tag (its estimate of an index probe per voice is pessimistic); on PostgreSQL the
    tags are then looked up voice by voice through the voice index (OFFSET 0 keeps the lookup from
    being flattened back into a hash join). The pairs are the same either way."""
    machine = f"voices_machine_tag m JOIN {voices} fx ON fx.id = m.voice"
    if few and not is_sqlite():
        machine = (f"{voices} fx CROSS JOIN LATERAL (SELECT m0.voice AS voice, m0.entry AS entry "
                   f"FROM voices_machine_tag m0 WHERE m0.voice = fx.id OFFSET 0) m")
    return f"""
    SELECT m.voice AS voice, m.entry AS entry FROM {machine}
     WHERE NOT EXISTS (SELECT 1 FROM voices_tag_decision d
                        WHERE d.voice = m.voice AND d.entry = m.entry AND d.decision = 'reject')
    UNION
    SELECT d.voice AS voice, d.entry AS entry FROM voices_tag_decision d JOIN {voices} fx ON fx.id = d.voice
     WHERE d.decision IN ('confirm', 'add')"""


def tagged_in(entry_ids: list[int], args: list) -> str:
    """A subquery: the voices with an effective tag on one of these entries (set-based, so
    PostgreSQL hashes it once rather than probing per voice)."""
    ids_m = in_list("m.entry", entry_ids, args)
    ids_d = in_list("d2.entry", entry_ids, args)
    return f"""SELECT m.voice FROM voices_machine_tag m WHERE {ids_m}
                AND NOT EXISTS (SELECT 1 FROM voices_tag_decision d WHERE d.voice = m.voice
                                AND d.entry = m.entry AND d.decision = 'reject')
               UNION SELECT d2.voice FROM voices_tag_decision d2 WHERE {ids_d} AND d2.decision IN ('confirm', 'add')"""


def has_tag_in(entry_ids: list[int], args: list, alias: str = "v") -> str:
    """A voice has an effective tag on one of these entries."""
    if not entry_ids:
        return "1 = 0"
    return f"{alias}.id IN ({tagged_in(entry_ids, args)})"


def has_no_tag_in(entry_ids: list[int], args: list, alias: str = "v") -> str:
    if not entry_ids:
        return "1 = 1"
    return f"{alias}.id NOT IN ({tagged_in(entry_ids, args)})"


async def rows(sql: str, args: list[Any]) -> list[dict]:
    return await fetch(Voice, sql, *args)


async def rows_planned(sql: str, args: list[Any], work_mem: str = "") -> list[dict]:
    """rows(), without JIT on PostgreSQL (engage.db.fetch_planned): for one consultation's reads."""
    return await fetch_planned(Voice, sql, *args, work_mem=work_mem)


async def together(*statements: Awaitable[Any]) -> list[Any]:
    """Independent read statements, in order. On PostgreSQL with a pool and no open transaction
    they run at the same time, each on its own pooled connection, so a page waits for its slowest
    statement rather than for their sum; otherwise (SQLite, or inside a transaction, where there
    is one connection) one after another."""
    engine = current_engine()
    if not is_sqlite() and getattr(engine, "pool", None) is not None and engine.current_transaction.get() is None:
        return list(await asyncio.gather(*statements))
    return [await statement for statement in statements]


async def rows_in_memory(sql_text: str, args: list[Any], work_mem: str = "64MB") -> list[dict]:
    """A big GROUP BY on PostgreSQL with room to hash in memory (and no JIT start-up cost)."""
    if is_sqlite():
        return await rows(sql_text, args)

    async with transaction():
        await Voice.raw(f"SET LOCAL work_mem = '{work_mem}'").run()
        await Voice.raw("SET LOCAL jit = off").run()
        return await rows(sql_text, args)
