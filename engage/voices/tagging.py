"""The tagger each process uses when a voice is saved, cached until the framework or the officers'
decisions change.

The cache key is read from the database on each use (the current period's id and revision,
and the count and highest id of tag decisions), so every worker sees a framework edit or a
new confirmed example on its next save without any message passing.
"""

from __future__ import annotations

from dataclasses import dataclass

from engage.analysis.framework_model import Framework
from engage.analysis.tagger import Tagger


@dataclass(frozen=True)
class TaggingContext:
    key: tuple
    period_id: int
    framework: Framework
    tagger: Tagger
    entry_ids: dict[str, int]  # slug -> entry id in the current period (active entries)
    examples: tuple[tuple[str, str], ...]  # officer-confirmed (text, slug)


_cached: TaggingContext | None = None


async def _key() -> tuple:
    from engage.framework.services import current_period
    from engage.voices.tables import TagDecision

    period = await current_period()
    stats = await TagDecision.raw("SELECT COUNT(*) AS n, MAX(id) AS top FROM voices_tag_decision").run()
    return period["id"], period["revision"], stats[0]["n"], stats[0]["top"]


async def confirmed_examples(period_id: int) -> list[tuple[str, str]]:
    """(voice text, entry slug) for every tag an officer confirmed or added in this period."""
    from engage.voices.tables import TagDecision

    rows = await TagDecision.select(TagDecision.voice.text, TagDecision.entry.slug).where(
        TagDecision.decision.is_in(["confirm", "add"]) & (TagDecision.entry.period == period_id)
        & TagDecision.entry.retired_at.is_null()
        & TagDecision.entry.kind.is_in(["theme", "cross_cutting"])
    ).order_by(TagDecision.id).run()
    return [(r["voice.text"], r["entry.slug"]) for r in rows if r["voice.text"]]


async def tagging_context() -> TaggingContext:
    global _cached
    from engage.framework.services import analysis_framework, entries

    key = await _key()
    if _cached is not None and _cached.key == key:
        return _cached
    period_id = key[0]
    framework = await analysis_framework(period_id)
    rows = await entries(period_id, active_only=True)
    entry_ids = {r["slug"]: r["id"] for r in rows}
    examples = tuple(await confirmed_examples(period_id))
    context = TaggingContext(key, period_id, framework, Tagger(framework, examples), entry_ids, examples)
    _cached = context
    return context


def forget_cache() -> None:
    global _cached
    _cached = None
