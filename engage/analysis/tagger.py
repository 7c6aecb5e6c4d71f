"""Theme tagging: the learned model for the entries it was trained on, zero-shot for the rest,
and officers' confirmed examples on top.

- An entry the model bundle knows (the seeded plan's themes) is tagged when its learned head's
  probability reaches the threshold chosen on the development split. The framework's phrases are
  one of that model's features.
- An entry it does not know (a new plan, written as names and scope notes) is scored by
  `zero_shot.ZeroShotScorer`, which reads the entry's own words, a thesaurus and any examples.
- Confirmed examples `(text, slug)` also work as nearest neighbours: a text's similarity to an
  entry's confirmed examples raises a learned entry's probability (the zero-shot scorer weighs
  its own nearness to examples, so nothing is added twice), and a near-duplicate of one is
  tagged whatever the model said, so an officer's decisions change the outcome at once;
  retraining (`engage retrain-analysis`) folds them into the model later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec
import numpy as np

from .framework_model import Framework, Kind, default_framework
from .learned import ModelBundle, Prediction, shipped_bundle
from .lexicon import FrameworkLexicon
from .senses import unmark
from .zero_shot import ZeroShotScorer

# A text's cosine similarity (word and character blocks) to an entry's nearest confirmed example
# adds NEIGHBOUR_WEIGHT times itself to the entry's probability; at NEIGHBOUR_THRESHOLD or above
# (a near-duplicate of a confirmed text) it tags on its own.
NEIGHBOUR_WEIGHT = 0.5
NEIGHBOUR_THRESHOLD = 0.6
ZERO_SHOT_THRESHOLD = 0.5
_EVIDENCE = 4


class Tag(msgspec.Struct, frozen=True):
    slug: str
    kind: Kind
    confidence: float
    evidence: tuple[str, ...]


class _Neighbours:
    """Confirmed examples as unit vectors over the word and character features."""

    def __init__(self, bundle: ModelBundle, examples: Sequence[tuple[str, str]]) -> None:
        feat = bundle.featuriser
        self.size = feat.n_sparse
        self.slugs = [slug for _, slug in examples]
        rows, cols, vals = [], [], []
        for row, (text, _) in enumerate(examples):
            idx, val, _ = feat.vector(text)
            keep = idx < self.size
            rows.append(np.full(int(keep.sum()), row, dtype=np.int32))
            cols.append(idx[keep])
            vals.append(val[keep] / np.float32(2.0))  # two unit blocks: halve so self-similarity is 1
        self.rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        self.cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int32)
        self.vals = np.concatenate(vals) if vals else np.zeros(0, dtype=np.float32)

    def best(self, vector: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
        """slug -> highest similarity of the text to one of its confirmed examples."""
        if not self.slugs:
            return {}
        idx, val = vector
        dense = np.zeros(self.size, dtype=np.float32)
        keep = idx < self.size
        dense[idx[keep]] = val[keep]
        sims = np.bincount(self.rows, weights=self.vals * dense[self.cols], minlength=len(self.slugs))
        out: dict[str, float] = {}
        for slug, sim in zip(self.slugs, sims.tolist()):
            if sim > out.get(slug, 0.0):
                out[slug] = sim
        return out


class Tagger:
    """Tags text with framework entries. Immutable once built; build once and reuse."""

    def __init__(
        self,
        framework: Framework | None = None,
        confirmed_examples: Iterable[tuple[str, str]] = (),
        threshold: float | None = None,
        bundle: ModelBundle | None = None,
    ) -> None:
        self.bundle = bundle or shipped_bundle()
        self.framework = framework or default_framework()
        self.threshold = threshold  # None: each learned entry's own threshold
        self._kinds = {e.slug: e.kind for e in self.framework.entries}
        self._order = {e.slug: i for i, e in enumerate(self.framework.entries)}
        confirmed = []
        for text, slug in confirmed_examples:
            if slug not in self._kinds:
                raise KeyError(f"unknown framework slug {slug!r}")
            confirmed.append((text, slug))
        framework_examples = [(text, e.slug) for e in self.framework.entries for text in e.examples]
        self.confirmed: tuple[tuple[str, str], ...] = tuple(confirmed)
        self.examples: tuple[tuple[str, str], ...] = tuple(framework_examples + confirmed)
        # An entry's learned heads: its own, and those of entries merged into it.
        labels = set(self.bundle.labels)
        self._heads = {e.slug: [h for h in (e.slug, *e.absorbs) if h in labels] for e in self.framework.entries}
        self.learned = [s for s in self._kinds if self._heads[s]]
        self.unknown = [s for s in self._kinds if not self._heads[s]]
        # The bundle's features already hold the framework's phrase matches when nothing differs.
        same = not self.examples and self.framework == self.bundle.framework
        self.lexicon = None if same else FrameworkLexicon(self.framework, self.examples)
        self.zero_shot = ZeroShotScorer(self.framework, confirmed) if self.unknown else None
        self._zero_shot_slugs = frozenset(self.unknown)
        self._neighbours = _Neighbours(self.bundle, self.examples)

    def with_examples(self, confirmed_examples: Iterable[tuple[str, str]]) -> Tagger:
        """A new tagger that also learns from these officer-confirmed (text, slug) pairs."""
        return Tagger(self.framework, [*self.confirmed, *confirmed_examples], self.threshold, self.bundle)

    # -- tagging ----------------------------------------------------------------------------

    def tag(self, text: str) -> list[Tag]:
        return self.tags_for(text or "", self.bundle.predict(text or ""))

    def scores(self, text: str) -> dict[str, float]:
        """Confidence per entry (0..1) before thresholds, for inspection and tuning."""
        prediction = self.bundle.predict(text or "")
        return {slug: round(c, 3) for slug, (c, _) in self._candidates(text or "", prediction).items()}

    def _candidates(self, text: str, prediction: Prediction) -> dict[str, tuple[float, bool]]:
        """slug -> (confidence, passes its threshold)."""
        scores: dict[str, tuple[float, float]] = {}  # slug -> (probability, threshold)
        probs = prediction.tag_probabilities
        for slug in self.learned:
            head = max(self._heads[slug], key=lambda h: probs[h] - self.bundle.thresholds.get(h, 0.5))
            needed = self.threshold if self.threshold is not None else self.bundle.thresholds.get(head, 0.5)
            scores[slug] = (probs[head], needed)
        if self.zero_shot is not None:
            zs = self.zero_shot.scores(text)
            needed = self.threshold if self.threshold is not None else ZERO_SHOT_THRESHOLD
            for slug in self.unknown:
                scores[slug] = (zs.get(slug, 0.0), needed)
        near = self._neighbours.best(prediction.vector)
        out = {}
        for slug, (p, needed) in scores.items():
            sim = near.get(slug, 0.0)
            if slug not in self._zero_shot_slugs:  # the zero-shot model weighs nearness to examples itself
                p = min(1.0, p + NEIGHBOUR_WEIGHT * sim)
            out[slug] = (p, p >= needed or sim >= NEIGHBOUR_THRESHOLD)
        return out

    def tags_for(self, text: str, prediction: Prediction) -> list[Tag]:
        """The tags for a text whose bundle prediction has already been made (the pipeline's path)."""
        tags = []
        phrases = None
        for slug, (confidence, passes) in self._candidates(text, prediction).items():
            if not passes:
                continue
            if phrases is None:
                sig = prediction.signals
                phrases = sig.phrases if self.lexicon is None else self.lexicon.matches(sig.words)
            evidence = sorted(phrases.get(slug, {}), key=lambda p: -phrases[slug][p])
            if slug in self.bundle.labels and len(evidence) < _EVIDENCE:
                evidence += [w for w in self._top_words(slug, prediction) if w not in evidence]
            tags.append(Tag(slug, self._kinds[slug], round(confidence, 3), tuple(evidence[:_EVIDENCE])))
        tags.sort(key=lambda t: (-t.confidence, self._order[t.slug]))
        return tags

    def _top_words(self, slug: str, prediction: Prediction) -> list[str]:
        """The words of the text that pushed the learned head for `slug` up most."""
        column = self.bundle.labels.index(slug)
        idx, val = prediction.vector
        feat = self.bundle.featuriser
        words = feat.is_word[idx]
        idx, val = idx[words], val[words]
        push = val * self.bundle.weights[idx, column]
        top = np.argsort(-push)[:_EVIDENCE]
        return [unmark(feat.vocabulary[int(idx[k])][2:]) for k in top if push[k] > 0]


__all__ = ["Tag", "Tagger"]
