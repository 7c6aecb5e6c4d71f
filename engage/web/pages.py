"""Pages that belong to no one area: the officer dashboard and the statements."""

from __future__ import annotations

from litestar import Request, Response, get

from engage.auth.guards import readers_only
from engage.web.templating import render


@get("/officer", guards=[readers_only], include_in_schema=False)
async def dashboard(request: Request) -> Response:
    from surveys.consultations import list_all

    consultations = await list_all()
    return render(request, "officer/dashboard.html", {
        "open": [c for c in consultations if c["phase"] == "open"],
        "drafts": [c for c in consultations if c["phase"] == "draft"],
        "total_responses": sum(c["responses"] for c in consultations),
    })


@get("/accessibility", include_in_schema=False)
async def accessibility(request: Request) -> Response:
    settings = request.app.state.settings
    return render(request, "public/accessibility.html",
                  {"contact_email": settings.contact_email, "contact_phone": settings.contact_phone})


@get("/privacy", include_in_schema=False)
async def privacy(request: Request) -> Response:
    return render(request, "public/privacy.html")


pages = [dashboard, accessibility, privacy]
