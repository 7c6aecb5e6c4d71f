"""Jobs for the test suite, loaded into worker processes with `engage worker --import tests.support_jobs`.

Each records what it did in a file the test reads, so a test sees a job start, finish, fail and
retry in another process."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from engage.jobs.registry import job


def note(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"{line} {time.time():.3f}\n")


def lines(path: str | Path, word: str | None = None) -> list[str]:
    p = Path(path)
    if not p.exists():
        return []
    rows = p.read_text(encoding="utf-8").splitlines()
    return [r for r in rows if word is None or r.split()[0] == word]


@job("tests.slow", title="A slow test job", retries=0)
async def slow(path: str, seconds: float) -> None:
    note(path, "start")
    await asyncio.sleep(seconds)
    note(path, "done")


@job("tests.flaky", title="A test job that fails at first", retries=3, retry_delay=0.4, backoff=3)
async def flaky(path: str, failures: int) -> None:
    attempt = len(lines(path, "attempt")) + 1
    note(path, "attempt")
    if attempt <= failures:
        raise RuntimeError(f"attempt {attempt} failed on purpose")
    note(path, "done")


@job("tests.broken", title="A test job that always fails", retries=0)
async def broken(path: str) -> None:
    note(path, "attempt")
    raise ValueError("the printer is on fire")
