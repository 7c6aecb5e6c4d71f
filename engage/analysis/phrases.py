"""Key phrases: noun phrases over TextBlob's own part-of-speech tags (no NLTK data needed).

TextBlob's part-of-speech tagger marks each word; a phrase is a run of determiners, numbers,
adjectives and nouns that ends in a noun. (TextBlob's own chunker finds nearly the same phrases
at five times the cost, which matters at a thousand texts a second.)"""

from __future__ import annotations

import re

from .pattern_en import parser as _parser
from .text import STOPWORDS

MAX_PHRASES = 8
_SKIP_TAGS = frozenset({"DT", "PRP", "PRP$", "WP", "WP$", "WDT", "EX", "CC", "POS", "PDT", "CD", "LS", "SYM"})
_CONTENT_TAGS = ("NN", "JJ", "VBG")
_REDACTION_TOKEN = re.compile(r"\[[^\]]{1,20}\]")
_CLITICS = frozenset({"ve", "ll", "re", "s", "d", "m", "t", "n't", "nt"})
# Quantifiers and fillers trimmed from the ends of a phrase ("more street pastors").
_TRIM = frozenset(
    "more most less least much many some any every each other such own same few lot lots kind sort "
    "bit thing things first last next whole certain various several".split()
)


# Sentences end at . ! ? or a line break; words keep inner apostrophes; other marks stand alone.
# (TextBlob's own tokeniser handles abbreviations better at four times the cost; a phrase split
# at "St." is still a phrase.)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
_STARTERS = frozenset({"DT", "PDT", "PRP$", "WP$"})
_RUN_TAGS = frozenset({"DT", "PDT", "PRP$", "WP$", "CD", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS"})


def key_phrases(text: str, limit: int = MAX_PHRASES) -> list[str]:
    """Lowercased, de-duplicated noun phrases in order of appearance, at most `limit`.

    Determiners, pronouns and numbers are trimmed from a phrase; phrases left with no noun or
    adjective, or made only of stopwords, are dropped. Redaction tokens ("[name]") never appear.
    """
    if not text.strip():
        return []
    text = _REDACTION_TOKEN.sub(" , ", text)  # a redaction token ends any phrase it touches
    phrases: list[str] = []
    seen: set[str] = set()
    for sentence in _SENTENCE.split(text.replace("\u2019", "'")):
        words = _WORD.findall(sentence)
        if not words:
            continue
        run: list[tuple[str, str]] = []
        for word, tag in [*_parser.find_tags(words), ("", ".")]:
            # A determiner or possessive after a noun starts the next phrase ("Holy Bones | my kids").
            starts_anew = tag in _STARTERS and any(t.startswith("NN") for _, t in run)
            if tag in _RUN_TAGS and not starts_anew:
                run.append((word, tag))
                continue
            while run and not run[-1][1].startswith("NN"):
                run.pop()  # a phrase ends in a noun
            if run:
                _emit(run, phrases, seen)
                if len(phrases) >= limit:
                    return phrases
            run = [(word, tag)] if starts_anew else []
    return phrases


_KEPT: dict[str, str] = {}  # word as written -> as a phrase holds it ("" if never), remembered per word


def _kept(word: str) -> str:
    """The word lowercased for a phrase, or "" for a word no phrase keeps (clitics, marks, non-ASCII)."""
    found = _KEPT.get(word)
    if found is None:
        found = word.lower().strip("'")
        if not (word.isascii() and any(c.isalpha() for c in word)) or found in _CLITICS or len(found) <= 1 or "'" in found:
            found = ""
        if len(_KEPT) < 100_000:
            _KEPT[word] = found
    return found


def _emit(chunk: list[tuple[str, str]], phrases: list[str], seen: set[str]) -> None:
    words = [(k, t) for w, t in chunk if t not in _SKIP_TAGS and (k := _kept(w))]
    while words and words[0][0] in _TRIM:
        words.pop(0)
    while words and words[-1][0] in _TRIM:
        words.pop()
    if not words or not any(t.startswith(_CONTENT_TAGS) for _, t in words):
        return
    lowered = [w for w, _ in words]
    if all(w in STOPWORDS for w in lowered):
        return
    phrase = " ".join(lowered)
    if phrase not in seen:
        seen.add(phrase)
        phrases.append(phrase)
