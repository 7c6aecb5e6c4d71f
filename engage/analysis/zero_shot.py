"""Tagging against any framework: from entry names and scope notes alone, better with examples.

A partnership's next plan arrives as names and scope notes ("Road safety: speeding, dangerous
driving, pavement parking"). `ZeroShotScorer` turns each entry into weighted terms:

1. the entry's own words (name, scope, topics, and phrases when it has them), stemmed and with
   British spellings folded, plus the word pairs written together ("coercive control");
2. the words WordNet relates to them: synonyms, derived forms, narrower words ("weapon" ->
   "knife"), and the broader word with a low weight (engage.analysis.thesaurus);
3. words that keep company with them in community-safety text (learned from the corpus);
4. words specific to the entry's example sentences, and officer-confirmed examples, when given;
5. words it teaches itself: those of the ordinary community-safety texts (and confirmed examples)
   it is already clearly the best entry for, used there far more often than in texts at large
   ("nicked" beside "theft"); with examples, "clearly the best" also counts the examples'
   distinctive words the text uses. No labels are read, so this works for any framework;
6. a word model it trains itself: per entry, every word's log-odds of being in the ordinary texts
   it is clearly the best entry for (and its confirmed examples) rather than in the rest, so
   residents' words count for the entry whose texts use them and against the others.

A scope note's exclusions ("not including parking disputes", "(dealing ... belongs under X)")
are left out of its words.

A term shared by several entries counts less for each, and everyday words count less than rare
ones (everyday in English at large or in the partnership's own past voices, the background
texts). For a text, each entry gets evidence features (strongest term, combined strength, how many
distinct terms, how it compares with the other entries, nearness to its examples, the examples'
distinctive words it uses (weighted by how much more common they are in the examples than in
ordinary texts), the text's word vector against the entry's own words and its examples' centroid,
the self-trained word model's mean log-odds for its words, and how unusual
the evidence is for that entry: its strength against the same entry's on ordinary community-safety
texts, so an entry whose scope note is long or full of everyday words is not tagged everywhere,
and one written in few, rare words is not tagged nowhere; the example features are measured the
same way, so the nearest of 20 examples is not mistaken for a closer match than the nearest of 5),
and a small logistic model (one for entries known by their words alone, one for entries with
confirmed examples), trained on (text, entry) pairs of the SLP corpus with SLP's phrase lists removed,
turns them into a probability. The features never name an entry, so the model carries over to
entries it has never seen: 0.5 is a sensible threshold. An entry's own phrases keep the meaning
their weights have for the tagger: found phrases worth 1 give at least 0.5 on their own.

Related words are weighed by how close they are to the entry's own words as a whole (word
vectors from WordNet's definitions, data/vectors.npz), so a thesaurus sense that does not fit
("substance" as the gist of a thing, beside "drug and alcohol use") adds little.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

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
    "gloss": 0.35,
    "assoc": 0.45,
    "example": 0.6,
    "taught": 0.5,
}
# A related word's closeness to the entry's own words (cosine of word vectors) below SENSE_FLOOR
# counts for nothing, above SENSE_FULL in full. (0.2, 0.5 alone: held-out entries 0.449 -> 0.453,
# the third development framework 0.478 -> 0.485, SLP dev 0.458 -> 0.449 and every measure with
# examples lower: not kept.)
SENSE_FLOOR, SENSE_FULL = 0.1, 0.4
EVERYDAY = 8.0
# Evidence groups: the model learns how far to trust each kind of term.
GROUP = {"name": "own", "scope": "own", "phrase": "own", "pair": "pair", "syn": "wordnet", "der": "wordnet",
         "hypo": "wordnet", "hyper": "wordnet", "gloss": "gloss", "assoc": "assoc", "example": "example",
         "taught": "taught"}
GROUPS = ("own", "pair", "wordnet", "gloss", "assoc", "example", "taught")
# Evidence features per (text, entry): the group sums first (columns 0-5), then the rest; the
# last ones (z_*) are the entry's own words' sum and the total as z-scores against the same entry's
# evidence on background texts (BACKGROUND_TEXTS), and the text's z-scored total less the best
# entry's, the near-to-examples z-score less the best entry's, and the self-trained word model's
# z-score and the same less the best entry's. (z-scoring every group too scored better on the
# development framework but worse on entries the model was not trained with:
# tools/train_zero_shot.py --check.)
_CALIBRATED = ("own", "total", "vec", "near", "ex_vec", "ex_words")
FEATURES = (*GROUPS, "total", "max", "count", "gap", "is_best", "near", "has_examples", "share", "own_best",
            "vec", "vec_gap", "ex_vec", "ex_vec_gap",
            *(f"z_{name}" for name in _CALIBRATED), "z_gap", "z_near_gap", "z_self", "z_self_gap")
# Background texts for calibration and self-teaching: the shipped corpus's train split, English, SLP-labelled parts
# only (labels unused; never the dev/test splits or the second-framework parts), at most this many.
BACKGROUND_TEXTS = 4000
# Most texts are about one thing: beside a stronger entry, another needs this probability from the
# evidence model to be tagged (its score is stretched so that 0.5 stays the one threshold). A
# second entry that merely clears 0.5 was more often wrong than right on the development
# framework (train split micro-F1 0.478 -> 0.484, with 5 examples 0.496 -> 0.507). An entry's own
# phrases still count in full (1 - 0.5 ** weight), best entry or not.
SECOND_ENTRY_NEEDS = 0.6
# Self-teaching from the background texts (ZeroShotScorer._add_taught_terms), in TAUGHT_ROUNDS
# rounds: the words one round teaches make the next round sure of texts that use them. Three
# rounds at TAUGHT_SURE 1.0 with SENSE_FLOOR, SENSE_FULL = 0.2, 0.5 scored better on every
# development measure (names and scope, dev split: held-out entries 0.449 -> 0.460, the third
# development framework 0.478 -> 0.511, SLP 0.458 -> 0.457; with 5 examples 0.485 -> 0.491) but
# drift on a plan far from the background: in tests/unit/analysis/test_zero_shot.py a
# doorstep-fraud text fell from 0.58 to 0.40 and went to road safety, and the older-people entry
# outscored road safety on a speeding text. Kept at one round until a guard against drift is measured.
TAUGHT_TOP, TAUGHT_SURE, TAUGHT_MIN_COUNT, TAUGHT_MIN_LIFT, TAUGHT_FULL_LIFT = 120, 1.5, 3, 2.0, 20.0
TAUGHT_ROUNDS = 1
# The self-trained word model ("z_self": ZeroShotScorer._build_self_model): per entry, the background
# texts it is clearly the best entry for (at most SELF_TOP, sureness at least TAUGHT_SURE) and its
# confirmed examples are its pseudo-labelled texts; every word's log-odds of being in them rather than
# in the other background texts is learned (a word in fewer than SELF_MIN_TEXTS background texts left
# out), each count given SELF_ALPHA and SELF_PRIOR texts' worth of the word's background rate, so a
# word seen in two texts that happen to be one entry's does not look like that entry's word. A text's
# evidence is the mean log-odds of its words, z-scored against the background. Unlike the taught
# terms, every word counts, and words of other entries' texts count against. Dev, names and scope,
# retrained evidence model: the SLP plan cut down 0.453 -> 0.475, the third development framework
# 0.479 -> 0.534, entries held out 0.446 -> 0.466. SELF_TOP 150 or 600, sureness 1.0 or 2.0,
# SELF_ALPHA 0.3 and SELF_PRIOR 0 or 10 all scored within 0.01 of that; SELF_MIN_TEXTS 5 lost
# 0.01 on SLP and held-out entries. A second round (texts picked with the first round's evidence
# too) scored 0.478 / 0.538 / 0.466 and a third 0.469 / 0.542 / 0.461: not kept.
SELF_TOP, SELF_ALPHA, SELF_MIN_TEXTS, SELF_PRIOR = 300, 1.0, 2, 40.0
# An example's word counts towards "ex_words" when it is this many times more common in the entry's
# examples than in ordinary texts; its weight stops growing at EXAMPLE_MAX_LIFT.
EXAMPLE_MIN_LIFT, EXAMPLE_MAX_LIFT = 2.0, 200.0
# Added to all entries' evidence before an entry's share of it is taken, so one faint word that no
# other entry has is not "all of the evidence".
SHARE_FLOOR = 1.0
# Added to a background standard deviation, so an entry that ordinary texts never touch does not
# turn its first faint match into a huge z-score.
Z_FLOOR = 0.05
# z-scores are cut to +-Z_CLIP: a background in which an entry barely varies would otherwise give
# scores in the dozens, and a linear model extrapolates them into nonsense.
Z_CLIP = 8.0
_COL = {name: i for i, name in enumerate(FEATURES)}
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
# A bracketed note that points elsewhere: "(dealing and supply also belong under ...)".
_CROSS_REFERENCE = re.compile(r"\([^()]*\b(?:belong|see|not|rather|instead|under|excluding|except)\b[^()]*\)")
# An exclusion outside brackets, up to the end of its clause: "speeding and dangerous driving;
# not including parking disputes" or "all theft except shoplifting" is not about parking or shops.
_EXCLUSION = re.compile(r"\b(?:not\s+(?:including|covering|counting)|excluding|except(?:\s+for)?|other\s+than|"
                        r"apart\s+from|but\s+not|rather\s+than|as\s+opposed\s+to)\b[^;.()]*")


def _content(word: str) -> bool:
    return (
        len(word) > 2
        and not word.isdigit()
        and word not in _SCOPE_FILLER
        and (word not in STOPWORDS or word in _CONTENT_AFTER_ALL)
    )


@dataclass(frozen=True)
class Coefficients:
    """The logistic models over evidence features (data/zero_shot.json, tools/train_zero_shot.py):
    one for entries known by their words alone, one for entries with confirmed examples. With
    examples the evidence worth trusting changes (nearness to what officers confirmed can outweigh
    a scope note's thesaurus kin), and one model for both mostly learned the first."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    example_weights: tuple[float, ...] = ()  # empty: entries with examples use `weights` too
    example_bias: float = 0.0


_DEFAULT_COEFFICIENTS = Coefficients(("total", "near"), (3.0, 4.0), -2.2)


def _load_coefficients() -> Coefficients:
    try:
        raw = json.loads(resources.files("engage.analysis").joinpath("data/zero_shot.json").read_text("utf-8"))
    except FileNotFoundError:
        return _DEFAULT_COEFFICIENTS
    examples = raw.get("with_examples", {})
    return Coefficients(tuple(raw["features"]), tuple(raw["weights"]), float(raw["bias"]),
                        tuple(examples.get("weights", ())), float(examples.get("bias", 0.0)))


@functools.cache
def background_terms() -> tuple[frozenset[str], ...]:
    """text_terms of up to BACKGROUND_TEXTS ordinary texts (see BACKGROUND_TEXTS), in a fixed order."""
    from . import corpus  # the shipped corpus: read once, only when a zero-shot entry is scored

    try:
        records = [r for r in corpus.training_records(corpus.load_corpus()) if r.split == "train"]
    except (OSError, corpus.CorpusError):
        return ()
    return tuple(frozenset(text_terms(text)) for text in background_sample([r.text for r in records]))


def background_sample(texts: Sequence[str]) -> list[str]:
    """Up to BACKGROUND_TEXTS of the texts, in a fixed pseudo-random order (a hash of each text):
    texts added to the corpus displace about as many, so the sample changes gradually. (Taking
    every k-th text halved the background the day the train split passed BACKGROUND_TEXTS, and
    the self-taught words and calibration moved with it: a doorstep-fraud test text fell from
    0.58 to 0.32.)"""
    return sorted(texts, key=lambda t: hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest())[:BACKGROUND_TEXTS]


def text_terms(text: str, toks: Sequence[str] | None = None) -> set[str]:
    """Stemmed words and adjacent word pairs of a text: what entries' terms are matched against."""
    words = [thesaurus.stem(t) for t in (toks if toks is not None else tokens(text)) if t]
    terms = set(words)
    terms.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return terms


@functools.lru_cache(maxsize=200_000)
def _idf(term: str) -> float:
    """How rare a stem is in ordinary text (thesaurus.document_frequency)."""
    return math.log(1.0 / (thesaurus.document_frequency().get(term, 0.0) + 0.002))


def _stem_vector(stems: Iterable[str]) -> np.ndarray | None:
    """IDF-weighted mean of word vectors (thesaurus.vectors(), loaded once per process), unit
    length (None when no word has a vector)."""
    vectors = thesaurus.vectors()
    if vectors is None:
        return None
    index, matrix = vectors
    rows = [(index[s], _idf(s)) for s in stems if s in index and s not in _STEMMED_STOPWORDS]
    if not rows:
        return None
    v = np.asarray([w for _, w in rows], dtype=np.float32) @ matrix[[i for i, _ in rows]]
    norm = float(np.linalg.norm(v))
    return v / norm if norm else None


def _content_stems(terms: Iterable[str]) -> frozenset[str]:
    """The single stems of a text's terms that can say what it is about (no pairs, stopwords or numbers)."""
    return frozenset(t for t in terms if " " not in t and t not in _STEMMED_STOPWORDS and t.isalpha())


def _dimensions() -> int:
    vectors = thesaurus.vectors()
    return vectors[1].shape[1] if vectors else 1


def _text_vector(terms: Iterable[str]) -> np.ndarray:
    """A text's word vector (zeros when none of its words has one)."""
    v = _stem_vector(t for t in terms if " " not in t)
    return v if v is not None else np.zeros(_dimensions(), dtype=np.float32)


@functools.lru_cache(maxsize=4)
def _background_counts(background: tuple[frozenset[str], ...]) -> Counter[str]:
    """term -> how many background texts use it (their document frequency), counted once per
    background, not at each scorer build (one per admin edit): the everyday discount (_index), the
    examples' lift (_build_example_words) and the taught terms' lift (_add_taught_terms) all read it.
    Read only. In the everyday discount, the larger of this rate and general English's (dev, names
    and scope, retrained evidence model): the SLP plan cut down 0.467 -> 0.474, entries held out
    0.462 -> 0.466, the third development framework 0.499 -> 0.507 (its train split 0.521 -> 0.528);
    this rate alone in place of general English's: 0.467, 0.458, 0.506."""
    return Counter(t for terms in background for t in terms)


@functools.lru_cache(maxsize=4)
def _background_vectors(background: tuple[frozenset[str], ...]) -> tuple[np.ndarray, ...]:
    """Each background text's word vector: the same for every scorer, so worked out once per
    background (a scorer is rebuilt each time an admin edits an entry)."""
    return tuple(_text_vector(terms) for terms in background)


def seed_words(name: str, scope: str, topics: Sequence[str] = (),
               phrases: Sequence[tuple[str, float]] = ()) -> list[tuple[str, str]]:
    """(word or phrase, source) an entry describes itself with, from its name, scope note,
    topics and phrases."""
    out: list[tuple[str, str]] = []
    for source, texts in (
        ("name", [name]),
        ("scope", [scope, *(t.replace("-", " ") for t in topics)]),
        ("phrase", [p for p, w in phrases if w > 0]),
    ):
        for text in texts:
            text = _CROSS_REFERENCE.sub(" ", text.lower())  # "(dealing ... belong under X)" is not this entry
            text = _EXCLUSION.sub(" ", text)  # "..., not including parking disputes" is not either
            for joined in re.findall(r"\b([a-z]+)-([a-z]+)\b", text):  # "mis-use" is also "misuse"
                if _content("".join(joined)):
                    out.append(("".join(joined), source))
            for segment in re.split(r"[,;:()/.]| and | or | & ", text):
                segment = re.sub(r"\b([a-z]{1,3})-([a-z]+)\b|\b([a-z]+)-([a-z]{1,3})\b",
                                 lambda m: "".join(g for g in m.groups() if g), segment)  # "mis-use"
                words = [w for w in _WORD.findall(segment.replace("-", " ")) if _content(w)]
                out.extend((w, source) for w in words)
                out.extend((f"{a} {b}", "pair") for a, b in zip(words, words[1:]))
                if source == "phrase" and len(words) > 2:
                    out.append((" ".join(words), "phrase"))
    return out


def _own_stems(words: Iterable[tuple[str, str]]) -> list[str]:
    return sorted({thesaurus.stem(w) for w, _ in words if " " not in w})


@functools.lru_cache(maxsize=256)
def _entry_terms(name: str, scope: str, topics: tuple[str, ...],
                 phrases: tuple[tuple[str, float], ...]) -> dict[str, tuple[float, str]]:
    """term -> (weight, group) for an entry's words, the strongest source kept per term. A related
    word counts in proportion to how close it is to the entry's own words as a whole, so the
    wrong sense of a word ("substance" as the gist of a thing) adds little. Kept for a few plans'
    worth of entries: they depend on nothing else, and an admin's edit to one entry rebuilds the
    scorer for the whole plan (most of that rebuild's seconds were once spent here). Callers
    copy the dict before adding to it."""
    terms: dict[str, tuple[float, str]] = {}
    words = seed_words(name, scope, topics, phrases)
    vectors = thesaurus.vectors()
    own_vector = _stem_vector(_own_stems(words))

    def fit(key: str) -> float:
        if vectors is None or own_vector is None or not own_vector.any():
            return 1.0
        index, matrix = vectors
        rows = [index[w] for w in key.split() if w in index]
        if not rows:
            return 0.5  # a word general English has no vector for: keep, at half weight
        closeness = float(max(matrix[rows] @ own_vector))
        return min(1.0, max(0.0, (closeness - SENSE_FLOOR) / (SENSE_FULL - SENSE_FLOOR)))

    def add(phrase: str, source: str, weight: float) -> None:
        key = thesaurus.stem_phrase(phrase)
        if not key or len(key.split()) > 2 or weight <= terms.get(key, (0.0, ""))[0]:
            return
        if GROUP[source] in ("wordnet", "assoc"):
            weight *= fit(key)
            if weight <= terms.get(key, (0.0, ""))[0] or weight < 0.05:
                return
        terms[key] = (weight, GROUP[source])

    associations = thesaurus.associations()
    for word, source in words:
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


class ZeroShotScorer:
    """Probability per framework entry that a text is about it. Immutable; build once, reuse."""

    def __init__(self, framework: Framework, examples: Iterable[tuple[str, str]] = (),
                 background: Sequence[frozenset[str]] | None = None) -> None:
        """`background`: text_terms of ordinary texts to calibrate and self-teach on (default:
        background_terms(), from the shipped corpus)."""
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
        self._idf = _idf
        self._seeds = [_own_stems(self.seed_words(e)) for e in self.entries]
        self._own_vectors = self._matrix([_stem_vector(seeds) for seeds in self._seeds])
        self._phrases = self._phrase_index()
        # A copy each time: the terms examples and self-teaching add are this scorer's alone.
        per_entry = [dict(_entry_terms(e.name, e.scope, tuple(e.topics), tuple(e.phrases))) for e in self.entries]
        self._add_example_terms(per_entry)
        background = tuple(background_terms() if background is None else background)
        self._background_df, self._background_size = _background_counts(background), len(background)
        self.terms = self._index(per_entry)
        self._build_example_index()
        self._example_centroids = self._matrix([
            self._centroid([_stem_vector(stems) for stems in sets]) for sets in self._example_sets])
        self._slugs = [e.slug for e in self.entries]
        self._has_examples = [1.0 if sets else 0.0 for sets in self._example_sets]
        self._weights, self._bias = self._weight_rows()
        self._build_example_words(background)
        # The _CALIBRATED features of every background text, worked out once: self-teaching reads
        # them, and the terms it adds change only the first two (own words, total).
        vectors = _background_vectors(background)
        rows = [self._calibrated(terms, text_vector=v) for terms, v in zip(background, vectors)]
        self._calibrate(background, rows)
        for _ in range(TAUGHT_ROUNDS):
            if not (len(background) and self._add_taught_terms(background, per_entry, rows)):
                break
            self.terms = self._index(per_entry)
            for terms, row in zip(background, rows):
                groups = self._group_sums(terms)[0]
                row[0] = groups[0]
                row[1] = [sum(column) for column in zip(*groups)]
            self._calibrate(background, rows)
        self._build_self_model(background, rows)

    # -- building ---------------------------------------------------------------------------

    def seed_words(self, entry: Entry) -> list[tuple[str, str]]:
        """(word or phrase, source) an entry describes itself with."""
        return seed_words(entry.name, entry.scope, entry.topics, entry.phrases)

    def _phrase_index(self) -> dict[tuple[str, ...], list[tuple[int, float]]]:
        """The framework's own phrases, stemmed: (stems...) -> [(entry, weight)]. A phrase is the
        partnership's word for an entry, so it keeps the weight it was given (1 = enough alone)."""
        out: dict[tuple[str, ...], list[tuple[int, float]]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for phrase, weight in entry.phrases:
                key = tuple(thesaurus.stem_phrase(phrase.replace("*", "")).split())
                if key and weight > 0:
                    out[key].append((i, weight))
        return dict(out)

    def _phrase_evidence(self, terms: set[str]) -> list[float]:
        """Per entry, the summed weight of its phrases found in the text (each phrase once)."""
        found = [0.0] * len(self.entries)
        for key, owners in self._phrases.items():
            if (" ".join(key) in terms) if len(key) <= 2 else all(
                    f"{a} {b}" in terms for a, b in zip(key, key[1:])):
                for i, weight in owners:
                    found[i] += weight
        return found

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

    def _build_example_words(self, background: Sequence[frozenset[str]]) -> None:
        """stem -> ((entry, weight), ...) for the words of each entry's examples, weighted by how much
        more often they are in its examples than in ordinary texts (log of that lift, at most
        log EXAMPLE_MAX_LIFT): what its confirmed examples say that ordinary texts do not. Summed over
        a text's words and z-scored against the background, it is the "ex_words" evidence."""
        self._example_words: dict[str, tuple[tuple[int, float], ...]] = {}
        if not self.examples:
            return
        if background:
            df, size = self._background_df, self._background_size

            def rate(term: str) -> float:
                return (df[term] + 1) / (size + 1)
        else:
            everyday = thesaurus.document_frequency()

            def rate(term: str) -> float:
                return everyday.get(term, 0.0) + 0.002
        out: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, sets in enumerate(self._example_sets):
            for term, n in Counter(t for stems in sets for t in stems).items():
                if not term.isalpha():
                    continue
                lift = ((n + 0.5) / (len(sets) + 1)) / rate(term)
                if lift > EXAMPLE_MIN_LIFT:
                    out[term].append((i, round(math.log(min(lift, EXAMPLE_MAX_LIFT)) * min(1.0, n / 2), 4)))
        self._example_words = {term: tuple(found) for term, found in out.items()}

    def _add_taught_terms(self, background: Sequence[frozenset[str]],
                          per_entry: list[dict[str, tuple[float, str]]], rows: list[np.ndarray]) -> bool:
        """Words of the ordinary texts the scorer is already sure about join the entry they are
        sure for ("taught" terms): residents write "nicked" where the scope note says "theft",
        and the texts that say "theft" also say "nicked". Per entry, the background texts it
        is the best entry for at TAUGHT_SURE or more (at most TAUGHT_TOP of them), and its
        confirmed examples; a word found in TAUGHT_MIN_COUNT of them, TAUGHT_MIN_LIFT times more
        often than in background texts at large, is weighted by that lift. No labels are read: this works for any framework.
        `rows`: the background texts' _CALIBRATED features (_calibrated), in background order."""
        # How sure: the entry's evidence as a z-score against its own background spread, plus the
        # same for its examples' distinctive words when it has examples (0 otherwise): officers'
        # examples pick which texts the entry learns from (dev, 5 examples per entry: the best
        # entry right for 0.543 -> 0.569 of texts). Not the learned model's probability, so the
        # terms do not shift each time that model is retrained.
        stems = [[t for t in terms if " " not in t and t not in _STEMMED_STOPWORDS] for terms in background]
        df = self._background_df  # a stem's count is the same among the background's terms
        added = False
        for i, sure in enumerate(self._sure_texts(rows, TAUGHT_TOP)):
            texts = [stems[k] for k in sure] + self._example_sets[i]  # examples: sure by definition
            if len(texts) < TAUGHT_MIN_COUNT:
                continue
            for term, n in Counter(t for words in texts for t in words).items():
                if n < TAUGHT_MIN_COUNT or not term.isalpha():  # "5", "13": no theme's words
                    continue
                lift = (n / len(texts)) / ((df[term] + 1) / len(background))
                if lift < TAUGHT_MIN_LIFT:
                    continue
                weight = SOURCE_WEIGHTS["taught"] * min(1.0, math.log(lift) / math.log(TAUGHT_FULL_LIFT))
                if weight > per_entry[i].get(term, (0.0, ""))[0]:
                    per_entry[i][term] = (weight, "taught")
                    added = True
        return added

    def _sure_texts(self, rows: Sequence[np.ndarray], top: int) -> list[list[int]]:
        """Per entry, the background texts (indices, surest first) it is clearly the best entry for:
        among its `top` surest, the best entry and at least TAUGHT_SURE. The taught terms and the
        self-trained word model learn from these (how sure, and why: _add_taught_terms)."""
        z = np.clip((np.array(rows) - self._mean) / self._spread, -Z_CLIP, Z_CLIP)  # texts x _CALIBRATED x entries
        sureness = z[:, _CALIBRATED.index("total")] + z[:, _CALIBRATED.index("ex_words")]
        best = sureness.argmax(axis=1)
        return [[int(k) for k in np.argsort(-sureness[:, i])[:top] if best[k] == i and sureness[k, i] >= TAUGHT_SURE]
                for i in range(len(self.entries))]

    def _pseudo_labels(self, rows: Sequence[np.ndarray]) -> list[list[int]]:
        """Per background text, the entries it is pseudo-labelled with (_sure_texts, SELF_TOP)."""
        labelled: list[list[int]] = [[] for _ in rows]
        for i, sure in enumerate(self._sure_texts(rows, SELF_TOP)):
            for k in sure:
                labelled[k].append(i)
        return labelled

    def _build_self_model(self, background: Sequence[frozenset[str]], rows: Sequence[np.ndarray]) -> None:
        """The self-trained word model (SELF_TOP): stem -> log-odds per entry of being in the entry's
        pseudo-labelled texts rather than in the rest of the background, and each entry's mean and
        spread of the evidence over the background. No labels are read."""
        n = len(self.entries)
        self._self_words: dict[str, np.ndarray] = {}
        self._self_mean, self._self_spread = np.zeros(n), np.ones(n)
        if not len(background) or not n:
            return
        docs = [_content_stems(terms) for terms in background]
        confirmed: list[int] = []  # confirmed examples not in the background join it, labelled by definition
        seen = set(background)
        for i, entry in enumerate(self.entries):
            for text in self.examples.get(entry.slug, ()):
                terms = frozenset(text_terms(text))
                if terms not in seen:
                    docs.append(_content_stems(terms))
                    confirmed.append(i)
        df: Counter[str] = Counter(t for words in docs for t in words)
        vocabulary = sorted(t for t, c in df.items() if c >= SELF_MIN_TEXTS)
        column = {t: k for k, t in enumerate(vocabulary)}
        ids = [[column[t] for t in words if t in column] for words in docs]
        total = np.array([df[t] for t in vocabulary], dtype=float)[:, None]
        prior = SELF_PRIOR * total / len(docs)  # a word's rate in the background, worth SELF_PRIOR texts
        labelled = [*self._pseudo_labels(rows), *([i] for i in confirmed)]
        inside = np.zeros((len(vocabulary), n))
        per_entry = np.zeros(n)
        for found, entries in zip(ids, labelled):
            for i in entries:
                inside[found, i] += 1
                per_entry[i] += 1
        log_odds = (np.log((inside + prior + SELF_ALPHA) / (per_entry + SELF_PRIOR + 2 * SELF_ALPHA))
                    - np.log((total - inside + prior + SELF_ALPHA) / (len(docs) - per_entry + SELF_PRIOR + 2 * SELF_ALPHA)))
        self._self_words = {t: log_odds[k] for t, k in column.items()}
        own = {frozenset(text_terms(t)) for texts in self.examples.values() for t in texts}
        scores = np.array([self._self_scores(terms) for terms in background if terms not in own])
        if len(scores):
            self._self_mean, self._self_spread = scores.mean(axis=0), scores.std(axis=0) + Z_FLOOR

    def _self_scores(self, terms: Iterable[str]) -> np.ndarray:
        """Per entry, the mean log-odds of the text's words under the self-trained word model."""
        found = [self._self_words[t] for t in terms if t in self._self_words]
        return np.mean(found, axis=0) if found else np.zeros(len(self.entries))

    def _index(self, per_entry: list[dict[str, tuple[float, str]]]) -> dict[str, tuple[tuple[int, float, int], ...]]:
        """term -> ((entry index, effective weight, group index), ...): shared and everyday terms
        discounted. A term is as everyday as it is in general English or in the background texts
        (the partnership's own voices), whichever is more: "police", "area" and "report" are
        everyday where residents write about community safety, though not in English at large."""
        df, counts, size = thesaurus.document_frequency(), self._background_df, max(self._background_size, 1)
        owners: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
        for i, terms in enumerate(per_entry):
            for term, (weight, group) in terms.items():
                owners[term].append((i, weight, group))
        index = {}
        for term, found in owners.items():
            share = 1.0 / math.sqrt(len(found))
            everyday = 1.0 / (1.0 + EVERYDAY * max(df.get(term, 0.0), counts[term] / size))  # in 1 text of 8: half
            index[term] = tuple((i, round(w * share * everyday, 4), GROUPS.index(g)) for i, w, g in found)
        return index

    def _matrix(self, rows: list[np.ndarray | None]) -> np.ndarray:
        out = np.zeros((len(rows), _dimensions()), dtype=np.float32)
        for i, row in enumerate(rows):
            if row is not None:
                out[i] = row
        return out

    def _centroid(self, vectors: list[np.ndarray | None]) -> np.ndarray | None:
        """The unit-length mean of an entry's example vectors (None when it has none)."""
        found = [v for v in vectors if v is not None]
        if not found:
            return None
        mean = np.mean(found, axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else None

    def _calibrate(self, background: Sequence[frozenset[str]], rows: Sequence[np.ndarray]) -> None:
        """Each entry's mean and spread over the background texts of the _CALIBRATED features
        (`rows`, one per background text): its own words' and all its terms' sums, its word-vector
        closeness, and its nearness to its examples and their centroid. The example features need
        this most: the nearest of 20 examples is nearer than the nearest of 5 to any text, and an
        entry whose examples are written in everyday words is near to everything; against the
        background, "near" means nearer than ordinary texts get. Background texts that are
        themselves examples are left out."""
        n = len(self.entries)
        own = {frozenset(text_terms(t)) for texts in self.examples.values() for t in texts}
        rows = [row for terms, row in zip(background, rows) if terms not in own]
        if rows:
            sums = np.array(rows)  # texts x _CALIBRATED x entries
            self._mean, self._spread = sums.mean(axis=0), sums.std(axis=0) + Z_FLOOR
        else:  # no corpus shipped: z-scores are the raw sums
            self._mean, self._spread = np.zeros((len(_CALIBRATED), n)), np.ones((len(_CALIBRATED), n))

    def _calibrated(self, terms: Iterable[str], groups: list[list[float]] | None = None,
                    text_vector: np.ndarray | None = None) -> np.ndarray:
        """The _CALIBRATED features of a text, one row each, one column per entry."""
        terms = terms if isinstance(terms, (set, frozenset)) else set(terms)
        if groups is None:
            groups = self._group_sums(terms)[0]
        if text_vector is None:
            text_vector = _text_vector(terms)
        n = len(self.entries)
        near = self._nearness(terms) if self.examples else [0.0] * n
        ex_words = [0.0] * n
        for term in terms:
            for i, weight in self._example_words.get(term, ()):
                ex_words[i] += weight
        return np.array([groups[0], [sum(column) for column in zip(*groups)], self._own_vectors @ text_vector,
                         near, self._example_centroids @ text_vector, ex_words])

    # -- scoring ----------------------------------------------------------------------------

    def _group_sums(self, terms: Iterable[str]) -> tuple[list[list[float]], list[float], list[int]]:
        """Per group, per entry, the summed weight of the entry's terms found; per entry the
        strongest term's weight and how many terms were found."""
        n = len(self.entries)
        groups = [[0.0] * n for _ in GROUPS]
        best = [0.0] * n
        count = [0] * n
        for term in terms:
            for i, weight, group in self.terms.get(term, ()):
                groups[group][i] += weight
                count[i] += 1
                if weight > best[i]:
                    best[i] = weight
        return groups, best, count

    def feature_matrix(self, text: str, toks: Sequence[str] | None = None,
                       terms: set[str] | None = None) -> np.ndarray:
        """Evidence features, one row per entry (framework order), columns in FEATURES order."""
        terms = text_terms(text, toks) if terms is None else terms
        n = len(self.entries)
        groups, best, count = self._group_sums(terms)
        text_vector = _text_vector(terms)
        calibrated = self._calibrated(terms, groups, text_vector)
        own, totals, vec, near, ex_vec, _ = calibrated.tolist()
        top = max(totals) if n else 0.0
        is_best = [1.0 if t > 0 and t == top else 0.0 for t in totals]
        everything = sum(totals) + SHARE_FLOOR
        z = np.clip((calibrated - self._mean) / self._spread, -Z_CLIP, Z_CLIP)
        z_self = np.clip((self._self_scores(terms) - self._self_mean) / self._self_spread, -Z_CLIP, Z_CLIP)
        vec_a, ex_a = np.array(vec), np.array(ex_vec)
        return np.vstack([
            np.array([*groups, totals, best, [math.log1p(c) for c in count], [t - top for t in totals], is_best, near,
                      self._has_examples, [t / everything for t in totals], [o * b for o, b in zip(own, is_best)]]),
            vec_a, vec_a - (vec_a.max() if n else 0.0), ex_a, ex_a - (ex_a.max() if n else 0.0),
            z, z[1:2] - (z[1].max() if n else 0.0), z[3:4] - (z[3].max() if n else 0.0),
            z_self, z_self - (z_self.max() if n else 0.0),
        ]).T

    def evidence(self, text: str, toks: Sequence[str] | None = None) -> list[dict[str, float]]:
        """Evidence features per entry (in framework order) by name, for training and inspection."""
        return [dict(zip(FEATURES, row)) for row in self.feature_matrix(text, toks).tolist()]

    def _build_example_index(self) -> None:
        """stem -> [(entry, example number)], and each example's total weight, for _nearness."""
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._example_weight: dict[tuple[int, int], float] = {}
        for i, sets in enumerate(self._example_sets):
            for k, stems in enumerate(sets):
                for stem in stems:
                    postings[stem].append((i, k))
                self._example_weight[(i, k)] = sum(self._idf(t) for t in stems) or 1.0
        self._example_postings = dict(postings)

    def _nearness(self, terms: Iterable[str]) -> list[float]:
        """Per entry, the weighted overlap (cosine-like) of the text with its closest example."""
        out = [0.0] * len(self.entries)
        idf, postings = self._idf, self._example_postings
        shared: dict[tuple[int, int], float] = defaultdict(float)
        mine = 0.0
        for t in terms:
            if " " in t or t in _STEMMED_STOPWORDS:
                continue
            w = idf(t)
            mine += w
            for key in postings.get(t, ()):
                shared[key] += w
        for (i, k), value in shared.items():
            near = value / math.sqrt(mine * self._example_weight[(i, k)])
            if near > out[i]:
                out[i] = near
        return out

    def _weight_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Per entry, the evidence model's weights (FEATURES order) and bias: the examples model
        for an entry with examples, the words-alone model for the rest."""
        c = self.coefficients

        def row(weights: tuple[float, ...]) -> np.ndarray:
            known = dict(zip(c.names, weights))
            return np.array([known.get(name, 0.0) for name in FEATURES])

        plain = row(c.weights)
        with_examples = row(c.example_weights) if c.example_weights else plain
        example_bias = c.example_bias if c.example_weights else c.bias
        use = np.array(self._has_examples, dtype=bool)
        weights = np.where(use[:, None], with_examples, plain) if len(use) else np.zeros((0, len(FEATURES)))
        return weights, np.where(use, example_bias, c.bias)

    def _probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-((features * self._weights).sum(axis=1) + self._bias)))

    def scores(self, text: str, toks: Sequence[str] | None = None) -> dict[str, float]:
        """slug -> probability that the text is about the entry (every entry, framework order)."""
        terms = text_terms(text, toks)
        probabilities = second_entry_rule(self._probabilities(self.feature_matrix(text, toks, terms))).tolist()
        if self._phrases:  # phrase weights keep their meaning: a weight of 1 alone gives 0.5
            for i, weight in enumerate(self._phrase_evidence(terms)):
                if weight > 0:
                    probabilities[i] = max(probabilities[i], 1.0 - 0.5 ** weight)
        return {slug: round(p, 4) for slug, p in zip(self._slugs, probabilities)}



def second_entry_rule(probabilities: np.ndarray) -> np.ndarray:
    """A text's probabilities over a plan's entries with every entry but the best rescaled so that
    SECOND_ENTRY_NEEDS reads as 0.5: tagged at 0.5, the best entry needs 0.5 and any other 0.6."""
    if len(probabilities) < 2:
        return probabilities
    best = int(probabilities.argmax())
    rescaled = np.interp(probabilities, (0.0, SECOND_ENTRY_NEEDS, 1.0), (0.0, 0.5, 1.0))
    rescaled[best] = probabilities[best]
    return rescaled


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


__all__ = ["TaggingGap", "ZeroShotScorer", "background_sample", "tagging_gaps", "text_terms"]
