"""Guards for officer routes: no session means the login page, the wrong role means 403."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from engage.auth.current import CurrentUser
from engage.auth.roles import ADMINS, READERS, WRITERS


def current_user(connection: ASGIConnection) -> CurrentUser | None:
    return connection.scope.get("state", {}).get("user")


def _require(roles: frozenset[str]):
    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None:
            raise NotAuthorizedException("Sign in to continue")
        if user.role not in roles:
            raise PermissionDeniedException("Your role does not allow this")

    return guard


readers_only = _require(READERS)  # admin, officer, executive
writers_only = _require(WRITERS)  # admin, officer
admins_only = _require(ADMINS)
