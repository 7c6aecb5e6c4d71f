"""Work typed into a form is never lost to an idle sign-out.

When a signed-out browser sends an officer form (its session ran out while the officer typed),
the fields are kept in the shared store for an hour under a random key, bound to that browser's
signed visitor cookie (engage.auth.csrf). After signing in again the officer sees what was kept
and sends it on with one button, with a fresh security token; nothing is replayed by itself.
No web imports.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

KEEP_SECONDS = 3600
MAX_BYTES = 200_000
DROPPED = {"_csrf_token"}  # a new token is issued with the form that sends the work on


def _key(key: str) -> str:
    return "kept-work:" + hashlib.sha256(key.encode()).hexdigest()


def _owner(visitor: str) -> str:
    return hashlib.sha256(("kept-work-owner\0" + (visitor or "")).encode()).hexdigest()


async def keep(store, path: str, fields: list[tuple[str, str]], visitor: str) -> str | None:
    """Keep a form's fields for the browser `visitor`; the key to fetch them, or None if too big."""
    kept = [(k, v) for k, v in fields if k not in DROPPED]
    data = json.dumps({"path": path, "fields": kept, "owner": _owner(visitor)}).encode()
    if len(data) > MAX_BYTES or not visitor:
        return None
    key = secrets.token_urlsafe(24)
    await store.set(_key(key), data, KEEP_SECONDS)
    return key


async def load(store, key: str, visitor: str) -> dict | None:
    """The kept form ({"path", "fields"}) when this browser kept it, else None."""
    if not key or len(key) > 100:
        return None
    raw = await store.get(_key(key))
    if raw is None:
        return None
    data = json.loads(raw)
    if not hmac.compare_digest(data.get("owner", ""), _owner(visitor)):
        return None
    return data


async def discard(store, key: str) -> None:
    await store.delete(_key(key))
