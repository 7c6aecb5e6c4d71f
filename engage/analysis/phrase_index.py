"""Whole-word phrase lookup over normalised tokens, shared by the tagger and the sentiment scorer.

A phrase is compiled with the same tokeniser as text ("off-road" -> "off", "road"; plurals folded);
a trailing * on a word matches any word that starts with it ("radicalis*"). A phrase may list
alternatives in brackets, "(his|her|my) drinking", which expand to one phrase each; an empty
alternative makes a word optional: "(the|) police". The word "anynumber" matches any number.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from .text import norm_tokens, singular, tokens

T = TypeVar("T")

Pattern = tuple[tuple[str, bool], ...]  # (word, is_prefix) per position
_PREFIX_KEY = 3  # prefix patterns are indexed by their first three letters
_CACHE_SIZE = 50_000  # words whose candidate phrases are remembered
_COMPILED_PHRASES = 100_000  # phrases whose patterns are remembered (the seeded plan and its lexicons: 13,500)
ANY_NUMBER = "anynumber"  # in a phrase, stands for any number: "arrested anynumber times"


_ALTERNATIVES = re.compile(r"\(([^()]*\|[^()]*)\)")


def expand_phrase(phrase: str) -> list[str]:
    """The phrases a bracketed-alternatives phrase stands for ("(a|b) c" -> ["a c", "b c"])."""
    if "|" not in phrase:
        return [phrase]
    parts = _ALTERNATIVES.split(phrase)  # text, group, text, group, ..., text
    choices = [[p] if k % 2 == 0 else p.split("|") for k, p in enumerate(parts)]
    return [" ".join("".join(combo).split()) for combo in itertools.product(*choices)]


# Remembered: a framework's lexicon compiles every phrase of every entry (13,500 distinct with their
# alternatives), and a new or edited framework's tagger is built whole again (an admin's edit, a
# re-tag job, each new plan tried); the pattern depends on the phrase alone and is immutable.
@functools.lru_cache(maxsize=_COMPILED_PHRASES)
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
        self._cache: dict[str, list[tuple[Pattern, str, T]] | tuple[()]] = {}
        self._pair_cache: dict[tuple[str, str], list[tuple[Pattern, str, T]]] = {}

    def has_candidates(self, tok: str) -> bool:
        """Whether any phrase may start with `tok` (cheap; lets callers skip most words)."""
        return bool(self._candidates(tok))

    def _candidates(self, tok: str) -> list[tuple[Pattern, str, T]] | tuple[()]:
        """Phrases that may start with `tok`, longest first (cached per word)."""
        found = self._cache.get(tok)
        if found is None:
            found = self._exact.get(tok, ())
            extra = [c for c in self._prefix.get(tok[:_PREFIX_KEY], ()) if tok.startswith(c[0][0][0])]
            if extra:
                found = sorted([*found, *extra], key=lambda c: -len(c[0]))
            if len(self._cache) < _CACHE_SIZE:
                self._cache[tok] = found
        return found

    def _pair_candidates(self, tok: str, nxt: str) -> list[tuple[Pattern, str, T]]:
        """Phrases that may start with the two words `tok nxt` (the first two words checked), cached."""
        key = (tok, nxt)
        found = self._pair_cache.get(key)
        if found is None:
            found = []
            for c in self._candidates(tok):
                pattern = c[0]
                if len(pattern) > 1:
                    word, is_prefix = pattern[1]
                    if not (nxt.startswith(word) if is_prefix else nxt == word or (word == ANY_NUMBER and nxt.isdigit())):
                        continue
                found.append(c)
            if len(self._pair_cache) < _CACHE_SIZE * 4:
                self._pair_cache[key] = found
        return found

    def at(self, toks: Sequence[str], i: int) -> Iterator[tuple[int, str, T]]:
        """(length, phrase, payload) for each phrase starting at toks[i], longest first."""
        n = len(toks)
        if not self._candidates(toks[i]):
            return
        candidates = self._pair_candidates(toks[i], toks[i + 1] if i + 1 < n else "")
        for pattern, display, payload in candidates:
            size = len(pattern)
            if i + size > n:
                continue
            for k in range(2, size):  # the first two words are checked by _pair_candidates
                word, is_prefix = pattern[k]
                t = toks[i + k]
                if not (t.startswith(word) if is_prefix else t == word or (word == ANY_NUMBER and t.isdigit())):
                    break
            else:
                yield size, display, payload

    def longest(self, toks: Sequence[str]) -> Iterator[tuple[int, int, str, T]]:
        """Non-overlapping (start, length, phrase, payload), the longest phrase at each position."""
        i, n = 0, len(toks)
        candidates = self._candidates
        while i < n:
            if not candidates(toks[i]):
                i += 1
                continue
            best = next(self.at(toks, i), None)
            if best is None:
                i += 1
                continue
            size, display, payload = best
            yield i, size, display, payload
            i += size
