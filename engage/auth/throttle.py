"""Slow down password guessing, per account and per client, across every worker."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from engage.store.backends import SharedStore


@dataclass(frozen=True)
class ThrottleRule:
    limit: int
    window_seconds: int


class LoginThrottle:
    def __init__(self, store: SharedStore, secret: str, per_account: ThrottleRule, per_client: ThrottleRule):
        self.store = store
        self.secret = secret.encode()
        self.per_account = per_account
        self.per_client = per_client

    def _digest(self, kind: str, value: str) -> str:
        # Client addresses and emails are kept only as keyed hashes, and only for the window.
        return f"login:{kind}:" + hmac.new(self.secret, value.lower().encode(), hashlib.sha256).hexdigest()[:40]

    async def retry_after(self, email: str, client: str) -> int | None:
        """Seconds to wait when either limit is already reached; None when a try is allowed."""
        waits = []
        for kind, value, rule in (("acct", email, self.per_account), ("client", client, self.per_client)):
            count, left = await self.store.peek(self._digest(kind, value))
            if count >= rule.limit:
                waits.append(left)
        return max(waits) if waits else None

    async def failed(self, email: str, client: str) -> None:
        await self.store.incr(self._digest("acct", email), self.per_account.window_seconds)
        await self.store.incr(self._digest("client", client), self.per_client.window_seconds)

    async def succeeded(self, email: str) -> None:
        await self.store.delete(self._digest("acct", email))
