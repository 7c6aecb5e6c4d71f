"""Two interchangeable shared stores with the same small interface."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Protocol

from engage.store.tables import StoredCounter, StoredValue
from engage.times import aware, now


class SharedStore(Protocol):
    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None: ...

    async def add(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        """Set only if absent; True when this call created it."""
        ...

    async def delete(self, key: str) -> None: ...

    async def incr(self, key: str, window_seconds: int) -> tuple[int, int]:
        """Add one to a counter in a fixed window; (count, seconds left in the window)."""
        ...

    async def peek(self, key: str) -> tuple[int, int]: ...

    async def give_back(self, key: str) -> None:
        """Take one off a counter (never below zero): a reserved attempt that turned out right."""
        ...

    async def reset(self, key: str) -> None:
        """Forget a counter, as a successful sign-in forgets the account's failures."""
        ...

    async def ping(self) -> None:
        """Raise when the store cannot be reached."""
        ...


PING_SECONDS = 2


class DatabaseStore:
    async def get(self, key: str) -> bytes | None:
        row = await StoredValue.select(StoredValue.value, StoredValue.expires_at).where(
            StoredValue.key == key
        ).first()
        if row is None:
            return None
        if row["expires_at"] is not None and aware(row["expires_at"]) <= now():
            await self.delete(key)
            return None
        value = row["value"]
        return bytes(value) if value is not None else None

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        expires = now() + dt.timedelta(seconds=ttl_seconds)
        await StoredValue.insert(StoredValue(key=key, value=value, expires_at=expires)).on_conflict(
            target=StoredValue.key,
            action="DO UPDATE",
            values=[StoredValue.value, StoredValue.expires_at],
        ).run()

    async def add(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        await StoredValue.delete().where(
            (StoredValue.key == key) & (StoredValue.expires_at <= now())
        ).run()
        expires = now() + dt.timedelta(seconds=ttl_seconds)
        rows = await StoredValue.insert(
            StoredValue(key=key, value=value, expires_at=expires)
        ).on_conflict(action="DO NOTHING").returning(StoredValue.key).run()
        return bool(rows)

    async def delete(self, key: str) -> None:
        await StoredValue.delete().where(StoredValue.key == key).run()

    async def incr(self, key: str, window_seconds: int) -> tuple[int, int]:
        at = now()
        expires = at + dt.timedelta(seconds=window_seconds)
        # One statement, so concurrent workers cannot both read 4 and write 5.
        rows = await StoredCounter.raw(
            "INSERT INTO engage_stored_counter (key, count, expires_at) VALUES ({}, 1, {}) "
            "ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN engage_stored_counter.expires_at <= {} THEN 1 "
            "ELSE engage_stored_counter.count + 1 END, "
            "expires_at = CASE WHEN engage_stored_counter.expires_at <= {} THEN {} "
            "ELSE engage_stored_counter.expires_at END "
            "RETURNING count, expires_at",
            key, expires, at, at, expires,
        ).run()
        row = rows[0]
        left = int((aware(row["expires_at"]) - at).total_seconds())
        return int(row["count"]), max(left, 1)

    async def peek(self, key: str) -> tuple[int, int]:
        row = await StoredCounter.select(StoredCounter.count, StoredCounter.expires_at).where(
            StoredCounter.key == key
        ).first()
        if row is None:
            return 0, 0
        left = int((aware(row["expires_at"]) - now()).total_seconds())
        if left <= 0:
            return 0, 0
        return int(row["count"]), left

    async def give_back(self, key: str) -> None:
        await StoredCounter.raw(
            "UPDATE engage_stored_counter SET count = count - 1 WHERE key = {} AND count > 0", key
        ).run()

    async def reset(self, key: str) -> None:
        await StoredCounter.delete().where(StoredCounter.key == key).run()

    async def ping(self) -> None:  # the database itself: /health checks it directly
        return None

    async def purge_expired(self) -> None:
        at = now()
        await StoredValue.delete().where(StoredValue.expires_at <= at).run()
        await StoredCounter.delete().where(StoredCounter.expires_at <= at).run()


_GIVE_BACK = "if tonumber(redis.call('get', KEYS[1]) or '0') > 0 then return redis.call('decr', KEYS[1]) end return 0"


class RedisStore:
    def __init__(self, url: str, prefix: str = "engage:") -> None:
        # redis only where it is configured: start-up cost (and a dependency) the embedded default skips.
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)
        self._prefix = prefix

    def _k(self, key: str) -> str:
        return self._prefix + key

    async def get(self, key: str) -> bytes | None:
        return await self._redis.get(self._k(key))

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        await self._redis.set(self._k(key), value, ex=ttl_seconds)

    async def add(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        return bool(await self._redis.set(self._k(key), value, ex=ttl_seconds, nx=True))

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._k(key))

    async def incr(self, key: str, window_seconds: int) -> tuple[int, int]:
        k = self._k(key)
        pipe = self._redis.pipeline(transaction=True)
        pipe.incr(k)
        pipe.expire(k, window_seconds, nx=True)
        pipe.ttl(k)
        count, _, ttl = await pipe.execute()
        return int(count), max(int(ttl), 1)

    async def peek(self, key: str) -> tuple[int, int]:
        k = self._k(key)
        value, ttl = await self._redis.get(k), await self._redis.ttl(k)
        if value is None or ttl <= 0:
            return 0, 0
        return int(value), int(ttl)

    async def give_back(self, key: str) -> None:
        # One script, so a concurrent reservation cannot slip between the read and the decrement.
        await self._redis.eval(_GIVE_BACK, 1, self._k(key))

    async def reset(self, key: str) -> None:
        await self._redis.delete(self._k(key))

    async def ping(self) -> None:
        await asyncio.wait_for(self._redis.ping(), PING_SECONDS)

    async def purge_expired(self) -> None:  # Redis expires keys itself
        return None

    async def close(self) -> None:
        await self._redis.aclose()


def make_store(redis_url: str | None) -> DatabaseStore | RedisStore:
    return RedisStore(redis_url) if redis_url else DatabaseStore()
