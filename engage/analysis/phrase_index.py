"""Whole-word phrase lookup over normalised tokens, shared by the tagger and the sentiment scorer.

A phrase is compiled with the same tokeniser as text ("off-road" -> "off", "road"; plurals folded);
a trailing * on a word matches any word that starts with it ("radicalis*").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from .text import norm_tokens, singular, tokens

T = TypeVar("T")

Pattern = tuple[tuple[str, bool], ...]  # (word, is_prefix) per position
_PREFIX_KEY = 3  # prefix patterns are indexed by their first three letters


def compile_phrase(phrase: str) -> Pattern:
    words: list[tuple[str, bool]] = []
    for raw in phrase.split():
        if raw.endswith("*"):
            parts = tokens(raw.rstrip("*"))
            words.extend((singular(t), False) for t in parts[:-1])
            if parts:
                words.append((parts[-1], True))
        else:
            words.extend((t, False) for t in norm_tokens(raw))
    return tuple(words)


class PhraseIndex(Generic[T]):
    """Maps phrases to payloads; finds every phrase occurring at each token position."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        exact: dict[str, list[tuple[Pattern, str, T]]] = defaultdict(list)
        prefix: dict[str, list[tuple[Pattern, str, T]]] = defaultdict(list)
        for phrase, payload in items:
            pattern = compile_phrase(phrase)
            if not pattern:
                continue
            first, is_prefix = pattern[0]
            display = phrase.replace("*", "")
            if is_prefix:
                prefix[first[:_PREFIX_KEY]].append((pattern, display, payload))
            else:
                exact[first].append((pattern, display, payload))
        for index in (exact, prefix):
            for candidates in index.values():
                candidates.sort(key=lambda c: -len(c[0]))  # longest first
        self._exact = dict(exact)
        self._prefix = dict(prefix)

    def at(self, toks: Sequence[str], i: int) -> Iterator[tuple[int, str, T]]:
        """(length, phrase, payload) for each phrase starting at toks[i], longest first."""
        tok = toks[i]
        candidates = self._exact.get(tok, ())
        extra = self._prefix.get(tok[:_PREFIX_KEY])
        if extra:
            candidates = sorted([*candidates, *extra], key=lambda c: -len(c[0]))
        n = len(toks)
        for pattern, display, payload in candidates:
            size = len(pattern)
            if i + size > n:
                continue
            for k in range(size):
                word, is_prefix = pattern[k]
                t = toks[i + k]
                if not (t.startswith(word) if is_prefix else t == word):
                    break
            else:
                yield size, display, payload

    def longest(self, toks: Sequence[str]) -> Iterator[tuple[int, int, str, T]]:
        """Non-overlapping (start, length, phrase, payload), the longest phrase at each position."""
        i, n = 0, len(toks)
        while i < n:
            best = next(self.at(toks, i), None)
            if best is None:
                i += 1
                continue
            size, display, payload = best
            yield i, size, display, payload
            i += size
