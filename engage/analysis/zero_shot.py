"""Tagging against any framework: from entry names and scope notes alone, better with examples.

A partnership's next plan arrives as names and scope notes ("Road safety: speeding, dangerous
driving, pavement parking"). `ZeroShotScorer` turns each entry into weighted terms:

1. the entry's own words (name, scope, topics, and phrases when it has them), stemmed and with
   British spellings folded, plus the word pairs written together ("coercive control");
2. the words WordNet relates to them: synonyms, derived forms, narrower words ("weapon" ->
   "knife"), and the broader word with a low weight (engage.analysis.thesaurus);
3. words that keep company with them in community-safety text (learned from the corpus);
4. words specific to the entry's example sentences, and officer-confirmed examples, when given.

A term shared by several entries counts less for each, and everyday words count less than rare
ones. For a text, each entry gets evidence features (strongest term, combined strength, how many
distinct terms, how it compares with the other entries, nearness to its examples), and a small
logistic model, trained on (text, entry) pairs of the SLP corpus with SLP's phrase lists removed,
turns them into a probability. The features never name an entry, so the model carries over to
entries it has never seen: 0.5 is a sensible threshold.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from . import thesaurus
from .framework_model import Entry, Framework
from .text import STOPWORDS, tokens

# Weight of a term by where it came from. Tuned on the SLP framework (names and scope notes, no
# phrases) against the corpus's train and dev splits.
SOURCE_WEIGHTS = {
    "name": 1.0,
    "scope": 0.9,
    "phrase": 1.0,
    "pair": 1.3,  # two of the entry's own words written together
    "syn": 0.7,
    "der": 0.75,
    "hypo": 0.55,
    "hyper": 0.25,
    "assoc": 0.45,
    "example": 0.6,
}
# Evidence groups: the model learns how far to trust each kind of term.
GROUP = {"name": "own", "scope": "own", "phrase": "own", "pair": "pair", "syn": "wordnet", "der": "wordnet",
         "hypo": "wordnet", "hyper": "wordnet", "assoc": "assoc", "example": "example"}
GROUPS = ("own", "pair", "wordnet", "assoc", "example")
# Words that say nothing about a topic in a scope note ("support for victims", "issues around").
_SCOPE_FILLER = frozenset(
    """
    including include includes related relating affecting affect linked link around any kind kinds
    type types other such various based involving involve issue issues matter matters work working
    support services service people person public general level levels also both etc e.g eg i.e ie
    where there it its their them these those well being within across whole help
    """.split()
)
# Ordinary words kept although text.STOPWORDS drops them (a theme may be about streets or places).
_CONTENT_AFTER_ALL = frozenset("street road area place city people".split())
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_STEMMED_STOPWORDS = frozenset(thesaurus.stem(w) for w in STOPWORDS) - {"street", "road", "area", "place", "citi", "peopl"}
_MAX_RELATED_WORDS = 3  # words in a related lemma; longer ones ("fraud in the inducement") skipped


def _content(word: str) -> bool:
    return (
        len(word) > 2
        and not word.isdigit()
        and word not in _SCOPE_FILLER
        and (word not in STOPWORDS or word in _CONTENT_AFTER_ALL)
    )


@dataclass(frozen=True)
class Coefficients:
    """The logistic model over evidence features (data/zero_shot.json, tools/train_zero_shot.py)."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float


_DEFAULT_COEFFICIENTS = Coefficients(("total", "near"), (3.0, 4.0), -2.2)


def _load_coefficients() -> Coefficients:
    try:
        raw = json.loads(resources.files("engage.analysis").joinpath("data/zero_shot.json").read_text("utf-8"))
    except FileNotFoundError:
        return _DEFAULT_COEFFICIENTS
    return Coefficients(tuple(raw["features"]), tuple(raw["weights"]), float(raw["bias"]))


def text_terms(text: str, toks: Sequence[str] | None = None) -> set[str]:
    """Stemmed words and adjacent word pairs of a text: what entries' terms are matched against."""
    words = [thesaurus.stem(t) for t in (toks if toks is not None else tokens(text)) if t]
    terms = set(words)
    terms.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return terms


class ZeroShotScorer:
    """Probability per framework entry that a text is about it. Immutable; build once, reuse."""

    def __init__(self, framework: Framework, examples: Iterable[tuple[str, str]] = ()) -> None:
        self.framework = framework
        self.entries: tuple[Entry, ...] = framework.entries
        slugs = {e.slug for e in self.entries}
        confirmed: dict[str, list[str]] = defaultdict(list)
        for entry in self.entries:
            confirmed[entry.slug].extend(entry.examples)
        for text, slug in examples:
            if slug not in slugs:
                raise KeyError(f"unknown framework slug {slug!r}")
            confirmed[slug].append(text)
        self.examples = {slug: tuple(texts) for slug, texts in confirmed.items() if texts}
        self.coefficients = _load_coefficients()
        per_entry = [self._entry_terms(e) for e in self.entries]
        self._add_example_terms(per_entry)
        self.terms = self._index(per_entry)

    # -- building ---------------------------------------------------------------------------

    def seed_words(self, entry: Entry) -> list[tuple[str, str]]:
        """(word or phrase, source) an entry describes itself with."""
        out: list[tuple[str, str]] = []
        for source, texts in (
            ("name", [entry.name]),
            ("scope", [entry.scope, *(t.replace("-", " ") for t in entry.topics)]),
            ("phrase", [p for p, w in entry.phrases if w > 0]),
        ):
            for text in texts:
                for segment in re.split(r"[,;:()/.]| and | or | & ", text.lower()):
                    words = [w for w in _WORD.findall(segment.replace("-", " ")) if _content(w)]
                    out.extend((w, source) for w in words)
                    out.extend((f"{a} {b}", "pair") for a, b in zip(words, words[1:]))
                    if source == "phrase" and len(words) > 2:
                        out.append((" ".join(words), "phrase"))
        return out

    def _entry_terms(self, entry: Entry) -> dict[str, tuple[float, str]]:
        """term -> (weight, group) for one entry, the strongest source kept per term."""
        terms: dict[str, tuple[float, str]] = {}

        def add(phrase: str, source: str, weight: float) -> None:
            key = thesaurus.stem_phrase(phrase)
            if key and len(key.split()) <= 2 and weight > terms.get(key, (0.0, ""))[0]:
                terms[key] = (weight, GROUP[source])

        associations = thesaurus.associations()
        for word, source in self.seed_words(entry):
            add(word, source, SOURCE_WEIGHTS[source])
            if " " in word:
                continue
            for kind, related in thesaurus.related(word).items():
                for other in related:
                    if len(other.split()) <= _MAX_RELATED_WORDS and all(_content(w) for w in other.split()):
                        add(other, kind, SOURCE_WEIGHTS[kind])
            for other, strength in associations.get(thesaurus.stem(word), ()):
                add(other, "assoc", SOURCE_WEIGHTS["assoc"] * strength)
        return terms

    def _example_stems(self, text: str) -> set[str]:
        return {t for t in text_terms(text) if " " not in t and t not in _STEMMED_STOPWORDS}

    def _add_example_terms(self, per_entry: list[dict[str, tuple[float, str]]]) -> None:
        """Words specific to one entry's examples join its terms, weighted by that specificity."""
        self._example_sets: list[list[set[str]]] = [[] for _ in self.entries]
        if not self.examples:
            return
        counts: dict[str, Counter[str]] = {}
        overall: Counter[str] = Counter()
        for i, entry in enumerate(self.entries):
            c: Counter[str] = Counter()
            for text in self.examples.get(entry.slug, ()):
                stems = self._example_stems(text)
                self._example_sets[i].append(stems)
                c.update(stems)
            counts[entry.slug] = c
            overall.update(c)
        for i, entry in enumerate(self.entries):
            c = counts[entry.slug]
            for term, n in c.items():
                purity = n / overall[term]
                if purity < 0.6:
                    continue
                weight = SOURCE_WEIGHTS["example"] * purity * min(1.0, n / 2)
                if weight > per_entry[i].get(term, (0.0, ""))[0]:
                    per_entry[i][term] = (weight, "example")

    def _index(self, per_entry: list[dict[str, tuple[float, str]]]) -> dict[str, tuple[tuple[int, float, int], ...]]:
        """term -> ((entry index, effective weight, group index), ...): shared and everyday terms
        discounted."""
        df = thesaurus.document_frequency()
        self._idf = lambda term: math.log(1.0 / (df.get(term, 0.0) + 0.002))
        owners: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
        for i, terms in enumerate(per_entry):
            for term, (weight, group) in terms.items():
                owners[term].append((i, weight, group))
        index = {}
        for term, found in owners.items():
            share = 1.0 / math.sqrt(len(found))
            everyday = 1.0 / (1.0 + 8.0 * df.get(term, 0.0))  # a word in 1 text of 8 counts half
            index[term] = tuple((i, round(w * share * everyday, 4), GROUPS.index(g)) for i, w, g in found)
        return index

    # -- scoring ----------------------------------------------------------------------------

    def evidence(self, text: str, toks: Sequence[str] | None = None) -> list[dict[str, float]]:
        """Evidence features per entry (in framework order), for the model and for inspection."""
        terms = text_terms(text, toks)
        n = len(self.entries)
        by_group = [[0.0] * len(GROUPS) for _ in range(n)]
        best = [0.0] * n
        count = [0] * n
        for term in terms:
            for i, weight, group in self.terms.get(term, ()):
                by_group[i][group] += weight
                count[i] += 1
                if weight > best[i]:
                    best[i] = weight
        totals = [sum(g) for g in by_group]
        top = max(totals) if totals else 0.0
        nearness = self._nearness(terms) if self.examples else [0.0] * n
        out = []
        for i in range(n):
            features = dict(zip(GROUPS, by_group[i]))
            features.update({
                "total": totals[i],
                "max": best[i],
                "count": math.log1p(count[i]),
                "gap": totals[i] - top,
                "is_best": 1.0 if totals[i] > 0 and totals[i] == top else 0.0,
                "near": nearness[i],
                "has_examples": 1.0 if self._example_sets[i] else 0.0,
            })
            out.append(features)
        return out

    def _nearness(self, terms: set[str]) -> list[float]:
        """Per entry, the weighted overlap of the text with its closest example (0..1)."""
        stems = {t for t in terms if " " not in t and t not in _STEMMED_STOPWORDS}
        if not stems:
            return [0.0] * len(self.entries)
        idf = self._idf
        mine = sum(idf(t) for t in stems)
        out = []
        for examples in self._example_sets:
            best = 0.0
            for ex in examples:
                shared = sum(idf(t) for t in stems & ex)
                if shared:
                    theirs = sum(idf(t) for t in ex)
                    best = max(best, shared / math.sqrt(mine * theirs))
            out.append(best)
        return out

    def scores(self, text: str, toks: Sequence[str] | None = None) -> dict[str, float]:
        """slug -> probability that the text is about the entry (every entry, framework order)."""
        names, weights, bias = self.coefficients.names, self.coefficients.weights, self.coefficients.bias
        out = {}
        for entry, features in zip(self.entries, self.evidence(text, toks)):
            z = bias + sum(w * features.get(n, 0.0) for n, w in zip(names, weights))
            out[entry.slug] = round(1.0 / (1.0 + math.exp(-z)), 4)
        return out

    def entry_term_count(self, slug: str) -> int:
        """How many terms the scorer has for an entry (0: it cannot tag with it)."""
        i = next(k for k, e in enumerate(self.entries) if e.slug == slug)
        return sum(1 for found in self.terms.values() for j, w, _ in found if j == i and w > 0)


@dataclass(frozen=True)
class TaggingGap:
    """An entry the tagger has (almost) nothing to recognise by, in words an admin can act on."""

    slug: str
    name: str
    problem: str


def _known(word: str) -> bool:
    """Whether the scorer can do anything with a word beyond matching it letter for letter."""
    stem = thesaurus.stem(word)
    return bool(thesaurus.lemmas(word)) or stem in thesaurus.document_frequency() or stem in thesaurus.associations()


def tagging_gaps(framework: Framework) -> list[TaggingGap]:
    """Entries that cannot be tagged usefully: nothing but a name, or only words nobody uses."""
    gaps = []
    for entry in framework.entries:
        if entry.phrases or entry.examples:
            continue
        words = sorted({w for text in (entry.name, entry.scope, *entry.topics)
                        for w in _WORD.findall(text.lower().replace("-", " ")) if _content(w)})
        if not words:
            gaps.append(TaggingGap(entry.slug, entry.name, f"{entry.name} has no words the tagger can use: "
                                   "give it a name and a scope note in plain words, or add phrases or examples."))
        elif not entry.scope.strip():
            gaps.append(TaggingGap(entry.slug, entry.name, f"{entry.name} has no scope note, phrases or examples, "
                                   "so the tagger has only its name to go on: add a scope note listing what it covers."))
        elif not any(_known(w) for w in words):
            gaps.append(TaggingGap(entry.slug, entry.name, f"The tagger knows none of the words of {entry.name} "
                                   f"({', '.join(words[:6])}): write the scope note in plain words "
                                   "(spell out abbreviations), or add phrases or examples."))
    return gaps


__all__ = ["TaggingGap", "ZeroShotScorer", "tagging_gaps", "text_terms"]
