"""Train the zero-shot scorer's evidence model: engage/analysis/data/zero_shot.json.

    .venv/bin/python tools/train_zero_shot.py            # train on train, report dev, write
    .venv/bin/python tools/train_zero_shot.py --check    # also estimate on entries held out

Pairs (text, entry) come from the SLP corpus's train split with the SLP framework stripped to
names and scope notes (no phrase lists), in two regimes, each with its own model: no examples, and
confirmed examples drawn from the train split (5 per entry twice, 20 once; a text is never scored
against its own example). The
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

from engage.analysis.zero_shot import FEATURES, ZeroShotScorer, second_entry_rule  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "engage" / "analysis" / "data" / "zero_shot.json"
EXAMPLES_PER_ENTRY = 5
C = 0.05
# Positive pairs are ~1 in 10: weighting them up puts the F1-best threshold near 0.5.
POSITIVE_WEIGHT = 5.0


def pairs(scorer: ZeroShotScorer, records, skip: set[str], slugs: set[str] | None = None):
    X, y = [], []
    for r in records:
        if r.text in skip:
            continue
        for entry, features in zip(scorer.entries, scorer.evidence(r.text)):
            if slugs is not None and entry.slug not in slugs:
                continue
            X.append([features[f] for f in FEATURES])
            y.append(1 if entry.slug in r.labels else 0)
    return X, y


# (examples per entry, seed) for the examples model: officers confirm a handful at first, then more,
# and nearness to the nearest of 20 examples is not what it is to the nearest of 5.
EXAMPLE_REGIMES = ((EXAMPLES_PER_ENTRY, 0), (EXAMPLES_PER_ENTRY, 1), (20, 2))


def dataset(fw, records, regimes=EXAMPLE_REGIMES, slugs=None):
    X, y = pairs(ZeroShotScorer(fw), records, set(), slugs)
    for per_entry, seed in regimes:
        examples = sample_examples(records, per_entry, seed=seed)
        if slugs is not None:
            examples = [(t, s) for t, s in examples if s in slugs]
        X2, y2 = pairs(ZeroShotScorer(fw, examples), records, {t for t, _ in examples}, slugs)
        X += X2
        y += y2
    return np.array(X), np.array(y)


HAS_EXAMPLES = FEATURES.index("has_examples")


class Models:
    """One logistic model for entries with no examples, one for entries with examples (as the scorer
    applies them: engage.analysis.zero_shot.Coefficients)."""

    def __init__(self, X, y) -> None:
        with_examples = X[:, HAS_EXAMPLES] > 0
        self.plain = self._fit(X[~with_examples], y[~with_examples])
        self.examples = self._fit(X[with_examples], y[with_examples])

    @staticmethod
    def _fit(X, y) -> LogisticRegression:
        model = LogisticRegression(C=C, max_iter=2000, class_weight={0: 1.0, 1: POSITIVE_WEIGHT})
        model.fit(X, y)
        return model

    def predict_proba(self, X):
        X = np.asarray(X)
        with_examples = X[:, HAS_EXAMPLES] > 0
        return np.where(with_examples, self.examples.predict_proba(X)[:, 1], self.plain.predict_proba(X)[:, 1])


def fit(X, y) -> Models:
    return Models(X, y)


def evaluate(model, fw, records, examples, slugs=None) -> tuple[float, float, float]:
    """Micro-F1 on `records` (only the entries in `slugs`, when given), tagged as the scorer tags:
    its second-entry rule, then 0.5."""
    scorer = ZeroShotScorer(fw, examples)
    gold, pred = [], []
    for r in records:
        probs = second_entry_rule(model.predict_proba(scorer.feature_matrix(r.text)))
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
    X, y = dataset(fw, train)
    model = fit(X, y)
    for label, examples in (("names+scope", ()), ("5 examples", sample_examples(train, EXAMPLES_PER_ENTRY, seed=7)),
                            ("20 examples", sample_examples(train, 20, seed=7))):
        print(f"dev {label}: P %.3f R %.3f F1 %.3f" % evaluate(model, fw, dev, examples))
    if args.check:
        slugs = [e.slug for e in fw.entries]
        for k in range(2):
            held = set(slugs[k::2])
            seen = set(slugs) - held
            Xh, yh = dataset(fw, train, slugs=seen)
            m = fit(Xh, yh)
            for label, examples in (("names+scope", ()), ("5 examples", sample_examples(train, EXAMPLES_PER_ENTRY, 7))):
                ex = [(t, s) for t, s in examples if s in held]
                print(f"held-out entries {k} {label}: P %.3f R %.3f F1 %.3f" % evaluate(m, fw, dev, ex, held))
    OUT.write_text(json.dumps({
        "features": list(FEATURES),
        "weights": [round(float(w), 5) for w in model.plain.coef_[0]],
        "bias": round(float(model.plain.intercept_[0]), 5),
        "with_examples": {"weights": [round(float(w), 5) for w in model.examples.coef_[0]],
                          "bias": round(float(model.examples.intercept_[0]), 5)},
        "trained_on": f"SLP corpus train split, {len(train)} texts, names and scope only, and with "
                      f"(examples per entry, seed) {EXAMPLE_REGIMES}; C={C}",
    }, indent=1) + "\n", encoding="utf-8")
    for label, m in (("words alone", model.plain), ("with examples", model.examples)):
        print("wrote", OUT, label, dict(zip(FEATURES, np.round(m.coef_[0], 2))))


if __name__ == "__main__":
    main()
