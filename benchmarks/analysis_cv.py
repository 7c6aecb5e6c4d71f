"""K-fold cross-validation of the theme heads on train + dev (never test): mean and spread per fold.

    .venv/bin/python benchmarks/analysis_cv.py [--folds 5] [--c 8] [--fractions 0.5 0.75 1] [--json FILE]

One dev figure moves by a point when a few dozen texts are added, so a change to the tag heads
is judged here: the English train and dev records are dealt into k folds by a hash of their text
(the same kind of rule that deals the test split, with another salt), and for each fold the
vocabulary and every tag head are fitted on the other folds, as `engage train-analysis` fits them
(NB-scaled logistic heads, training._fit_nb, at the shipped C unless --c). Thresholds are chosen
as training chooses them (one over all entries, then each entry's halfway to it,
training._label_thresholds), on the held-out probabilities of the *other* folds, then applied to
this fold: no text's own labels choose its threshold.

Prints theme micro-F1 (the issue 11 target, 0.85 on the test split) as the mean over folds, its
standard deviation and each fold's figure, then cross-cutting micro-F1 and each entry's mean F1.
With --fractions, the heads are fitted on that share of each fold's training texts (a fixed
subset), which shows how much more labelled text would give.

The test split is never loaded; the safeguarding and sentiment heads are not measured here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import diags

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage.analysis import corpus, training  # noqa: E402
from engage.analysis.features import Featuriser  # noqa: E402
from engage.analysis.framework_model import default_framework  # noqa: E402
from engage.analysis.learned import shipped_bundle  # noqa: E402

SALT = "engage-cv-1"  # not the corpus's split salt: the folds cut across train and dev


def fold_of(text: str, k: int) -> int:
    digest = hashlib.sha256(f"{SALT}\n{corpus.normalise(text)}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % k


def _micro(gold: np.ndarray, pred: np.ndarray) -> float:
    return training.f1(int((gold & pred).sum()), int((~gold & pred).sum()), int((gold & ~pred).sum()))


def thresholds(probs: np.ndarray, gold: np.ndarray, slugs: list[str]) -> np.ndarray:
    """training's rule: the best single threshold over all entries, then each entry halfway to its own."""
    overall = max(training.THRESHOLD_GRID, key=lambda t: _micro(gold, probs >= t))
    own = training._label_thresholds(probs, gold, slugs, overall)
    return np.array([own.get(s, overall) for s in slugs])


def held_out_probabilities(records: list[corpus.Record], folds: np.ndarray, slugs: list[str], gold: np.ndarray,
                           c: float, fractions: list[float]) -> dict[float, np.ndarray]:
    """fraction -> (texts x entries) probabilities, each text's from heads fitted without its fold."""
    framework = default_framework()
    out = {f: np.zeros(gold.shape) for f in fractions}
    for k in sorted(set(folds.tolist())):
        start = time.process_time()
        train, held = np.where(folds != k)[0], np.where(folds == k)[0]
        featuriser = Featuriser.fit([records[i].text for i in train], framework)
        names = featuriser.vocabulary + featuriser.dense
        keep = diags(np.array([0.0 if n in training.SAFEGUARDING_ONLY else 1.0 for n in names]))
        x = (training.matrix(featuriser, [records[i].text for i in train]) @ keep).tocsr()
        xh = (training.matrix(featuriser, [records[i].text for i in held]) @ keep).tocsr()
        for fraction in fractions:
            subset = (np.arange(len(train)) * 7919) % 1000 < fraction * 1000  # fixed, spread over the parts
            for j in range(len(slugs)):
                y = gold[train[subset], j].astype(int)
                w, b = training._fit_nb(x[subset], y, c, featuriser.n_sparse, training.TAG_NB_POWER)
                out[fraction][held, j] = training._sigmoid(xh @ w + b)
        print(f"fold {k}: {len(train)} texts fitted, {len(held)} held out ({time.process_time() - start:.0f} CPU s)",
              file=sys.stderr, flush=True)
    return out


def cross_validate(probs: np.ndarray, gold: np.ndarray, folds: np.ndarray, slugs: list[str],
                   is_theme: np.ndarray) -> dict:
    themes, cross, per_entry = [], [], []
    for k in sorted(set(folds.tolist())):
        held, other = folds == k, folds != k
        pred = probs[held] >= thresholds(probs[other], gold[other], slugs)
        g = gold[held]
        themes.append(_micro(g[:, is_theme], pred[:, is_theme]))
        cross.append(_micro(g[:, ~is_theme], pred[:, ~is_theme]))
        per_entry.append([_micro(g[:, j], pred[:, j]) for j in range(len(slugs))])
    means = np.mean(per_entry, axis=0)
    return {"theme_micro_f1": statistics.fmean(themes), "theme_sd": statistics.pstdev(themes), "theme_folds": themes,
            "cross_cutting_micro_f1": statistics.fmean(cross), "cross_cutting_sd": statistics.pstdev(cross),
            "per_entry_f1": {s: float(v) for s, v in zip(slugs, means)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, default=None, help="C of the tag heads (default: the shipped model's)")
    parser.add_argument("--fractions", type=float, nargs="+", default=[1.0],
                        help="shares of each fold's training texts to fit on (a learning curve)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    c = args.c if args.c is not None else float(shipped_bundle().meta["params"]["c_tags"])
    records = [r for r in corpus.training_records(corpus.load_corpus()) if r.split != "test" and r.text.strip()]
    framework = default_framework()
    slugs = [e.slug for e in framework.entries]
    is_theme = np.array([e.kind == "theme" for e in framework.entries])
    gold = np.array([[s in r.labels for s in slugs] for r in records], dtype=bool)
    folds = np.array([fold_of(r.text, args.folds) for r in records])
    print(f"{len(records)} train+dev texts in {args.folds} folds; tag heads C={c}", file=sys.stderr)
    probs = held_out_probabilities(records, folds, slugs, gold, c, args.fractions)
    figures = {}
    for fraction in args.fractions:
        out = figures[str(fraction)] = cross_validate(probs[fraction], gold, folds, slugs, is_theme)
        print(f"\ntraining share {fraction}: theme micro-F1 {out['theme_micro_f1']:.4f} sd {out['theme_sd']:.4f}"
              f" (folds {' '.join(f'{v:.3f}' for v in out['theme_folds'])}); cross-cutting micro-F1"
              f" {out['cross_cutting_micro_f1']:.4f} sd {out['cross_cutting_sd']:.4f}")
        for slug, value in out["per_entry_f1"].items():
            print(f"  {slug:32s} {value:.3f}   ({int(gold[:, slugs.index(slug)].sum())})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
