"""Turning a text into the feature vector the learned models read. Pure Python and numpy.

Three blocks, each scaled on its own so that no block drowns the others:
- words: word unigrams and adjacent-word bigrams (plurals folded, not across punctuation);
- characters: 3- to 5-character pieces of each word, padded with spaces at its ends, which carry
  misspellings, slang spellings and word stems ("stabbd", "grooming"/"groomed");
- signals: the hand-written evidence, one number each: plain TextBlob polarity, the sentiment
  lexicon's praise, fear and problem cues, the safeguarding rules, and each framework entry's phrase score.

Word and character features are present-or-absent, weighted by inverse document frequency from
the training texts, and each block is scaled to unit length. The vocabulary is fitted once on the
training split and shipped with the model, so extraction needs no scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .framework_model import Framework
from .lexicon import FrameworkLexicon
from .safeguarding import CUE_NAMES, RULE_PART_NAMES, SafeguardingResult, assess, risk_cues
from .senses import SENSE_MARK, mark_senses
from .sentiment import SHAPES, Cues, lexicon_cues
from .text import BOUNDARIES, mask_disclaimers, singular, tokens

CHAR_SIZES = (3, 4, 5)
PHRASE_CAP = 3.0  # a phrase score above this is no more telling


@dataclass(frozen=True)
class Signals:
    """The hand-written evidence about a text, computed once and shared by features and output."""

    raw: list[str]  # lowercased tokens, disclaimers masked, everyday senses marked (senses.py)
    words: list[str]  # the same, plurals folded
    phrases: dict[str, dict[str, float]]  # slug -> {phrase: weight} from the framework's words
    rules: SafeguardingResult
    rule_parts: list[float]  # the safeguarding rules' partial evidence (safeguarding.RULE_PART_NAMES)
    cues: Cues  # the sentiment lexicon's evidence, with plain TextBlob polarity


def read_signals(text: str, lexicon: FrameworkLexicon) -> Signals:
    plain = mask_disclaimers(tokens(text))
    raw = mark_senses(plain)  # "help prevent crime" is not the Prevent programme (senses.py)
    words = [singular(t) for t in raw]
    phrases = lexicon.matches(words)
    rules, parts = assess(text)
    return Signals(raw, words, phrases, rules, parts, lexicon_cues(plain, text))


def dense_names(framework: Framework) -> list[str]:
    return ["tb_polarity", "cue_positive", "cue_negative", "cue_problem", *SHAPES, "exclaim", "length", "rule_flag", "rule_count", *CUE_NAMES,
            *RULE_PART_NAMES,
            *(f"phrase:{e.slug}" for e in framework.entries)]


def _dense_values(text: str, sig: Signals, slugs: Sequence[str]) -> list[float]:
    n_words = sum(1 for t in sig.raw if t and t not in BOUNDARIES)
    values = [
        sig.cues.textblob,
        min(sig.cues.positive, 3.0) / 3.0,
        min(sig.cues.negative, 3.0) / 3.0,
        min(sig.cues.problem, 3.0) / 3.0,
        *sig.cues.shape,
        1.0 if "!" in text else 0.0,
        min(math.log1p(n_words) / 5.0, 1.5),
        1.0 if sig.rules.flag else 0.0,
        min(len(sig.rules.reasons), 3) / 3.0,
        *risk_cues(sig.raw, text),
        *sig.rule_parts,
    ]
    for slug in slugs:
        ev = sig.phrases.get(slug)
        values.append(min(sum(ev.values()), PHRASE_CAP) / PHRASE_CAP if ev else 0.0)
    return values


def word_grams(words: Sequence[str]) -> Iterator[tuple[str | None, str]]:
    """(word before or None, word) for each word: bigrams do not cross punctuation or empty tokens."""
    prev = None
    for w in words:
        if not w or w in BOUNDARIES:
            prev = None
            continue
        yield prev, w
        prev = w


def word_features(words: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for prev, w in word_grams(words):
        out.add("w:" + w)
        if prev is not None:
            out.add(f"b:{prev} {w}")
    return out


def word_pieces(word: str) -> list[str]:
    """The character features of one word: its 3- to 5-character pieces, padded with spaces. A word
    marked with its sense has none: its pieces are the other sense's evidence."""
    if SENSE_MARK in word:
        return []
    padded = f" {word} "
    n = len(padded)
    return ["c:" + padded[i:i + size] for size in CHAR_SIZES if size <= n for i in range(n - size + 1)]


def char_features(raw: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for t in raw:
        if t and t not in BOUNDARIES:
            out.update(word_pieces(t))
    return out


_CACHE_WORDS = 200_000  # words whose feature ids are remembered (a word's pieces never change)


class Featuriser:
    """Maps texts to feature vectors with a fixed vocabulary (fitted on the training texts)."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, framework: Framework) -> None:
        self.vocabulary = list(vocabulary)
        self.index = {f: i for i, f in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.framework = framework
        self.lexicon = FrameworkLexicon(framework)
        self.slugs = [e.slug for e in framework.entries]
        self.dense = dense_names(framework)
        self.n_sparse = len(self.vocabulary)
        self.size = self.n_sparse + len(self.dense)
        # Feature ids remembered per word and per word pair: building "w:" + word and "b:a b" and
        # looking each up again cost a fifth of a text's analysis (-1: not in the vocabulary).
        self._pieces: dict[str, tuple[int, ...]] = {}
        self._word_ids: dict[str, int] = {}
        self._pair_ids: dict[tuple[str, str], int] = {}
        self._dense_ids = np.arange(self.n_sparse, self.size, dtype=np.int32)
        # Word and word-pair features (not character pieces, not signals): what evidence can name.
        self.is_word = np.array([not f.startswith("c:") for f in self.vocabulary] + [False] * len(self.dense), dtype=bool)

    @classmethod
    def fit(cls, texts: Iterable[str], framework: Framework, min_df: int = 2) -> Featuriser:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            raw = mark_senses(mask_disclaimers(tokens(text)))
            df.update(word_features([singular(t) for t in raw]) | char_features(raw))
        vocabulary = sorted(f for f, c in df.items() if c >= min_df)
        idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in vocabulary], dtype=np.float32)
        return cls(vocabulary, idf, framework)

    def signals(self, text: str) -> Signals:
        return read_signals(text, self.lexicon)

    def vector(self, text: str, sig: Signals | None = None) -> tuple[np.ndarray, np.ndarray, Signals]:
        """(indices, values, signals): the text's non-zero features."""
        if sig is None:
            sig = self.signals(text)
        index = self.index
        # In id order: a set of strings iterates in an order that changes with each process's hash
        # seed, and the row's norm summed in another order differed in its last bit, enough for two
        # runs of `engage train-analysis` to choose a different C (sentiment 4 or 16) from the same corpus.
        idx_w = sorted(self._word_feature_ids(sig.words))
        pieces: set[int] = set()
        cache = self._pieces
        for t in sig.raw:
            found = cache.get(t)
            if found is None:
                if not t or t in BOUNDARIES:
                    continue
                found = tuple(i for f in word_pieces(t) if (i := index.get(f)) is not None)
                if len(cache) < _CACHE_WORDS:
                    cache[t] = found
            pieces.update(found)
        parts_i, parts_v = [], []
        for ids in (idx_w, pieces):
            if ids:
                arr = np.fromiter(ids, dtype=np.int32, count=len(ids))
                vals = self.idf[arr]
                vals /= np.float32(math.sqrt(float(vals @ vals)))  # vals is a copy: idf[arr] gathers
                parts_i.append(arr)
                parts_v.append(vals)
        parts_i.append(self._dense_ids)
        parts_v.append(np.array(_dense_values(text, sig, self.slugs), dtype=np.float32))
        return np.concatenate(parts_i), np.concatenate(parts_v), sig

    def _word_feature_ids(self, words: Sequence[str]) -> set[int]:
        """The vocabulary ids of word_features(words), without building their strings."""
        index, word_ids, pair_ids = self.index, self._word_ids, self._pair_ids
        room = len(word_ids) < _CACHE_WORDS and len(pair_ids) < _CACHE_WORDS
        out: set[int] = set()
        for prev, w in word_grams(words):
            i = word_ids.get(w)
            if i is None:
                i = index.get("w:" + w, -1)
                if room:
                    word_ids[w] = i
            if i >= 0:
                out.add(i)
            if prev is not None:
                pair = (prev, w)
                j = pair_ids.get(pair)
                if j is None:
                    j = index.get(f"b:{prev} {w}", -1)
                    if room:
                        pair_ids[pair] = j
                if j >= 0:
                    out.add(j)
        return out
