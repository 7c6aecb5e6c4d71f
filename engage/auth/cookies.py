"""The names and attributes of engage's cookies.

With secure cookies on (the default in production) every name carries the `__Host-` prefix:
browsers then accept the cookie only from this exact host, over HTTPS, with Path=/ and no
Domain, so a neighbouring subdomain cannot plant its own session or CSRF cookie here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from litestar.datastructures import Cookie as LitestarCookie

SESSION = "engage_session"
CSRF = "engage_csrf"
VISITOR = "engage_visitor"  # a signed random id: what an anonymous form's CSRF token is bound to


_HEADER_FIELDS = tuple(f.name for f in fields(LitestarCookie) if f.name not in {"documentation_only", "description"})


class Cookie(LitestarCookie):
    """Litestar's Cookie, whose Set-Cookie header Litestar still writes (http.cookies), with its
    attributes read one by one: Litestar's own `dict` goes through dataclasses.asdict, which
    deep-copies each value, and that was half the cost of writing the residents' form's receipt
    cookie, on every submission."""

    @property
    def dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _HEADER_FIELDS}


@dataclass(frozen=True)
class Cookies:
    secure: bool

    @property
    def prefix(self) -> str:
        return "__Host-" if self.secure else ""

    @property
    def session(self) -> str:
        return self.prefix + SESSION

    @property
    def csrf(self) -> str:
        return self.prefix + CSRF

    @property
    def visitor(self) -> str:
        return self.prefix + VISITOR

    def cookie(self, name: str, value: str, *, clear: bool = False) -> Cookie:
        """One of engage's cookies: HttpOnly, SameSite=Lax, Path=/, Secure when configured, never a
        Domain (the `__Host-` rules), and for the browser's session only unless cleared (Max-Age=0)."""
        return Cookie(key=name, value=value, path="/", httponly=True, samesite="lax", secure=self.secure,
                      max_age=0 if clear else None)

    def session_cookie(self, session_id: str) -> Cookie:
        return self.cookie(self.session, session_id)

    def cleared_session(self) -> Cookie:
        return self.cookie(self.session, "", clear=True)


def read(cookie_header: str, name: str) -> str | None:
    for part in (cookie_header or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
