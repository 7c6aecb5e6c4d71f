"""The job queue: enqueueing engage's jobs on huey, and what admins see and do with them.

One JobQueue per process holds the huey instance for the configured store with every job in
engage.jobs.registry bound to it. `request()` is what engage.background calls: in immediate
mode the job runs at once in the caller; otherwise it is put on the queue for a worker.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from huey import MemoryHuey
from huey.api import Huey, Task
from huey.constants import EmptyData

from engage.jobs import leases, runner, tasks  # noqa: F401 - tasks registers engage's jobs
from engage.jobs.config import is_immediate, make_huey
from engage.jobs.registry import JOBS, Job, get
from engage.settings import Settings

log = logging.getLogger("engage.jobs")


CLOSE_SECONDS = 1.0


def off_loop(fn: Any, *args: Any) -> asyncio.Future:
    """Run a blocking queue call in a daemon thread. Not asyncio.to_thread: the default executor's
    threads are waited for when the event loop closes, so one stuck on a silent database would
    keep a stopping server alive; a daemon thread is simply abandoned."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def settle(result: Any, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        try:
            result, error = fn(*args), None
        except BaseException as exc:  # noqa: BLE001 (handed to the awaiting coroutine)
            result, error = None, exc
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:  # the loop has closed: nobody is waiting any more
            pass

    threading.Thread(target=run, daemon=True).start()
    return future


def _executor(job: Job):
    """The plain function huey calls in a worker thread: the job's coroutine on the worker's loop."""
    def execute(**kwargs: Any) -> None:
        runner.current().run(job.function(**kwargs))
    execute.__name__ = job.name.replace(".", "_")
    execute.__module__ = __name__
    execute.__doc__ = job.title
    return execute


def bind(huey: Huey) -> dict[str, Any]:
    """Register every known job with this huey instance; its task wrappers by job name."""
    wrappers = {}
    for job in JOBS.values():
        options = dict(retries=job.retries, retry_delay=job.retry_delay, retry_backoff=job.backoff, name=job.name)
        if job.schedule is not None:
            wrappers[job.name] = huey.periodic_task(job.schedule, **options)(_executor(job))
        else:
            wrappers[job.name] = huey.task(**options)(_executor(job))
    return wrappers


@dataclass
class JobView:
    """One job as admins see it."""
    id: str
    name: str
    title: str
    state: str  # queued, scheduled (waiting, or waiting to retry), running, failed
    arguments: str
    when: dt.datetime | None = None  # queued: -, scheduled: when it runs, running: started, failed: when
    retries_left: int | None = None
    error: str = ""


def _arguments(kwargs: dict | None) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted((kwargs or {}).items()))[:300]


def _at(seconds: float | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(float(seconds), dt.timezone.utc)


@dataclass
class JobQueue:
    settings: Settings
    immediate: bool | None = None  # None: as the settings say (engage.jobs.config.is_immediate)
    huey: Huey = field(init=False)

    def __post_init__(self) -> None:
        if self.immediate is None:
            self.immediate = is_immediate(self.settings)
        # Immediate mode runs every job in the caller: nothing is stored, so no file or server is touched.
        self.huey = MemoryHuey(self.settings.jobs_name, utc=True) if self.immediate else make_huey(self.settings)
        self.tasks = bind(self.huey)
        self._requested: dict[str, float] = {}
        self._trailing: dict[str, asyncio.TimerHandle] = {}
        self._trailed: set[asyncio.Task] = set()

    # -- asking for work --------------------------------------------------------------------

    async def request(self, name: str, kwargs: dict[str, Any]) -> None:
        """engage.background's dispatcher."""
        job = get(name)
        if self.immediate:
            await job.function(**kwargs)
            return
        if job.coalesce_seconds:
            key = f"{name}|{sorted(kwargs.items())}"
            now = time.monotonic()
            wait = job.coalesce_seconds - (now - self._requested.get(key, -1e9))
            if wait > 0:
                # One request at the end of the window stands for all those within it: work asked for
                # just after the last run started (the last answers of a burst) is never left waiting.
                if key not in self._trailing:
                    self._trailing[key] = asyncio.get_running_loop().call_later(wait, self._trail, key, name, kwargs)
                return
            self._requested[key] = now
        # The store calls block (SQLite, Redis or PostgreSQL): off the event loop.
        try:
            await off_loop(self._enqueue_unless_waiting if job.unique else self.enqueue, name, kwargs)
        except Exception:
            if job.schedule is None:
                raise
            # A periodic job catches up on its own: a page asking for one must not fail with the queue down.
            log.exception("could not queue %s; its next scheduled run will do it", name)

    def _trail(self, key: str, name: str, kwargs: dict[str, Any]) -> None:
        self._trailing.pop(key, None)
        task = asyncio.ensure_future(self.request(name, kwargs))
        self._trailed.add(task)  # held until done (the loop keeps only a weak reference)
        task.add_done_callback(self._trailed.discard)
        task.add_done_callback(lambda t: self._log_failed_request(t, name))

    @staticmethod
    def _log_failed_request(task: asyncio.Future, name: str) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("could not queue %s: %s", name, task.exception())

    def _enqueue_unless_waiting(self, name: str, kwargs: dict[str, Any]) -> str | None:
        waiting = [*self.huey.pending(), *self.huey.scheduled()]
        if any(t.name == name and (t.kwargs or {}) == kwargs and not self.huey.is_revoked(t) for t in waiting):
            return None
        return self.enqueue(name, kwargs)

    def enqueue(self, name: str, kwargs: dict[str, Any] | None = None) -> str:
        """Put the job on the queue; its task id."""
        task = self.tasks[get(name).name].s(**(kwargs or {}))
        self.huey.enqueue(task)
        return task.id

    # -- what admins see ---------------------------------------------------------------------

    def _view(self, task: Task, state: str, **extra: Any) -> JobView:
        job = JOBS.get(task.name)
        return JobView(id=task.id, name=task.name, title=job.title if job else task.name, state=state,
                       arguments=_arguments(task.kwargs), **extra)

    def queued(self, limit: int = 200) -> list[JobView]:
        return [self._view(t, "queued") for t in self.huey.pending(limit) if not self.huey.is_revoked(t)]

    def scheduled(self, limit: int = 200) -> list[JobView]:
        errors = leases.items(self.huey, leases.LAST_ERROR)
        out = []
        for t in self.huey.scheduled(limit):
            if self.huey.is_revoked(t):
                continue
            eta = t.eta.replace(tzinfo=dt.timezone.utc) if t.eta and t.eta.tzinfo is None else t.eta
            out.append(self._view(t, "scheduled", when=eta, retries_left=t.retries,
                                  error=errors.get(t.id, {}).get("error", "")))
        return sorted(out, key=lambda v: v.when or dt.datetime.max.replace(tzinfo=dt.timezone.utc))

    def running(self) -> list[JobView]:
        return [JobView(id=task_id, name=lease.get("name", ""), title=getattr(JOBS.get(lease.get("name", "")),
                        "title", lease.get("name", "")), state="running", arguments=_arguments(lease.get("kwargs")),
                        when=_at(lease.get("started")))
                for task_id, lease in leases.items(self.huey, leases.RUNNING).items()]

    def failed(self) -> list[JobView]:
        out = [JobView(id=task_id, name=r.get("name", ""), title=getattr(JOBS.get(r.get("name", "")), "title",
                       r.get("name", "")), state="failed", arguments=_arguments(r.get("kwargs")),
                       when=_at(r.get("failed_at")), error=r.get("error", ""))
               for task_id, r in leases.items(self.huey, leases.FAILED).items()]
        return sorted(out, key=lambda v: v.when or dt.datetime.min.replace(tzinfo=dt.timezone.utc), reverse=True)

    # -- what admins do ----------------------------------------------------------------------

    def retry(self, task_id: str) -> str | None:
        """Queue a failed job again with its retries renewed; the new task id, or None if no such failure."""
        record = leases.items(self.huey, leases.FAILED).get(task_id)
        if record is None or record.get("name") not in JOBS:
            return None
        if self.huey.storage.pop_data(leases.FAILED + task_id) is EmptyData:
            return None  # someone else retried or discarded it a moment ago
        return self.enqueue(record["name"], record.get("kwargs") or {})

    def discard(self, task_id: str) -> bool:
        """Drop a failed, queued or scheduled job; False if there is no such job."""
        if self.huey.storage.pop_data(leases.FAILED + task_id) is not EmptyData:
            return True
        if any(v.id == task_id for v in (*self.queued(), *self.scheduled())):
            self.huey.revoke_by_id(task_id, revoke_once=True)
            self.huey.storage.delete_data(leases.LAST_ERROR + task_id)
            return True
        return False

    def close(self) -> None:
        # In a daemon thread, waited for briefly: with the queue's database silent, closing its
        # connection would otherwise hold up the worker's shutdown.
        def close_storage() -> None:
            try:
                self.huey.storage.close()
            except Exception:  # noqa: BLE001
                pass

        closer = threading.Thread(target=close_storage, daemon=True)
        closer.start()
        closer.join(CLOSE_SECONDS)
