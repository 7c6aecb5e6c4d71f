"""Pages that belong to no one area: the accessibility and privacy statements (the officer
dashboard, which reads every area, is engage.dashboard)."""

from __future__ import annotations

from litestar import Request, Response, get

from engage.web.dependencies import SettingsDep
from engage.web.templating import render


@get("/accessibility", include_in_schema=False)
async def accessibility(request: Request, settings: SettingsDep) -> Response:
    return render(request, "public/accessibility.html",
                  {"contact_email": settings.contact_email, "contact_phone": settings.contact_phone})


@get("/privacy", include_in_schema=False)
async def privacy(request: Request) -> Response:
    return render(request, "public/privacy.html")


pages = [accessibility, privacy]
