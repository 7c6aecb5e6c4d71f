"""The current plan's framework as the summaries read it: priorities, their delivery themes,
the cross-cutting themes, and every entry id (in any period) that carries each slug.

Tags point at entry ids of the period that was current when a voice was analysed; grouping by
slug lets voices tagged under an earlier period count towards the same theme today.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.framework.services import current_period
from engage.framework.tables import FrameworkEntry


@dataclass
class Entry:
    slug: str
    name: str
    kind: str  # priority, theme, cross_cutting
    number: int | None = None
    priority: str = ""  # a theme's priority slug
    themes: list["Entry"] = field(default_factory=list)  # a priority's themes

    @property
    def label(self) -> str:
        return f"{self.number}. {self.name}" if self.kind == "priority" and self.number is not None else self.name


@dataclass
class FrameworkView:
    period_name: str
    priorities: list[Entry]
    cross_cutting: list[Entry]
    ids_by_slug: dict[str, list[int]]  # every entry id (any period) per slug

    @property
    def themes(self) -> list[Entry]:
        return [t for p in self.priorities for t in p.themes]

    @property
    def tag_entries(self) -> list[Entry]:
        return self.themes + self.cross_cutting

    def by_slug(self) -> dict[str, Entry]:
        return {e.slug: e for e in [*self.priorities, *self.themes, *self.cross_cutting]}

    def priority(self, slug: str) -> Entry | None:
        return next((p for p in self.priorities if p.slug == slug), None)

    def ids(self, slugs: list[str]) -> list[int]:
        return sorted({i for s in slugs for i in self.ids_by_slug.get(s, [])})

    def current_tag_ids(self) -> list[int]:
        return self.ids([e.slug for e in self.tag_entries])

    def theme_priority(self) -> list[tuple[str, str]]:
        return [(t.slug, p.slug) for p in self.priorities for t in p.themes]


async def framework_view() -> FrameworkView:
    period = await current_period()
    rows = await FrameworkEntry.select(
        FrameworkEntry.id, FrameworkEntry.slug, FrameworkEntry.name, FrameworkEntry.kind, FrameworkEntry.number,
        FrameworkEntry.parent_id, FrameworkEntry.period, FrameworkEntry.retired_at,
    ).where(FrameworkEntry.kind.is_in(["priority", "theme", "cross_cutting"])).order_by(
        FrameworkEntry.position).order_by(FrameworkEntry.id).run()
    ids: dict[str, list[int]] = {}
    for r in rows:
        ids.setdefault(r["slug"], []).append(r["id"])
    current = [r for r in rows if r["period"] == period["id"] and r["retired_at"] is None]
    by_id = {r["id"]: r for r in current}
    priorities = [Entry(r["slug"], r["name"], "priority", r["number"]) for r in current if r["kind"] == "priority"]
    by_slug = {p.slug: p for p in priorities}
    for r in current:
        if r["kind"] == "theme":
            parent = by_id.get(r["parent_id"])
            if parent and parent["slug"] in by_slug:
                by_slug[parent["slug"]].themes.append(Entry(r["slug"], r["name"], "theme", priority=parent["slug"]))
    cross = [Entry(r["slug"], r["name"], "cross_cutting") for r in current if r["kind"] == "cross_cutting"]
    return FrameworkView(period["name"], priorities, cross, ids)
