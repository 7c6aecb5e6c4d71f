"""Idempotency-Key on the anonymous API, as the IETF draft (draft-ietf-httpapi-idempotency-key-header)
describes it: a retry with the same key and the same body gets the first answer; the same key
with a different body is refused (422); a key is scoped to the client that sent it, so another
client's request with the same key is simply a new response and never learns the first receipt.

What is kept, in the shared store for KEY_HOURS: a hash of (client, consultation, key) to find
the record, a hash of the body, and the receipt sealed (AES-GCM) with a key derived from them,
idempotency key included. The database and ENGAGE_SECRET_KEY together cannot open it; only a retry carrying the
idempotency key can. Keys should be random (a UUID), as the draft asks.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass

from engage.security.sealing import seal, unseal
from engage.store.backends import SharedStore

KEY_HOURS = 24
PENDING_SECONDS = 60  # how long a first request may hold the key before another may take over
WAIT_SECONDS = 10  # how long a concurrent retry waits for the first request's answer
PURPOSE = "idempotent receipt"


class KeyReused(Exception):
    """The key was used before with a different body (422)."""


class StillProcessing(Exception):
    """The first request with this key has not finished (409, retry later)."""


@dataclass(frozen=True)
class Claim:
    lookup: str  # the store key
    opener: str  # what the receipt is sealed with and the response's submission key; never stored
    fingerprint: str  # hash of the request body

    @classmethod
    def of(cls, key: str, client: str, target: str, body: bytes) -> "Claim":
        """`target` is what the request acts on (its path): a key names one request to one resource."""
        scoped = f"{client}\n{target}\n{key}".encode()
        return cls(lookup="idem:" + hashlib.sha256(b"lookup\n" + scoped).hexdigest(),
                   opener=hashlib.sha256(b"seal\n" + scoped).hexdigest(),
                   fingerprint=hashlib.sha256(body).hexdigest())


async def finished_receipt(store: SharedStore, claim: Claim) -> str | None:
    """The first receipt when a request with this key and body has finished; None when there is
    none yet. KeyReused when the key was used with another body. (A retry answered from here is
    not a new response, so it is not counted against the client's allowance.)"""
    raw = await store.get(claim.lookup)
    if raw is None:
        return None
    held = json.loads(raw)
    if held.get("body") != claim.fingerprint:
        raise KeyReused()
    return unseal(claim.opener, PURPOSE, held.get("receipt"))


@dataclass(frozen=True)
class Begun:
    """What `begin` found: the first receipt to send again, the seconds to wait (the client's
    allowance is spent), or neither; `held` when this request now holds the key (then call `finish`
    or `abandon`). Neither and not held: a first request with this key is still running
    (`replayed_receipt` waits for it)."""

    receipt: str | None = None
    wait: int | None = None
    held: bool = False


async def begin(store: SharedStore, claim: Claim, counter: str, allowed: int, window_seconds: int) -> Begun:
    """`finished_receipt`, then one count against the client's allowance (`counter`, as
    engage.web.client_limits), then the key taken as `replayed_receipt` takes it, in one round trip
    to the store (SharedStore.add_counted). A retry answered with its receipt is not counted.
    KeyReused when the key was used with another body."""
    pending = json.dumps({"body": claim.fingerprint}).encode()
    held, count, left, added = await store.add_counted(claim.lookup, pending, PENDING_SECONDS, counter,
                                                       window_seconds, allowed)
    if added:
        return Begun(held=True)
    if held is not None:
        record = json.loads(held)
        if record.get("body") != claim.fingerprint:
            raise KeyReused()
        receipt = unseal(claim.opener, PURPOSE, record.get("receipt"))
        if receipt:
            return Begun(receipt=receipt)
        if not count:  # a first request still running: this one counts, as any other
            count, left = await store.incr(counter, window_seconds)
    return Begun(wait=left if count > allowed else None)


async def replayed_receipt(store: SharedStore, claim: Claim) -> str | None:
    """None when this request now holds the key and should go ahead (then call `finish` or
    `abandon`); the first receipt when it is a retry, waiting for a first request still running.
    KeyReused or StillProcessing otherwise."""
    pending = json.dumps({"body": claim.fingerprint}).encode()
    deadline = time.monotonic() + WAIT_SECONDS
    while not await store.add(claim.lookup, pending, PENDING_SECONDS):
        receipt = await finished_receipt(store, claim)
        if receipt:
            return receipt
        if time.monotonic() > deadline:
            raise StillProcessing()
        await asyncio.sleep(0.05)
    return None


async def finish(store: SharedStore, claim: Claim, receipt: str) -> None:
    record = {"body": claim.fingerprint, "receipt": seal(claim.opener, PURPOSE, receipt)}
    await store.set(claim.lookup, json.dumps(record).encode(), KEY_HOURS * 3600)


async def abandon(store: SharedStore, claim: Claim) -> None:
    """The first request failed: the key is free for a retry."""
    await store.delete(claim.lookup)
