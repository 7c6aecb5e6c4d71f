"""Login, logout, the officer's own account, and user management for admins."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth import recovery, scopes, services
from engage.auth.cookies import Cookies
from engage.auth.guards import (
    BEFORE_PASSWORD_CHANGE,
    admins_only,
    current_user,
    readers_only,
    readers_with_second_factor,
)
from engage.auth.password_policy import MIN_LENGTH
from engage.auth.roles import EXECUTIVE, ROLE_LABELS, ROLES
from engage.auth.sessions import SessionPolicy, create_session, destroy_session
from engage.security import totp, two_step
from engage.web.dependencies import CookieNamesDep, SessionPolicyDep, SettingsDep, StoreDep, ThrottleDep
from engage.web.forms import error_summary, first, form_fields, safe_next
from engage.web.templating import render


class LoginController(Controller):
    path = "/"
    tags = ["accounts"]
    include_in_schema = False

    @get("/login")
    async def login_page(
        self, request: Request, next_: Annotated[str | None, QueryParameter(name="next")] = None
    ) -> Response:
        if current_user(request):
            return Redirect(safe_next(next_), status_code=303)
        return render(request, "auth/login.html", {"next": safe_next(next_), "errors": {}, "email": ""})

    @post("/login")
    async def login(self, request: Request, store: StoreDep, throttle: ThrottleDep, session_policy: SessionPolicyDep,
                    cookie_names: CookieNamesDep) -> Response:
        fields = await form_fields(request)
        email = services.normalise_email(first(fields, "email"))[:254]
        password = first(fields, "password")[:1024]
        target = safe_next(first(fields, "next"))
        client = request.client.host if request.client else "unknown"
        ctx = {"next": target, "email": email}

        errors = {}
        if not email:
            errors["email"] = "Enter your email address"
        if not password:
            errors["password"] = "Enter your password"
        if errors:
            return render(request, "auth/login.html", {**ctx, "errors": errors, "summary": error_summary(errors)},
                          status_code=400)

        wait = await throttle.reserve(email, client)  # before Argon2: a refused attempt costs nothing
        if wait:
            return _throttled(request, {**ctx, "errors": {}}, wait)

        row = await services.authenticate(email, password)
        if row is None:
            errors = {"email": "Enter a correct email address and password"}
            return render(request, "auth/login.html", {**ctx, "errors": errors, "summary": error_summary(errors)},
                          status_code=400)

        if row.get("totp_secret"):
            # Second step: no session until the code is right. The password is not asked again,
            # and its attempt is given back: only the code is still to be proved.
            await throttle.give_back(email, client)
            challenge = await two_step.start(store, row, target)
            return render(request, "auth/totp_login.html", {"challenge": challenge, "errors": {}, "next": target})
        await throttle.succeeded(email, client)
        return await _signed_in(request, row, target, store, session_policy, cookie_names)

    @post("/login/code")
    async def login_code(self, request: Request, store: StoreDep, throttle: ThrottleDep, settings: SettingsDep,
                         session_policy: SessionPolicyDep, cookie_names: CookieNamesDep) -> Response:
        fields = await form_fields(request)
        client = request.client.host if request.client else "unknown"
        challenge = first(fields, "challenge")[:100]
        pending = await two_step.load(store, challenge)
        if pending is None:
            errors = {"email": "Your sign-in took too long. Enter your email address and password again"}
            return render(request, "auth/login.html", {"next": "/officer", "email": "", "errors": errors,
                                                       "summary": error_summary(errors)}, status_code=400)
        ctx = {"challenge": challenge, "next": pending["next"]}
        wait = await throttle.reserve(pending["email"], client)  # before the code is checked
        if wait:
            await two_step.discard(store, challenge)
            return _throttled(request, {"next": pending["next"], "email": pending["email"], "errors": {}}, wait)
        if not await two_step.reserve_try(store, challenge):
            return _sign_in_again(request, pending)
        row = await services.get_user(pending["user_id"])
        secret = await totp.secret_for(pending["user_id"], settings.secret_key)
        recovery_code = first(fields, "recovery_code").strip()
        if recovery_code:  # the phone is lost: a single-use recovery code stands in for the app
            proved = bool(secret) and await recovery.use_code(pending["user_id"], recovery_code)
        else:
            proved = bool(secret) and await totp.accept_code(store, pending["user_id"], secret, first(fields, "code"))
        if row is None or not row["active"] or not proved:
            if await two_step.is_last_try(store, challenge):
                await two_step.discard(store, challenge)
                return _sign_in_again(request, pending)
            errors = ({"recovery_code": "Enter one of your recovery codes that has not been used, like ABCD-EFGH-JKLM-NPQR"}
                      if recovery_code else {"code": "Enter the 6-digit code your authenticator app shows now"})
            ctx["recovery_open"] = bool(recovery_code)
            return render(request, "auth/totp_login.html", {**ctx, "errors": errors, "summary": error_summary(errors)},
                          status_code=400)
        await two_step.discard(store, challenge)
        await throttle.succeeded(pending["email"], client)
        if recovery_code:
            await audit.record(row, "use", "recovery_code", row["id"], {"left": await recovery.unused(row["id"])})
        return await _signed_in(request, row, pending["next"], store, session_policy, cookie_names)

    @post("/logout")
    async def logout(self, request: Request, store: StoreDep, cookie_names: CookieNamesDep) -> Response:
        session_id = request.scope.get("state", {}).get("session_id")
        if session_id:
            await destroy_session(store, session_id)
        return Redirect("/login?signed_out=1", status_code=303, cookies=[cookie_names.cleared_session()])


def _throttled(request: Request, ctx: dict, wait: int) -> Response:
    return render(request, "auth/login.html", {**ctx, "throttled": True, "wait_minutes": max(1, (wait + 59) // 60)},
                  status_code=429, headers={"Retry-After": str(wait)})


def _sign_in_again(request: Request, pending: dict) -> Response:
    errors = {"email": "Too many wrong codes. Sign in again"}
    return render(request, "auth/login.html", {"next": pending["next"], "email": pending["email"],
                                               "errors": errors, "summary": error_summary(errors)}, status_code=400)


async def _signed_in(request: Request, row: dict, target: str, store, policy: SessionPolicy, names: Cookies) -> Response:
    old = request.scope.get("state", {}).get("session_id")
    if old:
        await destroy_session(store, old)
    session_id = await create_session(store, policy, row["id"], row["session_generation"])
    await audit.record(row, "login", "user", row["id"])
    return Redirect(target, status_code=303, cookies=[names.session_cookie(session_id)])


class AccountController(Controller):
    """An officer's own account: API tokens for scripts, each with scopes and an expiry."""

    path = "/officer/account"
    guards = [readers_only]
    include_in_schema = False

    async def _page(self, request: Request, errors: dict | None = None, status_code: int = 200, **extra) -> Response:
        user = current_user(request)
        ctx = {"tokens": await services.list_api_tokens(user.id), "errors": errors or {},
               "summary": error_summary(errors or {}), "totp_required": user.role in totp.REQUIRED_FOR,
               "scope_choices": scopes.allowed_for(user.role), "scope_labels": {s.name: s.label for s in scopes.SCOPES},
               "lifetimes": scopes.LIFETIME_CHOICES, "default_days": scopes.DEFAULT_LIFETIME_DAYS,
               "form": {"scopes": [], "days": str(scopes.DEFAULT_LIFETIME_DAYS), "name": ""}, **extra}
        return render(request, "auth/account.html", ctx, status_code=status_code)

    @get("/")
    async def account(self, request: Request) -> Response:
        return await self._page(request)

    # Minting a token needs a session whose second factor was proved, never another token.
    @post("/tokens", guards=[readers_with_second_factor])
    async def create_token(self, request: Request) -> Response:
        user = current_user(request)
        fields = await form_fields(request)
        form = {"name": first(fields, "name"), "scopes": fields.get("scopes", []), "days": first(fields, "days")}
        try:
            days = int(form["days"] or scopes.DEFAULT_LIFETIME_DAYS)
        except ValueError:
            days = 0  # refused below with the field's message
        try:
            token = await services.create_api_token(user.id, form["name"], form["scopes"], days)
        except services.AccountError as exc:
            return await self._page(request, exc.errors, status_code=400, form=form)
        await audit.record(user, "create", "api_token", user.id,
                           {"name": form["name"], "scopes": sorted(form["scopes"]), "days": days})
        return await self._page(request, new_token=token)

    @get("/password", opt={BEFORE_PASSWORD_CHANGE: True})
    async def password_page(self, request: Request) -> Response:
        return render(request, "auth/password.html", {"errors": {}, "min_length": MIN_LENGTH,
                                                      "required": current_user(request).must_change_password})

    @post("/password", opt={BEFORE_PASSWORD_CHANGE: True})
    async def change_password(self, request: Request, store: StoreDep, throttle: ThrottleDep,
                              session_policy: SessionPolicyDep, cookie_names: CookieNamesDep) -> Response:
        user = current_user(request)
        fields = await form_fields(request)
        client = request.client.host if request.client else "unknown"
        errors: dict[str, str] = {}
        if not first(fields, "current_password"):
            errors["current_password"] = "Enter your current password"
        if not first(fields, "new_password"):
            errors["new_password"] = "Enter a new password"
        if not errors and await throttle.reserve(user.email, client):  # the current password is a guess too
            errors["current_password"] = "Too many attempts. Wait a few minutes and try again"
        if not errors:
            try:
                generation = await services.change_password(user.id, first(fields, "current_password")[:1024],
                                                            first(fields, "new_password")[:2048])
            except services.AccountError as exc:
                errors = exc.errors
                if "current_password" not in errors:
                    await throttle.give_back(user.email, client)
        if errors:
            return render(request, "auth/password.html", {"errors": errors, "summary": error_summary(errors),
                                                          "min_length": MIN_LENGTH,
                                                          "required": user.must_change_password}, status_code=400)
        await throttle.give_back(user.email, client)
        await audit.record(user, "change_password", "user", user.id)
        # Every other session has ended; this one carries on under a fresh id.
        old = request.scope.get("state", {}).get("session_id")
        if old:
            await destroy_session(store, old)
        session_id = await create_session(store, session_policy, user.id, generation)
        return Redirect("/officer/account?password_changed=1", status_code=303,
                        cookies=[cookie_names.session_cookie(session_id)])

    @post("/tokens/{token_id:int}/revoke")
    async def revoke_token(self, request: Request, token_id: FromPath[int]) -> Response:
        user = current_user(request)
        if not await services.revoke_api_token(user.id, token_id):
            raise NotFoundException()
        await audit.record(user, "revoke", "api_token", token_id)
        return Redirect("/officer/account", status_code=303)


LEAST_PRIVILEGED = EXECUTIVE  # a new account reads, and changes nothing, until an admin gives it more


class UserAdminController(Controller):
    path = "/officer/admin/users"
    guards = [admins_only]
    include_in_schema = False

    @get("/")
    async def list_users(self, request: Request,
                         created: Annotated[int | None, QueryParameter(name="created", ge=1)] = None) -> Response:
        new_account = await services.get_user(created) if created else None
        return render(request, "auth/users.html", {"users": await services.list_users(), "roles": ROLE_LABELS,
                                                   "errors": {}, "form": {"role": LEAST_PRIVILEGED},
                                                   "created": new_account})

    @post("/{user_id:int}/reset-password")
    async def reset_password(self, request: Request, user_id: FromPath[int]) -> Response:
        """A temporary password, shown to the admin once; the account must choose its own at next sign-in."""
        target = await services.get_user(user_id)
        if target is None:
            raise NotFoundException()
        me = current_user(request)
        if user_id == me.id:
            errors = {"reset": "Change your own password from your account page"}
            return render(request, "auth/users.html", {"users": await services.list_users(), "roles": ROLE_LABELS,
                                                       "form": {"role": LEAST_PRIVILEGED}, "errors": errors,
                                                       "summary": error_summary(errors)}, status_code=400)
        password = await services.reset_password(user_id)
        await audit.record(me, "reset_password", "user", user_id, {"email": target["email"]})
        response = render(request, "auth/users.html", {"users": await services.list_users(), "roles": ROLE_LABELS,
                                                       "form": {"role": LEAST_PRIVILEGED}, "errors": {},
                                                       "reset": {"email": target["email"], "password": password}})
        response.headers["Cache-Control"] = "no-store"
        return response

    @post("/")
    async def create_user(self, request: Request) -> Response:
        fields = await form_fields(request)
        form = {k: first(fields, k) for k in ("email", "name", "role")}
        form["role"] = form["role"] or LEAST_PRIVILEGED
        try:
            created = await services.create_user(form["email"], form["role"], first(fields, "password"), form["name"],
                                                 must_change=True)
        except services.AccountError as exc:
            return render(request, "auth/users.html",
                          {"users": await services.list_users(), "roles": ROLE_LABELS, "errors": exc.errors,
                           "summary": error_summary(exc.errors), "form": form}, status_code=400)
        await audit.record(current_user(request), "create", "user", created["id"],
                           {"email": created["email"], "role": created["role"]})
        return Redirect(f"/officer/admin/users?created={created['id']}", status_code=303)

    @post("/{user_id:int}")
    async def update_user(self, request: Request, user_id: FromPath[int]) -> Response:
        target = await services.get_user(user_id)
        if target is None:
            raise NotFoundException()
        fields = await form_fields(request)
        role = first(fields, "role", target["role"])
        active = first(fields, "active", "yes") == "yes"
        me = current_user(request)
        if user_id == me.id and (role != target["role"] or not active):
            # An admin cannot lock themselves out (and so the last admin stays an admin).
            return render(request, "auth/users.html",
                          {"users": await services.list_users(), "roles": ROLE_LABELS, "form": {},
                           "errors": {"role": "You cannot change your own role or deactivate yourself"},
                           "summary": error_summary({"role": "You cannot change your own role or deactivate yourself"})},
                          status_code=400)
        if role not in ROLES:
            raise NotFoundException()
        await services.update_user(user_id, role, active)
        await audit.record(me, "update", "user", user_id, {"role": role, "active": active,
                                                            "was": {"role": target["role"], "active": target["active"]}})
        return Redirect("/officer/admin/users", status_code=303)
