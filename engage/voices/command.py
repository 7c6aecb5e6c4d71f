"""`engage analyse --all`: re-analyse every voice after a framework change or an upgrade.
`engage retrain-analysis`: learn from officers' decisions and store the model for every worker."""

from __future__ import annotations

import asyncio
import getpass

import click


@click.command(help="Re-analyse every voice with the current framework and officers' confirmed examples, "
                    "using every core. Safe to stop and run again.")
@click.option("--all", "all_", is_flag=True, help="Re-analyse every voice (required).")
@click.option("--batch-size", default=100, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--workers", default=0, type=click.IntRange(0, 256), help="Worker processes (default: one per core).")
def analyse_command(all_: bool, batch_size: int, workers: int) -> None:
    if not all_:
        raise click.UsageError("Say what to analyse: --all re-analyses every voice.")
    # When the command runs, not when the CLI starts (engage.cli registers every command at start-up).
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    start = click.get_current_context().obj  # engage.bootstrap.CommandContext
    start.settings()
    start.migrate()

    async def run(progress: Progress) -> int:
        # As above: the CLI's start-up loads no analysis or database code.
        from engage.voices.batch import analyse_all

        async with start.connected():
            task = progress.add_task("Analysing voices", total=None)
            return await analyse_all(batch_size=batch_size, workers=workers or None,
                                     on_total=lambda n: progress.update(task, total=n),
                                     on_batch=lambda n: progress.advance(task, n))

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=False) as progress:
        count = asyncio.run(run(progress))
    click.echo(f"Re-analysed {count} voice{'' if count == 1 else 's'}.")


@click.command(help="Retrain the analysis from officers' decisions (confirmed, rejected and added tags; "
                    "sentiment they set; safeguarding flags they confirmed or cleared) with the shipped corpus, "
                    "print the gain, and store the model in the database for every worker.")
@click.option("--dry-run", is_flag=True, help="Print the gain without storing the model.")
def retrain_command(dry_run: bool) -> None:
    settings = click.get_current_context().obj.settings()  # engage.bootstrap.CommandContext

    async def run() -> None:
        # As above: the CLI's start-up loads no analysis or database code.
        from engage import db
        from engage.voices import model_store
        from engage.voices.retraining import gain_lines, retrain

        engine = db.make_engine(settings.database_url)
        db.use_engine(engine)
        await db.start(engine, pool_size=2)
        try:
            result = await retrain(log=click.echo)
            for line in gain_lines(result):
                click.echo(line)
            if dry_run:
                click.echo("Dry run: the model was not stored; workers keep the one they have.")
                return
            revision = await model_store.store(result.bundle, decisions=result.decided, figures=result.figures,
                                               created_by=getpass.getuser())
            click.echo(f"Stored as analysis model {revision}: every worker tags new and edited voices with it "
                       f"from its next save. Run `engage analyse --all` to re-analyse the voices already saved.")
        finally:
            await db.stop(engine)

    try:
        asyncio.run(run())
    except ValueError as exc:  # no training records, a corpus line out of shape
        raise click.ClickException(str(exc)) from None
