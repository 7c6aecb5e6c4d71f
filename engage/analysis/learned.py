"""The learned models as shipped: one linear layer over the features, read with numpy alone.

A bundle holds, for one framework:
- one logistic (one-vs-rest) head per theme and cross-cutting entry it was trained on, each with
  its own decision threshold chosen on the development split;
- a three-class sentiment head (softmax over negative / neutral / positive);
- a safeguarding head, combined with the rules for recall (see safeguarding.combine).

It is stored as plain files: `manifest.json` (labels, thresholds, figures, the corpus fingerprint),
`vocabulary.json`, `weights.npz` (idf, coefficients, intercepts) and `framework.yaml` (the
framework whose phrases feed the features). No pickles: any numpy can read it.
"""

from __future__ import annotations

import functools
import io
import json
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .framework_model import Framework, dump_framework, load_framework
from .features import Featuriser, Signals
from .safeguarding import SafeguardingResult, combine

SENTIMENTS = ("negative", "neutral", "positive")
SHIPPED_DIR = Path(__file__).resolve().parent / "models" / "slp"
FORMAT = 1


@dataclass(frozen=True)
class Prediction:
    """What the models say about one text."""

    tag_probabilities: dict[str, float]  # slug -> probability, for every entry the bundle knows
    sentiment: str
    sentiment_probabilities: dict[str, float]
    polarity: float  # P(positive) - P(negative), in [-1, 1]
    safeguarding: SafeguardingResult
    safeguarding_probability: float
    signals: Signals
    vector: tuple[np.ndarray, np.ndarray]  # (indices, values): reused for examples' similarity


@dataclass
class ModelBundle:
    featuriser: Featuriser
    labels: list[str]  # tag slugs, one column each
    kinds: dict[str, str]  # slug -> "theme" | "cross_cutting"
    weights: np.ndarray  # (features, len(labels) + 4): tags, 3 sentiments, safeguarding
    bias: np.ndarray
    thresholds: dict[str, float]  # slug -> probability needed to tag
    safeguarding_possible: float = 0.2
    safeguarding_concern: float = 0.6
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def framework(self) -> Framework:
        return self.featuriser.framework

    # -- prediction -------------------------------------------------------------------------

    def predict(self, text: str) -> Prediction:
        idx, val, sig = self.featuriser.vector(text)
        z = (val @ self.weights[idx] + self.bias).tolist()
        n = len(self.labels)
        s = z[n:n + 3]
        top = max(s)
        s = [math.exp(v - top) for v in s]
        total = sum(s)
        s = [v / total for v in s]
        sfg_p = _sigmoid(z[n + 3])
        return Prediction(
            tag_probabilities={slug: _sigmoid(v) for slug, v in zip(self.labels, z)},
            sentiment=SENTIMENTS[s.index(max(s))],
            sentiment_probabilities=dict(zip(SENTIMENTS, s)),
            polarity=round(s[2] - s[0], 3),
            safeguarding=combine(sig.rules, sfg_p, self.safeguarding_possible, self.safeguarding_concern),
            safeguarding_probability=sfg_p,
            signals=sig,
            vector=(idx, val),
        )

    def tags(self, prediction: Prediction) -> dict[str, float]:
        """slug -> probability for the entries whose probability reaches their threshold."""
        return {slug: p for slug, p in prediction.tag_probabilities.items() if p >= self.thresholds.get(slug, 0.5)}

    # -- storage ----------------------------------------------------------------------------

    def save(self, directory: str | Path) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        manifest = {
            "format": FORMAT,
            "labels": self.labels,
            "kinds": self.kinds,
            "thresholds": {k: round(v, 4) for k, v in self.thresholds.items()},
            "safeguarding_possible": round(self.safeguarding_possible, 4),
            "safeguarding_concern": round(self.safeguarding_concern, 4),
            "dense_features": self.featuriser.dense,
            "meta": self.meta,
        }
        (directory / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        (directory / "vocabulary.json").write_text(json.dumps(self.featuriser.vocabulary, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
        (directory / "framework.yaml").write_text(dump_framework(self.framework), encoding="utf-8")
        # float16 coefficients: a tenth of the size on disk, no measurable change in any figure.
        _write_npz(directory / "weights.npz", idf=self.featuriser.idf.astype(np.float32),
                   weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32))
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> ModelBundle:
        directory = Path(directory)
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"{directory}: model format {manifest.get('format')!r}, expected {FORMAT}")
        vocabulary = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        framework = load_framework((directory / "framework.yaml").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz", allow_pickle=False) as arrays:
            idf, weights, bias = arrays["idf"], arrays["weights"].astype(np.float32), arrays["bias"]
        featuriser = Featuriser(vocabulary, idf, framework)
        if featuriser.dense != manifest["dense_features"]:
            raise ValueError(f"{directory}: the model's features do not match this version of engage")
        return cls(featuriser, manifest["labels"], manifest["kinds"], weights, bias, manifest["thresholds"],
                   manifest["safeguarding_possible"], manifest["safeguarding_concern"], manifest["meta"])


def _write_npz(path: Path, **arrays: np.ndarray) -> None:
    """np.savez_compressed with a fixed timestamp per member, so the same model is the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


@functools.cache
def shipped_bundle() -> ModelBundle:
    """The models trained on the repository's corpus for the seeded framework (loaded once)."""
    return ModelBundle.load(SHIPPED_DIR)


@functools.cache
def bundle_at(directory: str) -> ModelBundle:
    """A bundle stored elsewhere (an officers' retrained model), loaded once per process."""
    return ModelBundle.load(directory)
