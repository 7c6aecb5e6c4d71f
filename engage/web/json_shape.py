"""Read a JSON body's shape without decoding it: how deep it nests and whether a string holds NUL.

Decoders recurse once per level, so a body nested thousands deep exhausts the stack before any
schema is checked; PostgreSQL cannot store NUL in text. Both are found here in one pass over the
bytes, looking only at quotes, backslashes and brackets (a regex finds them, so the cost is a few
milliseconds a megabyte).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_OUTSIDE = re.compile(rb'["\[\]{}]')
_INSIDE = re.compile(rb'["\\]')
_QUOTE, _OPENERS = ord('"'), frozenset(b"[{")


class JsonShape(NamedTuple):
    depth: int  # deepest nesting seen (stops counting once past the limit asked about)
    has_nul: bool  # a \u0000 escape in a string, or a raw NUL byte anywhere


def json_shape(body: bytes, stop_after_depth: int = 1_000) -> JsonShape:
    has_nul = b"\x00" in body
    depth = deepest = 0
    at = 0
    while (found := _OUTSIDE.search(body, at)) is not None:
        char, at = body[found.start()], found.end()
        if char == _QUOTE:
            while True:  # to the closing quote, stepping over escapes
                inner = _INSIDE.search(body, at)
                if inner is None:  # unterminated: the decoder will refuse it
                    return JsonShape(deepest, has_nul)
                if body[inner.start()] == _QUOTE:
                    at = inner.end()
                    break
                if body[inner.end():inner.end() + 5].lower() == b"u0000":
                    has_nul = True
                at = inner.end() + 1  # the escaped character, whatever it is
        elif char in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_after_depth:
                    return JsonShape(deepest, has_nul)
        else:
            depth -= 1
    return JsonShape(deepest, has_nul)
