"""What the pages, exports, API and benchmark share: filters read against the current framework,
the lists the filter form offers, and each summary by name. No web imports."""

from __future__ import annotations

from typing import Mapping

from engage.framework.vocabulary import wards
from engage.summaries.filters import CHANNELS, Filters, form_languages, parse_filters
from engage.summaries.framework import FrameworkView, framework_view
from surveys.tables import Consultation


async def filters_for(query: Mapping[str, str]) -> tuple[Filters, FrameworkView]:
    view = await framework_view()
    filters = parse_filters(query, priorities={p.slug for p in view.priorities})
    return filters, view


async def consultation_choices() -> list[dict]:
    return await Consultation.select(Consultation.id, Consultation.title, Consultation.status,
                                     Consultation.opens_at).where(Consultation.status != "draft").order_by(
        Consultation.opens_at, ascending=False).order_by(Consultation.id, ascending=False).run()


async def filter_options(view: FrameworkView) -> dict:
    consultations = await consultation_choices()
    return {
        "wards": list(wards()),
        "channels": list(CHANNELS.items()),
        "consultations": [(str(c["id"]), c["title"]) for c in consultations],
        "priorities": [(p.slug, p.label) for p in view.priorities],
        "languages": list(form_languages().items()),
    }


def names_for(filters: Filters, view: FrameworkView, options: dict) -> dict[str, str]:
    p = view.priority(filters.priority) if filters.priority else None
    return {"priority": p.label if p else "",
            "consultation": dict(options["consultations"]).get(str(filters.consultation or ""), "")}
