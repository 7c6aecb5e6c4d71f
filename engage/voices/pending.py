"""Written answers become analysed voices as background work, never inside the resident's request.

A submission with written answers stores a PendingAnalysis row with the response, in the same
statement or transaction (surveys.responses), so an acknowledged answer cannot be lost whatever
happens to the process afterwards. It then asks for the job `voices.analyse_pending`, which is
coalesced (one request a second per process, however many residents) and also runs every minute
and when a job worker starts: a row left behind by a killed process is always picked up.

The job analyses every waiting response, oldest first, and removes its row only once its voices
are written (surveys.answer_voices.analyse_pending). Safeguarding flags come from that
analysis, so a disclosure reaches the officers' queue seconds after it was sent, and always does.

Erasure and retention delete the response; the database deletes its row here with it. A response
erased while its answers are being analysed leaves no voice either: a voice references its answer,
so writing it fails once the answer has gone, and a voice written just before goes with the answer.
"""

from __future__ import annotations

import datetime as dt

from engage import background
from engage.voices.tables import PendingAnalysis

JOB = "voices.analyse_pending"
BATCH = 100


async def queue_analysis(response_id: int, at: dt.datetime) -> None:
    """Inside the caller's transaction: the response's written answers are to be analysed."""
    await PendingAnalysis.insert(PendingAnalysis(response=response_id, queued_at=at)).run()


async def request_analysis() -> None:
    """After the response is stored: ask for the waiting answers to be analysed soon."""
    await background.request(JOB)


async def waiting() -> int:
    """How many responses still have written answers to analyse."""
    return await PendingAnalysis.count()
