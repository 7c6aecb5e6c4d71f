"""The pending second step of a sign-in: the password was right, the code is still to come.

The challenge is a random value in a hidden field; the store holds its hash, the account
and where to go next, for five minutes and five wrong codes at most.
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
    data = {"user_id": row["id"], "email": row["email"], "next": target, "tries": 0}
    await store.set(_key(challenge), json.dumps(data).encode(), CHALLENGE_SECONDS)
    return challenge


async def load(store, challenge: str) -> dict | None:
    if not challenge:
        return None
    raw = await store.get(_key(challenge))
    return json.loads(raw) if raw else None


async def count_failure(store, challenge: str, data: dict) -> bool:
    """Record a wrong code; False (and the challenge is gone) once too many were tried."""
    data["tries"] += 1
    if data["tries"] >= MAX_TRIES:
        await store.delete(_key(challenge))
        return False
    await store.set(_key(challenge), json.dumps(data).encode(), CHALLENGE_SECONDS)
    return True


async def discard(store, challenge: str) -> None:
    await store.delete(_key(challenge))
