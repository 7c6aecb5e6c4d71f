"""engage's own jobs. Each calls the service that does the work, where it always lived; every
one is safe to run again (a worker lost mid-way means it does).

| job | requested by | periodic |
|---|---|---|
| summaries.refresh | a summary page finding the rollups behind the voices; the end of a re-analysis or retention run | every minute |
| voices.analyse_pending | a submission with written answers (at most once a second per process); a worker starting | every minute |
| voices.reanalyse | a framework edit (add, rename, phrases, merge, retire, import, new period) | |
| privacy.retention | | daily at 02:30 UTC |
"""

from __future__ import annotations

import logging

from engage import background
from engage.jobs.registry import daily, every_minutes, job
from engage.privacy.retention import apply_retention
from engage.summaries.rollup import refresh
from engage.voices.batch import analyse_all
from engage.voices.pending import JOB as ANALYSE_PENDING
from surveys.answer_voices import analyse_pending
from engage.voices.services import reanalyse
from engage.voices.tables import Voice

log = logging.getLogger("engage.jobs")

# Up to this many voices are re-analysed in the worker itself; more, and a pool of processes does it
# (starting one costs a second or two while the analysis loads).
IN_PROCESS_LIMIT = 500


@job("summaries.refresh", title="Bring the summaries' rollups up to date with the voices",
     retries=5, retry_delay=2, backoff=2, coalesce_seconds=2, unique=True, schedule=every_minutes(1))
async def refresh_rollups() -> None:
    done, _ = await refresh()
    log.info("summaries.refresh: %s", done)


@job(ANALYSE_PENDING, title="Analyse residents' written answers sent since the last run (themes, sentiment, "
     "safeguarding flags)", retries=5, retry_delay=5, backoff=2, coalesce_seconds=1, unique=True,
     schedule=every_minutes(1))
async def analyse_pending_answers() -> None:
    done = await analyse_pending()
    if done:
        log.info("voices.analyse_pending: %d responses", done)


@job("voices.reanalyse", title="Re-analyse every voice with the current framework (re-tagging them)",
     retries=3, retry_delay=10, backoff=3, unique=True)
async def reanalyse_voices(reason: str = "") -> None:
    count = await Voice.count()
    if count <= IN_PROCESS_LIMIT:
        done = await reanalyse()
    else:
        done = await analyse_all()
    log.info("voices.reanalyse (%s): %d voices", reason or "requested", done)
    await background.request("summaries.refresh")


@job("privacy.retention", title="Delete responses past their consultation's retention period",
     retries=3, retry_delay=60, backoff=4, schedule=daily(2, 30))
async def retention() -> None:
    report = await apply_retention()
    if report.responses or report.voices:
        await background.request("summaries.refresh")

from engage.jobs import notices  # noqa: E402,F401 - registers the outbox and notice jobs
