"""CSRF protection for every unsafe request made with a browser, bound to who is asking.

A plain double-submit cookie (the form's token equals the cookie's) is beaten by anyone who can
plant a cookie in the victim's browser: they put their own valid cookie and token pair there and
forge a form carrying that token. So here a token is only valid for one binding:

- signed in: the session id in the session cookie;
- not signed in (sign-in, the residents' form): a random visitor id in its own cookie, signed
  with the secret key so it cannot be made up.

token = nonce + HMAC(secret, binding + nonce). The server recomputes it for the request's own
binding; another browser's token fails. The CSRF cookie carries a valid token for scripts and
tests that read it, and is replaced when the binding changes (signing in or out). In
production every cookie has the `__Host-` prefix (engage.auth.cookies), so a subdomain cannot
plant a session or visitor cookie either.

A script calling the API with a bearer token and no cookies cannot be the victim of a forged
cross-site request, so those requests skip the check; anything carrying cookies is checked.
Routes marked `opt={"exclude_from_csrf": True}` (only the anonymous JSON API) skip it too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import RequestEncodingType
from litestar.exceptions import PermissionDeniedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from engage.auth import cookies
from engage.auth.cookies import Cookies

if TYPE_CHECKING:
    from litestar.datastructures import Cookie

CSRF_COOKIE = cookies.CSRF  # the name tests and scripts read (without the production prefix)
CSRF_HEADER = "x-csrftoken"
CSRF_HEADER_BYTES = CSRF_HEADER.encode()
WANTED_HEADERS = frozenset({b"cookie", b"authorization", b"content-type", CSRF_HEADER_BYTES})
FORM_TYPES = frozenset({RequestEncodingType.URL_ENCODED.value, RequestEncodingType.MULTI_PART.value})
FORM_FIELD = "_csrf_token"
EXEMPT_OPT = "exclude_from_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NONCE_HEX = 32


class CsrfTokens:
    """Make and check tokens bound to a session id or a visitor id."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"engage csrf\0" + secret.encode()).digest()

    def _mac(self, *parts: str) -> str:
        return hmac.new(self._key, "\0".join(parts).encode(), hashlib.sha256).hexdigest()

    def new_visitor(self) -> str:
        visitor = secrets.token_urlsafe(24)
        return f"{visitor}.{self._mac('visitor', visitor)[:32]}"

    def visitor_is_genuine(self, value: str | None) -> bool:
        visitor, _, mac = (value or "").partition(".")
        return bool(visitor) and len(value) < 200 and hmac.compare_digest(mac, self._mac("visitor", visitor)[:32])

    def token(self, binding: str) -> str:
        nonce = secrets.token_hex(NONCE_HEX // 2)
        return nonce + self._mac("token", binding, nonce)

    def valid(self, token: str | None, binding: str) -> bool:
        if not token or len(token) != NONCE_HEX + 64:
            return False
        nonce, mac = token[:NONCE_HEX], token[NONCE_HEX:]
        return hmac.compare_digest(mac, self._mac("token", binding, nonce))


def _binding(session_id: str | None, visitor: str) -> str:
    return f"session:{session_id}" if session_id else f"visitor:{visitor}"


class EngageCSRFMiddleware:
    def __init__(self, app: ASGIApp, secret: str, cookie_names: Cookies) -> None:
        self.app = app
        self.tokens = CsrfTokens(secret)
        self.names = cookie_names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)  # static files: no forms, and no cookies on cached files
            return
        handler = scope.get("route_handler")
        if handler is not None and handler.opt.get(EXEMPT_OPT):
            await self.app(scope, receive, send)
            return
        headers = _wanted_headers(scope)
        cookie_header = headers.get(b"cookie", "")
        if headers.get(b"authorization", "").lower().startswith("bearer ") and not cookie_header:
            await self.app(scope, receive, send)
            return

        visitor = cookies.read(cookie_header, self.names.visitor)
        new_visitor = None
        if not self.tokens.visitor_is_genuine(visitor):
            visitor = new_visitor = self.tokens.new_visitor()
        binding = _binding(cookies.read(cookie_header, self.names.session), visitor)

        sent = None
        if scope["method"] not in SAFE_METHODS:
            sent = headers.get(CSRF_HEADER_BYTES)
            media_type = headers.get(b"content-type", "").partition(";")[0].strip().lower()
            if not sent and media_type in FORM_TYPES:
                # Through the request, which keeps the parsed form in the scope for the handler.
                request = scope["litestar_app"].request_class(scope=scope, receive=receive)
                value = (await request.form()).get(FORM_FIELD)
                sent = value if isinstance(value, str) else None
            if not self.tokens.valid(sent, binding):
                raise PermissionDeniedException("CSRF token verification failed")

        cookie_token = cookies.read(cookie_header, self.names.csrf)
        # A form sends back the cookie's own token, just checked above: no second check of the same token.
        if cookie_token is not None and (cookie_token == sent or self.tokens.valid(cookie_token, binding)):
            token = cookie_token
        else:
            token = self.tokens.token(binding)
        ScopeState.from_scope(scope).csrf_token = token
        await self.app(scope, receive, self._send(send, visitor, new_visitor, token, cookie_token))

    def _send(self, send: Send, visitor: str, new_visitor: str | None, token: str, cookie_token: str | None) -> Send:
        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = token
                issued = self._issued_session(message.get("headers", ()))
                if issued is not None:  # signed in or out just now: the binding changes with it
                    current = self.tokens.token(_binding(issued or None, visitor))
                # The response has started here, past Response.set_cookie: add Litestar's Cookie as its header.
                if new_visitor or current != cookie_token:
                    out = MutableScopeHeaders.from_message(message)
                    if new_visitor:
                        out.add(*_header(self.names.cookie(self.names.visitor, new_visitor)))
                    if current != cookie_token:
                        out.add(*_header(self.names.cookie(self.names.csrf, current)))
            await send(message)

        return send_wrapper

    def _issued_session(self, raw_headers) -> str | None:
        """The session id this response sets ("" when it clears it), or None when it leaves it alone."""
        for key, raw in raw_headers:
            if key.lower() != b"set-cookie":
                continue
            name, _, rest = raw.decode("latin-1").partition("=")
            if name.strip() == self.names.session:
                value = rest.split(";", 1)[0]
                return "" if "max-age=0" in rest.lower() else value
        return None


def _wanted_headers(scope: Scope) -> dict[bytes, str]:
    """The request headers this middleware reads, from one pass over the raw list (Litestar's
    Headers would build a multidict of them all first). The first of each, as Headers.get gives."""
    found: dict[bytes, str] = {}
    for key, value in scope["headers"]:
        key = key.lower()
        if key in WANTED_HEADERS and key not in found:
            found[key] = value.decode("latin-1")
    return found


def _header(cookie: Cookie) -> tuple[str, str]:
    name, value = cookie.to_encoded_header()
    return name.decode("latin-1"), value.decode("latin-1")
