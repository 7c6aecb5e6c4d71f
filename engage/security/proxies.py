"""Which address a request really came from, when engage sits behind a reverse proxy.

`X-Forwarded-For` is written by whoever sent the request, so it is believed only when the
connection comes from a proxy named in ENGAGE_TRUSTED_PROXIES (none by default). Even then
only the hops the trusted proxies added are believed: the list is read from the right, and
the first address that is not a trusted proxy is the client. Anything to its left was sent by
the client and could say anything. Every per-client limit (sign-in, API, forms) keys on the
address this middleware leaves in the ASGI scope.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from litestar.datastructures import Headers
from litestar.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[Network, ...] = ()

    @classmethod
    def of(cls, items: tuple[str, ...]) -> "TrustedProxies":
        """From settings.trusted_proxies (already checked by engage.settings when read)."""
        return cls(tuple(ipaddress.ip_network(item, strict=False) for item in items))

    def trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    def client_for(self, peer: str, forwarded_for: list[str]) -> str:
        """The client's address: the peer itself unless it is a trusted proxy."""
        if not self.networks or not self.trusts(peer):
            return peer
        hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self.trusts(hop):
                return hop if _is_ip(hop) else peer  # garbage in the header: fall back to the proxy
        return hops[0] if hops else peer  # every hop a trusted proxy: the first is the nearest we know


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class ProxyHeadersMiddleware:
    """Put the real client address (and scheme) in the scope, before anything reads them."""

    def __init__(self, app: ASGIApp, trusted: TrustedProxies) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted.networks and scope.get("client"):
            peer, port = scope["client"]
            if self.trusted.trusts(peer):
                headers = Headers.from_scope(scope)
                scope["client"] = (self.trusted.client_for(peer, headers.getall("x-forwarded-for", [])), port)
                proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
                if proto in ("http", "https"):
                    scope["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
        await self.app(scope, receive, send)
