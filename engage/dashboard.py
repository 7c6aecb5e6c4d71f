"""The officer dashboard: what is open and what is in draft, across every area.

It reads the consultations (surveys), so it sits at the top of the layers beside the app,
not in the web shell that every area's pages use.
"""

from __future__ import annotations

from litestar import Request, Response, get

from engage.auth.guards import readers_only
from engage.web.templating import render
from surveys.consultations import list_all


@get("/officer", guards=[readers_only], include_in_schema=False)
async def dashboard(request: Request) -> Response:
    consultations = await list_all()
    return render(request, "officer/dashboard.html", {
        "open": [c for c in consultations if c["phase"] == "open"],
        "drafts": [c for c in consultations if c["phase"] == "draft"],
        "total_responses": sum(c["responses"] for c in consultations),
    })
