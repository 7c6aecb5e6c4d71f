"""Keep the summaries' rollups (engage.summaries.tables) in step with the voices.

`refresh()` (the `summaries.refresh` job) compares a cheap fingerprint of the sources
(voice count and highest id, latest analysis, review and safeguarding times, tag decisions, the
framework's revision) with the one stored at the last refresh:

- nothing changed: nothing to do (a few indexed MAX/COUNT lookups);
- voices added, re-analysed, reviewed, actioned or re-tagged since then: only those voices'
  rows are deleted and rebuilt;
- anything removed (an erased response, an undone decision) or the framework changed: a full
  rebuild, one INSERT ... SELECT per table.

Pages never refresh (a GET never writes): they call `current()`, which only reads, and when it
finds the rollups behind the voices it asks for the `summaries.refresh` job (engage.jobs), which
a worker runs within a second or so; pages show the data as of the last refresh until then. The
same job also runs every minute. The voices area calls nothing here, so no write path has to
remember the rollup; `engage generate` refreshes at the end. Refreshes take a lock (an advisory lock on PostgreSQL, the write
lock on SQLite) so two workers never build the same rows twice.
"""

from __future__ import annotations

import datetime as dt

from engage import background
from engage.db import is_sqlite, transaction
from engage.framework.tables import PlanPeriod
from engage.summaries import sql
from engage.summaries.framework import FrameworkView, framework_view
from engage.summaries.tables import RollupState
from engage.times import aware
from engage.voices.services import SAFE_SQL
from engage.voices.tables import Voice

NAME = "voices"
LOCK_KEY = 5_050_505


def _day(column: str) -> str:
    return f"substr({column}, 1, 10)" if is_sqlite() else f"({column} AT TIME ZONE 'UTC')::date"


async def _fingerprint(view: FrameworkView) -> dict:
    rows = await sql.rows(
        "SELECT (SELECT COUNT(*) FROM voices_voice) AS voices, (SELECT MAX(id) FROM voices_voice) AS max_id, "
        "(SELECT MAX(analysed_at) FROM voices_voice) AS analysed, (SELECT MAX(reviewed_at) FROM voices_voice) "
        "AS reviewed, (SELECT MAX(safeguarding_at) FROM voices_voice) AS actioned, "
        "(SELECT COUNT(*) FROM voices_tag_decision) AS decisions, "
        "(SELECT MAX(decided_at) FROM voices_tag_decision) AS decided, "
        "(SELECT MAX(created_at) FROM voices_voice) AS created", [])
    r = rows[0]
    latest = [t for t in (aware(r["analysed"]), aware(r["reviewed"]), aware(r["actioned"]), aware(r["decided"]),
                          aware(r["created"])) if t is not None]

    periods = await PlanPeriod.select(PlanPeriod.id, PlanPeriod.revision).order_by(PlanPeriod.id).run()
    return {"voices": int(r["voices"] or 0), "max_id": int(r["max_id"] or 0), "decisions": int(r["decisions"] or 0),
            "latest": max(latest) if latest else None,
            "framework": "|".join(f"{p['id']}:{p['revision']}" for p in periods)[-120:]}


def _insert_sql(view: FrameworkView, condition: str, args: list) -> tuple[str, list, str, list]:
    """The two INSERT ... SELECTs that build rows for the safe voices matching `condition` on v."""
    def ctes(a: list) -> str:
        entry_slugs = [(i, e.slug) for e in view.tag_entries for i in view.ids_by_slug.get(e.slug, [])]
        em = sql.values_cte("em", ("entry", "slug"), entry_slugs, a, ("INTEGER", "TEXT"))
        pm = sql.values_cte("pm", ("slug", "priority"), view.theme_priority(), a, ("TEXT", "TEXT"))
        a += args
        return (f"WITH {em}, {pm}, sv AS (SELECT v.id AS id, v.occurred_at AS occurred_at, v.ward AS ward, "
                f"v.channel AS channel, v.consultation_id AS consultation_id, v.sentiment AS sentiment, "
                f"v.key_phrases AS key_phrases FROM voices_voice v WHERE {SAFE_SQL} AND ({condition})), "
                f"tv AS (SELECT DISTINCT et.voice AS voice, em.slug AS slug FROM ({sql.effective_tags_of('sv')}) et "
                f"JOIN em ON em.entry = et.entry)")

    fact_args: list = []
    fact = (f"{ctes(fact_args)}, keys AS (SELECT sv.id AS voice, '*' AS k FROM sv "
            f"UNION ALL SELECT tv.voice, tv.slug FROM tv "
            f"UNION ALL SELECT DISTINCT tv.voice, 'p:' || pm.priority FROM tv JOIN pm ON pm.slug = tv.slug "
            f"UNION ALL SELECT sv.id, '-' FROM sv WHERE NOT EXISTS (SELECT 1 FROM tv WHERE tv.voice = sv.id)) "
            f"INSERT INTO summaries_fact (voice_id, key, day, month, ward, channel, consultation_id, sentiment) "
            f"SELECT keys.voice, keys.k, {_day('sv.occurred_at')}, {sql.month('sv.occurred_at')}, "
            f"COALESCE(sv.ward, ''), sv.channel, sv.consultation_id, sv.sentiment FROM keys JOIN sv ON sv.id = keys.voice")
    phrase_args: list = []
    join, phrase = sql.phrases_join("sv")
    phrases = (f"{ctes(phrase_args)} INSERT INTO summaries_phrase_fact (voice_id, day, phrase, uncovered, ward, "
               f"channel, consultation_id, sentiment) SELECT DISTINCT sv.id, {_day('sv.occurred_at')}, "
               f"substr({phrase}, 1, 200), CASE WHEN EXISTS (SELECT 1 FROM tv WHERE tv.voice = sv.id) "
               f"THEN FALSE ELSE TRUE END, COALESCE(sv.ward, ''), sv.channel, sv.consultation_id, sv.sentiment "
               f"FROM sv{join}")
    return fact, fact_args, phrases, phrase_args


async def _lock() -> None:
    if not is_sqlite():
        await sql.rows(f"SELECT pg_advisory_xact_lock({LOCK_KEY}) AS locked", [])


async def _state() -> dict | None:
    return await RollupState.select().where(RollupState.name == NAME).first()


async def rebuild(view: FrameworkView | None = None) -> None:
    """Every rollup row from scratch."""
    view = view or await framework_view()
    async with transaction():
        await _lock()
        fp = await _fingerprint(view)
        await _full(view, fp)


async def _full(view: FrameworkView, fp: dict) -> None:
    await Voice.raw("DELETE FROM summaries_fact").run()
    await Voice.raw("DELETE FROM summaries_fact_month").run()
    await Voice.raw("DELETE FROM summaries_phrase_fact").run()
    fact, fa, phrases, pa = _insert_sql(view, "1 = 1", [])
    await Voice.raw(fact, *fa).run()
    await Voice.raw(phrases, *pa).run()
    await _months(None)
    await _save(fp, "full")


async def _months(months: list[str] | None) -> None:
    """Recount summaries_fact_month for these months (None: all of them)."""
    args: list = []
    where = "1 = 1" if months is None else sql.in_list("month", months, args)
    if months is not None and not months:
        return
    await Voice.raw(f"DELETE FROM summaries_fact_month WHERE {where}", *args).run()
    await Voice.raw(
        f"INSERT INTO summaries_fact_month (month, key, ward, channel, consultation_id, sentiment, n) "
        f"SELECT month, key, ward, channel, consultation_id, sentiment, COUNT(*) FROM summaries_fact "
        f"WHERE {where} GROUP BY month, key, ward, channel, consultation_id, sentiment", *args).run()


async def _save(fp: dict, how: str) -> None:
    values = {RollupState.framework_key: fp["framework"], RollupState.voice_count: fp["voices"],
              RollupState.voice_max_id: fp["max_id"], RollupState.decision_count: fp["decisions"],
              RollupState.watermark: fp["latest"], RollupState.detail: how}
    if await RollupState.exists().where(RollupState.name == NAME):
        await RollupState.update(values).where(RollupState.name == NAME).run()
    else:
        await RollupState.insert(RollupState(name=NAME, **{c._meta.name: v for c, v in values.items()})).run()


def _same(state: dict, fp: dict) -> bool:
    return (state["framework_key"] == fp["framework"] and state["voice_count"] == fp["voices"]
            and state["voice_max_id"] == fp["max_id"] and state["decision_count"] == fp["decisions"]
            and aware(state["watermark"]) == fp["latest"])


def _version(fp: dict) -> str:
    return f"{fp['framework']}|{fp['voices']}|{fp['max_id']}|{fp['decisions']}|{fp['latest']}"


def _state_version(state: dict) -> str:
    """The version of the data the rollups hold (as _version of the fingerprint they were built from)."""
    return (f"{state['framework_key']}|{state['voice_count']}|{state['voice_max_id']}|{state['decision_count']}|"
            f"{aware(state['watermark'])}")


async def current(view: FrameworkView | None = None) -> str:
    """The version of the data the rollups summarise now, for keying cached results. Read-only:
    when the voices have moved on, it asks for a refresh job instead of refreshing (in immediate
    mode the job has run by the time the request returns, so the answer is fresh)."""
    view = view or await framework_view()
    state = await _state()
    if state is None or not _same(state, await _fingerprint(view)):
        await background.request("summaries.refresh")
        state = await _state()
    return _state_version(state) if state is not None else "empty"


async def refresh(view: FrameworkView | None = None) -> tuple[str, str]:
    """Bring the rollups up to date: (what was done, the version of the data now summarised).
    The version changes whenever anything a summary reads changes, so it keys cached results."""
    view = view or await framework_view()
    state = await _state()
    fp = await _fingerprint(view)
    if state is not None and _same(state, fp):
        return "fresh", _version(fp)
    async with transaction():
        await _lock()
        state = await _state()
        fp = await _fingerprint(view)
        if state is not None and _same(state, fp):
            return "fresh", _version(fp)
        if state is None or state["framework_key"] != fp["framework"] or not await _only_growth(state, fp):
            await _full(view, fp)
            return "full", _version(fp)
        await _incremental(view, state, fp)
        return "incremental", _version(fp)


async def _only_growth(state: dict, fp: dict) -> bool:
    """True when nothing was removed since the last refresh (so changed voices can be found)."""
    if fp["decisions"] < state["decision_count"]:
        return False
    old_max = state["voice_max_id"]
    rows = await sql.rows("SELECT COUNT(*) AS n FROM voices_voice WHERE id > {}", [old_max])
    if fp["voices"] - int(rows[0]["n"]) != state["voice_count"]:
        return False  # some voice at or below the old highest id has gone
    if fp["decisions"] != state["decision_count"]:
        since = aware(state["watermark"]) or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        new = await sql.rows("SELECT COUNT(*) AS n FROM voices_tag_decision WHERE decided_at >= {}", [since])
        if state["decision_count"] + int(new[0]["n"]) < fp["decisions"]:
            return False
        # a replaced decision (delete then insert) keeps the count: its decided_at is new, so it is found
    return True


async def _incremental(view: FrameworkView, state: dict, fp: dict) -> None:
    since = aware(state["watermark"]) or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    changed_args = [state["voice_max_id"], since, since, since, since]
    changed = ("v.id > {} OR v.analysed_at >= {} OR v.reviewed_at >= {} OR v.safeguarding_at >= {} OR v.id IN "
               "(SELECT d.voice FROM voices_tag_decision d WHERE d.decided_at >= {})")
    ids = [r["id"] for r in await sql.rows(f"SELECT v.id AS id FROM voices_voice v WHERE {changed}", changed_args)]
    if len(ids) > 20_000:
        await _full(view, fp)
        return
    months: set[str] = set()
    if ids:
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            a: list = []
            cond = sql.in_list("voice_id", chunk, a)
            months |= {r["month"] for r in await sql.rows(
                f"SELECT DISTINCT month FROM summaries_fact WHERE {cond}", a)}
            await Voice.raw(f"DELETE FROM summaries_fact WHERE {cond}", *a).run()
            await Voice.raw(f"DELETE FROM summaries_phrase_fact WHERE {cond}", *a).run()
            a = []
            cond = sql.in_list("v.id", chunk, a)
            fact, fa, phrases, pa = _insert_sql(view, cond, a)
            await Voice.raw(fact, *fa).run()
            await Voice.raw(phrases, *pa).run()
            a = []
            cond = sql.in_list("voice_id", chunk, a)
            months |= {r["month"] for r in await sql.rows(
                f"SELECT DISTINCT month FROM summaries_fact WHERE {cond}", a)}
    await _months(sorted(months))
    await _save(fp, f"incremental {len(ids)}")
