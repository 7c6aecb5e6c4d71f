"""py3langid's language model in a fifth of the memory, with the same scores.

py3langid walks a text's bytes through a deterministic automaton (an Aho-Corasick machine over
its 100,000 byte n-gram features) held as a 42 MB transition table, beside a weight table for 142
languages. Every web worker would carry both for the rare voice that is not plainly English.

The state the automaton is in after a byte is, by construction, the longest suffix of the text
read so far that is a prefix of some feature. So the table can be replaced by that set of
prefixes (104,000 short byte strings, recovered once from the table by a breadth-first walk:
the first path to reach a state spells its string) and a few suffix look-ups per byte, and the
weights cut to the languages engage asks about. Counting, scoring and calibration stay
py3langid's own (`LanguageIdentifier`). tests/unit/analysis/test_runtime_weight.py checks that
the counts equal py3langid's on every corpus text.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterable

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model


def _state_strings(nextmove, tk_row) -> list[bytes]:
    """The byte string each automaton state stands for (its trie path from the start state)."""
    rows = np.frombuffer(nextmove, dtype=np.dtype(f"u{nextmove.itemsize}")).reshape(-1, 256)
    row_of = np.frombuffer(tk_row, dtype=np.dtype(f"u{tk_row.itemsize}"))
    strings: list[bytes | None] = [None] * len(row_of)
    strings[0] = b""
    seen = np.zeros(len(row_of), dtype=bool)
    seen[0] = True
    frontier = np.array([0])
    while frontier.size:
        found_states, found_from, found_byte = [], [], []
        for start in range(0, frontier.size, 4096):
            part = frontier[start:start + 4096]
            targets = rows[row_of[part]].astype(np.int64)
            new = ~seen[targets]
            which, byte = np.nonzero(new)
            states = targets[which, byte]
            states, first = np.unique(states, return_index=True)
            keep = ~seen[states]
            seen[states[keep]] = True
            found_states.append(states[keep])
            found_from.append(part[which[first][keep]])
            found_byte.append(byte[first][keep])
        frontier = np.concatenate(found_states)
        for state, parent, byte in zip(frontier.tolist(), np.concatenate(found_from).tolist(),
                                       np.concatenate(found_byte).tolist()):
            strings[state] = strings[parent] + bytes((byte,))
    return strings  # type: ignore[return-value]


class CompactIdentifier(LanguageIdentifier):
    """A py3langid LanguageIdentifier that counts features by suffix look-ups, not the table."""

    __slots__ = ("_features", "_depth")

    @classmethod
    def from_shipped_model(cls, languages: Iterable[str]) -> CompactIdentifier:
        ptc, pc, classes, nextmove, tk_row, out = load_model(MODEL_DIR / MODEL_FILE)
        wanted = set(languages)
        keep = [i for i, code in enumerate(classes) if code in wanted]
        ptc_kept = np.ascontiguousarray(ptc[:, keep])
        del ptc
        strings = _state_strings(nextmove, tk_row)
        del nextmove, tk_row
        identifier = cls(ptc_kept, np.asarray(pc)[keep], [classes[i] for i in keep], _EMPTY, [], norm_probs=True,
                         tk_row=_EMPTY)
        identifier._features = dict(zip(strings, out))  # prefix of a feature -> that state's feature, or -1
        identifier._depth = max(map(len, strings))
        del strings, out
        _release_freed_memory()
        return identifier

    def feature_counts(self, data: bytes) -> Counter[int] | None:
        """{feature: count} over the UTF-8 bytes, exactly as py3langid's automaton counts them."""
        features, depth = self._features, self._depth
        found = []
        for end in range(1, len(data) + 1):
            for length in range(min(depth, end), 0, -1):
                feature = features.get(data[end - length:end])
                if feature is not None:
                    if feature >= 0:
                        found.append(feature)
                    break
        return Counter(found) if found else None

    def _raw_score(self, text):
        visits = self.feature_counts(text)
        if visits:
            return self._sparse_score(visits, self.nb_ptc)
        return np.zeros(len(self.nb_classes), dtype=np.float32)  # norm_probs: uniform, as py3langid


_EMPTY = np.zeros(0, dtype=np.uint32)


def _release_freed_memory() -> None:
    """Hand the 70 MB the full model took while loading back to the system. The C library keeps
    freed memory for reuse, and the many small strings made meanwhile pin it; without this a
    worker keeps 20 MB it will never use again. glibc only; elsewhere nothing to do."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
