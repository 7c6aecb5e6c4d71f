"""SQLite, the embedded default, with its connections kept between statements.

Piccolo's SQLiteEngine opens a new connection for every statement outside a transaction: a new
aiosqlite thread, the file opened, `PRAGMA foreign_keys`, and the whole schema (some 60 tables and
their indexes) parsed again on the first statement. On engage's schema that was 2.2 ms a statement
(0.2 ms on a kept connection), and a page runs 5 to 30 of them. Here a statement outside a
transaction borrows an idle connection and gives it back; transactions keep Piccolo's own
connection of their own, so their BEGIN IMMEDIATE and COMMIT are untouched.

Each statement is borrowed, run and given back in one pool thread, so the event loop only awaits
its rows, and a statement whose caller was cancelled still ends and gives its connection back. A
kept connection is only ever idle in autocommit (no transaction open), so it holds no lock and sees
every commit. It is closed rather than kept when its statement failed or left a transaction open,
and not lent again when the file at the path is no longer the file it opened (deleted, replaced by
a restore) or when it was opened by another process (before a fork).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import sqlite3
import threading
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, dict_factory

# Threads running kept connections' statements, per engine. A connection is only ever running a
# statement in one of them or idle, so an engine holds at most this many. SQLite runs one writer at
# a time and the GIL one Python thread: more threads only queue inside SQLite. A statement waiting
# for a lock holds a thread, but the transaction it waits for runs on Piccolo's own connection and
# thread, never on these.
THREADS = 4


class _Kept:
    """A plain sqlite3 connection (used by one statement at a time, in whichever pool thread borrowed it),
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
        never two at once on one connection (it is borrowed by one statement at a time)."""
        connection = sqlite3.connect(**{**self.connection_kwargs, "check_same_thread": False})
        connection.row_factory = dict_factory
        connection.execute("PRAGMA foreign_keys = 1")
        return _Kept(connection, os.getpid(), _file_identity(self.path))

    def _usable(self, kept: _Kept) -> bool:
        return kept.pid == os.getpid() and kept.file is not None and kept.file == _file_identity(self.path)

    def _borrow(self) -> _Kept:
        while True:
            with self._idle_lock:
                kept = self._idle.pop() if self._idle else None
            if kept is None:
                return self._open()
            if self._usable(kept):
                return kept
            _close(kept)

    def _run_kept(self, query: str, args: list[Any]) -> list[dict]:
        """In a pool thread: borrow, run, give back (or close)."""
        kept = self._borrow()
        try:
            with contextlib.closing(kept.connection.execute(query, args)) as cursor:
                rows = cursor.fetchall()
        except BaseException:
            _close(kept)
            raise
        # Left inside a transaction (a raw BEGIN outside Piccolo's transactions): never lent again.
        if kept.connection.in_transaction:
            _close(kept)
        else:
            with self._idle_lock:
                self._idle.append(kept)
        return rows

    async def _run_in_new_connection(self, query: str, args: list[Any] | None = None,
                                      query_type: str = "generic", table: Any = None) -> Any:
        if query_type == "insert" and self.get_version_sync() < 3.35:
            # No RETURNING before SQLite 3.35: Piccolo's own path reads the new row's key by ROWID.
            return await super()._run_in_new_connection(query, args, query_type, table)
        return await asyncio.wrap_future(self._executor().submit(self._run_kept, query, args or []))

    def close_idle(self) -> None:
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
