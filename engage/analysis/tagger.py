"""Theme tagging: weighted phrase lexicons from the framework, plus words learned from examples.

Each framework entry carries phrases with weights. A text's score for an entry is the sum of the
weights of the distinct phrases found in it (whole words, plurals folded, longest phrase wins
within an entry, so a weight-0 phrase such as "dealing with" cancels "dealing"). The text is
tagged with the entry when the score reaches the threshold (1.0 by default): one strong phrase
("county lines") or a few weaker ones together ("drinking" + "bench" + "outside").

Examples (the framework's `examples:` and officer-confirmed `(text, slug)` pairs) add learned
terms: content words and word pairs, weighted by how specific they are to one entry.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import msgspec

from .framework_model import Framework, Kind, default_framework
from .phrase_index import PhraseIndex, compile_phrase, expand_phrase
from .text import STOPWORDS, mask_disclaimers, norm_tokens, singular, tokens

DEFAULT_THRESHOLD = 1.0
LEARNED_UNIGRAM_WEIGHT = 0.3
LEARNED_BIGRAM_WEIGHT = 0.6


class Tag(msgspec.Struct, frozen=True):
    slug: str
    kind: Kind
    confidence: float
    evidence: tuple[str, ...]


def _content_terms(tokens: Sequence[str]) -> set[str]:
    """Content words and adjacent content-word pairs: the features learned from examples."""
    content = [t if (len(t) > 2 and t not in STOPWORDS and not t.isdigit()) else None for t in tokens]
    terms = {t for t in content if t}
    terms.update(f"{a} {b}" for a, b in zip(content, content[1:]) if a and b)
    return terms


class Tagger:
    """Tags text with framework entries. Immutable once built; build once and reuse."""

    def __init__(
        self,
        framework: Framework | None = None,
        confirmed_examples: Iterable[tuple[str, str]] = (),
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.framework = framework or default_framework()
        self.threshold = threshold
        self._kinds = {e.slug: e.kind for e in self.framework.entries}
        self._order = {e.slug: i for i, e in enumerate(self.framework.entries)}
        examples = [(text, e.slug) for e in self.framework.entries for text in e.examples]
        for text, slug in confirmed_examples:
            if slug not in self._kinds:
                raise KeyError(f"unknown framework slug {slug!r}")
            examples.append((text, slug))
        self.examples: tuple[tuple[str, str], ...] = tuple(examples)
        self._compile_lexicon()
        self._learned = self._learn(self.examples)

    # -- building ---------------------------------------------------------------------------

    def _compile_lexicon(self) -> None:
        # One payload {slug: weight} per distinct compiled phrase ("drug" and "drugs" merge).
        merged: dict[object, tuple[str, dict[str, float]]] = {}
        for entry in self.framework.entries:
            for written, weight in entry.phrases:
                for phrase in expand_phrase(written):
                    key = compile_phrase(phrase)
                    if not key:
                        continue
                    _, by_slug = merged.setdefault(key, (phrase, {}))
                    by_slug[entry.slug] = max(weight, by_slug.get(entry.slug, weight))
        self._index: PhraseIndex[dict[str, float]] = PhraseIndex(merged.values())

    def _learn(self, examples: Sequence[tuple[str, str]]) -> dict[str, dict[str, float]]:
        """term -> {slug: weight} for terms specific to one entry's examples."""
        if not examples:
            return {}
        per_slug: dict[str, Counter[str]] = defaultdict(Counter)
        overall: Counter[str] = Counter()
        for text, slug in examples:
            terms = _content_terms(norm_tokens(text))
            per_slug[slug].update(terms)
            overall.update(terms)
        learned: dict[str, dict[str, float]] = defaultdict(dict)
        for slug, counts in per_slug.items():
            for term, n in counts.items():
                purity = n / overall[term]
                if purity < 0.6:
                    continue
                if " " in term:
                    weight = LEARNED_BIGRAM_WEIGHT * purity
                else:
                    weight = LEARNED_UNIGRAM_WEIGHT * purity * min(1.0, n / 2)
                learned[term][slug] = round(weight, 3)
        return dict(learned)

    def with_examples(self, confirmed_examples: Iterable[tuple[str, str]]) -> Tagger:
        """A new tagger that also learns from these officer-confirmed (text, slug) pairs."""
        framework_examples = {(t, e.slug) for e in self.framework.entries for t in e.examples}
        extra = [ex for ex in self.examples if ex not in framework_examples]
        return Tagger(self.framework, [*extra, *confirmed_examples], self.threshold)

    # -- tagging ----------------------------------------------------------------------------

    def _matches(self, toks: Sequence[str]) -> dict[str, dict[str, float]]:
        """slug -> {evidence phrase: weight}: per entry, the longest phrase wins and none overlap."""
        found: dict[str, dict[str, float]] = defaultdict(dict)
        free_from: dict[str, int] = {}
        index = self._index
        has_candidates = index.has_candidates
        for i in range(len(toks)):
            if not has_candidates(toks[i]):
                continue
            taken: set[str] = set()
            for size, phrase, by_slug in index.at(toks, i):
                for slug, weight in by_slug.items():
                    if slug in taken or free_from.get(slug, 0) > i:
                        continue
                    taken.add(slug)
                    free_from[slug] = i + size
                    if weight > 0 and phrase not in found[slug]:
                        found[slug][phrase] = weight
        return found

    def _learned_matches(self, toks: Sequence[str], found: dict[str, dict[str, float]]) -> None:
        if not self._learned:
            return
        for term in _content_terms(toks):
            for slug, weight in self._learned.get(term, {}).items():
                have = found[slug]
                if term not in have:
                    have[term] = weight

    def tag(self, text: str | None = None, *, toks: Sequence[str] | None = None) -> list[Tag]:
        """Tags for a text (or its already normalised tokens, from text.norm_tokens)."""
        if toks is None:
            toks = [singular(t) for t in mask_disclaimers(tokens(text or ""))]
        found = self._matches(toks)
        self._learned_matches(toks, found)
        tags = []
        for slug, evidence in found.items():
            score = sum(evidence.values())
            if score + 1e-9 < self.threshold:
                continue
            confidence = round(1 - math.pow(0.5, score / self.threshold), 3)
            ordered = tuple(sorted(evidence, key=lambda p: -evidence[p]))
            tags.append(Tag(slug, self._kinds[slug], confidence, ordered))
        tags.sort(key=lambda t: (-t.confidence, self._order[t.slug]))
        return tags

    def scores(self, text: str) -> dict[str, float]:
        """Raw score per entry, for inspection and tuning."""
        toks = [singular(t) for t in mask_disclaimers(tokens(text))]
        found = self._matches(toks)
        self._learned_matches(toks, found)
        return {slug: round(sum(ev.values()), 3) for slug, ev in found.items() if ev}


__all__ = ["Tag", "Tagger"]
