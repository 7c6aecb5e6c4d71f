"""Waiting for a database read at most so long, at start-up, without waiting for it to give up.

A worker still starting cannot act on SIGTERM, and asyncpg waits a minute for a silent
database; `asyncio.wait_for` would then wait again for the cancellation to finish. The read is
left behind instead (its outcome is collected, so nothing is logged as never retrieved).
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable


async def within(awaitable: Awaitable[Any], seconds: float) -> tuple[Any, str]:
    """(result, "") when it finished in time; (None, what went wrong) when not."""
    task = asyncio.ensure_future(awaitable)
    task.add_done_callback(lambda t: t.cancelled() or t.exception())  # may be left behind
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
        return None, "timed out"
    if task.exception() is not None:
        return None, type(task.exception()).__name__
    return task.result(), ""
