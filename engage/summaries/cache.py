"""Summary results cached in the shared store (the database or Redis), keyed by the filters and
the version of the data (engage.summaries.rollup.refresh), so every worker shares them and any
change to the voices, tags or framework makes a new key. Values are JSON, never pickles."""

from __future__ import annotations

import hashlib
from typing import Any, Awaitable, Callable

import msgspec

TTL_SECONDS = 3600


def key(kind: str, version: str, filters_query: str) -> str:
    digest = hashlib.sha256(f"{kind}|{version}|{filters_query}".encode()).hexdigest()[:40]
    return f"summaries:{kind}:{digest}"


async def cached(store: Any, cache_key: str, compute: Callable[[], Awaitable[Any]]) -> Any:
    """The JSON-able value under cache_key, computing (and storing) it when missing."""
    if store is not None:
        try:
            hit = await store.get(cache_key)
        except Exception:  # a cache that cannot be read is no cache
            hit = None
        if hit is not None:
            return msgspec.json.decode(hit)
    value = await compute()
    if store is not None:
        try:
            await store.set(cache_key, msgspec.json.encode(value), TTL_SECONDS)
        except Exception:
            pass
    return value
