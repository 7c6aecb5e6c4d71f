"""Resolve who is asking: a session cookie, or an API token for scripts."""

from __future__ import annotations

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from engage.auth.current import CurrentUser
from engage.auth.sessions import SessionPolicy, ends_at, load_session
from engage.auth import cookies, services
from engage.auth.tables import User
from engage.store.backends import SharedStore


async def _user_from_token(token: str) -> CurrentUser | None:
    row = await services.user_for_token(token)
    if row is None:
        return None
    return CurrentUser(row["id"], row["email"], row["name"], row["role"], via_token=True, token_scopes=row["scopes"])


async def _user_from_session(session_id: str, store: SharedStore, policy: SessionPolicy,
                             state: dict) -> CurrentUser | None:
    data = await load_session(store, policy, session_id)
    if data is None:
        return None
    state["session_ends_at"] = ends_at(policy, data)  # for the timeout warning
    state["session_policy"] = policy  # its idle time, warning lead and renewal, for the timeout warning
    # Read the account each time, so a deactivated account or a changed role applies at once.
    row = await User.select(User.id, User.email, User.name, User.role, User.active, User.totp_secret,
                            User.session_generation, User.must_change_password).where(User.id == data["user_id"]).first()
    if row is None or not row["active"] or data.get("generation", 0) != row["session_generation"]:
        return None
    return CurrentUser(row["id"], row["email"], row["name"], row["role"], totp_enabled=bool(row["totp_secret"]),
                       must_change_password=bool(row["must_change_password"]))


class AuthMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        # Static files need no user. (exclude_path_pattern matches a handler's path, which for the
        # static router is "/static", not the file's: Litestar 3 would stop skipping them.)
        return scope["path"].startswith("/static/")

    def __init__(self, store: SharedStore, policy: SessionPolicy, names: cookies.Cookies) -> None:
        self.store, self.policy, self.names = store, policy, names

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        headers = Headers.from_scope(scope)
        user = None
        auth = headers.get("authorization", "")
        state = scope.setdefault("state", {})
        if auth.lower().startswith("bearer "):
            user = await _user_from_token(auth[7:].strip())
        else:
            session_id = cookies.read(headers.get("cookie", ""), self.names.session)
            if session_id:
                user = await _user_from_session(session_id, self.store, self.policy, state)
                if user is not None:
                    state["session_id"] = session_id
        state["user"] = user
        await next_app(scope, receive, send)
