"""How much do officer-confirmed examples improve tagging?

    .venv/bin/python benchmarks/learning_bench.py [DEV_JSONL] [--splits N]

Splits the labelled dev set in half (seeded shuffles, both halves taking a turn), treats the gold
tags of one half as officer-confirmed (text, slug) examples, and measures theme and cross-cutting
micro-F1 on the other half with and without them. The same path the app takes: confirmed
examples are passed to Tagger(framework, confirmed_examples=...).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DEV = ROOT / ".." / "shared" / "data" / "slp-dev.jsonl"


def micro_f1(gold: list[set[str]], pred: list[set[str]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    fp = sum(len(p - g) for g, p in zip(gold, pred))
    fn = sum(len(g - p) for g, p in zip(gold, pred))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(tagger, rows: list[dict], kind: str) -> float:
    field = "themes" if kind == "theme" else "cross_cutting"
    gold = [set(r[field]) for r in rows]
    pred = [{t.slug for t in tagger.tag(r["text"]) if t.kind == kind} for r in rows]
    return micro_f1(gold, pred)


def main() -> None:
    from engage.analysis.framework_model import default_framework

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev", nargs="?", default=str(DEFAULT_DEV))
    parser.add_argument("--splits", type=int, default=10, help="seeded half/half splits (each used both ways)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.dev).read_text(encoding="utf-8").splitlines() if line.strip()]
    seeded = default_framework()
    # A partnership importing its own plan starts with names and scope notes but no tuned phrases:
    # the scope's comma-separated items become weight-1 phrases.
    bare = dataclasses.replace(seeded, themes=tuple(_bare(e) for e in seeded.themes),
                               cross_cutting=tuple(_bare(e) for e in seeded.cross_cutting))
    for title, framework in (("Seeded framework (tuned phrases)", seeded),
                             ("Framework with scope phrases only (a new plan)", bare)):
        print(f"\n{title}")
        run(framework, rows, args.splits)


def _bare(entry):
    items = [p.strip().lower() for p in entry.scope.replace(" and ", ", ").split(",") if p.strip()]
    phrases = tuple((p, 1.0) for p in dict.fromkeys([entry.name.lower(), *items]))
    return dataclasses.replace(entry, phrases=phrases, examples=())


def run(framework, rows: list[dict], splits: int) -> None:
    from engage.analysis.tagger import Tagger

    known = {e.slug for e in framework.entries}
    plain = Tagger(framework)
    results = {"theme": ([], []), "cross_cutting": ([], [])}
    n_examples = []
    for seed in range(splits):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        half = len(shuffled) // 2
        for train, test in ((shuffled[:half], shuffled[half:]), (shuffled[half:], shuffled[:half])):
            examples = [(r["text"], slug) for r in train for slug in [*r["themes"], *r["cross_cutting"]]
                        if slug in known]
            n_examples.append(len(examples))
            learned = Tagger(framework, confirmed_examples=examples)
            for kind, (without, with_) in results.items():
                without.append(score(plain, test, kind))
                with_.append(score(learned, test, kind))

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs)

    print(f"Dev set: {len(rows)} texts; {splits} seeded splits, each half in turn confirmed "
          f"(~{mean(n_examples):.0f} confirmed examples), scored on the other half.")
    for kind, label in (("theme", "Delivery themes"), ("cross_cutting", "Cross-cutting themes")):
        without, with_ = results[kind]
        gain = mean(with_) - mean(without)
        print(f"{label:<22} micro-F1 without examples {mean(without):.3f}   with confirmed examples "
              f"{mean(with_):.3f}   change {gain:+.3f}")


if __name__ == "__main__":
    main()
