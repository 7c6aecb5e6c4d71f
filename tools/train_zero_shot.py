"""Train the zero-shot scorer's evidence model: engage/analysis/data/zero_shot.json.

    .venv/bin/python tools/train_zero_shot.py            # train on train, report dev, write
    .venv/bin/python tools/train_zero_shot.py --check    # also estimate on entries held out

Pairs (text, entry) come from the SLP corpus's train split with the SLP framework stripped to
names and scope notes (no phrase lists), in two regimes, each with its own model: no examples, and
confirmed examples drawn from the train split (5 per entry twice, 20 once; a text is never scored
against its own example). The
second stage is trained on the same pairs once the first is fitted: each scorer is rebuilt with the
first stage's weights, which tag the background its second word model learns from. The
features never name an entry, so the model applies to a framework it has never seen; --check
measures that by training on half the entries and scoring the other half.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from zero_shot_data import micro_f1, names_and_scope, sample_examples, slp_records  # noqa: E402

from engage.analysis.zero_shot import (  # noqa: E402
    FEATURES,
    REFINE_FEATURES,
    Coefficients,
    ZeroShotScorer,
    second_entry_rule,
    text_terms,
)

OUT = Path(__file__).resolve().parents[1] / "engage" / "analysis" / "data" / "zero_shot.json"
EXAMPLES_PER_ENTRY = 5
C = 0.05
# Positive pairs are ~1 in 10: weighting them up puts the F1-best threshold near 0.5.
POSITIVE_WEIGHT = 5.0


def pairs(scorer: ZeroShotScorer, records, skip: set[str], slugs: set[str] | None = None, refine: bool = False):
    """(text, entry) pairs: the first stage's evidence features, or with `refine` the second stage's."""
    X, y, has_examples = [], [], []
    for r in records:
        if r.text in skip:
            continue
        terms = text_terms(r.text)
        features = scorer.feature_matrix(r.text, terms=terms)
        if refine:
            features = scorer.refine_features(terms, scorer.first_stage(features))
        for i, (entry, row) in enumerate(zip(scorer.entries, features.tolist())):
            if slugs is not None and entry.slug not in slugs:
                continue
            X.append(row)
            y.append(1 if entry.slug in r.labels else 0)
            has_examples.append(scorer.has_examples(i))
    return X, y, has_examples


# (examples per entry, seed) for the examples model: officers confirm a handful at first, then more,
# and nearness to the nearest of 20 examples is not what it is to the nearest of 5.
EXAMPLE_REGIMES = ((EXAMPLES_PER_ENTRY, 0), (EXAMPLES_PER_ENTRY, 1), (20, 2))


def dataset(fw, records, regimes=EXAMPLE_REGIMES, slugs=None, coefficients=None, refine=False):
    X, y, has = pairs(ZeroShotScorer(fw, coefficients=coefficients), records, set(), slugs, refine)
    for per_entry, seed in regimes:
        examples = sample_examples(records, per_entry, seed=seed)
        if slugs is not None:
            examples = [(t, s) for t, s in examples if s in slugs]
        X2, y2, has2 = pairs(ZeroShotScorer(fw, examples, coefficients=coefficients), records,
                             {t for t, _ in examples}, slugs, refine)
        X += X2
        y += y2
        has += has2
    return np.array(X), np.array(y), np.array(has, dtype=bool)


class Models:
    """One logistic model for entries with no examples, one for entries with examples (as the scorer
    applies them: engage.analysis.zero_shot.Coefficients)."""

    def __init__(self, X, y, with_examples) -> None:
        self.plain = self._fit(X[~with_examples], y[~with_examples])
        self.examples = self._fit(X[with_examples], y[with_examples])

    @staticmethod
    def _fit(X, y) -> LogisticRegression:
        model = LogisticRegression(C=C, max_iter=2000, class_weight={0: 1.0, 1: POSITIVE_WEIGHT})
        model.fit(X, y)
        return model

    def weights(self) -> tuple[tuple[float, ...], float, tuple[float, ...], float]:
        return (tuple(round(float(w), 5) for w in self.plain.coef_[0]), round(float(self.plain.intercept_[0]), 5),
                tuple(round(float(w), 5) for w in self.examples.coef_[0]), round(float(self.examples.intercept_[0]), 5))


def fit(fw, records, slugs=None) -> tuple[Coefficients, Models, Models]:
    """Both stages: the first on the evidence features, then the second on the word model trained on
    the first stage's own tags of the background (ZeroShotScorer._build_refined)."""
    X, y, has = dataset(fw, records, slugs=slugs)
    first = Models(X, y, has)
    # Placeholder second-stage weights: the scorer builds its second-stage word model only when it has some.
    staged = Coefficients(FEATURES, *first.weights(), refine_weights=(0.0,) * len(REFINE_FEATURES))
    X2, y2, has2 = dataset(fw, records, slugs=slugs, coefficients=staged, refine=True)
    second = Models(X2, y2, has2)
    w, b, ew, eb = second.weights()
    return Coefficients(FEATURES, *first.weights(), w, b, ew, eb), first, second


def evaluate(coefficients, fw, records, examples, slugs=None) -> tuple[float, float, float]:
    """Micro-F1 on `records` (only the entries in `slugs`, when given), tagged as the scorer tags:
    both stages, its second-entry rule, then 0.5."""
    scorer = ZeroShotScorer(fw, examples, coefficients=coefficients)
    gold, pred = [], []
    for r in records:
        probs = second_entry_rule(scorer.probabilities(text_terms(r.text)))
        pred.append({e.slug for e, p in zip(scorer.entries, probs) if (slugs is None or e.slug in slugs) and p >= 0.5})
        gold.append({s for s in r.labels if slugs is None or s in slugs})
    return micro_f1(gold, pred)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Train the zero-shot scorer's evidence model on the SLP corpus's train split (the plan cut "
                    f"to names and scope notes), report dev, and write {OUT.relative_to(OUT.parents[3])}.")
    parser.add_argument("--check", action="store_true",
                        help="also estimate on entries held out: train on half the entries, score the other half on dev")
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()  # before the re-exec below: --help or a wrong option ends here, nothing trained or written
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Sets of words are summed in their iteration order, which string hashing varies per
        # process: the last digits of the weights moved from run to run. One order, one file.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    fw = names_and_scope()
    train, dev = slp_records("train"), slp_records("dev")
    model, first, second = fit(fw, train)
    for label, examples in (("names+scope", ()), ("5 examples", sample_examples(train, EXAMPLES_PER_ENTRY, seed=7)),
                            ("20 examples", sample_examples(train, 20, seed=7))):
        print(f"dev {label}: P %.3f R %.3f F1 %.3f" % evaluate(model, fw, dev, examples))
    if args.check:
        slugs = [e.slug for e in fw.entries]
        for k in range(2):
            held = set(slugs[k::2])
            seen = set(slugs) - held
            m = fit(fw, train, slugs=seen)[0]
            for label, examples in (("names+scope", ()), ("5 examples", sample_examples(train, EXAMPLES_PER_ENTRY, 7))):
                ex = [(t, s) for t, s in examples if s in held]
                print(f"held-out entries {k} {label}: P %.3f R %.3f F1 %.3f" % evaluate(m, fw, dev, ex, held))
    OUT.write_text(json.dumps({
        "features": list(FEATURES),
        "weights": list(model.weights),
        "bias": model.bias,
        "with_examples": {"weights": list(model.example_weights), "bias": model.example_bias},
        "refine": {"features": list(REFINE_FEATURES), "weights": list(model.refine_weights), "bias": model.refine_bias,
                   "example_weights": list(model.refine_example_weights), "example_bias": model.refine_example_bias},
        "trained_on": f"SLP corpus train split, {len(train)} texts, names and scope only, and with "
                      f"(examples per entry, seed) {EXAMPLE_REGIMES}; C={C}",
    }, indent=1) + "\n", encoding="utf-8")
    for label, m in (("words alone", first.plain), ("with examples", first.examples)):
        print("wrote", OUT, label, dict(zip(FEATURES, np.round(m.coef_[0], 2))))
    for label, m in (("second stage, words alone", second.plain), ("second stage, with examples", second.examples)):
        print(label, dict(zip(REFINE_FEATURES, np.round(m.coef_[0], 2))), round(float(m.intercept_[0]), 2))


if __name__ == "__main__":
    main()
