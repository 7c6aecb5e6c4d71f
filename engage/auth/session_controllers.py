"""The idle sign-out, made humane: "stay signed in" restarts the clock, and a form sent after the
session ran out is kept and offered back after signing in again (engage.auth.kept_work)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from engage.auth import kept_work
from engage.auth.cookies import Cookies
from engage.auth.guards import BEFORE_PASSWORD_CHANGE, current_user, signed_in
from engage.auth.sessions import touch
from engage.web.dependencies import CookieNamesDep, SessionPolicyDep, StoreDep
from engage.web.forms import first, form_fields, safe_next
from engage.web.templating import render


def _visitor(request: Request, names: Cookies) -> str:
    return request.cookies.get(names.visitor, "")


class SessionController(Controller):
    path = "/officer/session"
    guards = [signed_in]
    include_in_schema = False

    @post("/keep-alive", opt={BEFORE_PASSWORD_CHANGE: True})
    async def keep_alive(self, request: Request, store: StoreDep, session_policy: SessionPolicyDep) -> Response:
        """The "stay signed in" button: JSON for the page's script, otherwise back to the page."""
        session_id = request.scope.get("state", {}).get("session_id")
        ends = await touch(store, session_policy, session_id) if session_id else None
        if request.headers.get("accept", "").startswith("application/json"):
            return Response({"ends_at": ends}, status_code=200, headers={"Cache-Control": "no-store"})
        fields = await form_fields(request)
        return Redirect(safe_next(first(fields, "next"), "/officer"), status_code=303)

    @get("/kept/{key:str}")
    async def kept(self, request: Request, key: FromPath[str], store: StoreDep, cookie_names: CookieNamesDep) -> Response:
        data = await kept_work.load(store, key, _visitor(request, cookie_names))
        if data is None:
            raise NotFoundException()
        shown = [(k, v) for k, v in data["fields"] if v.strip() and k not in {"next", "then", "challenge"}]
        return render(request, "auth/kept_work.html", {"kept": data, "shown": shown, "key": key,
                                                       "user": current_user(request)},
                      headers={"Cache-Control": "no-store"})

    @post("/kept/{key:str}/discard")
    async def discard(self, request: Request, key: FromPath[str], store: StoreDep,
                      cookie_names: CookieNamesDep) -> Response:
        if await kept_work.load(store, key, _visitor(request, cookie_names)) is None:
            raise NotFoundException()
        await kept_work.discard(store, key)
        return Redirect("/officer", status_code=303)
