"""CSRF protection for every unsafe request made with a browser session.

Litestar's double-submit-cookie middleware does the work. A script calling the API with a
bearer token and no cookies cannot be the victim of a forged cross-site request, so those
requests skip it; anything carrying cookies is checked.
"""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Headers
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send

CSRF_COOKIE = "engage_csrf"
CSRF_HEADER = "x-csrftoken"


class EngageCSRFMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers.from_scope(scope)
            if headers.get("authorization", "").lower().startswith("bearer ") and not headers.get("cookie"):
                await self.app(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def csrf_config(secret: str, secure: bool) -> CSRFConfig:
    return CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        header_name=CSRF_HEADER,
        cookie_secure=secure,
        cookie_httponly=True,  # pages carry the token in a form field or meta tag; scripts never need the cookie
        cookie_samesite="lax",
    )
