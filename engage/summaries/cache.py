"""Summary results cached in the shared store (the database or Redis), keyed by the filters and
the version of the data (engage.summaries.rollup.refresh), so every worker shares them and any
change to the voices, tags or framework makes a new key. Values are JSON, never pickles."""

from __future__ import annotations

import hashlib
from typing import Any, Awaitable, Callable

import msgspec

TTL_SECONDS = 3600


PREFIX = "summaries:"  # every key below starts so (the benchmark clears them to measure a first view)


def key(kind: str, version: str, filters_query: str) -> str:
    digest = hashlib.sha256(f"{kind}|{version}|{filters_query}".encode()).hexdigest()[:40]
    return f"{PREFIX}{kind}:{digest}"


async def read(store: Any, cache_key: str) -> Any:
    """The JSON-able value under cache_key, or None (missing, or a cache that cannot be read)."""
    if store is None:
        return None
    try:
        hit = await store.get(cache_key)
    except Exception:  # a cache that cannot be read is no cache
        return None
    return msgspec.json.decode(hit) if hit is not None else None


async def write(store: Any, cache_key: str, value: Any) -> None:
    if store is not None:
        try:
            await store.set(cache_key, msgspec.json.encode(value), TTL_SECONDS)
        except Exception:
            pass


async def cached(store: Any, cache_key: str, compute: Callable[[], Awaitable[Any]]) -> Any:
    """The JSON-able value under cache_key, computing (and storing) it when missing."""
    hit = await read(store, cache_key)
    if hit is not None:
        return hit
    value = await compute()
    await write(store, cache_key, value)
    return value
