"""Turning a consultation response's free-text answers into voices (engage.voices).

Consultations sit above the voices in the layers, so the channel turns its own rows into voices
(moved here from engage/voices/sources.py, which imported surveys upwards)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from engage import background
from engage.db import is_sqlite
from engage.voices.pending import BATCH
from engage.voices.services import record_voice
from engage.voices.tables import PendingAnalysis
from engage.voices.tagging import TaggingContext, tagging_context
from surveys.tables import Answer, Response

FREE_TEXT_KINDS = {"short_text", "long_text"}
OTHER = "other"

log = logging.getLogger("engage.voices")


def _written_meanwhile(exc: BaseException) -> bool:
    text = str(exc).lower()
    return type(exc).__name__ in {"UniqueViolationError", "IntegrityError"} and (
        "unique" in text or "duplicate" in text)


async def record_answer_voices(response_id: int, context: TaggingContext | None = None) -> list[int]:
    """One voice per free-text answer (short or long text, and 'Other, please specify') of a response.

    Background work (engage.voices.pending) calls it, and may call it again for the same response
    (a run cut off half-way, two workers at once): each voice is written once whatever the order."""
    response = await Response.select(Response.id, Response.consultation, Response.channel,
                                     Response.submitted_at).where(Response.id == response_id).first()
    if response is None:
        return []
    answers = await Answer.select(Answer.id, Answer.question, Answer.choice, Answer.text,
                                  Answer.question.kind).where(Answer.response == response_id).order_by(Answer.id).run()
    ward = next((a["choice"] for a in answers if a["question.kind"] == "ward" and a["choice"]
                 and a["choice"] != "outside"), None)
    ids = []
    for a in answers:
        free = (a["question.kind"] in FREE_TEXT_KINDS and a["choice"] is None) or a["choice"] == OTHER
        if not free or not (a["text"] or "").strip():
            continue
        try:
            voice_id = await record_voice(
                source="answer", source_id=a["id"], text=a["text"], channel=response["channel"] or "online",
                occurred_at=response["submitted_at"] or dt.datetime.now(dt.timezone.utc), ward=ward,
                consultation_id=response["consultation"], question_id=a["question"], context=context)
        except Exception as exc:
            if not _written_meanwhile(exc):
                raise
            continue  # another worker wrote this answer's voice at the same moment
        if voice_id is not None:
            ids.append(voice_id)
    return ids


def _erased_meanwhile(exc: BaseException) -> bool:
    """The answer went (erasure, retention) while it was being analysed: its voice cannot be written."""
    text = str(exc).lower()
    return type(exc).__name__ in {"ForeignKeyViolationError", "IntegrityError"} and "foreign key" in text


# Responses analysed at once by one run: each waits on the database several times (its answers, its
# voice, its tags), and one at a time left the worker idle half the time while a burst's voices queued.
AT_ONCE = 8


async def _analyse_waiting(row: dict, context: TaggingContext) -> bool:
    """One waiting response's written answers analysed and its row removed; False when that failed
    (the row stays for the next run)."""
    try:
        await record_answer_voices(row["response"], context)
    except Exception as exc:  # noqa: BLE001 - one bad response must not hold up the rest
        if not _erased_meanwhile(exc):
            log.exception("analysing the written answers of response %s failed", row["response"])
            return False
    await PendingAnalysis.delete().where(PendingAnalysis.id == row["id"]).run()
    return True


async def analyse_pending() -> int:
    """Analyse every waiting response's written answers, oldest first (AT_ONCE at a time); how many
    responses.

    A response whose analysis fails keeps its row for the next run, and the others go ahead; the
    run then fails so admins see it among the failed jobs."""
    done, failed, after = 0, 0, 0
    # SQLite takes one writer at a time: there they would only queue for its lock.
    slots = asyncio.Semaphore(1 if is_sqlite() else AT_ONCE)

    async def analysed(row: dict, context: TaggingContext) -> bool:
        async with slots:
            return await _analyse_waiting(row, context)

    while True:
        rows = await PendingAnalysis.select(PendingAnalysis.id, PendingAnalysis.response).where(
            PendingAnalysis.id > after).order_by(PendingAnalysis.id).limit(BATCH).run()
        if not rows:
            break
        after = rows[-1]["id"]
        # The framework, its model and officers' decisions, read once for the batch, not per voice: a
        # change made meanwhile applies from the next batch (and re-tagging after it covers this one).
        context = await tagging_context()
        results = await asyncio.gather(*(analysed(row, context) for row in rows))
        done += results.count(True)
        failed += results.count(False)
    if done:
        await background.request("summaries.refresh")
        # A disclosure among them: the designated safeguarding officers are told at once (engage.jobs.notices).
        await background.request("notices.safeguarding")
    if failed:
        raise RuntimeError(f"{failed} responses' written answers could not be analysed; they stay queued")
    return done
