"""SQLite, the embedded default, with its connections kept between statements.

Piccolo's SQLiteEngine opens a new connection for every statement outside a transaction: a new
aiosqlite thread, the file opened, `PRAGMA foreign_keys`, and the whole schema (some 60 tables and
their indexes) parsed again on the first statement. On engage's schema that was 2.2 ms a statement
(0.2 ms on a kept connection), and a page runs 5 to 30 of them. Here a statement outside a
transaction borrows an idle connection and gives it back; transactions keep Piccolo's own
connection of their own, so their BEGIN IMMEDIATE and COMMIT are untouched.

A kept connection is only ever idle in autocommit (no transaction open), so it holds no lock and
sees every commit. It is dropped rather than kept when the file at the path is no longer the file
it opened (deleted, replaced by a restore), when it is used from another process (after a fork its
thread is gone), or when its statement failed or was cancelled.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sqlite3
import threading
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, dict_factory

# Idle connections kept per engine: more are opened when more statements run at once, and closed
# after, past this many.
IDLE_CONNECTIONS = 4
# Threads running kept connections' statements, per engine. SQLite runs one writer at a time and the
# GIL one Python thread: more threads only queue inside SQLite. A statement waiting for a lock holds a
# thread, but the transaction it waits for runs on Piccolo's own connection and thread, never on these.
THREADS = 4


class _Kept:
    """A plain sqlite3 connection (used from one thread at a time, by whichever coroutine borrowed it),
    with what tells whether it may still be used: the process that opened it and the file (device and
    inode) it opened. Unlike an aiosqlite connection it has no thread of its own, so one left unclosed
    (an engine dropped, an event loop ended) is closed by sqlite3 itself when it is collected."""

    __slots__ = ("connection", "pid", "file")

    def __init__(self, connection: sqlite3.Connection, pid: int, file: tuple[int, int] | None):
        self.connection, self.pid, self.file = connection, pid, file


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _run(connection: sqlite3.Connection, query: str, args: list[Any]) -> tuple[list[dict], bool]:
    """In a pool thread: the statement's rows, and whether the connection was left inside a transaction."""
    cursor = connection.execute(query, args)
    try:
        return cursor.fetchall(), connection.in_transaction
    finally:
        cursor.close()


class PooledSQLiteEngine(SQLiteEngine):
    """SQLiteEngine whose statements outside a transaction run on kept connections."""

    def __init__(self, path: str = "engage.sqlite", **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        # Set after Piccolo's __init__, whose __slots__ list only its own attributes (subclasses get a __dict__).
        self._idle: list[_Kept] = []
        # Statements come from the app's event loop and, in the CLI and tests, from other threads' loops.
        self._idle_lock = threading.Lock()
        self._threads: concurrent.futures.ThreadPoolExecutor | None = None
        self._threads_pid = 0

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        # A process forked from one that had the pool has the executor but not its threads: a new one.
        if self._threads is None or self._threads_pid != os.getpid():
            self._threads = concurrent.futures.ThreadPoolExecutor(THREADS, thread_name_prefix="engage-sqlite")
            self._threads_pid = os.getpid()
        return self._threads

    def _open(self) -> _Kept:
        """In a pool thread. check_same_thread off: each statement may run on a different pool thread,
        never two at once on one connection (a connection is borrowed by one coroutine at a time)."""
        connection = sqlite3.connect(**{**self.connection_kwargs, "check_same_thread": False})
        connection.row_factory = dict_factory
        connection.execute("PRAGMA foreign_keys = 1")
        return _Kept(connection, os.getpid(), _file_identity(self.path))

    def _usable(self, kept: _Kept) -> bool:
        return kept.pid == os.getpid() and kept.file is not None and kept.file == _file_identity(self.path)

    def _borrow(self) -> _Kept | None:
        while True:
            with self._idle_lock:
                kept = self._idle.pop() if self._idle else None
            if kept is None or self._usable(kept):
                return kept
            _close(kept)

    def _give_back(self, kept: _Kept) -> None:
        if self._usable(kept):
            with self._idle_lock:
                if len(self._idle) < IDLE_CONNECTIONS:
                    self._idle.append(kept)
                    return
        _close(kept)

    def _borrow_and_run(self, kept: _Kept | None, query: str, args: list[Any]) -> tuple[_Kept, list[dict], bool]:
        kept = kept or self._open()
        try:
            rows, in_transaction = _run(kept.connection, query, args)
        except BaseException:
            _close(kept)
            raise
        return kept, rows, in_transaction

    async def _run_in_new_connection(self, query: str, args: list[Any] | None = None,
                                      query_type: str = "generic", table: Any = None) -> Any:
        if query_type == "insert" and self.get_version_sync() < 3.35:
            # No RETURNING before SQLite 3.35: Piccolo's own path reads the new row's key by ROWID.
            return await super()._run_in_new_connection(query, args, query_type, table)
        job = self._executor().submit(self._borrow_and_run, self._borrow(), query, args or [])
        try:
            kept, rows, in_transaction = await asyncio.wrap_future(job)
        except asyncio.CancelledError:
            # The statement may still be running in its thread: its connection is closed once it ends.
            job.add_done_callback(_close_when_done)
            raise
        if in_transaction:  # a raw BEGIN outside Piccolo's transactions: never lend a connection mid-transaction
            _close(kept)
        else:
            self._give_back(kept)
        return rows

    async def close_idle(self) -> None:
        """Close the kept connections and their threads (at shutdown)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for kept in idle:
            _close(kept)
        if self._threads is not None and self._threads_pid == os.getpid():
            threads, self._threads = self._threads, None
            threads.shutdown(wait=False)


def _close(kept: _Kept) -> None:
    # Another process's copy (after a fork) is left to be collected: closing it here would act on
    # the other process's handle.
    if kept.pid == os.getpid():
        try:
            kept.connection.close()
        except sqlite3.Error:
            pass  # a connection that cannot close cleanly is gone all the same


def _close_when_done(job: concurrent.futures.Future) -> None:
    if not job.cancelled() and job.exception() is None:
        _close(job.result()[0])
