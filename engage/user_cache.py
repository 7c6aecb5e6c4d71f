"""Where a process keeps what it derived once and can derive again from what ships with the code.

A web worker compiles the residents' templates and derives its compact language model at start-up
(warm-up, so its first request is as fast as its hundredth); both cost the same each time, about a
second of CPU on every worker start. Kept here, the next start reads them instead. Everything kept
is checked against what it was derived from (a template's source, the model file's size and
modification time), so a stale copy is never used, and it can be deleted at any time.

`ENGAGE_CACHE_DIR` names the folder; by default `$XDG_CACHE_HOME/engage` or `~/.cache/engage`.
Set it to an empty string to keep nothing. A folder that cannot be made or written to keeps
nothing either: the process derives everything, as without a cache.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path


@functools.cache
def folder(part: str) -> Path | None:
    """The folder for one kind of kept thing (made, private to this user), or None to keep nothing."""
    configured = os.environ.get("ENGAGE_CACHE_DIR")
    if configured is not None:
        if not configured.strip():
            return None
        root = Path(configured)
    else:
        try:
            root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "engage"
        except RuntimeError:  # no home folder (a service account without one): keep nothing
            return None
    path = root / part
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: processes starting at once read either the old
    file, the new one, or none, never half of one. A failed write keeps nothing (no error)."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
