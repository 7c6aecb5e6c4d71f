"""Shared by the zero-shot tools: the SLP framework as names and scope only, and the corpus splits.

Never reads the second-framework parts or frameworks/second.yaml: they are the held-out measure
that only benchmarks/analysis_bench.py runs.
"""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict

from engage.analysis.corpus import SECOND_FRAMEWORK_PREFIX, CORPUS_DIR, Record, read_file
from engage.analysis.framework_model import Framework, default_framework


def names_and_scope(fw: Framework | None = None) -> Framework:
    """The framework with every phrase list and example removed: what a new plan looks like."""
    fw = fw or default_framework()
    strip = lambda e: dataclasses.replace(e, phrases=(), examples=())  # noqa: E731
    return dataclasses.replace(fw, themes=tuple(map(strip, fw.themes)),
                               cross_cutting=tuple(map(strip, fw.cross_cutting)))


def slp_records(split: str | None = None) -> list[Record]:
    """English SLP-labelled corpus records (optionally one split); second-framework files unread."""
    out = []
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        if path.name.startswith(SECOND_FRAMEWORK_PREFIX):
            continue
        out.extend(r for r in read_file(path) if r.language == "en" and (split is None or r.split == split))
    return out


def sample_examples(records: list[Record], per_entry: int, seed: int = 0) -> list[tuple[str, str]]:
    """`per_entry` confirmed (text, slug) examples per entry, drawn at random from `records`."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for slug in r.labels:
            by_slug[slug].append(r.text)
    rng = random.Random(seed)
    out = []
    for slug in sorted(by_slug):
        texts = sorted(by_slug[slug])
        out.extend((t, slug) for t in rng.sample(texts, min(per_entry, len(texts))))
    return out


def micro_f1(gold: list[set[str]], pred: list[set[str]]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    fp = sum(len(p - g) for g, p in zip(gold, pred))
    fn = sum(len(g - p) for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
