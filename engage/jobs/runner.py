"""The event loop a worker runs engage's async services on.

huey calls plain functions from its worker threads; engage's services are coroutines on a
Piccolo engine. Each worker process keeps one event loop in a thread of its own, with the
database engine started on it (a PostgreSQL pool belongs to one loop), and every job's
coroutine is handed to that loop and waited for.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Coroutine

from engage import db
from engage.settings import Settings


class LoopThread:
    def __init__(self, settings: Settings, *, engine=None) -> None:
        self.settings = settings
        # In-process (engage serve on SQLite) the app's engine is reused; a worker makes its own.
        self._own_engine = engine is None
        self.engine = engine or db.make_engine(settings.database_url)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="engage-jobs-loop", daemon=True)

    def start(self) -> "LoopThread":
        if self._own_engine:
            db.use_engine(self.engine)
        self._thread.start()
        # A small pool: a worker's jobs run a few at a time.
        self.run(db.start(self.engine, min(self.settings.database_pool_size, 4)))
        return self

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        """Run a coroutine on the worker's loop and wait for its result (or exception)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        try:
            self.run(db.stop(self.engine))
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=5)


_current: LoopThread | None = None


def install(runner: LoopThread | None) -> None:
    global _current
    _current = runner


def current() -> LoopThread:
    if _current is None:
        raise RuntimeError("no job runner in this process: jobs run in `engage worker` (or `engage serve` on SQLite)")
    return _current
