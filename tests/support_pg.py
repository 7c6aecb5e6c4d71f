"""PostgreSQL for the suite's shared app: connections kept per event loop instead of one per query.

The shared test app runs without a pool (settings.database_pool_size=0): the test and the Litestar
test client each run their own event loop (the client's is in a thread of its own, one per client),
and an asyncpg pool belongs to the loop it started on. Without a pool Piccolo opens a connection for
every query, and PostgreSQL starts a server process for each: that was most of the PostgreSQL half of
the suite's time. This engine keeps a few connections for each event loop that uses it, so a test's
own queries and its client's requests each reuse theirs. Connections on a loop are closed when the
app's shutdown runs there (engage.db.stop, as for a real pool) and, for the test's own loop, when the
`app` fixture ends (close_loop_connections).

Nothing else changes: queries, transactions and engage.db.fetch's straight-to-asyncpg path run as
they do with a real pool (they see `engine.pool` set).
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from piccolo.engine.postgres import PostgresEngine

KEEP_IDLE = 4  # per loop: a request seldom holds more than one or two at once
# At most this many open at once per loop, as a worker's pool (Settings.database_pool_size): a test of
# thirty requests at once waits for a connection as the app would, instead of opening hundreds.
MAX_OPEN = 10


class LoopConnections:
    """The `pool` Piccolo and engage.db see on one event loop: acquire/release/close/terminate."""

    def __init__(self, config: dict[str, Any]):
        self.config = config
        self.idle: list[asyncpg.Connection] = []
        self.open: set[asyncpg.Connection] = set()
        self.slots: asyncio.Semaphore | None = None  # made on the loop that uses it (MAX_OPEN)

    def acquire(self) -> "_Acquire":
        return _Acquire(self)

    async def take(self) -> asyncpg.Connection:
        if self.slots is None:
            self.slots = asyncio.Semaphore(MAX_OPEN)
        await self.slots.acquire()
        try:
            while self.idle:
                connection = self.idle.pop()
                if not connection.is_closed():
                    return connection
                self.open.discard(connection)
            connection = await asyncpg.connect(**self.config)
        except BaseException:
            self.slots.release()
            raise
        self.open.add(connection)
        return connection

    async def release(self, connection: asyncpg.Connection) -> None:
        try:
            if connection.is_closed():
                self.open.discard(connection)
                return
            if connection.is_in_transaction():  # as asyncpg's pool does: nothing left open for the next user
                await connection.execute("ROLLBACK")
            if len(self.idle) < KEEP_IDLE:
                self.idle.append(connection)
            else:
                self.open.discard(connection)
                await connection.close()
        finally:
            if self.slots is not None:
                self.slots.release()

    async def close(self) -> None:
        connections, self.open, self.idle, self.slots = list(self.open), set(), [], None
        for connection in connections:
            try:
                await connection.close(timeout=2)
            except Exception:  # noqa: BLE001 - a connection the server already dropped
                connection.terminate()

    def terminate(self) -> None:
        connections, self.open, self.idle, self.slots = list(self.open), set(), [], None
        for connection in connections:
            try:
                connection.terminate()
            except RuntimeError:  # its loop is closed; the socket closes when it is collected
                pass


class _Acquire:
    """Both `await pool.acquire()` (Piccolo's transactions) and `async with pool.acquire()`."""

    def __init__(self, pool: LoopConnections):
        self.pool = pool
        self.connection: asyncpg.Connection | None = None

    def __await__(self):
        return self.pool.take().__await__()

    async def __aenter__(self) -> asyncpg.Connection:
        self.connection = await self.pool.take()
        return self.connection

    async def __aexit__(self, *exc) -> None:
        assert self.connection is not None
        await self.pool.release(self.connection)


class LoopPooledPostgresEngine(PostgresEngine):
    """A PostgresEngine whose `pool` is the running event loop's LoopConnections."""

    def __init__(self, *args, **kwargs):
        self._loops: dict[asyncio.AbstractEventLoop, LoopConnections] = {}
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def pool(self) -> LoopConnections | None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        if loop not in self._loops:
            self._forget_closed_loops()
            self._loops[loop] = LoopConnections(self.config)
        return self._loops[loop]

    @pool.setter
    def pool(self, value) -> None:
        # Piccolo sets None at start; engage.db.stop sets None once it has taken the pool to close it.
        if value is not None:
            raise ValueError("this engine keeps its own connections per event loop")
        try:
            self._loops.pop(asyncio.get_running_loop(), None)
        except RuntimeError:
            pass

    async def start_connection_pool(self, **kwargs) -> None:
        """A test that starts a pool (engage.db.start) gets this loop's: it behaves as one."""

    def _forget_closed_loops(self) -> None:
        for loop in [loop for loop in self._loops if loop.is_closed()]:
            self._loops.pop(loop).terminate()

    async def close_loop_connections(self) -> None:
        """Close this loop's connections (the `app` fixture's teardown) and any a closed loop left."""
        self._forget_closed_loops()
        pool = self._loops.pop(asyncio.get_running_loop(), None)
        if pool is not None:
            await pool.close()

    def open_connections(self) -> int:
        return sum(len(pool.open) for pool in self._loops.values())


def make_test_engine(url: str):
    """engage.db.make_engine, but PostgreSQL keeps its connections per event loop."""
    from engage import db

    engine = db.make_engine(url)
    if isinstance(engine, PostgresEngine):
        return LoopPooledPostgresEngine(config=engine.config, log_queries=False)
    return engine
