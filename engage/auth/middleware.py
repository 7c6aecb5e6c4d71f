"""Resolve who is asking: a session cookie, or an API token for scripts."""

from __future__ import annotations

import hashlib

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from engage.auth.current import CurrentUser
from engage.auth.sessions import COOKIE_NAME, load_session
from engage.auth.tables import ApiToken, User


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _user_from_token(token: str) -> CurrentUser | None:
    row = await ApiToken.select(
        ApiToken.user.id, ApiToken.user.email, ApiToken.user.name, ApiToken.user.role, ApiToken.user.active
    ).where((ApiToken.token_hash == token_hash(token)) & (ApiToken.revoked == False)).first()  # noqa: E712
    if row is None or not row["user.active"]:
        return None
    return CurrentUser(row["user.id"], row["user.email"], row["user.name"], row["user.role"], via_token=True)


async def _user_from_session(session_id: str, app_state) -> CurrentUser | None:
    data = await load_session(app_state.store, app_state.session_policy, session_id)
    if data is None:
        return None
    # Read the account each time, so a deactivated account or a changed role applies at once.
    row = await User.select(User.id, User.email, User.name, User.role, User.active, User.totp_secret).where(
        User.id == data["user_id"]
    ).first()
    if row is None or not row["active"]:
        return None
    return CurrentUser(row["id"], row["email"], row["name"], row["role"], totp_enabled=bool(row["totp_secret"]))


class AuthMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)
    exclude_path_pattern = ("^/static/",)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        headers = Headers.from_scope(scope)
        user = None
        auth = headers.get("authorization", "")
        state = scope.setdefault("state", {})
        if auth.lower().startswith("bearer "):
            user = await _user_from_token(auth[7:].strip())
        else:
            session_id = _cookie(headers, COOKIE_NAME)
            if session_id:
                user = await _user_from_session(session_id, scope["litestar_app"].state)
                if user is not None:
                    state["session_id"] = session_id
        state["user"] = user
        await next_app(scope, receive, send)
