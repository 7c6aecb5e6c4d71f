"""Retrained analysis models kept in the database, so every worker on every machine tags with the
same one (`engage retrain-analysis` writes them; engage.voices.tagging reads the newest).

A model is stored as a zip of the ModelBundle's files. A process unpacks it once into a temporary
folder named by the archive's digest and loads it from there; the newest row is read on each
save, so a retrain reaches every worker on its next save without a restart.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from engage.analysis.learned import ModelBundle
from engage.times import now
from engage.voices.tables import AnalysisModel

_ROOT = Path(tempfile.gettempdir()) / "engage-models"


def pack(bundle: ModelBundle) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        bundle.save(folder)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    return buffer.getvalue()


async def store(bundle: ModelBundle, *, decisions: int, figures: dict[str, Any], created_by: str = "") -> int:
    """Keep a retrained model; from now on every worker uses it. Its revision (the row id)."""
    archive = pack(bundle)
    rows = await AnalysisModel.insert(AnalysisModel(
        created_at=now(), created_by=created_by[:254], decisions=decisions, figures=figures,
        digest=hashlib.sha256(archive).hexdigest(), archive=archive)).returning(AnalysisModel.id).run()
    return int(rows[0]["id"])


async def current() -> tuple[int, str] | None:
    """(revision, digest) of the newest stored model, or None while the shipped model is in use."""
    row = await AnalysisModel.select(AnalysisModel.id, AnalysisModel.digest).order_by(
        AnalysisModel.id, ascending=False).first()
    return (row["id"], row["digest"]) if row else None


async def folder_for(revision: int, digest: str) -> str:
    """A folder holding this model's files, unpacked once per machine (named by its content)."""
    folder = _ROOT / digest
    if not (folder / "manifest.json").exists():
        row = await AnalysisModel.select(AnalysisModel.archive).where(AnalysisModel.id == revision).first()
        if row is None:
            raise LookupError(f"no stored analysis model {revision}")
        _unpack(bytes(row["archive"]), folder)
    return str(folder)


def _unpack(data: bytes, folder: Path) -> None:
    _ROOT.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the target and renamed into place: another process never sees half a model.
    staging = Path(tempfile.mkdtemp(dir=_ROOT))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if "/" in name or name.startswith("."):  # only the bundle's own flat files
                continue
            (staging / name).write_bytes(archive.read(name))
    try:
        staging.rename(folder)
    except OSError:  # another process got there first: theirs is the same model
        for path in staging.iterdir():
            path.unlink()
        staging.rmdir()

