"""Group commit: writes that arrive together go to the database as one statement.

Under a burst every worker has many submissions in flight at once, and each costs PostgreSQL a
statement of its own: parse, plan, executor start, commit. One statement for all of them costs
about half as much per row (benchmarks/load.py). A write waits only while the statement before it
is running: one arriving alone goes at once, so nothing is delayed to fill a batch, and the busier
the database the larger the batches.

Every caller still gets its own answer: its own rows, or its own exception. When the statement for
a batch fails, each write of the batch is tried again alone, so one bad write cannot fail the
others.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass
class _Queue(Generic[Item, Result]):
    """One event loop's waiting writes (a future holds its loop, so each loop has its own)."""

    waiting: list[tuple[Item, asyncio.Future[Result]]] = field(default_factory=list)
    running: int = 0
    tasks: set[asyncio.Task] = field(default_factory=set)


class GroupCommit(Generic[Item, Result]):
    """`write_many(items)` writes a batch and returns one result per item, in order; `write_one(item)`
    writes one. `key(item)`: writes that must not share a statement (the same submission sent twice at
    once) have the same key; the later one waits for the next batch."""

    def __init__(self, write_many: Callable[[list[Item]], Awaitable[list[Result]]],
                 write_one: Callable[[Item], Awaitable[Result]], *, key: Callable[[Item], Hashable],
                 max_batch: int = 64, max_running: int = 2) -> None:
        self.write_many, self.write_one, self.key = write_many, write_one, key
        self.max_batch, self.max_running = max_batch, max_running
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue[Item, Result]] = (
            weakref.WeakKeyDictionary())

    async def write(self, item: Item) -> Result:
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues[loop] = _Queue()
        future: asyncio.Future[Result] = loop.create_future()
        queue.waiting.append((item, future))
        if queue.running < self.max_running:
            queue.running += 1
            task = loop.create_task(self._drain(queue))
            queue.tasks.add(task)  # held, so the task is not collected while it runs
            task.add_done_callback(queue.tasks.discard)
        # Shielded: a caller that goes away (a client disconnecting) leaves its write to finish with
        # the batch, as a single statement already sent would.
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            future.add_done_callback(_nobody_waits)
            raise

    async def _drain(self, queue: _Queue[Item, Result]) -> None:
        try:
            while queue.waiting:
                batch = self._take(queue)
                await self._write_batch(batch)
        finally:
            queue.running -= 1

    def _take(self, queue: _Queue[Item, Result]) -> list[tuple[Item, asyncio.Future[Result]]]:
        batch: list[tuple[Item, asyncio.Future[Result]]] = []
        left: list[tuple[Item, asyncio.Future[Result]]] = []
        keys: set[Hashable] = set()
        for entry in queue.waiting:
            key = self.key(entry[0])
            if len(batch) < self.max_batch and key not in keys:
                keys.add(key)
                batch.append(entry)
            else:
                left.append(entry)
        queue.waiting[:] = left
        return batch

    async def _write_batch(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            await self._write_each_answered(batch)
        except BaseException as error:  # cancelled (the loop closing) or a bug: no caller waits for ever
            for _, future in batch:
                if not future.done():
                    future.set_exception(error if isinstance(error, Exception) else RuntimeError("write stopped"))
            raise

    async def _write_each_answered(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        if len(batch) > 1:
            try:
                results = await self.write_many([item for item, _ in batch])
            except Exception:
                pass  # each on its own below, so each caller gets its own answer
            else:
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
                return
        for item, future in batch:
            try:
                result = await self.write_one(item)
            except Exception as error:  # the caller's own failure, raised where it waits
                if not future.done():
                    future.set_exception(error)
            else:
                if not future.done():
                    future.set_result(result)


def _nobody_waits(future: asyncio.Future) -> None:
    """The caller went away: its write's outcome is read here, so a failure is not reported as never retrieved."""
    if not future.cancelled():
        future.exception()
