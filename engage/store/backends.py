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

    async def add_counted(self, key: str, value: bytes, ttl_seconds: int, counter: str, window_seconds: int,
                          allowed: int) -> tuple[bytes | None, int, int, bool]:
        """`get(key)`; when absent, `incr(counter, window_seconds)` and, unless the count is over
        `allowed`, `add(key, value, ttl_seconds)`: (the value already held, or None; the count, 0
        when not counted; seconds left in the window; whether this call added `key`). One round
        trip where the store allows (an idempotent submission's claim and its client's allowance)."""
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

    async def add_counted(self, key: str, value: bytes, ttl_seconds: int, counter: str, window_seconds: int,
                          allowed: int) -> tuple[bytes | None, int, int, bool]:
        held = await self.get(key)
        if held is not None:
            return held, 0, 0, False
        count, left = await self.incr(counter, window_seconds)
        if count > allowed:
            return None, count, left, False
        added = await self.add(key, value, ttl_seconds)
        return (None if added else await self.get(key)), count, left, added

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


# A counter in a fixed window (KEYS[{key}], the window's seconds in ARGV[{window}]): the first count
# starts the window, as EXPIRE NX would, on any Redis. Leaves `count` and `ttl` set.
def _count_in_window(key: int, window: int) -> str:
    return (f"local count = redis.call('incr', KEYS[{key}]) local ttl = redis.call('ttl', KEYS[{key}]) "
            f"if ttl < 0 then redis.call('expire', KEYS[{key}], ARGV[{window}]) ttl = tonumber(ARGV[{window}]) end ")


_INCR = _count_in_window(1, 1) + "return {count, ttl}"
# add_counted in one script: nothing can slip between the read, the count and the claim.
_ADD_COUNTED = ("local held = redis.call('get', KEYS[1]) if held then return {held, 0, 0, 0} end "
                + _count_in_window(2, 3)
                + "if count > tonumber(ARGV[4]) then return {'', count, ttl, 0} end "
                "redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2]) return {'', count, ttl, 1}")
_GIVE_BACK = "if tonumber(redis.call('get', KEYS[1]) or '0') > 0 then return redis.call('decr', KEYS[1]) end return 0"


# Connections the counting scripts keep for themselves between calls (see RedisStore._run).
KEPT_CONNECTIONS = 64


class RedisStore:
    def __init__(self, url: str, prefix: str = "engage:") -> None:
        # redis only where it is configured: start-up cost (and a dependency) the embedded default skips.
        from redis.asyncio import Redis
        from redis.exceptions import NoScriptError, ResponseError

        # Read by _run on every count: looked up once here, not imported inside the hot path.
        self._no_script, self._script_error = NoScriptError, ResponseError
        self._redis = Redis.from_url(url)
        self._prefix = prefix
        # Sent by their SHA after the first call (EVALSHA): one short command per count.
        self._incr = self._redis.register_script(_INCR)
        self._add_counted = self._redis.register_script(_ADD_COUNTED)
        self._kept: list = []  # idle connections of the pool's, held by _run between calls

    def _k(self, key: str) -> str:
        return self._prefix + key

    async def _run(self, script, keys: list[str], args: list) -> list:
        """EVALSHA of a registered script on a connection kept from the last call: one write and one
        read. Every submission counts through here, and redis-py's own path (the pool's lock, retry
        and metrics wrappers, the script object's checks) cost three times the round trip's CPU. Any
        failure (the script unknown after a Redis restart, a dropped connection, a timeout: the
        connection's own socket timeout still applies) gives the connection back to the pool and runs
        the script the ordinary way once, with redis-py's reconnection, retries and script loading."""
        pool = self._redis.connection_pool
        conn = self._kept.pop() if self._kept else await pool.get_connection()
        try:
            await conn.send_command("EVALSHA", script.sha, len(keys), *keys, *args)
            reply = await conn.read_response()
        except BaseException as error:  # a cancel mid-reply too: the connection may hold half an answer
            await conn.disconnect()
            await pool.release(conn)
            if not isinstance(error, Exception) or (isinstance(error, self._script_error)
                                                    and not isinstance(error, self._no_script)):
                raise  # cancelled, or the script's own error: running it again would only repeat it
            return await script(keys=keys, args=args)
        if len(self._kept) < KEPT_CONNECTIONS:
            self._kept.append(conn)
        else:
            await pool.release(conn)
        return reply

    async def get(self, key: str) -> bytes | None:
        return await self._redis.get(self._k(key))

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        await self._redis.set(self._k(key), value, ex=ttl_seconds)

    async def add(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        return bool(await self._redis.set(self._k(key), value, ex=ttl_seconds, nx=True))

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._k(key))

    async def incr(self, key: str, window_seconds: int) -> tuple[int, int]:
        count, ttl = await self._run(self._incr, [self._k(key)], [window_seconds])
        return int(count), max(int(ttl), 1)

    async def add_counted(self, key: str, value: bytes, ttl_seconds: int, counter: str, window_seconds: int,
                          allowed: int) -> tuple[bytes | None, int, int, bool]:
        held, count, ttl, added = await self._run(
            self._add_counted, [self._k(key), self._k(counter)], [value, ttl_seconds, window_seconds, allowed])
        return held or None, int(count), max(int(ttl), 1), bool(added)

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
        kept, self._kept = self._kept, []
        for conn in kept:
            await self._redis.connection_pool.release(conn)
        await self._redis.aclose()


def make_store(redis_url: str | None) -> DatabaseStore | RedisStore:
    return RedisStore(redis_url) if redis_url else DatabaseStore()
