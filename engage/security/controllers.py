"""Setting up (and, for non-admins, turning off) two-step sign-in on an officer's own account."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth import recovery
from engage.auth.guards import current_user, signed_in
from engage.security import sealing, totp
from engage.settings import Settings
from engage.store.backends import SharedStore
from engage.web.dependencies import SettingsDep, StoreDep, ThrottleDep
from engage.web.forms import error_summary, first, form_fields, safe_next
from engage.web.templating import render

ENROL_TTL_SECONDS = 900


def _pending_key(user_id: int) -> str:
    return f"totp-enrol:{user_id}"


def _codes_page(request: Request, codes: list[str], target: str, *, first_time: bool) -> Response:
    response = render(request, "auth/recovery_codes.html", {"codes": codes, "next": target, "first_time": first_time})
    response.headers["Cache-Control"] = "no-store"  # never kept by the browser or a proxy
    return response


class TotpController(Controller):
    path = totp.ENROL_PATH
    guards = [signed_in]  # reachable by an admin who has not enrolled yet (no redirect loop)
    include_in_schema = False

    async def _page(self, request: Request, settings: Settings, store: SharedStore, errors: dict | None = None,
                    status_code: int = 200, next_: str = "/officer") -> Response:
        user = current_user(request)
        ctx: dict = {"errors": errors or {}, "summary": error_summary(errors or {}), "next": safe_next(next_),
                     "required": user.role in totp.REQUIRED_FOR, "enabled": user.totp_enabled}
        if not user.totp_enabled:
            key = settings.secret_key
            raw = await store.get(_pending_key(user.id))
            secret = (sealing.unseal(key, totp.SEALED_AS, raw.decode()) if raw else None) or totp.new_secret()
            await store.set(_pending_key(user.id), sealing.seal(key, totp.SEALED_AS, secret).encode(), ENROL_TTL_SECONDS)
            uri = totp.provisioning_uri(secret, user.email)
            ctx.update(secret=secret, secret_grouped=totp.grouped(secret), uri=uri, qr_svg=totp.qr_svg(uri))
        else:
            ctx["recovery_left"] = await recovery.unused(user.id)
        return render(request, "auth/totp_enrol.html", ctx, status_code=status_code)

    @get("/")
    async def show(self, request: Request, settings: SettingsDep, store: StoreDep,
                   next_: Annotated[str | None, QueryParameter(name="next")] = None) -> Response:
        return await self._page(request, settings, store, next_=next_ or "/officer")

    @post("/")
    async def confirm(self, request: Request, throttle: ThrottleDep, settings: SettingsDep, store: StoreDep) -> Response:
        user = current_user(request)
        fields = await form_fields(request)
        target = safe_next(first(fields, "next"))
        if user.totp_enabled:
            return Redirect(target, status_code=303)
        client = request.client.host if request.client else "unknown"
        if await throttle.reserve(user.email, client):  # counted before the code is checked
            return await self._page(request, settings, store, {"code": "Too many wrong codes. Wait a few minutes and try again"},
                                    status_code=429, next_=target)
        key = settings.secret_key
        raw = await store.get(_pending_key(user.id))
        secret = sealing.unseal(key, totp.SEALED_AS, raw.decode()) if raw else None
        if secret is None:
            return await self._page(request, settings, store, {"code": "That set-up has expired. Add the new key below to your app"},
                                    status_code=400, next_=target)
        if not await totp.accept_code(store, user.id, secret, first(fields, "code")):
            return await self._page(request, settings, store, {"code": "Enter the 6-digit code your authenticator app shows now"},
                                    status_code=400, next_=target)
        await throttle.give_back(user.email, client)
        await totp.enable(user.id, secret, key)
        await store.delete(_pending_key(user.id))
        await audit.record(user, "enable", "totp", user.id)
        # Shown once, here: the page is the only place the plain codes ever exist.
        return _codes_page(request, await recovery.make_codes(user.id), target, first_time=True)

    @post("/recovery-codes")
    async def new_codes(self, request: Request, settings: SettingsDep, store: StoreDep) -> Response:
        """Ten fresh codes; the old ones stop working. Needs two-step sign-in to be on."""
        user = current_user(request)
        if not user.totp_enabled:
            return await self._page(request, settings, store, {"code": "Turn on two-step sign-in first"}, status_code=400)
        await audit.record(user, "renew", "recovery_codes", user.id)
        return _codes_page(request, await recovery.make_codes(user.id), "/officer/account", first_time=False)

    @post("/disable")
    async def disable(self, request: Request, throttle: ThrottleDep, settings: SettingsDep, store: StoreDep) -> Response:
        user = current_user(request)
        if user.role in totp.REQUIRED_FOR:
            return await self._page(request, settings, store, {"code": "Administrators must keep two-step sign-in turned on"},
                                    status_code=400)
        fields = await form_fields(request)
        secret = await totp.secret_for(user.id, settings.secret_key)
        client = request.client.host if request.client else "unknown"
        if secret:
            if await throttle.reserve(user.email, client):  # counted before the code is checked
                return await self._page(request, settings, store, {"code": "Too many wrong codes. Wait a few minutes and try again"},
                                        status_code=429)
            if not await totp.accept_code(store, user.id, secret, first(fields, "code")):
                return await self._page(request, settings, store, {"code": "Enter the 6-digit code your authenticator app shows now"},
                                        status_code=400)
            await throttle.give_back(user.email, client)
        await totp.disable(user.id)
        await recovery.forget(user.id)
        await audit.record(user, "disable", "totp", user.id)
        return Redirect("/officer/account", status_code=303)
