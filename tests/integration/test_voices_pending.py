"""Written answers are stored with the response at once and analysed as background work
(engage.voices.pending): the voice follows, is counted in summaries once written, a flagged
disclosure always reaches the safeguarding queue, an erased response's answer never becomes a
voice, and a server or worker killed mid-way loses nothing."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import uuid

import httpx
import pytest

from engage import background
from tests.conftest import ROOT
from tests.support import SECRET_KEY, free_port, make_consultation, post_form, wait_for

DISCLOSURE = "My partner hits me and says he will kill me if I tell anyone"
COMPLAINT = "The underpass by the station is dark and I feel unsafe walking home after dark"


@pytest.fixture
def held_jobs():
    """A queue that holds requests instead of running them at once, as a real one does until a
    worker takes them: what was requested, by name."""
    before = background.current()
    requested: list[str] = []

    async def hold(name: str, kwargs: dict) -> None:
        requested.append(name)

    background.install(hold)
    yield requested
    background.install(before)


async def _counts() -> dict[str, int]:
    from engage.voices.tables import PendingAnalysis, Voice
    from surveys.tables import Answer, Response

    return {"responses": await Response.count(), "answers": await Answer.count(),
            "waiting": await PendingAnalysis.count(), "voices": await Voice.count()}


async def _run_job() -> None:
    from engage.jobs.registry import get
    from engage.voices.pending import JOB

    await get(JOB).function()


async def _summary_voices(c: dict) -> int:
    from engage.summaries.consultation import consultation_summary
    from engage.summaries.services import filters_for
    from surveys.consultations import get

    filters, view = await filters_for({})
    return (await consultation_summary(await get(c["id"]), filters, view)).voices


async def test_a_written_answer_is_stored_once_and_its_voice_follows_as_background_work(client, held_jobs):
    c, questions = await make_consultation("written", kinds=["long_text", "single_choice"])
    text_q, choice_q = questions
    body = {"answers": {str(text_q["id"]): COMPLAINT, str(choice_q["id"]): choice_q["options"][0]["id"]}}
    first = await client.post(f"/api/consultations/{c['slug']}/responses", json=body,
                              headers={"Idempotency-Key": "one"})
    again = await client.post(f"/api/consultations/{c['slug']}/responses", json=body,
                              headers={"Idempotency-Key": "one"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()  # a retry is the same response
    # Acknowledged and stored whole before any analysis: the voice is still to come.
    assert await _counts() == {"responses": 1, "answers": 2, "waiting": 1, "voices": 0}
    assert "voices.analyse_pending" in held_jobs
    assert await _summary_voices(c) == 0

    await _run_job()
    assert await _counts() == {"responses": 1, "answers": 2, "waiting": 0, "voices": 1}
    assert await _summary_voices(c) == 1
    await _run_job()  # run again (a retried job, the minute's sweep): nothing doubles
    assert (await _counts())["voices"] == 1

    from engage.voices.tables import Voice

    voice = await Voice.select(Voice.text, Voice.analysed_at, Voice.question_id).first()
    assert voice["text"] == COMPLAINT and voice["analysed_at"] is not None and voice["question_id"] == text_q["id"]


async def test_a_disclosure_through_the_form_reaches_the_safeguarding_queue_through_background_work(client,
                                                                                                     held_jobs):
    from tests.support import sign_in

    c, questions = await make_consultation("disclose", kinds=["long_text"])
    sent = await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{questions[0]['id']}": DISCLOSURE})
    assert sent.status_code == 303
    await sign_in(client, "officer")
    before = await client.get("/officer/voices?view=flagged")
    assert "hits me" not in before.text
    await _run_job()
    after = await client.get("/officer/voices?view=flagged")
    assert after.status_code == 200 and "hits me" in after.text


async def test_a_response_erased_before_its_analysis_leaves_no_voice(client, held_jobs):
    c, questions = await make_consultation("erase-first", kinds=["short_text"])
    sent = await client.post(f"/api/consultations/{c['slug']}/responses",
                             json={"answers": {str(questions[0]["id"]): "Remove me before you read me"}})
    receipt = sent.json()["receipt"]
    erased = await post_form(client, "/delete-my-response", {"receipt": receipt})
    assert erased.status_code == 200
    assert await _counts() == {"responses": 0, "answers": 0, "waiting": 0, "voices": 0}
    await _run_job()
    assert (await _counts())["voices"] == 0


async def test_a_response_erased_while_its_answer_is_being_analysed_leaves_no_voice(client, held_jobs, monkeypatch):
    from engage.voices import services
    from surveys.tables import Response

    c, questions = await make_consultation("erase-during", kinds=["short_text"])
    sent = await client.post(f"/api/consultations/{c['slug']}/responses",
                             json={"answers": {str(questions[0]["id"]): "Erase me while I am read"}})
    assert sent.status_code == 201
    real = services.transaction

    @contextlib.asynccontextmanager
    async def erased_meanwhile():  # the answer has been read and analysed; the resident erases before it is written
        await Response.delete().where(Response.id > 0).run()
        async with real():
            yield

    monkeypatch.setattr(services, "transaction", erased_meanwhile)  # the voice's own writes
    await _run_job()
    assert await _counts() == {"responses": 0, "answers": 0, "waiting": 0, "voices": 0}


def _redis_or_skip() -> str:
    import redis

    url = os.environ.get("ENGAGE_TEST_REDIS", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is unreachable at {url} in CI")
        pytest.skip("Redis unreachable; set ENGAGE_TEST_REDIS")
    return url


async def test_a_burst_of_waiting_answers_is_analysed_together_and_one_failure_keeps_only_its_own(
        app, held_jobs, monkeypatch):
    from engage.db import is_sqlite
    from engage.voices.tables import PendingAnalysis, Voice
    from surveys import answer_voices
    from surveys.responses import check_submission, store_submission

    c, (q,) = await make_consultation("burst-analysed", kinds=["short_text"])
    stored = []
    for n in range(30):
        checked = check_submission([q], {f"q{q['id']}": [f"{COMPLAINT}, night {n}"]}, {})
        stored.append(await store_submission(c["id"], checked, submission_key=f"burst-{n}", secret=SECRET_KEY))
    waiting = await PendingAnalysis.select(PendingAnalysis.response).order_by(PendingAnalysis.id).run()
    broken = waiting[7]["response"]
    real, running, most = answer_voices.record_answer_voices, [0], [0]

    async def watched(response_id: int, context=None) -> list[int]:
        running[0] += 1
        most[0] = max(most[0], running[0])
        try:
            if response_id == broken:
                raise ValueError("a response the analysis cannot read")
            return await real(response_id, context)
        finally:
            running[0] -= 1

    monkeypatch.setattr(answer_voices, "record_answer_voices", watched)

    with pytest.raises(RuntimeError, match="1 responses"):
        await _run_job()

    assert await Voice.count() == 29
    assert [row["response"] for row in await PendingAnalysis.select(PendingAnalysis.response).run()] == [broken]
    assert most[0] == (1 if is_sqlite() else answer_voices.AT_ONCE)


def test_a_server_and_a_worker_killed_mid_run_lose_no_written_answer(app, database_url, tmp_path):
    """A real `engage serve` takes written answers and is killed with SIGKILL while residents are
    still sending; then a real `engage worker` is killed half-way through analysing them. Every
    acknowledged answer is stored once, and a second worker makes each its one voice."""
    import asyncio

    from engage.voices.tables import PendingAnalysis, Voice
    from surveys.responses import receipt_hash
    from surveys.tables import Answer, Response

    jobs_url = _redis_or_skip()
    c, questions = asyncio.run(make_consultation("burst", kinds=["long_text"]))
    port = free_port()
    env = {**os.environ, "ENGAGE_DATABASE_URL": database_url, "ENGAGE_ENV": "development",
           "ENGAGE_SECRET_KEY": SECRET_KEY, "ENGAGE_JOBS_URL": jobs_url, "ENGAGE_JOBS_NAME": f"kill-{uuid.uuid4().hex}",
           "ENGAGE_JOBS_IMMEDIATE": "0", "ENGAGE_REDIS_URL": "", "ENGAGE_API_SUBMISSIONS_PER_MINUTE": "100000",
           "ENGAGE_DATABASE_POOL_SIZE": "4"}
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "engage", "serve", "--no-migrate", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    processes = [server]
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _up(base), 90, "engage serve to start", every=0.2)
        receipts: list[str] = []
        with httpx.Client(base_url=base, timeout=10) as http:
            for n in range(300):
                if n == 120:
                    server.send_signal(signal.SIGKILL)  # mid-burst: no chance to finish anything
                try:
                    sent = http.post(f"/api/consultations/{c['slug']}/responses",
                                     json={"answers": {str(questions[0]["id"]): f"{COMPLAINT} (number {n})"}})
                except httpx.HTTPError:
                    break
                assert sent.status_code == 201, sent.text
                receipts.append(sent.json()["receipt"])
        server.wait(10)
        assert len(receipts) >= 100

        async def counts():
            hashes = [receipt_hash(SECRET_KEY, r) for r in receipts]
            stored = await Response.count().where(Response.receipt_hash.is_in(hashes))
            return stored, await Response.count(), await PendingAnalysis.count(), await Voice.count()

        stored, responses, waiting, voices = asyncio.run(counts())
        assert stored == responses == len(receipts)  # every acknowledged answer, once, and nothing else
        assert waiting + voices >= 1 and waiting >= 1  # the rest still queued, durably

        worker_log = open(tmp_path / "worker.log", "w")
        # At the test's own priority (--nice 0): at the command's default (10) the workers got a tenth of a
        # core beside the other xdist worker and Chromium, and this test took 60 s a run instead of 8-25.
        # What is tested here is what a killed worker loses; the default's effect is checked on its own
        # (test_jobs_worker.py, the `engage worker` process's priority).
        command = [sys.executable, "-m", "engage", "worker", "--no-migrate", "--heartbeat", "0.5", "--nice", "0"]
        first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT)
        processes.append(first)
        wait_for(lambda: asyncio.run(counts())[3] > 0, 120, "the first worker to write some voices", every=0.2)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        second = subprocess.Popen(command, cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT)
        processes.append(second)
        wait_for(lambda: asyncio.run(counts())[2] == 0, 180, "every written answer to be analysed", every=0.2)

        async def voices_per_answer():
            rows = await Voice.select(Voice.answer).run()
            return len(rows), len({r["answer"] for r in rows}), await Answer.count()

        voices, distinct, answers = asyncio.run(voices_per_answer())
        assert voices == distinct == answers == len(receipts)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)
        from huey import RedisHuey

        RedisHuey(env["ENGAGE_JOBS_NAME"], url=jobs_url).storage.flush_all()  # a shared server: leave nothing


def _up(base: str) -> bool:
    try:
        return httpx.get(base + "/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
