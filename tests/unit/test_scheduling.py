"""The suite's own scheduling (tests/conftest.py): with `-n 2 --dist loadgroup`, a module whose tests
share a module fixture runs whole on one worker, so the fixture is built once, not on each worker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SHARED = """
import os
import pytest

@pytest.fixture(scope="module")
def built_once():
    with open(os.environ["BUILT_LOG"], "a") as log:
        log.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")

@pytest.mark.parametrize("n", range(6))
def test_uses_it(built_once, n):
    pass
"""

OTHERS = """
import pytest

@pytest.mark.parametrize("n", range(6))
def test_alone(n):
    pass
"""


def test_a_module_fixture_is_built_once_under_two_workers(tmp_path):
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "tests").mkdir()
    shutil.copy(root / "tests" / "conftest.py", tmp_path / "tests" / "conftest.py")
    (tmp_path / "tests" / "test_shared.py").write_text(SHARED)
    (tmp_path / "tests" / "test_others.py").write_text(OTHERS)
    log = tmp_path / "built.log"
    # Only the plugins the scheduling needs (the others cost each worker seconds of imports).
    result = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p", "xdist.plugin",
                             "-p", "pytest_asyncio", "-p", "no:cacheprovider", "-q", "tests"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "BUILT_LOG": str(log), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "12 passed" in result.stdout
    assert len(log.read_text().split()) == 1  # one worker built it, once
