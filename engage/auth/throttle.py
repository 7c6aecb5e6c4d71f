"""Slow down password and code guessing, per account and per client, across every worker.

An attempt is reserved before the password (or code) is checked: one atomic increment in the
shared store, refused when it goes past the limit, so thirty requests sent at once cannot all
peek at a count of zero and all be evaluated. A right answer gives its reservation back, and a
completed sign-in forgets the account's failures; a wrong one stays counted.
"""

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

    async def reserve(self, email: str, client: str) -> int | None:
        """Count one attempt now; None when it may go ahead, else the seconds to wait.

        The client is counted first, so one address spraying many accounts is stopped before it
        uses up (and locks) each account's allowance.
        """
        count, left = await self.store.incr(self._digest("client", client), self.per_client.window_seconds)
        if count > self.per_client.limit:
            return left
        count, left = await self.store.incr(self._digest("acct", email), self.per_account.window_seconds)
        if count > self.per_account.limit:
            return left
        return None

    async def give_back(self, email: str, client: str) -> None:
        """The reserved attempt was right (a password still waiting for its code): uncount it."""
        await self.store.give_back(self._digest("acct", email))
        await self.store.give_back(self._digest("client", client))

    async def succeeded(self, email: str, client: str) -> None:
        """Signed in: the account's failures are forgotten and this attempt is uncounted."""
        await self.store.reset(self._digest("acct", email))
        await self.store.give_back(self._digest("client", client))
