"""The jobs engage knows: a name, the async function that does the work, and how to retry it.

    @job("summaries.refresh", retries=5, retry_delay=2, coalesce_seconds=2)
    async def refresh_rollups() -> None: ...

A job's function takes keyword arguments of plain JSON values (they are stored in the queue)
and may run more than once (a worker lost mid-way means it runs again), so it must be safe to
repeat. Retries wait `retry_delay` seconds, multiplied by `backoff` after each failure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Coroutine

from huey import crontab

JobFunction = Callable[..., Coroutine[Any, Any, Any]]


@dataclass(frozen=True)
class Job:
    name: str
    function: JobFunction
    title: str  # for admins: what this job does
    retries: int = 3
    retry_delay: float = 5.0  # seconds before the first retry
    backoff: float = 2.0  # each later wait is this many times the one before
    # Requests within this many seconds of the last (in one process) are one: a burst of page views
    # that each find the rollups stale queues one refresh, not hundreds.
    coalesce_seconds: float = 0.0
    # Not queued again while the same job with the same arguments is already waiting (a running one
    # may have read the data before the change that asked for it, so it does not count).
    unique: bool = False
    # Periodic jobs: huey's crontab validator (minute resolution), run by every worker's scheduler.
    schedule: Callable[[dt.datetime], bool] | None = None


JOBS: dict[str, Job] = {}


def job(name: str, *, title: str, retries: int = 3, retry_delay: float = 5.0, backoff: float = 2.0,
        coalesce_seconds: float = 0.0, unique: bool = False,
        schedule: Callable[[dt.datetime], bool] | None = None):
    """Register an async function as the job `name`."""
    def register(function: JobFunction) -> JobFunction:
        if name in JOBS and JOBS[name].function is not function:
            raise ValueError(f"two jobs named {name!r}")
        JOBS[name] = Job(name, function, title, retries, retry_delay, backoff, coalesce_seconds, unique, schedule)
        return function
    return register


def daily(hour: int, minute: int = 0) -> Callable[[dt.datetime], bool]:
    return crontab(minute=str(minute), hour=str(hour))


def every_minutes(n: int) -> Callable[[dt.datetime], bool]:
    return crontab(minute=f"*/{n}")


def get(name: str) -> Job:
    try:
        return JOBS[name]
    except KeyError:
        raise LookupError(f"no job named {name!r}") from None
