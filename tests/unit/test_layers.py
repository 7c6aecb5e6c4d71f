"""The written layer order (pyproject.toml, [tool.importlinter]) holds for the code, and a new
upward import breaks it: the same check `.ci/run` runs before the tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), str(tree / "pyproject.toml"), "--no-cache"], cwd=tree,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          timeout=300)


def copy_of_the_code(tmp_path: Path) -> Path:
    """The Python files and the contracts, without the data (models, corpus) the check never reads."""
    for package in ("engage", "surveys"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=lambda folder, names: [
            n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()])
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_the_layer_order_and_an_upward_import_breaks_it(tmp_path):
    tree = copy_of_the_code(tmp_path)
    kept = lint_imports(tree)
    assert kept.returncode == 0, kept.stdout + kept.stderr

    # The framework sits below the voices: reaching up to them must fail the check.
    with (tree / "engage" / "framework" / "vocabulary.py").open("a") as module:
        module.write("\nfrom engage.voices import services as _upward  # noqa\n")
    broken = lint_imports(tree)
    assert broken.returncode != 0
    assert "engage.framework is not allowed to import engage.voices" in broken.stdout
    assert "engage.framework.vocabulary -> engage.voices.services" in broken.stdout
