"""`engage analyse-file`: analyse JSON lines {"id", "text"} from stdin, one JSON result per line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import msgspec

from .framework_model import FrameworkError, load_framework
from .pipeline import analyse, default_tagger
from .tagger import Tagger


class _Voice(msgspec.Struct):
    text: str
    id: str | int | float | None = None


_decode = msgspec.json.Decoder(_Voice).decode
_encode = msgspec.json.Encoder().encode


def _result(voice_id, analysis) -> dict:
    return {
        "id": voice_id,
        "themes": list(analysis.themes),
        "cross_cutting": list(analysis.cross_cutting),
        "sentiment": analysis.sentiment,
        "polarity": analysis.polarity,
        "key_phrases": list(analysis.key_phrases),
        "safeguarding": analysis.safeguarding,
        "redacted": analysis.redacted,
    }


def _guess_id(line: bytes):
    """The id of a line that failed validation, if it is a JSON object with one."""
    try:
        value = msgspec.json.decode(line)
    except msgspec.DecodeError:
        return None
    return value.get("id") if isinstance(value, dict) else None


@click.command("analyse-file")
@click.option(
    "--framework",
    "framework_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="An exported framework YAML (default: the seeded Community Safety Plan 2021-2024).",
)
def analyse_file_command(framework_path: Path | None) -> None:
    """Analyse JSON lines {"id": ..., "text": ...} from stdin; write one JSON line each to stdout.

    A bad line is reported on stderr with its line number and answered with {"id", "error"};
    processing continues. Exit status is 1 if any line was bad.
    """
    if framework_path is not None:
        try:
            tagger = Tagger(load_framework(framework_path))
        except (FrameworkError, OSError, KeyError) as exc:
            raise click.ClickException(f"cannot load framework {framework_path}: {exc}") from None
    else:
        tagger = default_tagger()
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    bad = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            voice = _decode(line)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            bad += 1
            message = f"line {number}: {exc}"
            click.echo(f"analyse-file: {message}", err=True)
            stdout.write(_encode({"id": _guess_id(line), "error": message}) + b"\n")
            continue
        stdout.write(_encode(_result(voice.id, analyse(voice.text, tagger=tagger))) + b"\n")
    stdout.flush()
    if bad:
        click.echo(f"analyse-file: {bad} bad line(s)", err=True)
        sys.exit(1)
