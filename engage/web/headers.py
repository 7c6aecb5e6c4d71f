"""Security headers on every response, errors and 404s included (a before_send hook runs
for every message the app sends, unlike route middleware)."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

PRIVATE_PREFIXES = ("/officer", "/login", "/logout", "/api/")

# A route opt: never compress this handler's responses (engage.app's compression config). For the
# submission paths, whose answer is a receipt or a redirect: setting up gzip for each cost more
# CPU than the few bytes it could save.
NO_COMPRESSION = "no_compression"


SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def make_security_headers_hook(hsts: bool = True):
    named = (*SECURITY_HEADERS, HSTS) if hsts else SECURITY_HEADERS
    # Encoded once: the hook runs on every response.
    encoded = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in named]
    names = frozenset(name for name, _ in encoded)
    no_store, no_cache = (b"cache-control", b"no-store"), (b"cache-control", b"no-cache")

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        present = {name.lower() for name, _ in headers.headers}
        if present & names:  # a handler set one of them: these replace it
            for name, value in named:
                headers[name] = value
        else:
            headers.headers.extend(encoded)
        path = scope.get("path", "")
        # A request carrying a session is an officer's, whatever the page: it may show their name.
        # Judged from the session cookie, as route middleware state does not reach this hook.
        signed_in = _has_session_cookie(scope)
        if path.startswith(PRIVATE_PREFIXES) or (signed_in and not path.startswith("/static/")):
            # Officer and executive pages hold personal data: never keep a copy.
            if b"cache-control" in present:
                headers["Cache-Control"] = "no-store"
            else:
                headers.headers.append(no_store)
        elif b"cache-control" not in present and not path.startswith("/static/"):
            headers.headers.append(no_cache)

    return add_security_headers


def _has_session_cookie(scope: Scope) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"cookie" and b"engage_session=" in value:
            return True
    return False
