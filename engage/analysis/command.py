"""`engage analyse-file`: analyse JSON lines {"id", "text"} from stdin, one JSON result per line.

Large inputs are analysed by N worker processes (default: every core); output keeps input order.
A UTF-8 byte-order mark before the first line is ignored. A line that is not JSON, has no id or no
text is answered with {"id", "error"} naming its line number, and the rest carry on.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import msgspec

from .framework_model import FrameworkError, load_framework
from .pipeline import Analysis, analyse, default_tagger, warm_up
from .tagger import Tagger

BOM = b"\xef\xbb\xbf"
# Below this many lines, starting worker processes costs more than it saves.
PARALLEL_FROM = 400
CHUNK = 64


class _Voice(msgspec.Struct):
    id: str | int | float
    text: str


_decode = msgspec.json.Decoder(_Voice).decode
_encode = msgspec.json.Encoder().encode
_tagger: Tagger | None = None


def result(voice_id, analysis: Analysis) -> dict:
    return {
        "id": voice_id,
        "themes": list(analysis.themes),
        "cross_cutting": list(analysis.cross_cutting),
        "sentiment": analysis.sentiment,
        "polarity": analysis.polarity,
        "key_phrases": list(analysis.key_phrases),
        "safeguarding": analysis.safeguarding,
        "safeguarding_level": analysis.safeguarding_level,
        "safeguarding_reasons": list(analysis.safeguarding_reasons),
        "language": analysis.language,
        "analysed": analysis.analysed,
        "redacted": analysis.redacted,
    }


def _guess_id(line: bytes):
    """The id of a line that failed validation, if it is a JSON object with one."""
    try:
        value = msgspec.json.decode(line)
    except msgspec.DecodeError:
        return None
    return value.get("id") if isinstance(value, dict) else None


def answer(number: int, line: bytes) -> tuple[bytes, str | None]:
    """(output line, error message or None) for one input line."""
    assert _tagger is not None
    try:
        voice = _decode(line)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        message = f"line {number}: {exc}"
        return _encode({"id": _guess_id(line), "error": message}) + b"\n", message
    return _encode(result(voice.id, analyse(voice.text, tagger=_tagger))) + b"\n", None


def _answer_pair(item: tuple[int, bytes]) -> tuple[bytes, str | None]:
    return answer(*item)


def _init_worker(tagger: Tagger) -> None:
    global _tagger
    _tagger = tagger
    warm_up()


def _numbered(stdin) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(stdin, start=1):
        if number == 1 and line.startswith(BOM):
            line = line[len(BOM):]
        if line.strip():
            yield number, line


@click.command("analyse-file")
@click.option(
    "--framework",
    "framework_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="An exported framework YAML (default: the seeded Community Safety Plan 2021-2024).",
)
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes for large inputs (default: every core).")
def analyse_file_command(framework_path: Path | None, workers: int | None) -> None:
    """Analyse JSON lines {"id": ..., "text": ...} from stdin; write one JSON line each to stdout.

    A bad line (not JSON, no id, no text) is reported on stderr with its line number and answered
    with {"id", "error"}; processing continues. Exit status is 1 if any line was bad.
    """
    global _tagger
    if framework_path is not None:
        try:
            _tagger = Tagger(load_framework(framework_path))
        except (FrameworkError, OSError, KeyError) as exc:
            raise click.ClickException(f"cannot load framework {framework_path}: {exc}") from None
    else:
        _tagger = default_tagger()
    workers = workers or os.cpu_count() or 1
    stdout = sys.stdout.buffer
    lines = _numbered(sys.stdin.buffer)
    head = list(itertools.islice(lines, PARALLEL_FROM))
    bad = 0
    if workers > 1 and len(head) >= PARALLEL_FROM:
        # fork: workers inherit the loaded models instead of loading them again.
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_init_worker, initargs=(_tagger,)) as pool:
            outputs = pool.imap(_answer_pair, itertools.chain(head, lines), chunksize=CHUNK)
            bad = _write(outputs, stdout)
    else:
        bad = _write((answer(n, line) for n, line in itertools.chain(head, lines)), stdout)
    stdout.flush()
    if bad:
        click.echo(f"analyse-file: {bad} bad line(s)", err=True)
        sys.exit(1)


def _write(outputs, stdout) -> int:
    bad = 0
    for out, error in outputs:
        stdout.write(out)
        if error:
            bad += 1
            click.echo(f"analyse-file: {error}", err=True)
    return bad

