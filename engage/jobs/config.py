"""Which queue the settings name: a SQLite file, Redis or PostgreSQL, all through huey.

- `ENGAGE_JOBS_URL=sqlite:///path` (the embedded default, beside the database): no server;
  any number of worker processes on the one machine share the file.
- `redis://...` (the default when `ENGAGE_REDIS_URL` is set): workers on any number of machines.
- `postgresql://...` (the default when the database is PostgreSQL and there is no Redis): the
  queue's tables (`engage_jobs_*`) live beside engage's own; workers take tasks with
  `FOR UPDATE SKIP LOCKED` and wake on LISTEN/NOTIFY, on any number of machines.

`ENGAGE_JOBS_NAME` keeps queues apart within one store (a Redis key prefix, a column value in
SQLite and PostgreSQL): two deployments, or two tests, may share a server.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from huey import PostgresHuey, RedisHuey, SqliteHuey
from huey.api import Huey

from engage.settings import Settings

TABLE_PREFIX = "engage_jobs"


class QueueConfigError(ValueError):
    """ENGAGE_JOBS_URL names a queue engage cannot use."""


def queue_url(settings: Settings) -> str:
    """The queue's URL: the setting, else Redis, else PostgreSQL, else a SQLite file by the database."""
    if settings.jobs_url:
        return settings.jobs_url
    if settings.redis_url:
        return settings.redis_url
    if not settings.is_sqlite:
        return settings.database_url
    database = _sqlite_path(settings.database_url)
    return f"sqlite:///{database.with_name(database.stem + '-jobs.sqlite')}"


def is_immediate(settings: Settings) -> bool:
    """Immediate: each job runs at once, in the caller (the test suite's default)."""
    return settings.env == "test" if settings.jobs_immediate is None else settings.jobs_immediate


def kind(url: str) -> str:
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in {"redis", "rediss", "unix"}:
        return "redis"
    if scheme in {"postgres", "postgresql", "postgresql+asyncpg"}:
        return "postgresql"
    raise QueueConfigError(f"Unsupported ENGAGE_JOBS_URL {url!r}: use sqlite:///file, redis://... or postgresql://...")


def _sqlite_path(url: str) -> Path:
    # sqlite:///relative.db or sqlite:////absolute/path.db, as for the database
    path = unquote(url.split("://", 1)[1][1:]) if url.startswith("sqlite:///") else ""
    return Path(path or "engage.sqlite")


def make_huey(settings: Settings) -> Huey:
    """The huey instance for the queue the settings name (no tasks registered yet)."""
    url = queue_url(settings)
    name = settings.jobs_name
    which = kind(url)
    if which == "sqlite":
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        # timeout: wait for the file's write lock rather than fail when workers enqueue at once.
        return SqliteHuey(name, filename=str(path), timeout=30, utc=True)
    if which == "redis":
        return RedisHuey(name, url=url, utc=True)
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    return PostgresHuey(name, dsn=dsn, table_prefix=TABLE_PREFIX, utc=True)


def describe(settings: Settings) -> str:
    """The queue for people: its kind and where, with no password."""
    url = queue_url(settings)
    which = kind(url)
    if which == "sqlite":
        return f"SQLite file {_sqlite_path(url)}"
    parsed = urlparse(url)
    return f"{'Redis' if which == 'redis' else 'PostgreSQL'} at {parsed.hostname}:{parsed.port or ''}{parsed.path}"
