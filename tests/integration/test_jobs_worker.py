"""Background jobs through real `engage worker` processes, on the embedded default (a SQLite
queue file) and on Redis: a job is done; a job survives its worker being killed mid-way and is
done once; a failing job is retried with growing waits, and one that keeps failing is kept, with
its error, for an admin.

Each test has its own queue (its own file, or its own name: a Redis key prefix), so tests run
in parallel without meeting. One test starts the `engage worker` command itself; the others fork
worker processes from the test process (run_worker, what the command runs, in a process of its
own that can be killed), which saves the seconds a fresh interpreter takes to import engage."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from engage.jobs.queue import JobQueue
from engage.jobs.worker import run_worker
from engage.settings import Settings
from tests.support import wait_for
from tests.support_jobs import lines

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("ENGAGE_TEST_REDIS", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("ENGAGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _redis_reachable() -> bool:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except redis.RedisError:
        return False


@pytest.fixture(params=["sqlite", "redis"])
def queue(request, tmp_path):
    """A queue of this test's own, and the environment a worker needs to serve it."""
    if request.param == "redis" and not _redis_reachable():
        if IN_CI:
            pytest.fail(f"Redis is unreachable at {REDIS_URL} in CI")
        pytest.skip("Redis unreachable; set ENGAGE_TEST_REDIS")
    url = {"sqlite": f"sqlite:///{tmp_path / 'jobs.sqlite'}", "redis": REDIS_URL, "postgresql": PG_URL}[request.param]
    name = f"test-{uuid.uuid4().hex[:12]}"
    settings = Settings(env="test", database_url=f"sqlite:///{tmp_path / 'engage.sqlite'}", jobs_url=url,
                        jobs_name=name, jobs_immediate=False)
    q = JobQueue(settings)
    q.env = {**os.environ, "ENGAGE_DATABASE_URL": settings.database_url, "ENGAGE_JOBS_URL": url,
             "ENGAGE_JOBS_NAME": name, "ENGAGE_JOBS_IMMEDIATE": "0", "ENGAGE_REDIS_URL": ""}
    q.workers = []
    yield q
    for worker in q.workers:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
    if request.param != "sqlite":  # a shared server: leave nothing of this queue behind
        q.huey.storage.flush_all()
    q.close()


def start_engage_worker(queue, tmp_path) -> subprocess.Popen:
    """The `engage worker` command, as an operator runs it."""
    log = open(tmp_path / f"worker-{len(queue.workers)}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "engage", "worker", "--no-migrate", "--no-periodic", "--heartbeat", "0.3",
         "--import", "tests.support_jobs"],
        cwd=ROOT, env=queue.env, stdout=log, stderr=subprocess.STDOUT)
    queue.workers.append(process)
    return process


def _worker_main(settings: Settings, log_path: str) -> None:
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 1)
    os.dup2(log, 2)
    try:
        run_worker(settings, periodic=False, heartbeat=0.3)
    finally:
        os._exit(0)  # not through pytest's exit handlers, which belong to the parent


class Forked:
    """A forked worker process, with the few Popen methods the tests use."""

    def __init__(self, process: multiprocessing.Process) -> None:
        self.process = process

    def poll(self):
        return self.process.exitcode

    def send_signal(self, signum: int) -> None:
        os.kill(self.process.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def wait(self, timeout: float) -> int | None:
        self.process.join(timeout)
        return self.process.exitcode

    @property
    def returncode(self):
        return self.process.exitcode


def start_worker(queue, tmp_path) -> Forked:
    process = multiprocessing.get_context("fork").Process(
        target=_worker_main, args=(queue.settings, str(tmp_path / f"worker-{len(queue.workers)}.log")), daemon=True)
    process.start()
    worker = Forked(process)
    queue.workers.append(worker)
    return worker


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(15)


def test_a_job_queued_before_any_worker_runs_is_done_by_an_engage_worker_process(queue, tmp_path):
    path = str(tmp_path / "done.txt")
    queue.enqueue("tests.slow", {"path": path, "seconds": 0})
    assert [j.name for j in queue.queued()] == ["tests.slow"]  # stored, waiting: no worker yet
    # The command itself on the embedded default; a forked worker on Redis (the same run_worker).
    worker = start_engage_worker(queue, tmp_path) if "sqlite" in queue.settings.jobs_url else start_worker(queue, tmp_path)
    wait_for(lambda: lines(path, "done"), what="the job to be done")
    wait_for(lambda: not queue.queued() and not queue.running(), what="the queue to empty")
    if isinstance(worker, subprocess.Popen):
        # The command runs below the web workers' priority (its --nice, 10 by default), so a
        # burst's analysis never competes with residents' requests for the CPU.
        # (19 at most, the lowest there is: a suite run under `nice -n 10` still sees 10 -> 19.)
        assert os.getpriority(os.PRIO_PROCESS, worker.pid) == min(os.getpriority(os.PRIO_PROCESS, 0) + 10, 19)
    stop(worker)
    assert worker.returncode == 0
    assert len(lines(path, "done")) == 1


@pytest.mark.parametrize("queue", ["sqlite", "redis", "postgresql"], indirect=True)
def test_a_job_survives_its_worker_being_killed_mid_way_and_completes_exactly_once(queue, tmp_path):
    path = str(tmp_path / "slow.txt")
    job_id = queue.enqueue("tests.slow", {"path": path, "seconds": 1.0})
    first = start_worker(queue, tmp_path)
    wait_for(lambda: lines(path, "start"), what="the job to start")
    assert [j.id for j in queue.running()] == [job_id]  # admins see it running
    first.send_signal(signal.SIGKILL)  # no chance to put it back itself
    first.wait(10)
    assert lines(path, "done") == []

    second = start_worker(queue, tmp_path)  # finds the dead worker's lease and runs the job again
    wait_for(lambda: lines(path, "done"), what="the job to finish on the second worker")
    wait_for(lambda: not queue.running(), what="the lease to go")
    time.sleep(0.6)  # twice the heartbeat: long enough for a duplicate to show itself
    stop(second)
    assert len(lines(path, "start")) == 2 and len(lines(path, "done")) == 1
    assert queue.queued() == [] and queue.scheduled() == [] and queue.failed() == []


def test_a_failing_job_is_retried_with_growing_waits_and_one_that_keeps_failing_is_kept_for_admins(queue, tmp_path):
    flaky = str(tmp_path / "flaky.txt")
    broken = str(tmp_path / "broken.txt")
    queue.enqueue("tests.flaky", {"path": flaky, "failures": 2})
    broken_id = queue.enqueue("tests.broken", {"path": broken})
    worker = start_worker(queue, tmp_path)
    wait_for(lambda: len(lines(broken)) == 1 and queue.failed(), what="the broken job to fail")
    [failed] = queue.failed()
    assert failed.id == broken_id and "ValueError: the printer is on fire" in failed.error

    # Watch the retries wait: after each failed attempt the job is scheduled again, later each time.
    waits: dict[int, float] = {}  # attempt number -> seconds from that attempt to the retry's due time

    def watch() -> bool:
        attempts = lines(flaky, "attempt")
        for job in queue.scheduled():
            if job.name == "tests.flaky" and attempts:
                waits.setdefault(len(attempts), job.when.timestamp() - float(attempts[-1].split()[1]))
                assert f"attempt {len(attempts)} failed on purpose" in job.error  # the last error, for admins
                assert job.retries_left == 3 - len(attempts)
        return bool(lines(flaky, "done"))

    wait_for(watch, timeout=20, what="the flaky job to succeed")
    stop(worker)
    assert len(lines(flaky, "attempt")) == 3
    assert 0.35 <= waits[1] <= 0.8 and 1.15 <= waits[2] <= 1.6, waits  # 0.4 s, then 1.2 s (backoff 3)
    assert [j.id for j in queue.failed()] == [broken_id]  # the flaky one succeeded in the end

    # An admin retries the broken job: queued again with its tries renewed, out of the failed list.
    new_id = queue.retry(broken_id)
    assert new_id and queue.failed() == [] and [j.id for j in queue.queued()] == [new_id]
    assert queue.retry(broken_id) is None  # once


async def test_engage_serve_runs_a_worker_in_process_on_a_sqlite_queue_only(tmp_path, monkeypatch):
    from litestar.testing import AsyncTestClient

    from engage import background
    from engage.app import serve_app

    dispatcher = background.current()
    monkeypatch.setenv("ENGAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'engage.sqlite'}")
    monkeypatch.setenv("ENGAGE_JOBS_IMMEDIATE", "0")
    monkeypatch.setenv("ENGAGE_JOBS_NAME", f"serve-{uuid.uuid4().hex[:8]}")
    monkeypatch.delenv("ENGAGE_REDIS_URL", raising=False)
    monkeypatch.delenv("ENGAGE_JOBS_URL", raising=False)
    try:
        app = serve_app()
        assert len(app.on_startup) == 2  # the app's own start-up, then the worker's
        path = str(tmp_path / "served.txt")
        async with AsyncTestClient(app=app):
            app.state.jobs.enqueue("tests.slow", {"path": path, "seconds": 0})
            deadline = time.monotonic() + 15
            while not lines(path, "done"):
                assert time.monotonic() < deadline, "the in-process worker did not run the job"
                await asyncio.sleep(0.05)
        assert (tmp_path / "engage-jobs.sqlite").exists()  # the queue file beside the database

        monkeypatch.setenv("ENGAGE_JOBS_URL", REDIS_URL)  # a shared queue: `engage worker`s serve it
        assert len(serve_app().on_startup) == 1
    finally:
        background.install(dispatcher)
