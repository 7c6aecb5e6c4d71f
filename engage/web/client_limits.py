"""How often one client may do something anonymous (send a response, try a receipt code),
counted in the shared store so every worker shares one count per client.

A count is one atomic increment (engage.store), so 30 requests arriving together cannot all be
let through: exactly the allowance passes and the rest are told to wait. Client addresses are
kept only as keyed hashes, and only for the window.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from litestar import Request

from engage.store.backends import SharedStore


@dataclass(frozen=True)
class ClientLimit:
    name: str  # what is counted: "form-submit", "erase"
    allowed: int  # per window
    window_seconds: int


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class ClientLimits:
    """Counts in the shared store, keyed by a keyed hash of the client's address (injected as `limits`)."""

    def __init__(self, store: SharedStore, secret: str) -> None:
        self._store = store
        self._secret = secret.encode()

    def bucket(self, request: Request, limit: ClientLimit) -> str:
        """The store's counter for this client and limit."""
        digest = hmac.new(self._secret, client_address(request).encode(), hashlib.sha256).hexdigest()[:40]
        return f"limit:{limit.name}:" + digest

    async def wait_needed(self, request: Request, limit: ClientLimit) -> int | None:
        """Count this request against the client's allowance: None when it may go ahead, else the
        seconds until the window ends."""
        count, left = await self._store.incr(self.bucket(request, limit), limit.window_seconds)
        return left if count > limit.allowed else None


def wait_message(seconds: int, what: str) -> str:
    minutes = (seconds + 59) // 60
    wait = f"{seconds} seconds" if seconds < 60 else f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{what} Wait {wait}, then try again."
