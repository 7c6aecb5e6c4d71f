"""Idempotency-Key on the anonymous API, as the IETF draft (draft-ietf-httpapi-idempotency-key-header)
describes it: a retry with the same key and the same body gets the first answer; the same key
with a different body is refused (422); a key is scoped to the client that sent it, so another
client's request with the same key is simply a new response and never learns the first receipt.

Exactly once is the database's work, not this module's: the response is stored under a submission
key made from (client, consultation, key) with ON CONFLICT DO NOTHING (surveys.responses), and its
receipt is worked out from that key, so a retry, even one racing the first request, gets the same
receipt and stores nothing. What this module keeps, in the shared store for KEY_HOURS: a hash of
(client, consultation, key) to find the record, and a hash of the body to refuse the key with
another body. No receipt is kept, sealed or otherwise: only a request carrying the key gets it.

The record is written in the same round trip that counts the request against the client's
allowance (`begin`), and never rewritten: one round trip to the store per submission.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from engage.store.backends import SharedStore

KEY_HOURS = 24


class KeyReused(Exception):
    """The key was used before with a different body (422)."""


@dataclass(frozen=True)
class Claim:
    lookup: str  # the store key
    opener: str  # the response's submission key (its receipt is worked out from it); never stored
    fingerprint: str  # hash of the request body

    @classmethod
    def of(cls, key: str, client: str, target: str, body: bytes) -> "Claim":
        """`target` is what the request acts on (its path): a key names one request to one resource."""
        scoped = f"{client}\n{target}\n{key}".encode()
        return cls(lookup="idem:" + hashlib.sha256(b"lookup\n" + scoped).hexdigest(),
                   opener=hashlib.sha256(b"seal\n" + scoped).hexdigest(),
                   fingerprint=hashlib.sha256(body).hexdigest())


@dataclass(frozen=True)
class Begun:
    """What `begin` found: the seconds to wait (the client's allowance is spent), or whether this
    request is the first with its key (`held`: then `abandon` it if nothing is stored) or a retry of
    one (neither: the stored response's receipt is sent again, or, while the first request is still
    running or failed before storing, the retry stores it once itself)."""

    wait: int | None = None
    held: bool = False


async def begin(store: SharedStore, claim: Claim, counter: str, allowed: int, window_seconds: int) -> Begun:
    """Look the key up; when it is new, count the request against the client's allowance (`counter`,
    as engage.web.client_limits) and, unless that is spent, keep the key with its body's hash: one
    round trip to the store (SharedStore.add_counted). A retry is not counted: it adds no response.
    KeyReused when the key was used with another body."""
    record = json.dumps({"body": claim.fingerprint}).encode()
    held, count, left, added = await store.add_counted(claim.lookup, record, KEY_HOURS * 3600, counter,
                                                       window_seconds, allowed)
    if added:
        return Begun(held=True)
    if held is not None:
        if json.loads(held).get("body") != claim.fingerprint:
            raise KeyReused()
        return Begun()
    return Begun(wait=left if count > allowed else None)


async def abandon(store: SharedStore, claim: Claim) -> None:
    """The first request stored nothing (refused, or failed): the key is free for a corrected retry."""
    await store.delete(claim.lookup)
