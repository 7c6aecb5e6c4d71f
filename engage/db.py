"""The database engine: built from ENGAGE_DATABASE_URL and bound to every table.

Piccolo binds tables to an engine lazily through PICCOLO_CONF; the app (and the test
suite, which runs the same tests on SQLite and PostgreSQL) rebinds them explicitly so one
process can point at the database its settings name.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import AsyncIterator
from urllib.parse import unquote, urlparse

from piccolo.apps.migrations.tables import Migration
from piccolo.conf.apps import Finder
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from engage.sqlite_pool import PooledSQLiteEngine


def make_engine(url: str) -> Engine:
    """Build a Piccolo engine from a URL: sqlite:///path or postgresql://user@host/db."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative.db or sqlite:////absolute/path.db (three slashes, then the path)
        path = unquote(url.split("://", 1)[1][1:]) if url.startswith("sqlite:///") else ""
        # Waiting for a lock (timeout) beats failing when two workers write at once.
        return PooledSQLiteEngine(path=path or "engage.sqlite", timeout=30)
    if parsed.scheme in {"postgres", "postgresql", "postgresql+asyncpg"}:
        dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
        return PostgresEngine(config={"dsn": dsn}, log_queries=False)
    raise ValueError(f"Unsupported database URL {url!r}: use sqlite:///file or postgresql://...")


def all_tables() -> list[type]:
    return Finder().get_table_classes()


_current: Engine | None = None


def use_engine(engine: Engine) -> None:
    """Bind every registered table (and Piccolo's migration table) to one engine."""
    global _current

    _current = engine
    for table in [*all_tables(), Migration]:
        table._meta.db = engine


def current_engine() -> Engine:
    if _current is None:

        engine = engine_finder()
        assert engine is not None, "no database engine configured"
        return engine
    return _current


def is_sqlite() -> bool:
    return isinstance(current_engine(), SQLiteEngine)


@asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """One atomic unit of work; on SQLite take the write lock up front so concurrent
    writers queue instead of failing half-way with 'database is locked'."""
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            yield


@lru_cache(maxsize=64)
def _numbered(sql: str) -> str:
    """Piccolo's {} placeholders as PostgreSQL's $1, $2, ..."""
    parts = sql.split("{}")
    return "".join(part + (f"${i}" if i < len(parts) else "") for i, part in enumerate(parts, start=1))


def outside_transaction_on_pool() -> bool:
    """PostgreSQL with a connection pool, and no transaction open in this task: a statement sent now
    runs on a connection of its own, atomic by itself."""
    engine = current_engine()
    return isinstance(engine, PostgresEngine) and engine.pool is not None and engine.current_transaction.get() is None


async def fetch(table: type, sql: str, *args) -> list[dict]:
    """A raw statement with {} placeholders, as rows of dicts. On PostgreSQL with a pool and no
    open transaction it goes straight to asyncpg: on the residents' submission path Piccolo's
    query building and result conversion were a tenth of the CPU. Otherwise through `table.raw`."""
    if outside_transaction_on_pool():
        async with current_engine().pool.acquire() as connection:
            return [dict(row) for row in await connection.fetch(_numbered(sql), *args)]
    return await table.raw(sql, *args).run()


async def fetch_planned(table: type, sql: str, *args, work_mem: str = "") -> list[dict]:
    """fetch(), but on PostgreSQL with no JIT compilation (and optionally more work_mem), for a
    read of one consultation's rows: PostgreSQL's row estimates for json_array_elements and
    grouped CTEs overshoot enough to cross jit_above_cost, and compiling then costs more than
    the statement. The settings are SET LOCAL (set_config(..., true)) in a transaction of their
    own, so they end with it; elsewhere (SQLite, an open transaction) it is plain fetch()."""
    engine = current_engine()
    if not (isinstance(engine, PostgresEngine) and engine.pool is not None
            and engine.current_transaction.get() is None):
        return await fetch(table, sql, *args)
    settings = "SELECT set_config('jit', 'off', true)"
    if work_mem:
        settings += ", set_config('work_mem', $1, true)"
    async with engine.pool.acquire() as connection, connection.transaction(readonly=True):
        await connection.execute(settings, *([work_mem] if work_mem else []))
        return [dict(row) for row in await connection.fetch(_numbered(sql), *args)]


async def _keep_session(connection) -> None:
    """Nothing to reset when a connection goes back to the pool (asyncpg still rolls back any
    open transaction first). asyncpg's default reset is a round trip on every release (UNLISTEN,
    advisory-lock release, RESET ALL), and engage never leaves session state behind: its locks
    are pg_advisory_xact_lock and its settings SET LOCAL, both ending with their transaction."""


CONNECT_SECONDS = 5


async def start(engine: Engine, pool_size: int = 10) -> None:
    if isinstance(engine, PostgresEngine) and pool_size > 0:
        # A bounded connect: asyncpg waits a minute by default, and a worker starting (or a request
        # opening a connection) while the database is silent must give up long before that.
        await engine.start_connection_pool(min_size=1, max_size=pool_size, reset=_keep_session,
                                           timeout=CONNECT_SECONDS)


async def stop(engine: Engine, timeout: float = 1.0) -> None:
    """Close the pool, waiting at most `timeout` seconds. After an outage asyncpg's close waits
    for connections that were never given back, which held shutdown for over a minute: past the
    timeout every connection is terminated instead. On SQLite, the kept connections are closed."""
    if isinstance(engine, PooledSQLiteEngine):
        engine.close_idle()
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        pool, engine.pool = engine.pool, None
        # asyncio.wait, not wait_for: on timeout wait_for cancels pool.close() and then waits for
        # the cancellation to finish, which on a silent connection never comes.
        closing = asyncio.ensure_future(pool.close())
        closing.add_done_callback(lambda task: task.cancelled() or task.exception())  # nobody awaits it
        done, _ = await asyncio.wait({closing}, timeout=timeout)
        if not done or closing.exception() is not None:
            pool.terminate()
