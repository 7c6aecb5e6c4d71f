"""Written answers become analysed voices as background work, never inside the resident's request.

A submission with written answers stores a PendingAnalysis row with the response, in the same
statement or transaction (surveys.responses), so an acknowledged answer cannot be lost whatever
happens to the process afterwards. It then asks for the job `voices.analyse_pending`, which is
coalesced (one request a second per process, however many residents) and also runs every minute
and when a job worker starts: a row left behind by a killed process is always picked up.

The job analyses every waiting response, oldest first, and removes its row only once its voices
are written (engage.voices.sources.record_answer_voices). Safeguarding flags come from that
analysis, so a disclosure reaches the officers' queue seconds after it was sent, and always does.

Erasure and retention delete the response; the database deletes its row here with it. A response
erased while its answers are being analysed leaves no voice either: a voice references its answer,
so writing it fails once the answer has gone, and a voice written just before goes with the answer.
"""

from __future__ import annotations

import datetime as dt
import logging

from engage import background
from engage.voices.sources import record_answer_voices
from engage.voices.tables import PendingAnalysis

log = logging.getLogger("engage.voices")

JOB = "voices.analyse_pending"
BATCH = 100
# One more common table expression for the submission's single statement (surveys.responses):
# the outbox row of the response inserted as `r`. Its one argument is when the response came in.
OUTBOX_CTE = "p AS (INSERT INTO voices_pending_analysis (response, queued_at) SELECT r.id, {} FROM r)"


async def queue_analysis(response_id: int, at: dt.datetime) -> None:
    """Inside the caller's transaction: the response's written answers are to be analysed."""
    await PendingAnalysis.insert(PendingAnalysis(response=response_id, queued_at=at)).run()


async def request_analysis() -> None:
    """After the response is stored: ask for the waiting answers to be analysed soon."""
    await background.request(JOB)


async def waiting() -> int:
    """How many responses still have written answers to analyse."""
    return await PendingAnalysis.count()


def _erased_meanwhile(exc: BaseException) -> bool:
    """The answer went (erasure, retention) while it was being analysed: its voice cannot be written."""
    text = str(exc).lower()
    return type(exc).__name__ in {"ForeignKeyViolationError", "IntegrityError"} and "foreign key" in text


async def analyse_pending() -> int:
    """Analyse every waiting response's written answers, oldest first; how many responses.

    A response whose analysis fails keeps its row for the next run, and the others go ahead; the
    run then fails so admins see it among the failed jobs."""
    done, failed, after = 0, 0, 0
    while True:
        rows = await PendingAnalysis.select(PendingAnalysis.id, PendingAnalysis.response).where(
            PendingAnalysis.id > after).order_by(PendingAnalysis.id).limit(BATCH).run()
        if not rows:
            break
        for row in rows:
            after = row["id"]
            try:
                await record_answer_voices(row["response"])
            except Exception as exc:  # noqa: BLE001 - one bad response must not hold up the rest
                if not _erased_meanwhile(exc):
                    log.exception("analysing the written answers of response %s failed", row["response"])
                    failed += 1
                    continue
            await PendingAnalysis.delete().where(PendingAnalysis.id == row["id"]).run()
            done += 1
    if done:
        await background.request("summaries.refresh")
    if failed:
        raise RuntimeError(f"{failed} responses' written answers could not be analysed; they stay queued")
    return done
