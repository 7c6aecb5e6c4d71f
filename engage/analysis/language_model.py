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
import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Iterable

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

from engage import user_cache

# Bump when what is kept (compact_arrays) changes shape: an older copy is then never read.
KEPT_FORMAT = 1


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
        """Derived from py3langid's model file: ~0.8 s of CPU decompressing it and ~0.2 s walking it."""
        return cls._from_arrays(_derive(sorted(set(languages))))

    @classmethod
    def kept_or_derived(cls, languages: Iterable[str]) -> CompactIdentifier:
        """The same identifier, read from the user cache (engage.user_cache) when an earlier process kept
        it for this model file and these languages (a few hundredths of a second), else derived and kept."""
        wanted = sorted(set(languages))
        folder = user_cache.folder("language-model")
        path = folder / f"{_kept_key(wanted)}.npz" if folder is not None else None
        arrays = _read_kept(path) if path is not None else None
        if arrays is None:
            arrays = _derive(wanted)
            if path is not None:
                buffer = io.BytesIO()
                np.savez(buffer, **arrays)  # uncompressed: reading it back is a copy, not a decompression
                user_cache.write_atomically(path, buffer.getvalue())
        return cls._from_arrays(arrays)

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray]) -> CompactIdentifier:
        identifier = cls(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), _EMPTY, [], norm_probs=True,
                         tk_row=_EMPTY)
        blob, ends = arrays["strings"].tobytes(), arrays["string_ends"].tolist()
        strings = [blob[start:end] for start, end in zip([0, *ends], ends)]
        # prefix of a feature -> that state's feature, or -1
        identifier._features = dict(zip(strings, arrays["out"].tolist()))
        identifier._depth = max(map(len, strings))
        del strings, blob, arrays
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


def _derive(languages: list[str]) -> dict[str, np.ndarray]:
    """What the compact identifier holds, as arrays: the weights cut to `languages`, each automaton
    state's string (one byte blob and where each string ends) and each state's feature."""
    ptc, pc, classes, nextmove, tk_row, out = load_model(MODEL_DIR / MODEL_FILE)
    wanted = set(languages)
    keep = [i for i, code in enumerate(classes) if code in wanted]
    ptc_kept = np.ascontiguousarray(ptc[:, keep])
    del ptc
    strings = _state_strings(nextmove, tk_row)
    del nextmove, tk_row
    return {"ptc": ptc_kept, "pc": np.asarray(pc)[keep], "classes": np.array([classes[i] for i in keep]),
            "strings": np.frombuffer(b"".join(strings), dtype=np.uint8),
            "string_ends": np.cumsum([len(s) for s in strings], dtype=np.int64),
            "out": np.asarray(out, dtype=np.int32)}


def _kept_key(languages: list[str]) -> str:
    """Names the kept copy by everything it was derived from: py3langid's model file (its size and
    modification time: a new py3langid installs a new file), the languages and this code's format."""
    model = (MODEL_DIR / MODEL_FILE).stat()
    source = f"{KEPT_FORMAT}|{model.st_size}|{model.st_mtime_ns}|{','.join(languages)}"
    return hashlib.sha256(source.encode()).hexdigest()[:32]


_KEPT_ARRAYS = ("ptc", "pc", "classes", "strings", "string_ends", "out")


def _read_kept(path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in _KEPT_ARRAYS}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):  # none kept, or a damaged file
        return None


def _release_freed_memory() -> None:
    """Hand the 70 MB the full model took while loading back to the system. The C library keeps
    freed memory for reuse, and the many small strings made meanwhile pin it; without this a
    worker keeps 20 MB it will never use again. glibc only; elsewhere nothing to do."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
