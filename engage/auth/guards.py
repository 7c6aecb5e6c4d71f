"""Guards for officer routes: no session means the login page, the wrong role means 403,
and an admin without a second factor is sent to set one up first."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from engage.auth.current import CurrentUser
from engage.auth.roles import ADMINS, READERS, WRITERS


def current_user(connection: ASGIConnection) -> CurrentUser | None:
    return connection.scope.get("state", {}).get("user")


def _require(roles: frozenset[str], second_factor: bool = True):
    # Async, so Litestar calls it directly rather than in a worker thread.
    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None:
            raise NotAuthorizedException("Sign in to continue")
        if user.role not in roles:
            raise PermissionDeniedException("Your role does not allow this")
        if second_factor and not user.via_token and not user.totp_enabled:
            from engage.security.totp import REQUIRED_FOR, TotpEnrolmentRequired

            if user.role in REQUIRED_FOR:
                raise TotpEnrolmentRequired()

    guard.roles = roles  # read by the route-walking tests
    return guard


readers_only = _require(READERS)  # admin, officer, executive
writers_only = _require(WRITERS)  # admin, officer
admins_only = _require(ADMINS)
# Any officer, even an admin who has not yet set up two-step sign-in: only for the pages that set it up.
signed_in = _require(READERS, second_factor=False)
