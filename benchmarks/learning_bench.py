"""How much do officer-confirmed examples improve tagging?

    .venv/bin/python benchmarks/learning_bench.py [--split dev|test] [--per-entry 0 5 20]

Two situations, measured on a split of the corpus (default: dev) with examples drawn from the
train split, the same path the app takes (Tagger(framework, confirmed_examples=...)):

1. The seeded plan with the shipped models: micro-F1 without and with confirmed examples.
2. A new plan: the seeded plan's entries renamed (so no learned model knows them) and stripped to
   names and scope notes, as a partnership imports its next plan; tagged zero-shot, then with
   N confirmed examples per entry.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage.analysis import corpus  # noqa: E402
from engage.analysis.framework_model import Framework, default_framework  # noqa: E402
from engage.analysis.tagger import Tagger  # noqa: E402
from engage.analysis.training import micro_f1  # noqa: E402


def renamed(framework: Framework) -> Framework:
    """Every entry renamed ("x" -> "new-x") and stripped to its name and scope note."""
    def strip(entry):
        return dataclasses.replace(entry, slug="new-" + entry.slug, phrases=(), examples=())
    return dataclasses.replace(framework, themes=tuple(strip(e) for e in framework.themes),
                               cross_cutting=tuple(strip(e) for e in framework.cross_cutting))


def examples_from(records, per_entry: int, prefix: str = "") -> list[tuple[str, str]]:
    chosen: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for slug in r.labels:
            if len(chosen[slug]) < per_entry:
                chosen[slug].append(r.text)
    return [(text, prefix + slug) for slug, texts in chosen.items() for text in texts]


def score(tagger: Tagger, records, prefix: str = "") -> float:
    gold = [{prefix + s for s in r.labels} for r in records]
    return micro_f1(gold, [{t.slug for t in tagger.tag(r.text)} for r in records])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--per-entry", type=int, nargs="+", default=[0, 5, 20])
    args = parser.parse_args()
    records = corpus.training_records(corpus.load_corpus())
    train, measured = corpus.in_split(records, "train"), corpus.in_split(records, args.split)
    seeded = default_framework()
    print(f"Measured on the {args.split} split ({len(measured)} texts); examples from the train split.\n")
    print("| framework | confirmed examples per entry | micro-F1 (themes and cross-cutting) |")
    print("|---|---|---|")
    for n in args.per_entry:
        tagger = Tagger(seeded, examples_from(train, n))
        print(f"| seeded plan, shipped models | {n} | {score(tagger, measured):.3f} |")
    new = renamed(seeded)
    for n in args.per_entry:
        tagger = Tagger(new, examples_from(train, n, "new-"))
        print(f"| new plan, names and scope only | {n} | {score(tagger, measured, 'new-'):.3f} |")


if __name__ == "__main__":
    main()
