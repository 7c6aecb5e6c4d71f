"""Values one worker keeps in memory between requests (the residents' forms, a blank form's
rendered questions, published results), each with the moment it was stored.

Keys are per database engine, since the test suite runs one process against two databases. The
cache is bounded: when full it starts again, as only a handful of entries are ever live. What a
value may be kept for, and how it is checked, is for its caller to say.
"""

from __future__ import annotations

import math
import time
from typing import Any, Hashable

from engage.db import current_engine


class WorkerCache:
    def __init__(self, max_entries: int) -> None:
        self._max_entries = max_entries
        self._kept: dict[tuple[int, Hashable], tuple[float, Any]] = {}

    def _key(self, key: Hashable) -> tuple[int, Hashable]:
        return id(current_engine()), key

    def get(self, key: Hashable, max_age: float = math.inf) -> Any | None:
        """The value, unless it is missing or was stored more than `max_age` seconds ago."""
        kept = self._kept.get(self._key(key))
        if kept is None or time.monotonic() - kept[0] > max_age:
            return None
        return kept[1]

    def age(self, key: Hashable) -> float:
        """Seconds since the value was stored (infinite when there is none)."""
        kept = self._kept.get(self._key(key))
        return math.inf if kept is None else time.monotonic() - kept[0]

    def put(self, key: Hashable, value: Any) -> Any:
        if len(self._kept) >= self._max_entries:
            self._kept.clear()
        self._kept[self._key(key)] = (time.monotonic(), value)
        return value

    def drop(self, key: Hashable | None = None) -> None:
        """Forget one value, or (with no key) every value for every engine."""
        if key is None:
            self._kept.clear()
        else:
            self._kept.pop(self._key(key), None)
