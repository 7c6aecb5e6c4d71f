"""What every console command does first: read the settings, bring the database up to date.

Kept apart from the command group (engage.cli) so commands defined beside their area reach these
through click's context object (CommandContext) instead of importing the CLI.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sys
import warnings
from dataclasses import dataclass
from typing import AsyncIterator, Callable

import click
from piccolo.apps.migrations.commands.backwards import run_backwards
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.base import Engine

from engage import db
from engage.framework.services import ensure_seeded
from engage.settings import Settings, SettingsError, default_database_url


def settings_or_fail() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


def engine_from_env() -> Engine:
    """The database ENGAGE_DATABASE_URL names now (read per command, so one process can run several)."""
    return db.make_engine(os.environ.get("ENGAGE_DATABASE_URL") or default_database_url())


@contextlib.asynccontextmanager
async def connected(engine: Engine | None = None, pool_size: int = 10) -> AsyncIterator[Engine]:
    """A command's database: every table bound to it, connected for the block, closed after."""
    engine = engine or engine_from_env()
    db.use_engine(engine)
    await db.start(engine, pool_size)
    try:
        yield engine
    finally:
        await db.stop(engine)


async def _migrate(backwards: bool = False) -> None:
    # Importing piccolo_conf builds an engine from ENGAGE_DATABASE_URL: only once settings were checked.
    from engage import piccolo_conf

    engine = engine_from_env()
    piccolo_conf.DB = engine  # Piccolo's migration runner finds its engine here (PICCOLO_CONF)
    async with connected(engine):
        if backwards:
            result = await run_backwards("all", migration_id="all", auto_agree=True)
        else:
            result = await run_forwards("all")
            if result.success:  # the seed framework (engage.framework), once, so a fresh install has it
                await ensure_seeded()
    if not result.success:
        raise click.ClickException(f"Migration failed: {result.message}")


def migrate_quietly(backwards: bool = False) -> None:
    """Run migrations with Piccolo's progress output kept out of the way."""
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer), warnings.catch_warnings():
            # SQLite has no column lengths to change; Piccolo says so (in colour) and skips, rightly.
            warnings.filterwarnings("ignore", message=r".*SQLITE doesn't support changes in length")
            asyncio.run(_migrate(backwards))
    except Exception:
        sys.stderr.write(buffer.getvalue())
        raise


@dataclass(frozen=True)
class CommandContext:
    """click's context object for every `engage` command."""
    settings: Callable[[], Settings]
    migrate: Callable[..., None]
    connected: Callable[..., contextlib.AbstractAsyncContextManager[Engine]]
