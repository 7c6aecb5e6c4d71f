"""Key phrases: noun phrases from TextBlob's own pattern parser (no NLTK data needed)."""

from __future__ import annotations

import re

from textblob.en import parse

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


def key_phrases(text: str, limit: int = MAX_PHRASES) -> list[str]:
    """Lowercased, de-duplicated noun phrases in order of appearance, at most `limit`.

    Determiners, pronouns and numbers are trimmed from a phrase; phrases left with no noun or
    adjective, or made only of stopwords, are dropped. Redaction tokens ("[name]") never appear.
    """
    if not text.strip():
        return []
    text = _REDACTION_TOKEN.sub(" , ", text)  # a redaction token ends any phrase it touches
    tagged = parse(text, tokenize=True, tags=True, chunks=True, relations=False, lemmata=False)
    phrases: list[str] = []
    seen: set[str] = set()
    for sentence in tagged.split("\n"):
        chunk: list[tuple[str, str]] = []
        for token in sentence.split(" ") + ["/./O/O"]:
            parts = token.split("/")
            if len(parts) < 3:
                continue
            word, tag, iob = parts[0].replace("&slash;", "/"), parts[1], parts[2]
            if iob == "I-NP" and chunk:
                chunk.append((word, tag))
                continue
            if chunk:
                _emit(chunk, phrases, seen)
                if len(phrases) >= limit:
                    return phrases
            chunk = [(word, tag)] if iob == "B-NP" else []
    return phrases


def _emit(chunk: list[tuple[str, str]], phrases: list[str], seen: set[str]) -> None:
    words = [
        (w.lower().strip("'"), t)
        for w, t in chunk
        if t not in _SKIP_TAGS and w.isascii() and any(c.isalpha() for c in w)
    ]
    words = [(w, t) for w, t in words if w not in _CLITICS and len(w) > 1 and "'" not in w]
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
