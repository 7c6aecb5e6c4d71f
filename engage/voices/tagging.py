"""The tagger each process uses when a voice is saved, cached until the framework, the officers'
decisions or the retrained model change.

The cache key is read from the database on each use (the current period's id and revision,
the count and highest id of tag decisions, the newest retrained model), so every worker sees a
framework edit, a new confirmed example or a retrain on its next save without any message passing.
"""

from __future__ import annotations

from dataclasses import dataclass

from engage.analysis.framework_model import Framework
from engage.analysis.learned import bundle_at
from engage.analysis.tagger import Tagger
from engage.framework.services import analysis_framework, current_period, entries
from engage.voices import model_store
from engage.voices.tables import TagDecision


@dataclass(frozen=True)
class TaggingContext:
    key: tuple
    period_id: int
    framework: Framework
    tagger: Tagger
    entry_ids: dict[str, int]  # slug -> entry id in the current period (active entries)
    examples: tuple[tuple[str, str], ...]  # officer-confirmed (text, slug)
    model_folder: str | None = None  # the retrained model in use (None: the shipped one)


_cached: TaggingContext | None = None


async def _key() -> tuple:
    period = await current_period()
    stats = await TagDecision.raw("SELECT COUNT(*) AS n, MAX(id) AS top FROM voices_tag_decision").run()
    return period["id"], period["revision"], stats[0]["n"], stats[0]["top"], await model_store.current()


async def confirmed_examples(period_id: int) -> list[tuple[str, str]]:
    """(voice text, entry slug) for every tag an officer confirmed or added in this period."""
    rows = await TagDecision.select(TagDecision.voice.text, TagDecision.entry.slug).where(
        TagDecision.decision.is_in(["confirm", "add"]) & (TagDecision.entry.period == period_id)
        & TagDecision.entry.retired_at.is_null()
        & TagDecision.entry.kind.is_in(["theme", "cross_cutting"])
    ).order_by(TagDecision.id).run()
    return [(r["voice.text"], r["entry.slug"]) for r in rows if r["voice.text"]]


async def tagging_context() -> TaggingContext:
    global _cached

    key = await _key()
    if _cached is not None and _cached.key == key:
        return _cached
    period_id = key[0]
    framework = await analysis_framework(period_id)
    rows = await entries(period_id, active_only=True)
    entry_ids = {r["slug"]: r["id"] for r in rows}
    examples = tuple(await confirmed_examples(period_id))
    folder = await model_store.folder_for(*key[4]) if key[4] else None
    tagger = Tagger(framework, examples, bundle=bundle_at(folder) if folder else None)
    context = TaggingContext(key, period_id, framework, tagger, entry_ids, examples, folder)
    _cached = context
    return context
