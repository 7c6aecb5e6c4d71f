"""The labelled corpus the analysis models learn from: loading, the fixed splits, its fingerprint.

Every `*.jsonl` file in `engage/analysis/corpus/` is one part (see CORPUS.md in the repo's shared
notes and each part's `.md`). A voice's split (train 70% / dev 15% / test 15%) is fixed by a hash
of its normalised text, never chosen by a person, so the same text always lands in the same split
and a duplicate cannot leak from train into test. `splits.tsv` records the result of the rule and
a test checks that it matches.

The `second-framework*` parts are written against a second framework to measure tagging against a
plan the models never saw: they are loaded but never used to train the SLP models.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SPLITS_FILE = CORPUS_DIR / "splits.tsv"
# Changing the salt re-deals every split: do it only if the test split was ever looked at.
SALT = "engage-corpus-1"
SECOND_FRAMEWORK_PREFIX = "second-framework"

Split = Literal["train", "dev", "test"]
SPLITS: tuple[Split, ...] = ("train", "dev", "test")


class CorpusError(ValueError):
    """A corpus line is not in the documented shape."""


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    part: str
    register: str = ""
    source: str = ""
    language: str = "en"
    themes: tuple[str, ...] = ()
    cross_cutting: tuple[str, ...] = ()
    sentiment: str = "neutral"
    safeguarding: bool = False
    pii: tuple[str, ...] = ()
    file: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def split(self) -> Split:
        return split_of(self.text)

    @property
    def labels(self) -> tuple[str, ...]:
        return self.themes + self.cross_cutting


def normalise(text: str) -> str:
    """The form hashed for the split: Unicode-compatible, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def split_of(text: str, salt: str = SALT) -> Split:
    digest = hashlib.sha256(f"{salt}\n{normalise(text)}".encode("utf-8")).digest()
    bucket = int.from_bytes(digest[:8], "big") % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def _record(raw: dict, file: str, number: int) -> Record:
    if not isinstance(raw, dict) or not raw.get("id") or not isinstance(raw.get("text"), str):
        raise CorpusError(f"{file} line {number}: each line needs an id and a text")
    known = {"id", "text", "part", "register", "source", "language", "themes", "cross_cutting",
             "sentiment", "safeguarding", "pii"}
    return Record(
        id=str(raw["id"]),
        text=raw["text"],
        part=str(raw.get("part") or Path(file).stem),
        register=str(raw.get("register") or ""),
        source=str(raw.get("source") or ""),
        language=str(raw.get("language") or "en"),
        themes=tuple(raw.get("themes") or ()),
        cross_cutting=tuple(raw.get("cross_cutting") or ()),
        sentiment=str(raw.get("sentiment") or "neutral"),
        safeguarding=bool(raw.get("safeguarding")),
        pii=tuple(raw.get("pii") or ()),
        file=file,
        extra={k: v for k, v in raw.items() if k not in known},
    )


def read_file(path: Path) -> list[Record]:
    records = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path.name} line {number}: not JSON ({exc})") from None
            records.append(_record(raw, path.name, number))
    return records


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def load_corpus(directory: Path = CORPUS_DIR) -> list[Record]:
    """Every record of every part, in file then line order."""
    return [r for path in corpus_files(directory) for r in read_file(path)]


def is_second_framework(record: Record) -> bool:
    return record.file.startswith(SECOND_FRAMEWORK_PREFIX) or record.part.startswith(SECOND_FRAMEWORK_PREFIX)


def training_records(records: Iterable[Record]) -> list[Record]:
    """The records the SLP models learn from: English, not written for the second framework."""
    return [r for r in records if not is_second_framework(r) and r.language == "en"]


def in_split(records: Iterable[Record], split: Split) -> list[Record]:
    return [r for r in records if r.split == split]


def corpus_hash(directory: Path = CORPUS_DIR) -> str:
    """Fingerprint of the files the shipped models are trained from (second-framework parts left out)."""
    digest = hashlib.sha256(SALT.encode())
    for path in corpus_files(directory):
        if path.name.startswith(SECOND_FRAMEWORK_PREFIX):
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def splits_table(records: Sequence[Record]) -> str:
    """The splits.tsv text for these records: a header, then `id<TAB>split` per record."""
    return "id\tsplit\n" + "".join(f"{r.id}\t{r.split}\n" for r in records)


def write_splits(directory: Path = CORPUS_DIR) -> Path:
    path = directory / SPLITS_FILE.name
    path.write_text(splits_table(load_corpus(directory)), encoding="utf-8")
    return path
