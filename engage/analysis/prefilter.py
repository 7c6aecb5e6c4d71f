"""Regular expressions behind one cheap test: the literal strings a match cannot do without.

Why: the safeguarding rules and cues are some forty large alternations run over every text, and
Python's `re` tries each of them at every position of the text, about a third of the analysis's
time. Most texts hold none of the words a rule needs. One Aho-Corasick pass (pyahocorasick, in C)
finds which of all the rules' literal strings a text holds, and each rule runs only when those
could make up a match of it. Same matches, same spans, same order; only faster.

The strings are read from each pattern's own parse tree (`re._parser`), so a rule edited later
keeps a correct test: a run of literal characters must appear; an alternation needs what one of
its branches needs; a repeat of at least one needs what its body needs; anything else (a class,
an optional part, a look-around) promises nothing and is left out. The test is the AND/OR of
those, written out as one Python expression over a bit set of the strings found, because walking
the tree for every text cost as much as the regular expressions saved.

This is the prefilter of RE2 and Hyperscan, kept to what `re` can tell us.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's opcodes (Python 3.11+)
from re import _parser  # type: ignore[attr-defined]
from typing import Any, Union

import ahocorasick

# A requirement: a literal string, or ("and" | "or", requirements).
Need = Union[str, tuple[str, tuple["Need", ...]]]

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
AND_PARTS = 3  # an AND keeps its most telling parts: checking more costs more than it rules out


def _sequence(items: list[tuple[object, Any]]) -> Need | None:
    """What a sequence needs: each of its literal runs and each of its parts' needs."""
    parts: list[Need] = []
    run: list[str] = []

    def close() -> None:
        if run:
            parts.append("".join(run))
            run.clear()

    for op, av in items:
        if op == sre.LITERAL:
            run.append(chr(av))
            continue
        close()
        need = _item(op, av)
        if need is not None:
            parts.append(need)
    close()
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ("and", tuple(parts))


def _item(op: object, av: Any) -> Need | None:  # av: the parser's operand, shaped by op
    if op == sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:  # an inline (?i:...) changes what a literal matches
            return None
        return _sequence(list(body))
    if op == sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in _REPEATS:
        low, _high, body = av
        return _sequence(list(body)) if low >= 1 else None
    if op == sre.BRANCH:
        _, branches = av
        needs = []
        for branch in branches:
            need = _sequence(list(branch))
            if need is None:  # one way through needs no literal: the alternation promises none
                return None
            needs.append(need)
        return ("or", tuple(needs))
    return None  # classes, categories, anchors, look-arounds, back-references: no literal promised


def requirement(pattern: re.Pattern[str]) -> Need | None:
    """What every match of `pattern` holds, or None when nothing can be promised. Case-insensitive
    and verbose patterns get None: their literals are not the characters a text holds."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001  # a parser that disagrees with this Python's re: no test, still correct
        return None
    return _sequence(list(tree))


class Prefilter:
    """A group of patterns sharing one scan of the text. `compile` (or `gate`) each pattern once, at
    import; then per text: `seen = group.scan(text)` and `pattern.search(text, seen)`."""

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def gate(self, regex: re.Pattern[str]) -> Gated:
        need = requirement(regex)
        if need is None:
            return Gated(regex, None)
        self._automaton = None  # a new string: the automaton is rebuilt at the next scan
        source = self._expression(need)
        # The expression holds only integers, `&`, `and`, `or` and `bool`, built here from the
        # pattern's parse tree; no text ever reaches it.
        test = eval(f"lambda seen: bool({source})", {})  # noqa: S307
        return Gated(regex, test)

    def compile(self, pattern: str, flags: int = 0) -> Gated:
        return self.gate(re.compile(pattern, flags))

    def scan(self, text: str) -> int:
        """The bit set of this group's strings that `text` holds."""
        automaton = self._automaton or self._build()
        seen = 0
        for _end, bit in automaton.iter(text):
            seen |= bit
        return seen

    def _build(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for needle, bit in self._bits.items():
            automaton.add_word(needle, bit)
        if not self._bits:  # an automaton with no words cannot be built; this one finds nothing
            automaton.add_word("\0\0never\0\0", 0)
        automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def _bit(self, needle: str) -> int:
        return self._bits.setdefault(needle, 1 << len(self._bits))

    def _compiled(self, need: Need) -> int | tuple[str, list]:
        """The requirement over bits: an int is "any of these strings"."""
        if isinstance(need, str):
            return self._bit(need)
        kind, parts = need
        compiled = [self._compiled(p) for p in parts]
        if kind == "or":
            mask = 0
            rest = []
            for c in compiled:
                if isinstance(c, int):
                    mask |= c
                else:
                    rest.append(c)
            return mask if not rest else ("or", ([mask] if mask else []) + rest)
        # "and": any subset of what is needed is still needed; keep the strongest few (single strings first)
        compiled.sort(key=lambda c: c.bit_count() if isinstance(c, int) else 1 << 20)
        kept = compiled[:AND_PARTS]
        return kept[0] if len(kept) == 1 else ("and", kept)

    def _expression(self, need: Need) -> str:
        def write(c: int | tuple[str, list]) -> str:
            if isinstance(c, int):
                return f"seen & {c}"
            joiner = " and " if c[0] == "and" else " or "
            return "(" + joiner.join(write(part) for part in c[1]) + ")"
        return write(self._compiled(need))


class Gated:
    """A compiled pattern with its test; `seen` is its group's `scan` of the same text."""

    __slots__ = ("regex", "test")

    def __init__(self, regex: re.Pattern[str], test: Callable[[int], bool] | None) -> None:
        self.regex = regex
        self.test = test

    def search(self, text: str, seen: int) -> re.Match[str] | None:
        if self.test is not None and not self.test(seen):
            return None
        return self.regex.search(text)

    def finditer(self, text: str, seen: int) -> Iterator[re.Match[str]]:
        if self.test is not None and not self.test(seen):
            return iter(())
        return self.regex.finditer(text)


__all__ = ["Gated", "Prefilter", "requirement"]
