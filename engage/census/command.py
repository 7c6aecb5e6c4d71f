"""`engage census import FILE...`: Census 2021 tables by ward, all files or none."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from engage.census.importer import TOPIC_LABELS, CensusFileError, read_files, read_ward_codes


@click.group(help="Census 2021 population figures for the partnership's wards (for the Reach page).")
def census() -> None:
    pass


@census.command("import", help="Import ONS/Nomis bulk Census 2021 CSV files by ward (age TS007/TS007A, sex TS008, "
                               "ethnic group TS021, religion TS030, main language TS024, disability TS038). Every "
                               "file is checked first: if any row is wrong, nothing changes.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--ward-codes", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="A CSV of ward name,geography code: which rows of a national file are the partnership's wards.")
def import_command(files: tuple[Path, ...], ward_codes: Path | None) -> None:
    commands = click.get_current_context().obj  # engage.bootstrap.CommandContext
    commands.settings()
    commands.migrate()

    async def run() -> list:
        # When the command runs, not when the CLI starts (every command is registered at start-up).
        from engage.census.services import store
        from engage.framework import vocabulary

        async with commands.connected():
            await vocabulary.load(max_age=0)  # the wards the rows are checked against
            try:
                codes = read_ward_codes(ward_codes) if ward_codes else None
                parsed = read_files(list(files), codes)
            except CensusFileError as exc:
                raise click.ClickException("Nothing was imported:\n  " + "\n  ".join(exc.problems))
            return [parsed, await store(parsed)]

    parsed, stored = asyncio.run(run())
    for p in parsed:
        topics = ", ".join(TOPIC_LABELS[t] for t in sorted(p.topics))
        click.echo(f"{p.source}: {topics} for {len(p.wards_found)} wards")
        for header in p.unused:
            click.echo(f"  not used (no matching 'About you' answer): {header}")
    click.echo(f"Imported {sum(stored.values())} figures.")
