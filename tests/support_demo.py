"""The demo database (`engage demo` on a fresh SQLite file), made once per test run and copied.

`engage demo` takes seconds of CPU (320 responses, their voices analysed). The browser tests serve a
copy of it, and the console tests check what the command printed and what it loaded; one run, by
whichever xdist worker gets here first (the others wait on a lock), serves them all.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "browser-tests-demo-password"
FAST_TMP = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else None  # SQLite without fsync costs


def run_engage_process(*args: str, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    """`python -m engage ARGS` in a process of its own, as a person would run it."""
    result = subprocess.run([sys.executable, "-m", "engage", *args], env=env, capture_output=True, text=True,
                            timeout=timeout, cwd=ROOT)
    if result.returncode != 0:
        raise AssertionError(f"engage {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def engage_env(database: Path) -> dict:
    """The environment for `engage` against a SQLite file, none of this shell's ENGAGE_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENGAGE_")}
    env.update(ENGAGE_ENV="test", ENGAGE_DATABASE_URL=f"sqlite:///{database}", PICCOLO_CONF="engage.piccolo_conf")
    return env


def shared_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # one folder for all workers


def demo_template(tmp_path_factory) -> Path:
    """The demo database, loaded by `engage demo` (demo password DEMO_PASSWORD) on an empty SQLite
    file. Its output is beside it (demo_output). Copy it; never change this file."""
    folder = shared_dir(tmp_path_factory) / "browser-demo"
    folder.mkdir(exist_ok=True)
    template = folder / "demo.sqlite"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / "done").exists():
                with tempfile.TemporaryDirectory(dir=FAST_TMP) as scratch:
                    database = Path(scratch) / "demo.sqlite"
                    result = run_engage_process("demo", env={**engage_env(database), "ENGAGE_DEMO_PASSWORD": DEMO_PASSWORD})
                    shutil.copy(database, template)
                (folder / "stdout").write_text(result.stdout)
                (folder / "done").write_text("ok")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return template


def demo_output(template: Path) -> str:
    """What `engage demo` printed when it made the template."""
    return (template.parent / "stdout").read_text()


def demo_copy(tmp_path_factory, to: Path) -> str:
    """A copy of the demo database at `to`, as a sqlite:/// URL."""
    shutil.copy(demo_template(tmp_path_factory), to)
    return f"sqlite:///{to}"
