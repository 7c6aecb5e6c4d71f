"""SQLite's kept connections (engage.sqlite_pool): statements outside a transaction reuse idle
connections, and reuse never shows stale or half-done data: a database file replaced (a restore)
is read afresh, thirty statements at once each get their own answer, and a connection left inside
a transaction is never lent out again."""

from __future__ import annotations

import asyncio
import os
import sqlite3

from piccolo.querystring import QueryString

from engage.db import make_engine
from engage.sqlite_pool import THREADS, PooledSQLiteEngine


def _database(path, *names: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE place (name TEXT)")
        connection.executemany("INSERT INTO place VALUES (?)", [(name,) for name in names])
    connection.close()


def _engine_on(tmp_path, *names: str, timeout: float = 30) -> tuple[PooledSQLiteEngine, object]:
    """A pooled engine on a new database file holding `names`, and the file's path."""
    path = tmp_path / "engage.sqlite"
    _database(path, *names)
    return PooledSQLiteEngine(path=str(path), timeout=timeout), path


async def _names(engine) -> list[str]:
    rows = await engine.run_querystring(QueryString("SELECT name FROM place ORDER BY name"))
    return [row["name"] for row in rows]


def test_the_embedded_default_keeps_its_connections(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'engage.sqlite'}")
    assert isinstance(engine, PooledSQLiteEngine)


def test_a_database_file_replaced_under_a_running_app_is_read_afresh(tmp_path):
    path, restored = tmp_path / "engage.sqlite", tmp_path / "backup.sqlite"
    _database(path, "Belgrave")
    _database(restored, "Braunstone", "Saffron")
    engine = PooledSQLiteEngine(path=str(path), timeout=30)

    async def scenario():
        assert await _names(engine) == ["Belgrave"]  # a connection is now kept, open on the old file
        os.replace(restored, path)  # as a restore from a backup does
        assert await _names(engine) == ["Braunstone", "Saffron"]
        engine.close_idle()

    asyncio.run(scenario())


def test_statements_reuse_their_connections_and_thirty_at_once_each_get_their_own_answer(tmp_path):
    engine, _ = _engine_on(tmp_path, *(f"ward-{n}" for n in range(30)))

    async def one(n: int) -> list[dict]:
        return await engine.run_querystring(QueryString("SELECT name FROM place WHERE name = {}", f"ward-{n}"))

    async def write(n: int) -> None:
        await engine.run_querystring(QueryString("INSERT INTO place VALUES ({})", f"new-{n}"))

    async def scenario():
        # One after another: the same connection each time, not one opened per statement.
        await one(0)
        kept = [entry.connection for entry in engine._idle]
        await one(1)
        assert [entry.connection for entry in engine._idle] == kept and len(kept) == 1
        # Thirty reads and thirty writes at once: each its own answer, every write committed, none refused
        # for a lock, and no more connections kept afterwards than the pool has threads.
        answers = await asyncio.gather(*(one(n) for n in range(30)))
        assert [rows[0]["name"] for rows in answers] == [f"ward-{n}" for n in range(30)]
        await asyncio.gather(*(write(n) for n in range(30)))
        assert sorted(name for name in await _names(engine) if name.startswith("new-")) == sorted(
            f"new-{n}" for n in range(30))
        assert 1 <= len(engine._idle) <= THREADS
        # Writes through Piccolo's own transactions still see, and are seen by, the kept connections.
        async with engine.transaction():
            await engine.run_querystring(QueryString("INSERT INTO place VALUES ({})", "Aylestone"))
        assert "Aylestone" in await _names(engine)
        engine.close_idle()

    asyncio.run(scenario())


def test_a_connection_left_inside_a_transaction_is_never_lent_again(tmp_path):
    engine, path = _engine_on(tmp_path, "Belgrave", timeout=1)

    async def scenario():
        # A raw BEGIN outside Piccolo's transactions leaves its connection holding the write lock;
        # lent out again, the next statement would join that transaction and never be committed.
        await engine.run_querystring(QueryString("BEGIN IMMEDIATE"))
        await engine.run_querystring(QueryString("INSERT INTO place VALUES ({})", "Spinney Hills"))
        # Closed, not kept: its lock is released, so another writer gets in, and the INSERT ran on
        # a connection of its own, committed.
        other = sqlite3.connect(path, timeout=1)
        other.execute("INSERT INTO place VALUES ('Fosse')")
        other.commit()
        other.close()
        assert await _names(engine) == ["Belgrave", "Fosse", "Spinney Hills"]
        engine.close_idle()

    asyncio.run(scenario())


def test_kept_connections_are_closed_at_shutdown(tmp_path):
    engine, _ = _engine_on(tmp_path, "Belgrave")

    async def scenario():
        await _names(engine)
        kept = list(engine._idle)
        assert kept
        engine.close_idle()
        assert not engine._idle
        for entry in kept:
            try:
                entry.connection.execute("SELECT 1")
            except sqlite3.ProgrammingError:
                continue
            raise AssertionError("a kept connection was still open after shutdown")

    asyncio.run(scenario())
