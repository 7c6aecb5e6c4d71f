"""Offline word knowledge for tagging against a framework nobody wrote phrases for.

Two vendored files, both built by scripts in tools/ and read lazily once per process:

- data/thesaurus.tsv.gz: synonyms, derived forms, narrower and broader words from WordNet 3.0
  (tools/build_thesaurus.py; licence in data/WORDNET-LICENSE);
- data/associations.tsv.gz: words that keep company in community-safety text, learned from the
  corpus's training split by positive pointwise mutual information (tools/build_associations.py).

Words are compared as `stem(word)`: lower-cased, British spellings folded to WordNet's American
ones ("radicalisation" -> "radicalization"), then Porter-stemmed ("stabbings" -> "stab") by the
Snowball project's `snowballstemmer` (NLTK's stemmer would import all of NLTK, and with it SciPy
and scikit-learn, into every worker). The data files are keyed by these stems: rebuild them with
the tools above if the stemmer changes.
"""

from __future__ import annotations

import functools
import gzip
import re
from importlib import resources
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    # numpy on first use only: start-up cost for every process that never reads the vectors.
    import numpy as np

_porter = snowballstemmer.stemmer("porter")
_BRITISH = (
    (re.compile(r"isation"), "ization"),
    (re.compile(r"is(e|ed|es|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"([^aeiou])our(s|ed|ing|hood|ly|able|ite)?$"), r"\1or\2"),
    (re.compile(r"([aeiou])ll(ed|ing|er)$"), r"\1l\2"),  # travelled -> traveled
    (re.compile(r"ogue$"), "og"),
    (re.compile(r"([^e])tre$"), r"\1ter"),  # centre -> center (not "genre")
    (re.compile(r"aemi|oeu"), "emi"),
)
# Where any of _BRITISH could apply (each pattern's fixed letters): most words have none of them, and
# one search beats seven substitutions (folding WordNet's 77,000 lemmas at every worker's start).
_MAY_FOLD = re.compile(r"is|our|ll|ogue$|tre$|aemi|oeu")
_CACHE_LIMIT = 200_000
_stems: dict[str, str] = {}


def fold(word: str) -> str:
    """A word in WordNet's spelling: lower case, British -ise/-our/-tre folded."""
    word = word.lower().replace("\u2019", "'")
    if len(word) > 5 and _MAY_FOLD.search(word):
        for pattern, repl in _BRITISH:
            word = pattern.sub(repl, word)
    return word


def stem(word: str) -> str:
    """The comparison form of a word (cached)."""
    found = _stems.get(word)
    if found is None:
        w = word[:-2] if word.endswith("'s") else word
        found = _porter.stemWord(fold(w)) if w.isalpha() and len(w) > 2 else w
        if len(_stems) < _CACHE_LIMIT:
            _stems[word] = found
    return found


def stem_phrase(phrase: str) -> str:
    """"knife crimes" -> "knife crime" stemmed word by word (the key for multi-word terms)."""
    return " ".join(stem(w) for w in re.findall(r"[^\W_]+(?:'[^\W_]+)?", phrase.lower()))


def _read_tsv(name: str) -> list[list[str]]:
    raw = resources.files("engage.analysis").joinpath(f"data/{name}").read_bytes()
    return [line.split("\t") for line in gzip.decompress(raw).decode("utf-8").splitlines() if line]


def _wordnet_lines() -> list[str]:
    raw = resources.files("engage.analysis").joinpath("data/thesaurus.tsv.gz").read_bytes()
    return gzip.decompress(raw).decode("utf-8").splitlines()


@functools.cache
def vocabulary() -> frozenset[str]:
    """WordNet's single-word lemmas, folded: all that language detection and redaction ask
    ("is this an English word?"), at a third of the memory of the relations."""
    return frozenset(fold(line.partition("\t")[0]) for line in _wordnet_lines())


@functools.cache
def wordnet() -> dict[str, str]:
    """folded lemma -> its relations, unparsed (parsed on use: most words are never looked up,
    and 77,000 parsed entries would cost a worker tens of megabytes). Loaded only by the
    zero-shot tagger (a framework entry the learned models do not know)."""
    out: dict[str, str] = {}
    for line in _wordnet_lines():
        word, _, rest = line.partition("\t")
        key = fold(word)
        out[key] = f"{out[key]}\t{rest}" if key in out else rest
    return out


@functools.lru_cache(maxsize=20_000)
def _relations(lemma: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for field in wordnet()[lemma].split("\t"):
        kind, _, words = field.partition(":")
        out[kind] = out.get(kind, ()) + tuple(words.split(","))
    return out


def is_english_word(word: str) -> bool:
    """Whether a lower-case word (or an inflection of one) is in WordNet's English vocabulary."""
    return bool(lemmas(word))


def lemmas(word: str) -> list[str]:
    """Dictionary forms a text word may stand for ("stabbings" -> "stabbing", "stab")."""
    word = fold(word)
    table = vocabulary()
    found = []
    candidates = [word]
    if word.endswith("ies"):
        candidates.append(word[:-3] + "y")
    if word.endswith("es"):
        candidates.append(word[:-2])
    if word.endswith("s"):
        candidates.append(word[:-1])
    for suffix in ("ing", "ed", "er"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            candidates += [base, base + "e"]
            if len(base) > 2 and base[-1] == base[-2]:
                candidates.append(base[:-1])  # "stabbing" -> "stab"
    for c in candidates:
        if c in table and c not in found:
            found.append(c)
    return found


def related(word: str) -> dict[str, tuple[str, ...]]:
    """WordNet relations of a word's dictionary forms, merged (relation -> words)."""
    merged: dict[str, dict[str, None]] = {}
    for lemma in lemmas(word):
        for kind, words in _relations(lemma).items():
            bucket = merged.setdefault(kind, {})
            for w in words:
                bucket.setdefault(w)
    return {kind: tuple(words) for kind, words in merged.items()}


@functools.cache
def associations() -> dict[str, tuple[tuple[str, float], ...]]:
    """stem -> ((associated stem, strength 0..1), ...), strongest first; empty if not built."""
    try:
        rows = _read_tsv("associations.tsv.gz")
    except FileNotFoundError:
        return {}
    out = {}
    for fields in rows:
        pairs = []
        for item in fields[1:]:
            w, _, s = item.rpartition(":")
            pairs.append((w, float(s)))
        out[fields[0]] = tuple(pairs)
    return out


@functools.cache
def vectors() -> tuple[dict[str, int], "np.ndarray"] | None:
    """(stem -> row, unit word vectors) from data/vectors.npz (tools/build_vectors.py), or None."""
    import numpy as np

    try:
        with resources.files("engage.analysis").joinpath("data/vectors.npz").open("rb") as fh:
            data = np.load(fh)
            words, matrix = data["words"], data["vectors"].astype(np.float32)
    except FileNotFoundError:
        return None
    return {str(w): i for i, w in enumerate(words)}, matrix


@functools.cache
def document_frequency() -> dict[str, float]:
    """stem -> share of background texts containing it (for discounting everyday words)."""
    try:
        rows = _read_tsv("wordfreq.tsv.gz")
    except FileNotFoundError:
        return {}
    return {fields[0]: float(fields[1]) for fields in rows}
