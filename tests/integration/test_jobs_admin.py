"""Background work through the app, on both engines, with a real queue (a SQLite file of the
test's own) and a real worker (the in-process one `engage serve` runs):

- admins see queued, scheduled and failed jobs (with the error) and retry or discard them,
  with CSRF, role checks and guessed ids refused;
- a summary page never writes: it finds the rollups behind the voices and asks for a refresh
  job, which a worker runs; then the page counts the new voice.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
import time
import uuid

import pytest
from litestar.testing import AsyncTestClient

from engage import background, db
from engage.jobs.queue import JobQueue
from engage.jobs.worker import Worker
from tests.support import post_form, sign_in
from tests.support_jobs import lines


@pytest.fixture
def queued(app, settings, tmp_path):
    """The app with a real queue (not immediate mode) for this test; the usual one back afterwards."""
    queue_settings = dataclasses.replace(settings, jobs_immediate=False, jobs_url=f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    queue = JobQueue(queue_settings)
    before = app.state.jobs, background.current()
    app.state.jobs = queue
    background.install(queue.request)
    yield queue
    app.state.jobs = before[0]
    background.install(before[1])
    queue.close()


async def run_worker_until(queue: JobQueue, done, timeout: float = 15) -> None:
    """Run the in-process worker (as `engage serve` does) until done() is true."""
    worker = Worker(queue.settings, engine=db.current_engine(), in_process=True, heartbeat=0.3, periodic=False)
    await asyncio.to_thread(worker.start)
    try:
        deadline = time.monotonic() + timeout
        while not await done():
            assert time.monotonic() < deadline, "the worker did not finish in time"
            await asyncio.sleep(0.05)
    finally:
        # Graceful: a job the test did not wait for (a refresh a re-analysis asked for) finishes first.
        await asyncio.to_thread(worker.stop)


def job_ids(html: str, action: str) -> list[str]:
    return re.findall(rf'action="/officer/admin/jobs/([0-9a-f-]+)/{action}"', html)


async def test_admins_see_failed_scheduled_and_queued_jobs_and_retry_or_discard_them(app, client, queued, tmp_path):
    broken = str(tmp_path / "broken.txt")
    failed_id = queued.enqueue("tests.broken", {"path": broken})

    async def failed() -> bool:
        return bool(queued.failed())

    await run_worker_until(queued, failed)
    waiting_id = queued.enqueue("tests.slow", {"path": str(tmp_path / "slow.txt"), "seconds": 0})
    later = queued.tasks["tests.slow"].s(path=str(tmp_path / "later.txt"), seconds=0)
    later.eta = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(hours=1)
    queued.huey.add_schedule(later)

    await sign_in(client, "admin")
    page = await client.get("/officer/admin/jobs")
    assert page.status_code == 200
    html = page.text
    assert "Failed (1)" in html and "Scheduled (1)" in html and "Queued (1)" in html
    assert "ValueError: the printer is on fire" in html and "A test job that always fails" in html
    assert "No worker is running" in html  # the in-process worker has stopped
    assert job_ids(html, "retry") == [failed_id]
    assert sorted(job_ids(html, "discard")) == sorted([failed_id, waiting_id, later.id])
    assert '<th scope="col" class="govuk-table__header">Error</th>' in html
    assert 'href="/officer/admin/jobs"' in (await client.get("/officer")).text  # in the admin's navigation

    response = await post_form(client, f"/officer/admin/jobs/{failed_id}/retry")
    assert response.status_code == 303 and response.headers["location"] == "/officer/admin/jobs?done=retried"
    page = (await client.get(response.headers["location"])).text
    assert "The job is queued again." in page and "Failed (0)" in page and "Queued (2)" in page
    assert (await post_form(client, f"/officer/admin/jobs/{failed_id}/retry")).status_code == 404  # once only

    for job_id in (waiting_id, later.id):
        response = await post_form(client, f"/officer/admin/jobs/{job_id}/discard")
        assert response.status_code == 303
    page = (await client.get("/officer/admin/jobs")).text
    assert "Scheduled (0)" in page and "Queued (1)" in page  # only the retried job is left
    assert (await post_form(client, f"/officer/admin/jobs/{waiting_id}/discard")).status_code == 404

    # The retried job runs; discarded ones never do.
    async def retried_ran() -> bool:
        return len(lines(broken)) == 2

    await run_worker_until(queued, retried_ran)
    assert not (tmp_path / "slow.txt").exists() and not (tmp_path / "later.txt").exists()

    from engage.audit.tables import AuditEvent

    actions = {r["action"] for r in await AuditEvent.select(AuditEvent.action).where(AuditEvent.entity == "job").run()}
    assert actions == {"retry", "discard"}


async def test_jobs_page_refuses_other_roles_guessed_ids_and_missing_csrf(app, client, queued, tmp_path):
    job_id = queued.enqueue("tests.slow", {"path": str(tmp_path / "x.txt"), "seconds": 0})
    response = await client.get("/officer/admin/jobs")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert (await post_form(client, f"/officer/admin/jobs/{job_id}/discard")).status_code == 303  # to sign in
    for role in ("officer", "executive"):
        async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
            other.follow_redirects = False
            await sign_in(other, role)
            assert (await other.get("/officer/admin/jobs")).status_code == 403
            assert (await post_form(other, f"/officer/admin/jobs/{job_id}/discard")).status_code == 403
    await sign_in(client, "admin")
    for guess in (str(uuid.uuid4()), "not-a-job", job_id.upper(), "../" + job_id):
        for action in ("retry", "discard"):
            response = await post_form(client, f"/officer/admin/jobs/{guess}/{action}")
            assert response.status_code == 404, (guess, action, response.status_code)
    assert (await post_form(client, f"/officer/admin/jobs/{job_id}/retry")).status_code == 404  # queued, not failed
    response = await client.post(f"/officer/admin/jobs/{job_id}/discard", data={})
    assert response.status_code == 403  # no CSRF token
    assert [j.id for j in queued.queued()] == [job_id]  # nothing above touched it


async def _rollup_rows() -> tuple[int, int]:
    from engage.summaries.tables import RollupState

    facts = await RollupState.raw("SELECT COUNT(*) AS n FROM summaries_fact").run()
    return facts[0]["n"], await RollupState.count()


async def test_a_summary_page_never_writes_and_a_worker_brings_the_rollups_up_to_date(app, client, queued):
    from engage.voices.tables import Voice

    at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)
    text = "Knife crime near the park scares us"
    await Voice.insert(Voice(source="feedback_point", source_id=1, source_key="feedback_point:1", channel="meeting",
                             ward="castle", occurred_at=at, text=text, redacted=text, sentiment="negative",
                             polarity=-0.5, analysed_at=at, created_at=at)).run()  # as analysed (saves loading it)
    await sign_in(client, "executive")
    for _ in range(3):
        page = await client.get("/officer/summaries/priorities")
        assert page.status_code == 200
    assert (await client.get("/api/summaries/priorities")).json()["total"]["voices"] == 0  # not summarised yet
    assert await _rollup_rows() == (0, 0)  # the GETs wrote nothing
    assert [j.name for j in queued.queued()] == ["summaries.refresh"]  # and asked for one refresh

    async def refreshed() -> bool:
        return (await _rollup_rows())[0] > 0 and not queued.queued()

    await run_worker_until(queued, refreshed)
    assert (await client.get("/api/summaries/priorities")).json()["total"]["voices"] == 1
    assert queued.queued() == []  # fresh now: reading asks for no more refreshes


async def test_a_framework_edit_retags_existing_voices_as_background_work(app, client, queued):
    from engage.framework.services import current_period, entries
    from engage.voices.services import counted_tags, record_voice

    period = await current_period()
    localities = next(e for e in await entries(period["id"]) if e["slug"] == "localities")
    voice_id = await record_voice(source="feedback_point", source_id=7, channel="meeting", ward="castle",
                                  text="Doorstep scammers conned my neighbour out of her savings",
                                  occurred_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1))
    assert "doorstep-fraud" not in await counted_tags(voice_id)
    await sign_in(client, "admin")
    response = await post_form(client, "/officer/framework/entries/new", {
        "kind": "theme", "name": "Doorstep fraud", "slug": "", "parent_id": localities["id"], "scope": "",
        "phrases": "doorstep: 1\nscammers: 1"})
    assert response.status_code == 303
    assert "doorstep-fraud" not in await counted_tags(voice_id)  # not in the request: queued
    assert [j.name for j in queued.queued()] == ["voices.reanalyse"]

    async def retagged() -> bool:
        return "doorstep-fraud" in await counted_tags(voice_id)

    await run_worker_until(queued, retagged)


async def test_retention_runs_daily_as_a_periodic_job_and_a_worker_deletes_what_is_past_its_date(app, queued):
    from engage.jobs.registry import JOBS
    from surveys.responses import check_submission, store_submission
    from surveys.tables import Consultation, Response
    from tests.support import hours, make_consultation

    due = JOBS["privacy.retention"].schedule
    assert due(dt.datetime(2026, 3, 1, 2, 30)) and not due(dt.datetime(2026, 3, 1, 2, 31))
    assert not due(dt.datetime(2026, 3, 1, 14, 30))  # once a day, at 02:30 UTC
    assert JOBS["summaries.refresh"].schedule(dt.datetime(2026, 3, 1, 14, 31))  # and the rollups every minute

    expired, questions = await make_consultation("expired", status="closed", kinds=["short_text"],
                                                 closes_at=hours(-24 * 40))
    await Consultation.update({Consultation.retention_days: 30}).where(Consultation.id == expired["id"]).run()
    checked = check_submission(questions, {f"q{questions[0]['id']}": ["An answer"]}, {})
    await store_submission(expired["id"], checked, submission_key="old", secret=app.state.settings.secret_key)
    assert await Response.count() == 1
    queued.enqueue("privacy.retention")

    async def emptied() -> bool:
        return await Response.count() == 0 and not queued.queued()

    await run_worker_until(queued, emptied)
    assert queued.failed() == []


async def test_summary_pages_still_answer_when_the_queue_is_unreachable(app, client, settings):
    from engage.voices.tables import Voice

    down = JobQueue(dataclasses.replace(settings, jobs_immediate=False, jobs_url="redis://127.0.0.1:1/0"))
    before = app.state.jobs, background.current()
    app.state.jobs = down
    background.install(down.request)
    try:
        at = dt.datetime.now(dt.timezone.utc)
        await Voice.insert(Voice(source="feedback_point", source_id=1, source_key="feedback_point:1", channel="meeting",
                                 occurred_at=at, text="Loud parties", redacted="Loud parties", sentiment="negative",
                                 polarity=-0.5, analysed_at=at, created_at=at)).run()
        await sign_in(client, "executive")
        assert (await client.get("/officer/summaries/priorities")).status_code == 200  # stale, not broken
    finally:
        app.state.jobs = before[0]
        background.install(before[1])
        down.close()
