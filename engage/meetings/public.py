"""Residents' "You said, we did" page: published outcomes by ward and by priority."""

from __future__ import annotations

from litestar import Controller, Request, Response, get

from engage.framework.vocabulary import priorities, themes, wards
from engage.meetings import outcomes
from engage.meetings.vocab import KINDS
from engage.web.templating import render


class OutcomesController(Controller):
    path = "/you-said-we-did"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Response:
        ward = request.query_params.get("ward", "")
        priority = request.query_params.get("priority", "")
        ward_names, priority_names = dict(wards()), dict(priorities())
        ward = ward if ward in ward_names else ""
        priority = priority if priority in priority_names else ""
        rows = await outcomes.published(ward, priority)
        return render(request, "public/outcomes.html", {
            "outcomes": rows, "ward": ward, "priority": priority, "wards": wards(), "priorities": priorities(),
            "ward_names": ward_names, "priority_names": priority_names, "theme_names": dict(themes()),
            "kinds": KINDS, "any_published": bool(rows) or await outcomes.published_count() > 0,
        })
