"""The admin's audit trail: who created and changed what, and when, newest first."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Controller, Request, Response, get

from engage.audit import services as audit
from engage.audit.tables import AuditEvent
from engage.auth.guards import admins_only
from engage.web.templating import render

PAGE_SIZE = 100
LINKS = {"meeting": "/officer/meetings/{id}", "consultation": "/officer/consultations/{id}"}


class AuditController(Controller):
    path = "/officer/admin/audit"
    guards = [admins_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Response:
        entities = sorted({r["entity"] for r in await AuditEvent.select(AuditEvent.entity).distinct().run()})
        entity = request.query_params.get("entity", "")
        entity = entity if entity in entities else ""
        page = request.query_params.get("page", "1")
        page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
        events = await audit.recent(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, entity=entity or None)
        more = len(events) > PAGE_SIZE
        base = {"entity": entity} if entity else {}
        for e in events:
            template = LINKS.get(e["entity"])
            meeting = (e.get("detail") or {}).get("meeting") if isinstance(e.get("detail"), dict) else None
            if template:
                e["link"] = template.format(id=e["entity_id"])
            elif meeting and e["action"] != "delete":
                e["link"] = f"/officer/meetings/{meeting}#point-{e['entity_id']}"
        return render(request, "officer/audit.html", {
            "events": events[:PAGE_SIZE], "entities": entities, "entity": entity, "page": page,
            "prev_url": f"?{urlencode({**base, 'page': page - 1})}" if page > 1 else None,
            "next_url": f"?{urlencode({**base, 'page': page + 1})}" if more else None,
        })
