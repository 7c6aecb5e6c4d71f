"""Voices: every piece of free text from any channel, analysed when it is saved.

The interface other areas call:

    await record_voice(source="answer", source_id=answer_id, text=..., channel="online",
                       occurred_at=..., ward=..., consultation_id=..., question_id=...)
    await forget_voices("feedback_point", [point_id, ...])

Both work inside the caller's transaction. A consultation answer's voice is also removed by
the database when the answer goes (erasure by receipt, retention, a deleted consultation).

Safety rule for anything shown beyond the officers' review queue (summaries, quotes,
exports): select only voices matching `safe_condition()` (or `SAFE_SQL` in raw SQL), and
show `redacted`, never `text`. A voice flagged for safeguarding is excluded until an officer
records what was done about it.

Officer decisions win over the machine's in every read: use `effective_tags()` for one page of
voices and `effective_tag_counts()` for summaries; never read voices_machine_tag alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from engage.analysis.pipeline import Analysis, analyse
from engage.audit import services as audit
from engage.db import transaction
from engage.framework.tables import FrameworkEntry
from engage.times import now
from engage.voices.tables import MachineTag, TagDecision, Voice

SOURCES = {"answer": "Consultation answer", "feedback_point": "Meeting feedback point"}
CHANNELS = {"online": "Online", "paper": "Paper form", "event": "Event", "email": "Email", "phone": "Phone",
            "meeting": "Meeting"}
DECISIONS = {"confirm", "reject", "add"}
MAX_TEXT = 20_000

# For raw SQL over voices_voice (aliased v): flagged voices stay out until actioned and reviewed.
SAFE_SQL = ("(v.safeguarding = FALSE OR (v.safeguarding_status = 'actioned' AND v.reviewed_at IS NOT NULL))")


def safe_condition():
    """The Piccolo where-clause every summary, quote and export must apply to Voice."""
    return (Voice.safeguarding == False) | (  # noqa: E712 (Piccolo builds SQL from ==)
        (Voice.safeguarding_status == "actioned") & Voice.reviewed_at.is_not_null())


def unsafe_condition():
    """The opposite of safe_condition(): flagged, and not yet actioned and reviewed."""
    return (Voice.safeguarding == True) & (  # noqa: E712
        (Voice.safeguarding_status != "actioned") | Voice.reviewed_at.is_null())


def safe_voices_query(*columns):
    """Voice.select(...) restricted to voices safe to summarise, quote or export (use `redacted`)."""
    cols = columns or (Voice.id, Voice.redacted, Voice.channel, Voice.ward, Voice.occurred_at, Voice.sentiment,
                       Voice.polarity, Voice.key_phrases, Voice.consultation_id, Voice.meeting_id,
                       Voice.question_id)
    return Voice.select(*cols).output(load_json=True).where(safe_condition())


def source_key(source: str, source_id: int) -> str:
    return f"{source}:{source_id}"


def analysis_values(analysis: Analysis) -> dict[str, Any]:
    return {
        "redacted": analysis.redacted,
        "sentiment": str(analysis.sentiment),
        "polarity": float(analysis.polarity),
        "key_phrases": list(analysis.key_phrases),
        "safeguarding": bool(analysis.safeguarding),
        "safeguarding_reasons": list(analysis.safeguarding_reasons),
    }


async def _store_analysis(voice_id: int, analysis: Analysis, entry_ids: dict[str, int], *,
                          flagged_before: bool, status_before: str, text_changed: bool) -> None:
    values = analysis_values(analysis)
    if analysis.safeguarding:
        # Still flagged and nothing new said: keep what officers recorded. Otherwise it needs looking at.
        keep = flagged_before and status_before in {"open", "actioned"} and not text_changed
        values["safeguarding_status"] = status_before if keep else "open"
    else:
        values["safeguarding_status"] = ""
    values["analysed_at"] = now()
    await Voice.update({getattr(Voice, k): v for k, v in values.items()}).where(Voice.id == voice_id).run()
    await MachineTag.delete().where(MachineTag.voice == voice_id).run()
    tags = [MachineTag(voice=voice_id, entry=entry_ids[t.slug], confidence=float(t.confidence),
                       evidence=list(t.evidence)) for t in analysis.tags if t.slug in entry_ids]
    if tags:
        await MachineTag.insert(*tags).run()


async def record_voice(*, source: str, source_id: int, text: str, channel: str, occurred_at: dt.datetime,
                       ward: str | None = None, consultation_id: int | None = None, meeting_id: int | None = None,
                       question_id: int | None = None) -> int | None:
    """Create or replace (same source and source_id) the voice, analysed now; its id, or None for blank text."""
    from engage.voices.tagging import tagging_context

    if source not in SOURCES:
        raise ValueError(f"unknown voice source {source!r}")
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        await forget_voices(source, [source_id])
        return None
    context = await tagging_context()
    analysis = analyse(text, tagger=context.tagger)
    key = source_key(source, source_id)
    link = {
        Voice.channel: channel, Voice.ward: ward or None, Voice.occurred_at: occurred_at,
        Voice.consultation_id: consultation_id, Voice.meeting_id: meeting_id, Voice.question_id: question_id,
    }
    async with transaction():
        existing = await Voice.select(Voice.id, Voice.text, Voice.safeguarding, Voice.safeguarding_status).where(
            Voice.source_key == key).first()
        if existing is None:
            rows = await Voice.insert(Voice(
                source=source, source_id=source_id, source_key=key, text=text,
                answer=source_id if source == "answer" else None, created_at=now(),
                **{col._meta.name: value for col, value in link.items()},
            )).returning(Voice.id).run()
            voice_id = rows[0]["id"]
            before = (False, "", True)
        else:
            voice_id = existing["id"]
            changed = existing["text"] != text
            await Voice.update({Voice.text: text, **link}).where(Voice.id == voice_id).run()
            before = (existing["safeguarding"], existing["safeguarding_status"], changed)
        await _store_analysis(voice_id, analysis, context.entry_ids, flagged_before=before[0],
                              status_before=before[1], text_changed=before[2])
    return voice_id


async def forget_voices(source: str, source_ids: Iterable[int]) -> None:
    """Remove the voices of deleted or erased source rows (their tags and decisions go with them)."""
    ids = list(source_ids)
    if ids:
        await Voice.delete().where((Voice.source == source) & Voice.source_id.is_in(ids)).run()


async def reanalyse(voice_ids: list[int] | None = None) -> int:
    """Re-analyse voices in this process (the CLI uses processes for --all); how many."""
    from engage.voices.tagging import tagging_context

    context = await tagging_context()
    query = Voice.select(Voice.id, Voice.text, Voice.safeguarding, Voice.safeguarding_status).order_by(Voice.id)
    if voice_ids is not None:
        query = query.where(Voice.id.is_in(voice_ids or [-1]))
    rows = await query.run()
    for row in rows:
        await store_results([(row, analyse(row["text"], tagger=context.tagger))], context.entry_ids)
    return len(rows)


async def store_results(results: list[tuple[dict, Analysis]], entry_ids: dict[str, int]) -> None:
    """Write a batch of analyses (one transaction); rows carry id, safeguarding, safeguarding_status."""
    async with transaction():
        for row, analysis in results:
            await _store_analysis(row["id"], analysis, entry_ids, flagged_before=row["safeguarding"],
                                  status_before=row["safeguarding_status"], text_changed=False)


# -- reading, with officers' decisions winning ------------------------------------------------


async def get_voice(voice_id: int) -> dict | None:
    return await Voice.select().output(load_json=True).where(Voice.id == voice_id).first()


async def effective_tags(voice_ids: list[int]) -> dict[int, list[dict]]:
    """Per voice, every tag with its standing: machine tags (confidence, evidence) overlaid with
    officer decisions. Each dict: entry_id, slug, name, kind, confidence, evidence, decision
    (None, confirm, reject, add), counted (True unless rejected), decided_by_email, decided_at."""
    out: dict[int, list[dict]] = {vid: [] for vid in voice_ids}
    if not voice_ids:
        return out
    machine = await MachineTag.select(
        MachineTag.voice, MachineTag.entry, MachineTag.confidence, MachineTag.evidence,
        MachineTag.entry.slug, MachineTag.entry.name, MachineTag.entry.kind,
    ).output(load_json=True).where(MachineTag.voice.is_in(voice_ids)).order_by(MachineTag.confidence,
                                                                                ascending=False).run()
    decisions = await TagDecision.select(
        TagDecision.voice, TagDecision.entry, TagDecision.decision, TagDecision.decided_by_email,
        TagDecision.decided_at, TagDecision.entry.slug, TagDecision.entry.name, TagDecision.entry.kind,
    ).where(TagDecision.voice.is_in(voice_ids)).order_by(TagDecision.id).run()
    by_pair: dict[tuple[int, int], dict] = {}
    for m in machine:
        tag = {"entry_id": m["entry"], "slug": m["entry.slug"], "name": m["entry.name"], "kind": m["entry.kind"],
               "confidence": m["confidence"], "evidence": m["evidence"] or [], "decision": None, "counted": True,
               "decided_by_email": "", "decided_at": None}
        by_pair[(m["voice"], m["entry"])] = tag
        out[m["voice"]].append(tag)
    for d in decisions:  # later decisions replace earlier ones
        tag = by_pair.get((d["voice"], d["entry"]))
        if tag is None:
            tag = {"entry_id": d["entry"], "slug": d["entry.slug"], "name": d["entry.name"], "kind": d["entry.kind"],
                   "confidence": None, "evidence": [], "decision": None, "counted": True}
            by_pair[(d["voice"], d["entry"])] = tag
            out[d["voice"]].append(tag)
        tag.update(decision=d["decision"], counted=d["decision"] != "reject",
                   decided_by_email=d["decided_by_email"], decided_at=d["decided_at"])
    return out


async def counted_tags(voice_id: int) -> list[str]:
    """Slugs of the tags that count for one voice (the officers' view wins)."""
    return [t["slug"] for t in (await effective_tags([voice_id]))[voice_id] if t["counted"]]


EFFECTIVE_TAGS_SQL = """
SELECT m.voice AS voice, m.entry AS entry FROM voices_machine_tag m
 WHERE NOT EXISTS (SELECT 1 FROM voices_tag_decision d
                    WHERE d.voice = m.voice AND d.entry = m.entry AND d.decision = 'reject')
UNION
SELECT d.voice AS voice, d.entry AS entry FROM voices_tag_decision d WHERE d.decision IN ('confirm', 'add')
"""


async def effective_tag_counts(*, consultation_id: int | None = None, safe_only: bool = True) -> dict[int, int]:
    """entry id -> number of voices tagged with it, officers' decisions applied, safe voices only."""
    where, args = [], []
    if safe_only:
        where.append(SAFE_SQL)
    if consultation_id is not None:
        where.append("v.consultation_id = {}")
        args.append(consultation_id)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = await Voice.raw(
        f"SELECT t.entry AS entry, COUNT(DISTINCT t.voice) AS n FROM ({EFFECTIVE_TAGS_SQL}) t "
        f"JOIN voices_voice v ON v.id = t.voice {clause} GROUP BY t.entry", *args).run()
    return {r["entry"]: r["n"] for r in rows}


# -- officer actions ----------------------------------------------------------------------------


async def decide_tag(voice: dict, entry_id: int, decision: str, actor: Any) -> None:
    """Record an officer's confirm, reject or add for one entry on one voice (replacing any earlier)."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    entry = await FrameworkEntry.select(FrameworkEntry.id, FrameworkEntry.slug, FrameworkEntry.kind,
                                        FrameworkEntry.retired_at).where(FrameworkEntry.id == entry_id).first()
    if entry is None or entry["kind"] not in {"theme", "cross_cutting"}:
        raise LookupError(entry_id)
    if decision != "reject" and entry["retired_at"] is not None:
        raise LookupError(entry_id)
    async with transaction():
        await TagDecision.delete().where((TagDecision.voice == voice["id"]) & (TagDecision.entry == entry_id)).run()
        await TagDecision.insert(TagDecision(
            voice=voice["id"], entry=entry_id, decision=decision, decided_by=getattr(actor, "id", None),
            decided_by_email=getattr(actor, "email", "") or "", decided_at=now())).run()
        await audit.record(actor, f"tag-{decision}", "voice", voice["id"], {"entry": entry["slug"],
                                                                           "entry_id": entry_id})


async def undo_decision(voice: dict, entry_id: int, actor: Any) -> None:
    async with transaction():
        await TagDecision.delete().where((TagDecision.voice == voice["id"]) & (TagDecision.entry == entry_id)).run()
        await audit.record(actor, "tag-undo", "voice", voice["id"], {"entry_id": entry_id})


async def mark_reviewed(voice: dict, actor: Any) -> None:
    if voice["safeguarding"] and voice["safeguarding_status"] != "actioned":
        raise PermissionError("Record what was done about the safeguarding concern first")
    async with transaction():
        await Voice.update({Voice.reviewed_at: now(), Voice.reviewed_by: getattr(actor, "id", None)}).where(
            Voice.id == voice["id"]).run()
        await audit.record(actor, "review", "voice", voice["id"])


async def record_safeguarding_action(voice: dict, action: str, actor: Any) -> None:
    """What was done about a flagged voice; it leaves the top of the queue and may reach summaries."""
    at = now()
    async with transaction():
        await Voice.update({
            Voice.safeguarding_status: "actioned", Voice.safeguarding_action: action.strip(),
            Voice.safeguarding_by: getattr(actor, "id", None),
            Voice.safeguarding_by_email: getattr(actor, "email", "") or "", Voice.safeguarding_at: at,
            Voice.reviewed_at: at, Voice.reviewed_by: getattr(actor, "id", None),
        }).where(Voice.id == voice["id"]).run()
        # The action may name people: the trail records that it happened, the voice row holds what.
        await audit.record(actor, "safeguarding-actioned", "voice", voice["id"])


async def move_tags(source_entry: int, target_entry: int) -> dict[str, int]:
    """A merge: machine tags and decisions on `source_entry` move to `target_entry`."""
    have_machine = {r["voice"] for r in await MachineTag.select(MachineTag.voice).where(
        MachineTag.entry == target_entry).run()}
    have_decision = {r["voice"] for r in await TagDecision.select(TagDecision.voice).where(
        TagDecision.entry == target_entry).run()}
    machine = await MachineTag.select(MachineTag.id, MachineTag.voice).where(MachineTag.entry == source_entry).run()
    decisions = await TagDecision.select(TagDecision.id, TagDecision.voice).where(
        TagDecision.entry == source_entry).run()
    drop_m = [r["id"] for r in machine if r["voice"] in have_machine]
    move_m = [r["id"] for r in machine if r["voice"] not in have_machine]
    drop_d = [r["id"] for r in decisions if r["voice"] in have_decision]
    move_d = [r["id"] for r in decisions if r["voice"] not in have_decision]
    if drop_m:
        await MachineTag.delete().where(MachineTag.id.is_in(drop_m)).run()
    if move_m:
        await MachineTag.update({MachineTag.entry: target_entry}).where(MachineTag.id.is_in(move_m)).run()
    if drop_d:
        await TagDecision.delete().where(TagDecision.id.is_in(drop_d)).run()
    if move_d:
        await TagDecision.update({TagDecision.entry: target_entry}).where(TagDecision.id.is_in(move_d)).run()
    return {"machine_tags_moved": len(move_m), "decisions_moved": len(move_d)}


# -- the review queue -----------------------------------------------------------------------------


def queue_condition(view: str = "queue"):
    """queue: flagged-unresolved or unreviewed. flagged: flagged-unresolved only. reviewed: the rest."""
    unresolved = (Voice.safeguarding == True) & (Voice.safeguarding_status != "actioned")  # noqa: E712
    if view == "flagged":
        return unresolved
    if view == "reviewed":
        return Voice.reviewed_at.is_not_null()
    return unresolved | Voice.reviewed_at.is_null()


async def queue(view: str = "queue", limit: int = 20, offset: int = 0) -> tuple[list[dict], int]:
    """Voices for officers, flagged-unresolved first, then oldest unreviewed."""
    condition = queue_condition(view)
    total = await Voice.count().where(condition)
    # Piccolo has no ORDER BY expression: two ordered queries, flagged first.
    flagged_first = await Voice.select().output(load_json=True).where(
        condition & (Voice.safeguarding == True) & (Voice.safeguarding_status != "actioned")  # noqa: E712
    ).order_by(Voice.occurred_at, ascending=False).order_by(Voice.id, ascending=False).run()
    rest_query = Voice.select().output(load_json=True).where(
        condition & ((Voice.safeguarding == False) | (Voice.safeguarding_status == "actioned"))  # noqa: E712
    ).order_by(Voice.occurred_at, ascending=False).order_by(Voice.id, ascending=False)
    head = flagged_first[offset:offset + limit]
    rest_offset = max(0, offset - len(flagged_first))
    rest = await rest_query.limit(limit - len(head)).offset(rest_offset).run() if len(head) < limit else []
    return head + rest, total


async def queue_counts() -> dict[str, int]:
    return {
        "flagged": await Voice.count().where(queue_condition("flagged")),
        "queue": await Voice.count().where(queue_condition("queue")),
        "reviewed": await Voice.count().where(queue_condition("reviewed")),
    }


async def tag_choices(period_id: int | None = None) -> list[dict]:
    """Current delivery themes and cross-cutting themes an officer may add."""
    from engage.framework.services import current_period

    pid = period_id or (await current_period())["id"]
    return await FrameworkEntry.select(FrameworkEntry.id, FrameworkEntry.name, FrameworkEntry.kind,
                                       FrameworkEntry.slug).where(
        (FrameworkEntry.period == pid) & FrameworkEntry.retired_at.is_null()
        & FrameworkEntry.kind.is_in(["theme", "cross_cutting"])).order_by(FrameworkEntry.position).run()
