"""Voices: every piece of free text from any channel, analysed when it is saved.

The interface other areas call:

    await record_voice(source="answer", source_id=answer_id, text=..., channel="online",
                       occurred_at=..., ward=..., consultation_id=..., question_id=...)
    await forget_voices("feedback_point", [point_id, ...])

Both work inside the caller's transaction. A consultation answer's voice is also removed by
the database when the answer goes (erasure by receipt, retention, a deleted consultation).

Safety rule for anything shown beyond the officers' review queue (summaries, quotes,
exports): select only voices matching `safe_condition()` (or `SAFE_SQL` in raw SQL), and
show `redacted`, never `text`. A voice flagged for safeguarding (a concern or a possible
concern) is excluded until an officer records what was done about it or clears it. A voice not
analysed (not in English, no translation yet) is never counted as neutral or untagged: summaries
count it apart with `not_analysed_counts()`.

A voice with an officer's English translation is analysed from the translation; `text` keeps
the original and `language` its language.

Officer decisions win over the machine's in every read: use `effective_tags()` for one page of
voices and `effective_tag_counts()` for summaries; never read voices_machine_tag alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from piccolo.columns.combination import WhereRaw

from engage.analysis.language import NAMES as LANGUAGE_NAMES
from engage.analysis.pipeline import Analysis, analyse
from engage.audit import services as audit
from engage.db import transaction
from engage.framework.services import current_period
from engage.framework.tables import FrameworkEntry
from engage.times import now
from engage.voices.tables import MachineTag, TagDecision, Voice
from engage.voices.tagging import TaggingContext, tagging_context

SOURCES = {"answer": "Consultation answer", "feedback_point": "Meeting feedback point"}
CHANNELS = {"online": "Online", "paper": "Paper form", "event": "Event", "email": "Email", "phone": "Phone",
            "meeting": "Meeting"}
DECISIONS = {"confirm", "reject", "add"}
SENTIMENTS = ("negative", "neutral", "positive")
MAX_TEXT = 20_000
# Safeguarding statuses an officer set; re-analysing the same text keeps them.
OFFICER_STATUSES = {"confirmed", "actioned", "cleared"}
RESOLVED_STATUSES = ("actioned", "cleared")

def _resolved_sql(table: str) -> str:
    """An officer cleared the flag, or actioned it and reviewed the voice."""
    return (f"({table}.safeguarding_status = 'cleared' "
            f"OR ({table}.safeguarding_status = 'actioned' AND {table}.reviewed_at IS NOT NULL))")


def safe_sql(table: str = "v") -> str:
    """The safety rule, spelt once: analysed voices only; flagged voices stay out until resolved."""
    return f"({table}.analysed = TRUE AND ({table}.safeguarding = FALSE OR {_resolved_sql(table)}))"


# For raw SQL over voices_voice aliased v (the summaries' queries).
SAFE_SQL = safe_sql("v")


def safe_condition() -> WhereRaw:
    """The Piccolo where-clause every summary, quote and export must apply to Voice (SAFE_SQL's rule)."""
    return WhereRaw(safe_sql(Voice._meta.tablename))


def unsafe_condition() -> WhereRaw:
    """Flagged, and not yet cleared, or actioned and reviewed."""
    table = Voice._meta.tablename
    return WhereRaw(f"({table}.safeguarding = TRUE AND NOT {_resolved_sql(table)})")


def unresolved_condition():
    """Flagged and waiting for an officer: the top of the review queue."""
    return (Voice.safeguarding == True) & Voice.safeguarding_status.not_in(list(RESOLVED_STATUSES))  # noqa: E712


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
        "safeguarding_level": str(analysis.safeguarding_level),
        "safeguarding_reasons": list(analysis.safeguarding_reasons),
        "language": str(analysis.language),
        "analysed": bool(analysis.analysed),
    }


# What _store_analysis needs to know of a voice before it is re-analysed.
ROW_COLUMNS = (Voice.id, Voice.text, Voice.translation, Voice.language, Voice.safeguarding,
               Voice.safeguarding_status, Voice.sentiment_decision)


def analysed_text(row: dict) -> str:
    """What the models read: the officer's English translation when there is one."""
    return row.get("translation") or row["text"]


async def _store_analysis(row: dict, analysis: Analysis, entry_ids: dict[str, int], *, text_changed: bool) -> None:
    """Write one analysis. Officers' decisions on the same text survive: a confirmed, actioned or
    cleared safeguarding flag and a sentiment an officer set. New text needs looking at afresh."""
    values = _analysis_columns(row, analysis, text_changed=text_changed)
    await Voice.update({getattr(Voice, k): v for k, v in values.items()}).where(Voice.id == row["id"]).run()
    await MachineTag.delete().where(MachineTag.voice == row["id"]).run()
    await _store_tags(row["id"], analysis, entry_ids)


async def _store_tags(voice_id: int, analysis: Analysis, entry_ids: dict[str, int]) -> None:
    tags = [MachineTag(voice=voice_id, entry=entry_ids[t.slug], confidence=float(t.confidence),
                       evidence=list(t.evidence)) for t in analysis.tags if t.slug in entry_ids]
    if tags:
        await MachineTag.insert(*tags).run()


def _analysis_columns(row: dict, analysis: Analysis, *, text_changed: bool) -> dict[str, Any]:
    """The voice's columns for this analysis of `row` (its stored officer decisions, when it has them)."""
    values = analysis_values(analysis)
    if row.get("translation"):  # the analysis read the translation: the voice's language is the original's
        values["language"] = row["language"]
    status = row.get("safeguarding_status") or ""
    if status in OFFICER_STATUSES and not text_changed:
        values["safeguarding_status"] = status
        if status != "cleared":  # an officer confirmed it: it stays a concern whatever the model says now
            values.update(safeguarding=True, safeguarding_level="concern",
                          safeguarding_reasons=values["safeguarding_reasons"] or ["confirmed by an officer"])
    else:
        values["safeguarding_status"] = "open" if analysis.safeguarding else ""
    decided = "" if text_changed else (row.get("sentiment_decision") or "")
    if decided:
        values["sentiment"] = decided
    values["sentiment_decision"] = decided
    values["analysed_at"] = now()
    return values


async def record_voice(*, source: str, source_id: int, text: str, channel: str, occurred_at: dt.datetime,
                       ward: str | None = None, consultation_id: int | None = None, meeting_id: int | None = None,
                       question_id: int | None = None, context: TaggingContext | None = None) -> int | None:
    """Create or replace (same source and source_id) the voice, analysed now; its id, or None for blank text.
    `context`: the tagging context a caller recording many voices at once read for all of them."""
    if source not in SOURCES:
        raise ValueError(f"unknown voice source {source!r}")
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        await forget_voices(source, [source_id])
        return None
    context = context or await tagging_context()
    key = source_key(source, source_id)
    link = {
        Voice.channel: channel, Voice.ward: ward or None, Voice.occurred_at: occurred_at,
        Voice.consultation_id: consultation_id, Voice.meeting_id: meeting_id, Voice.question_id: question_id,
    }
    # Analysed outside the transaction (pure and slow). Inside it, again only in the rare case that
    # the stored voice has a translation of this same text: then the translation is what is read.
    read = text
    analysis = analyse(read, tagger=context.tagger)
    async with transaction():
        existing = await Voice.select(*ROW_COLUMNS).where(Voice.source_key == key).first()
        if existing is None:  # written with its analysis: nothing of an earlier one to keep or remove
            rows = await Voice.insert(Voice(
                source=source, source_id=source_id, source_key=key, text=text,
                answer=source_id if source == "answer" else None, created_at=now(),
                **{col._meta.name: value for col, value in link.items()},
                **_analysis_columns({"text": text}, analysis, text_changed=True),
            )).returning(Voice.id).run()
            await _store_tags(rows[0]["id"], analysis, context.entry_ids)
            return rows[0]["id"]
        changed = existing["text"] != text
        update = {Voice.text: text, **link}
        if changed:  # the translation was of the old text
            update.update({Voice.translation: "", Voice.translated_by: None, Voice.translated_by_email: "",
                           Voice.translated_at: None})
        await Voice.update(update).where(Voice.id == existing["id"]).run()
        row = {**existing, "text": text, "translation": "" if changed else existing["translation"]}
        if analysed_text(row) != read:
            analysis = analyse(analysed_text(row), tagger=context.tagger)
        await _store_analysis(row, analysis, context.entry_ids, text_changed=changed)
    return row["id"]


async def forget_voices(source: str, source_ids: Iterable[int]) -> None:
    """Remove the voices of deleted or erased source rows (their tags and decisions go with them)."""
    ids = list(source_ids)
    if ids:
        await Voice.delete().where((Voice.source == source) & Voice.source_id.is_in(ids)).run()


async def reanalyse(voice_ids: list[int] | None = None) -> int:
    """Re-analyse voices in this process (the CLI uses processes for --all); how many."""
    context = await tagging_context()
    query = Voice.select(*ROW_COLUMNS).order_by(Voice.id)
    if voice_ids is not None:
        query = query.where(Voice.id.is_in(voice_ids or [-1]))
    rows = await query.run()
    for row in rows:
        await store_results([(row, analyse(analysed_text(row), tagger=context.tagger))], context.entry_ids)
    return len(rows)


async def store_results(results: list[tuple[dict, Analysis]], entry_ids: dict[str, int]) -> None:
    """Write a batch of analyses of unchanged text (one transaction); rows carry ROW_COLUMNS."""
    async with transaction():
        for row, analysis in results:
            await _store_analysis(row, analysis, entry_ids, text_changed=False)


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


def _unresolved(voice: dict) -> bool:
    return bool(voice["safeguarding"]) and voice["safeguarding_status"] not in RESOLVED_STATUSES


async def mark_reviewed(voice: dict, actor: Any) -> None:
    if _unresolved(voice):
        raise PermissionError("Record what was done about the safeguarding concern, or clear it, first")
    async with transaction():
        await Voice.update({Voice.reviewed_at: now(), Voice.reviewed_by: getattr(actor, "id", None)}).where(
            Voice.id == voice["id"]).run()
        await audit.record(actor, "review", "voice", voice["id"])


async def record_safeguarding_action(voice: dict, action: str, actor: Any) -> None:
    """What was done about a flagged voice; it leaves the top of the queue and may reach summaries."""
    at = now()
    async with transaction():
        await Voice.update({
            Voice.safeguarding_status: "actioned", Voice.safeguarding_level: "concern",
            Voice.safeguarding_action: action.strip(),
            Voice.safeguarding_by: getattr(actor, "id", None),
            Voice.safeguarding_by_email: getattr(actor, "email", "") or "", Voice.safeguarding_at: at,
            Voice.reviewed_at: at, Voice.reviewed_by: getattr(actor, "id", None),
        }).where(Voice.id == voice["id"]).run()
        # The action may name people: the trail records that it happened, the voice row holds what.
        await audit.record(actor, "safeguarding-actioned", "voice", voice["id"])


async def confirm_concern(voice: dict, actor: Any) -> None:
    """An officer agrees a (possible) concern is one: it tops the queue until what was done is recorded."""
    if not _unresolved(voice):
        raise PermissionError("This voice has no open safeguarding flag")
    async with transaction():
        await Voice.update({
            Voice.safeguarding_status: "confirmed", Voice.safeguarding_level: "concern",
            Voice.safeguarding_by: getattr(actor, "id", None),
            Voice.safeguarding_by_email: getattr(actor, "email", "") or "", Voice.safeguarding_at: now(),
        }).where(Voice.id == voice["id"]).run()
        await audit.record(actor, "safeguarding-confirmed", "voice", voice["id"],
                           {"level": voice["safeguarding_level"]})


async def clear_concern(voice: dict, reason: str, actor: Any) -> None:
    """An officer read a flagged voice and found no concern, saying why. It leaves the top of the
    queue (still to be reviewed for its tags) and may be counted in summaries."""
    if not _unresolved(voice):
        raise PermissionError("This voice has no open safeguarding flag")
    async with transaction():
        await Voice.update({
            Voice.safeguarding_status: "cleared", Voice.safeguarding_action: reason.strip(),
            Voice.safeguarding_by: getattr(actor, "id", None),
            Voice.safeguarding_by_email: getattr(actor, "email", "") or "", Voice.safeguarding_at: now(),
        }).where(Voice.id == voice["id"]).run()
        # As with actions, the reason may name people: it stays with the voice (and is erased with it).
        await audit.record(actor, "safeguarding-cleared", "voice", voice["id"],
                           {"level": voice["safeguarding_level"], "reasons": list(voice["safeguarding_reasons"])})


async def set_sentiment(voice: dict, sentiment: str, actor: Any) -> None:
    """An officer's sentiment for a voice: it wins in every summary and survives re-analysis."""
    if sentiment not in SENTIMENTS:
        raise ValueError(sentiment)
    async with transaction():
        await Voice.update({Voice.sentiment: sentiment, Voice.sentiment_decision: sentiment,
                            Voice.analysed_at: now()}).where(Voice.id == voice["id"]).run()
        await audit.record(actor, "sentiment-set", "voice", voice["id"],
                           {"from": voice["sentiment"], "to": sentiment})


class TranslationError(ValueError):
    """The translation cannot be used; the message says why, for the form."""


async def set_translation(voice: dict, translation: str, actor: Any) -> None:
    """An officer's English translation of a voice not in English. The translation is analysed
    (themes, sentiment, safeguarding, redaction) in place of the original, which is kept."""
    translation = (translation or "").strip()
    if not translation:
        raise TranslationError("Enter the English translation")
    if len(translation) > MAX_TEXT:
        raise TranslationError(f"Keep the translation to {MAX_TEXT:,} characters or fewer")
    context = await tagging_context()
    analysis = analyse(translation, tagger=context.tagger)
    if not analysis.analysed:
        raise TranslationError(f"Enter the translation in English (this reads as {language_label(analysis.language)})")
    edited = bool(voice.get("translation"))
    async with transaction():
        await Voice.update({Voice.translation: translation, Voice.translated_by: getattr(actor, "id", None),
                            Voice.translated_by_email: getattr(actor, "email", "") or "",
                            Voice.translated_at: now()}).where(Voice.id == voice["id"]).run()
        row = {**voice, "translation": translation}
        # New words to read: any earlier safeguarding decision or sentiment was about other words.
        await _store_analysis(row, analysis, context.entry_ids, text_changed=True)
        await audit.record(actor, "translation-edited" if edited else "translation-added", "voice", voice["id"],
                           {"language": voice["language"]})


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


def queue_condition(view: str = "queue", language: str = ""):
    """queue: flagged-unresolved or unreviewed. flagged: flagged-unresolved only. reviewed: the rest.
    not-analysed: voices not in English still without a translation. `language`: that language only."""
    unresolved = unresolved_condition()
    if view == "flagged":
        condition = unresolved
    elif view == "reviewed":
        condition = Voice.reviewed_at.is_not_null()
    elif view == "not-analysed":
        condition = Voice.analysed == False  # noqa: E712
    else:
        condition = unresolved | Voice.reviewed_at.is_null()
    return condition & (Voice.language == language) if language else condition


def queue_groups():
    """The queue's order, most urgent first: concerns, possible concerns (including voices not in
    English), then the rest. Within a group, newest first."""
    unresolved = unresolved_condition()
    return [unresolved & (Voice.safeguarding_level == "concern"),
            unresolved & (Voice.safeguarding_level != "concern"),
            (Voice.safeguarding == False) | Voice.safeguarding_status.is_in(list(RESOLVED_STATUSES))]  # noqa: E712


async def queue(view: str = "queue", limit: int = 20, offset: int = 0, language: str = "") -> tuple[list[dict], int]:
    """One page of voices for officers, in queue_groups() order, and how many there are in all."""
    condition = queue_condition(view, language)
    total = await Voice.count().where(condition)
    page: list[dict] = []
    # Piccolo has no ORDER BY expression: one ordered query per group, skipping whole groups.
    for group in queue_groups():
        if len(page) >= limit:
            break
        where = condition & group
        size = await Voice.count().where(where)
        if offset >= size:
            offset -= size
            continue
        page += await Voice.select().output(load_json=True).where(where).order_by(
            Voice.occurred_at, ascending=False).order_by(Voice.id, ascending=False).limit(
            limit - len(page)).offset(offset).run()
        offset = 0
    return page, total


async def queue_counts(language: str = "") -> dict[str, int]:
    return {view: await Voice.count().where(queue_condition(view, language))
            for view in ("queue", "flagged", "not-analysed", "reviewed")}


async def queue_languages() -> list[dict]:
    """Every language among the voices, with its name and how many voices: for the queue's filter."""
    rows = await Voice.raw("SELECT language, COUNT(*) AS n FROM voices_voice GROUP BY language").run()
    found = [{"code": r["language"], "name": language_label(r["language"]), "count": int(r["n"])} for r in rows]
    return sorted(found, key=lambda r: (r["code"] != "en", r["name"]))


def language_label(code: str) -> str:
    """A language's English name for people ("Polish"), whatever the detector knows."""
    if code == "en":
        return "English"
    return LANGUAGE_NAMES.get(code, code or "Unknown")


async def not_analysed_counts(where: list[str], args: list) -> list[tuple[str, int]]:
    """(language name, voices) for the voices matching `where` (raw SQL over voices_voice v) that were
    not analysed because they are not in English, most first. Only counts: no text leaves."""
    clause = " AND ".join(["v.analysed = FALSE", *where])
    rows = await Voice.raw(f"SELECT v.language AS language, COUNT(*) AS n FROM voices_voice v WHERE {clause} "
                           f"GROUP BY v.language", *args).run()
    counts = [(language_label(r["language"]), int(r["n"])) for r in rows]
    return sorted(counts, key=lambda kv: (-kv[1], kv[0]))


async def tag_choices(period_id: int | None = None) -> list[dict]:
    """Current delivery themes and cross-cutting themes an officer may add."""
    pid = period_id or (await current_period())["id"]
    return await FrameworkEntry.select(FrameworkEntry.id, FrameworkEntry.name, FrameworkEntry.kind,
                                       FrameworkEntry.slug).where(
        (FrameworkEntry.period == pid) & FrameworkEntry.retired_at.is_null()
        & FrameworkEntry.kind.is_in(["theme", "cross_cutting"])).order_by(FrameworkEntry.position).run()
