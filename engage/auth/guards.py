"""Guards for officer routes: no session means the login page, the wrong role means 403,
an admin without a second factor is sent to set one up first, and an API token reaches only
the routes that name its scope (engage.auth.scopes)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from engage.auth import kept_work, scopes
from engage.auth.current import CurrentUser
from engage.auth.roles import ADMINS, READERS, WRITERS
from engage.security.totp import REQUIRED_FOR, TotpEnrolmentRequired

# When a second factor must be set up before the route is reached.
FOR_REQUIRED_ROLES = "required roles"  # admins (totp.REQUIRED_FOR)
ALWAYS = "always"  # anyone: minting API tokens
NEVER = "never"  # the pages that set it up


def current_user(connection: ASGIConnection) -> CurrentUser | None:
    return connection.scope.get("state", {}).get("user")


PASSWORD_PATH = "/officer/account/password"
BEFORE_PASSWORD_CHANGE = "reachable before a forced password change"  # handler opt: the password page itself


class PasswordChangeRequired(PermissionDeniedException):
    """An admin reset this account's password: choose a new one before anything else."""

    detail = "Choose a new password before you continue."


class TokenRefused(PermissionDeniedException):
    """An API token asked for something its scopes do not allow; the message says which scope."""


def _check_token(connection: ASGIConnection, handler: BaseRouteHandler, user: CurrentUser) -> None:
    area = handler.opt.get(scopes.TOKEN_AREA)
    if area is None:
        raise TokenRefused("API tokens cannot be used here: sign in with your password and second factor")
    needed = scopes.needed(connection.scope.get("method", "GET"), area)
    if needed not in user.token_scopes:
        raise TokenRefused(f"This token does not have the {needed} scope")


class SignedOut(NotAuthorizedException):
    """No session (it ran out, or never was). `kept` is the key of the form's fields, kept to send on
    after signing in again (engage.auth.kept_work), when a form was being sent."""

    kept: str | None = None


async def _signed_out(connection: ASGIConnection) -> SignedOut:
    exc = SignedOut("Sign in to continue")
    scope = connection.scope
    if scope.get("method") == "POST" and scope.get("path", "").startswith("/officer/"):
        request = scope["litestar_app"].request_class(scope=scope, receive=connection.receive)
        if request.content_type[0] in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.form()
            fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
            # A guard is given no dependencies: it reads the app's state, where engage.app keeps them.
            state = connection.app.state
            visitor = connection.cookies.get(state.cookie_names.visitor, "")
            exc.kept = await kept_work.keep(state.store, scope["path"], fields, visitor)
    return exc


def _require(roles: frozenset[str], second_factor: str = FOR_REQUIRED_ROLES):
    # Async, so Litestar calls it directly rather than in a worker thread.
    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None:
            raise await _signed_out(connection)
        if user.role not in roles:
            raise PermissionDeniedException("Your role does not allow this")
        if user.via_token:
            _check_token(connection, handler, user)
            return
        if user.must_change_password and not handler.opt.get(BEFORE_PASSWORD_CHANGE):
            raise PasswordChangeRequired()
        if not user.totp_enabled and (second_factor == ALWAYS or
                                      (second_factor == FOR_REQUIRED_ROLES and user.role in REQUIRED_FOR)):
            raise TotpEnrolmentRequired()

    guard.roles = roles  # read by the route-walking tests
    return guard


readers_only = _require(READERS)  # admin, officer, executive
writers_only = _require(WRITERS)  # admin, officer
admins_only = _require(ADMINS)
# Any officer, even an admin who has not yet set up two-step sign-in: only for the pages that set it up.
signed_in = _require(READERS, second_factor=NEVER)
# Any officer who has proved a second factor at sign-in: making API tokens.
readers_with_second_factor = _require(READERS, second_factor=ALWAYS)
