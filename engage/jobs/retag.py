"""Re-tag existing voices after a theme edit: admins ask for it from the framework page, it runs as
background work (the voices.reanalyse job), and this page shows how far it has got.

Progress is read from the voices themselves: how many were analysed since the request. It needs
nothing from the worker, so it is true whichever process or machine runs the job.
"""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth.guards import admins_only, current_user
from engage.voices.tables import Voice
from engage.framework.retagging import REQUESTED_KEY, request_retag
from engage.web.dependencies import StoreDep
from engage.web.templating import render



async def progress(store) -> dict | None:
    """{"done", "total", "finished", "requested_at"} for the last request, or None if there was none."""
    raw = await store.get(REQUESTED_KEY)
    if raw is None:
        return None
    at = dt.datetime.fromisoformat(raw.decode())
    total = await Voice.count()
    done = await Voice.count().where(Voice.analysed_at >= at)
    return {"done": done, "total": total, "finished": done >= total, "requested_at": at}


class RetagController(Controller):
    path = "/officer/framework/retag"
    guards = [admins_only]
    include_in_schema = False

    @get("/")
    async def show(self, request: HTMXRequest, store: StoreDep) -> Response:
        state = await progress(store)
        block = "progress" if request.htmx else None
        return render(request, "officer/framework/retag.html", {"state": state}, block=block,
                      headers={"Cache-Control": "no-store"})

    @post("/")
    async def start(self, request: Request, store: StoreDep) -> Response:
        await request_retag(store, "an admin asked to re-tag existing voices")
        await audit.record(current_user(request), "retag", "framework", "voices")
        return Redirect("/officer/framework/retag", status_code=303)
