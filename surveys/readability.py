"""Reading age of English text, for the builder's plain-language check. Pure functions.

Flesch-Kincaid grade level (0.39 x words per sentence + 11.8 x syllables per word - 15.59)
plus 5, which turns a US school grade into an age; syllables are counted by vowel groups, the
usual approximation. Short texts (under 3 words) get no score: the formula says nothing there.
The officer sees the threshold (ENGAGE_READING_AGE_WARNING, default 11: the UK's average
reading age is often given as 9 to 11) and every piece above it is flagged.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n|\n\s*[-*]\s")
DEFAULT_WARNING = 11


def syllables(word: str) -> int:
    word = word.lower()
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def reading_age(text: str | None) -> int | None:
    words = WORD.findall(text or "")
    if len(words) < 3:
        return None
    sentences = max(1, len([s for s in SENTENCE_END.split(text.strip()) if WORD.search(s)]))
    grade = 0.39 * len(words) / sentences + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59
    return max(5, round(grade + 5))


@lru_cache(maxsize=1)
def warning_age() -> int:
    raw = os.environ.get("ENGAGE_READING_AGE_WARNING", "").strip()
    return int(raw) if raw.isdigit() and 5 <= int(raw) <= 25 else DEFAULT_WARNING


EASY_READ_SENTENCE_WORDS = 15  # Easy Read guidance: a sentence of more than about 15 words is too long


def long_sentences(text: str | None, limit: int = EASY_READ_SENTENCE_WORDS) -> list[str]:
    """The sentences of `text` longer than `limit` words. A line is a sentence too: Easy Read puts
    one idea on each line, so a line without a full stop still ends one."""
    out = []
    for line in (text or "").splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
            if len(WORD.findall(sentence)) > limit:
                out.append(sentence)
    return out
