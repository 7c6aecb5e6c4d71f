"""The `engage` console command.

Each command imports the code it runs inside its own function: `engage --help`, `engage migrate`
and a worker's start load none of the web app, the analysis or the jobs they do not use.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import time
from urllib.parse import urlparse

import click

from engage.bootstrap import CommandContext, connected, migrate_quietly
from engage.bootstrap import settings_or_fail as _settings


@click.group(help="engage: community engagement and consultation for community safety partnerships.")
@click.pass_context
def main(ctx: click.Context) -> None:
    os.environ.setdefault("PICCOLO_CONF", "engage.piccolo_conf")
    # Commands defined beside their area (engage.voices.command) reach the start-up helpers through
    # the context, so no area imports the CLI.
    ctx.obj = CommandContext(settings=_settings, migrate=migrate_quietly, connected=connected)


@main.command(help="Create or update the database tables (safe to run at any time).")
@click.option("--backwards", is_flag=True, help="Undo every migration (drops all engage tables).")
@click.option("--yes", is_flag=True, help="Do not ask before going backwards.")
def migrate(backwards: bool, yes: bool) -> None:
    settings = _settings()
    if backwards and not yes:
        click.confirm("This drops every engage table and all data in them. Continue?", abort=True)
    migrate_quietly(backwards)
    click.echo(f"Database {'emptied' if backwards else 'up to date'}: {_describe(settings.database_url)}")


def _describe(url: str) -> str:
    parsed = urlparse(url)
    return url if parsed.scheme == "sqlite" else f"{parsed.scheme}://{parsed.hostname}:{parsed.port or 5432}{parsed.path}"


SHUTDOWN_GRACE_SECONDS = 2


@main.command(help="Serve the app (migrating the database first).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--no-migrate", is_flag=True, help="Skip the migration check at start-up.")
def serve(host: str, port: int, workers: int, no_migrate: bool) -> None:
    from engage import listeners

    settings = _settings()
    if not no_migrate:
        migrate_quietly()
    click.echo(f"engage on http://{host}:{port} ({workers} worker{'s' if workers > 1 else ''}, "
               f"{_describe(settings.database_url)})")
    click.echo(_jobs_line(settings))
    # engage.app.serve_app: the app, with a job worker in each process when the queue is SQLite;
    # a listening socket per worker, so connections spread evenly across them (engage.listeners).
    listeners.serve("engage.app:serve_app", factory=True, host=host, port=port, workers=workers,
                    # X-Forwarded-For is the app's to judge (engage.security.proxies, ENGAGE_TRUSTED_PROXIES).
                    proxy_headers=False,
                    access_log=False, server_header=False, log_level="warning",
                    # Requests still running this long after SIGTERM are cut off: stopping must never hang.
                    timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS)


def _jobs_line(settings) -> str:
    from engage.jobs.config import describe
    from engage.jobs.worker import runs_in_process

    where = describe(settings)
    if runs_in_process(settings):
        return f"Background jobs: run in each web process ({where}); `engage worker` adds more."
    return f"Background jobs: queued on {where}; run `engage worker` to work through them."


@main.command(help="Run background jobs (re-analysis, summary rollups, retention) until stopped. "
                   "SIGTERM finishes the running jobs first (up to 30 s); SIGINT stops at once and puts "
                   "them back on the queue. Run as many as you like, on as many machines as share the queue.")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Jobs this process runs at once.")
@click.option("--no-periodic", is_flag=True,
              help="Do not enqueue the periodic jobs (rollup refresh, daily retention) from this worker.")
@click.option("--heartbeat", default=5.0, show_default=True, type=click.FloatRange(0.2, 300),
              help="Seconds between this worker's heartbeats; a worker silent for three is taken as gone "
                   "and the job it was running is run again.")
@click.option("--import", "imports", multiple=True, metavar="MODULE",
              help="Also load the jobs defined in this module (a plug-in's, or the test suite's).")
@click.option("--no-migrate", is_flag=True, help="Skip the migration check at start-up.")
@click.option("--nice", default=10, show_default=True, type=click.IntRange(0, 19),
              help="Lower this process's CPU priority by this much: on a machine shared with `engage serve`, "
                   "analysis yields to residents' requests during a burst and catches up as soon as it ends. "
                   "0 keeps the priority it was started with.")
def worker(threads: int, no_periodic: bool, heartbeat: float, imports: tuple[str, ...], no_migrate: bool,
           nice: int) -> None:
    from engage.jobs.config import QueueConfigError, describe
    from engage.jobs.worker import run_worker

    if nice:
        # A burst of written answers queues seconds of analysis; at the same priority it takes
        # turns with the web workers and shows in every resident's slowest responses (p99).
        os.nice(nice)
    settings = _settings()
    if not no_migrate:
        migrate_quietly()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for module in imports:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise click.ClickException(f"Cannot import {module}: {exc}") from exc
    try:
        click.echo(f"engage worker: {threads} thread{'s' if threads > 1 else ''} on {describe(settings)}, "
                   f"database {_describe(settings.database_url)}")
        run_worker(settings, threads=threads, periodic=not no_periodic, heartbeat=heartbeat)
    except QueueConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command(help="Create an officer account. The password is prompted for, or read from ENGAGE_PASSWORD.")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "officer", "executive"]))
@click.option("--name", default="")
def createuser(email: str, role: str, name: str) -> None:
    from engage.auth.services import AccountError, create_user

    _settings()
    password = os.environ.get("ENGAGE_PASSWORD") or click.prompt(
        "Password (at least 12 characters)", hide_input=True, confirmation_prompt=True)
    migrate_quietly()

    async def run() -> dict:
        async with connected():
            return await create_user(email, role, password, name)

    try:
        user = asyncio.run(run())
    except AccountError as exc:
        raise click.ClickException("; ".join(exc.errors.values())) from exc
    click.echo(f"Created {user['role']} {user['email']}")


@main.command("reset-totp", help="Turn off two-step sign-in for an account whose authenticator is lost (or after "
                                 "ENGAGE_SECRET_KEY changed); they set it up again at their next sign-in. Audited.")
@click.option("--email", required=True)
def reset_totp(email: str) -> None:
    _settings()
    migrate_quietly()

    async def run() -> dict | None:
        from engage.audit import services as audit
        from engage.auth.tables import User
        from engage.security import totp

        async with connected():
            user = await User.select(User.id, User.email).where(User.email == email.strip().lower()).first()
            if user is not None:
                await totp.disable(user["id"])
                await audit.record({"id": None, "email": "console"}, "disable", "totp", user["id"],
                                   {"by": "engage reset-totp"})
            return user

    user = asyncio.run(run())
    if user is None:
        raise click.ClickException(f"No account with the email address {email.strip().lower()}")
    click.echo(f"Two-step sign-in turned off for {user['email']}; they set it up again when they next sign in.")


@main.command(help="Load demo data: consultations, responses and three accounts (safe to run again).")
def demo() -> None:
    from engage.demo import load_demo

    settings = _settings()
    migrate_quietly()
    accounts = asyncio.run(load_demo(settings))
    click.echo("Demo data loaded. Sign in at /login with:")
    for role, email, password in accounts:
        click.echo(f"  {role:<10} {email:<32} {password}")


@main.command(help="Delete responses past their consultation's retention period (safe to run daily).")
def retention() -> None:
    from engage.privacy.retention import apply_retention

    _settings()
    migrate_quietly()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    async def run():
        async with connected():
            return await apply_retention()

    report = asyncio.run(run())
    click.echo(f"Retention: deleted {report.responses} responses, {report.answers} answers, "
               f"{report.about_you} 'about you' rows, {report.voices} voices and {report.followers} addresses "
               "waiting on a decision never published"
               + (f" from {', '.join(report.consultations)}" if report.consultations else "") + ".")


def _register_analysis_commands() -> None:
    # Defined beside the analysis and the voices, which import more than the other commands need.
    from engage.analysis.command import analyse_file_command
    from engage.analysis.train_command import train_analysis_command
    from engage.voices.command import analyse_command, retrain_command

    main.add_command(analyse_file_command, "analyse-file")
    main.add_command(train_analysis_command, "train-analysis")
    main.add_command(analyse_command, "analyse")
    main.add_command(retrain_command, "retrain-analysis")


_register_analysis_commands()


def _register_census_commands() -> None:
    from engage.census.command import census

    main.add_command(census, "census")


_register_census_commands()


@main.command(help="Generate a realistic volume of data (consultations, responses, meetings, analysed voices) "
                   "for demos and benchmarks.")
@click.option("--voices", default=100_000, show_default=True, type=click.IntRange(1, 5_000_000))
@click.option("--years", default=3.0, show_default=True, type=click.FloatRange(0.1, 20))
@click.option("--seed", default=2024, show_default=True, type=int)
def generate(voices: int, years: float, seed: int) -> None:
    from engage.datagen import generate as run_generate

    settings = _settings()
    migrate_quietly()

    async def run() -> dict:
        last = {"at": 0.0}

        def progress(stage: str, done: int, total: int) -> None:
            if time.monotonic() - last["at"] > 2 or done >= total:
                last["at"] = time.monotonic()
                click.echo(f"  {stage}: {done:,} of {total:,}", err=True)

        async with connected():
            return await run_generate(voices=voices, years=years, seed=seed, progress=progress)

    started = time.monotonic()
    made = asyncio.run(run())
    click.echo(f"Generated in {time.monotonic() - started:.0f}s into {_describe(settings.database_url)}:")
    for name, n in made.items():
        click.echo(f"  {name:<16} {n:>9,}")
