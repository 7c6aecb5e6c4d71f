"""A framework's own words as evidence: weighted phrases, plus terms learned from example sentences.

Each framework entry may carry phrases with weights. A text's score for an entry is the sum of the
weights of the distinct phrases found in it (whole words, plurals folded, longest phrase wins
within an entry, so a weight-0 phrase such as "dealing with" cancels "dealing"). Examples (the
framework's `examples:` and officer-confirmed `(text, slug)` pairs) add learned terms: content
words and word pairs, weighted by how specific they are to one entry.

The learned models use these scores as one feature among many; for an entry the models were
never trained on, they are the fallback evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .framework_model import Framework
from .phrase_index import PhraseIndex, compile_phrase, expand_phrase
from .text import STOPWORDS, norm_tokens

LEARNED_UNIGRAM_WEIGHT = 0.3
LEARNED_BIGRAM_WEIGHT = 0.6


def content_terms(tokens: Sequence[str]) -> set[str]:
    """Content words and adjacent content-word pairs: the features learned from examples."""
    content = [t if (len(t) > 2 and t not in STOPWORDS and not t.isdigit()) else None for t in tokens]
    terms = {t for t in content if t}
    terms.update(f"{a} {b}" for a, b in zip(content, content[1:]) if a and b)
    return terms


class FrameworkLexicon:
    """Phrase and example evidence per framework entry. Immutable once built."""

    def __init__(self, framework: Framework, examples: Iterable[tuple[str, str]] = ()) -> None:
        self.framework = framework
        merged: dict[object, tuple[str, dict[str, float]]] = {}
        for entry in framework.entries:
            for written, weight in entry.phrases:
                for phrase in expand_phrase(written):
                    key = compile_phrase(phrase)
                    if not key:
                        continue
                    _, by_slug = merged.setdefault(key, (phrase, {}))
                    by_slug[entry.slug] = max(weight, by_slug.get(entry.slug, weight))
        self._index: PhraseIndex[dict[str, float]] = PhraseIndex(merged.values())
        self._learned = _learn(list(examples))

    def matches(self, toks: Sequence[str]) -> dict[str, dict[str, float]]:
        """slug -> {evidence phrase: weight} for normalised tokens (text.norm_tokens)."""
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
        if self._learned:
            for term in content_terms(toks):
                for slug, weight in self._learned.get(term, {}).items():
                    found[slug].setdefault(term, weight)
        return {slug: ev for slug, ev in found.items() if ev}

    def scores(self, toks: Sequence[str]) -> dict[str, float]:
        return {slug: sum(ev.values()) for slug, ev in self.matches(toks).items()}


def _learn(examples: Sequence[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """term -> {slug: weight} for terms specific to one entry's examples."""
    if not examples:
        return {}
    per_slug: dict[str, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    for text, slug in examples:
        terms = content_terms(norm_tokens(text))
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
