"""The pending second step of a sign-in: the password was right, the code is still to come.

The challenge is a random value in a hidden field; the store holds its hash, the account
and where to go next, for five minutes and five codes at most. Each code reserves its try with
an atomic increment before it is checked, so codes sent all at once cannot share one count.
"""

from __future__ import annotations

import hashlib
import json
import secrets

CHALLENGE_SECONDS = 300
MAX_TRIES = 5


def _key(challenge: str) -> str:
    return "login-2fa:" + hashlib.sha256(challenge.encode()).hexdigest()


async def start(store, row: dict, target: str) -> str:
    challenge = secrets.token_urlsafe(32)
    data = {"user_id": row["id"], "email": row["email"], "next": target}
    await store.set(_key(challenge), json.dumps(data).encode(), CHALLENGE_SECONDS)
    return challenge


async def load(store, challenge: str) -> dict | None:
    if not challenge:
        return None
    raw = await store.get(_key(challenge))
    return json.loads(raw) if raw else None


async def reserve_try(store, challenge: str) -> bool:
    """Count one code against the challenge before checking it; False (and the challenge is gone)
    once MAX_TRIES codes have been tried."""
    count, _ = await store.incr(_key(challenge) + ":tries", CHALLENGE_SECONDS)
    if count > MAX_TRIES:
        await discard(store, challenge)
        return False
    return True


async def is_last_try(store, challenge: str) -> bool:
    count, _ = await store.peek(_key(challenge) + ":tries")
    return count >= MAX_TRIES


async def discard(store, challenge: str) -> None:
    await store.delete(_key(challenge))
    await store.reset(_key(challenge) + ":tries")
