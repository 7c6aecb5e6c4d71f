"""Build engage/analysis/data/associations.tsv.gz and wordfreq.tsv.gz from the corpus's train split.

    .venv/bin/python tools/build_associations.py

- wordfreq: for each word stem, the share of background texts it occurs in (everyday words
  such as "time" or "report" then count for less as evidence of a theme);
- associations: for each stem, the stems that keep company with it (positive pointwise mutual
  information of occurring in the same text, smoothed), strongest first, strength in 0..1.

Background texts: the English train split of the SLP corpus (never dev or test, never the
second-framework parts) and the partnership's plan. Labels are not used: only which words
occur together, so the result carries over to any framework's words.
"""

from __future__ import annotations

import gzip
import math
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from zero_shot_data import slp_records  # noqa: E402

from engage.analysis import thesaurus  # noqa: E402
from engage.analysis.text import STOPWORDS, tokens  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "engage" / "analysis" / "data"
PLAN = Path("/work/shared/seed/community-safety-plan-2021-2024.txt")
MIN_DF = 3  # a word must be in this many texts to get associations
MIN_PAIR = 2  # and share this many texts with an associate
TOP = 12
CONTEXT_SMOOTHING = 0.75  # PPMI with context-distribution smoothing (Levy et al. 2015)


def background_texts() -> list[str]:
    texts = [r.text for r in slp_records("train")]
    if PLAN.exists():  # paragraphs of the plan: formal wording of the same topics
        texts += [p for p in PLAN.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 5]
    return texts


def content_stems(text: str) -> set[str]:
    return {thesaurus.stem(t) for t in tokens(text) if len(t) > 2 and t.isalpha() and t not in STOPWORDS}


def write(name: str, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(DATA / name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as fh:
        fh.write(data)


def main() -> None:
    texts = background_texts()
    docs = [content_stems(t) for t in texts]
    n = len(docs)
    df: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for d in docs:
        df.update(d)
        pairs.update(combinations(sorted(d), 2))
    # Share of texts per stem, every stem in 2+ texts (a stem in one text says nothing general).
    write("wordfreq.tsv.gz", [f"{w}\t{c / n:.4f}" for w, c in sorted(df.items()) if c >= 2])
    assoc: dict[str, list[tuple[float, str]]] = {}
    for (a, b), c in pairs.items():
        if c < MIN_PAIR or df[a] < MIN_DF or df[b] < MIN_DF:
            continue
        for x, y in ((a, b), (b, a)):
            # log P(x, y) / (P(x) P(y)), with P(y) smoothed upwards for rare words.
            p_y = (df[y] / n) ** CONTEXT_SMOOTHING
            pmi = math.log((c / n) / ((df[x] / n) * p_y))
            if pmi > 0:
                assoc.setdefault(x, []).append((pmi * min(1.0, c / 4), y))
    lines = []
    for word in sorted(assoc):
        best = sorted(assoc[word], reverse=True)[:TOP]
        top = best[0][0]
        lines.append("\t".join([word] + [f"{y}:{s / top:.2f}" for s, y in best if s / top >= 0.2]))
    write("associations.tsv.gz", lines)
    print(f"{n} texts, {len(df)} stems, {len(lines)} with associations")


if __name__ == "__main__":
    main()
