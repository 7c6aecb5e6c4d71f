"""After any change to the framework, existing voices are re-tagged as background work (the
voices.reanalyse job). The time of the last request is kept in the shared store, so the progress
page (engage.jobs.retag) counts the voices analysed since it, whoever asked: an admin's edit, or
the "Re-tag existing voices" button. No web imports."""

from __future__ import annotations

from engage import background
from engage.framework import vocabulary
from engage.times import now

REQUESTED_KEY = "retag:requested-at"
KEEP_SECONDS = 7 * 24 * 3600


async def request_retag(store, reason: str) -> None:
    """Re-tag every voice in the background; this worker reads the vocabulary afresh at once (others
    see the new revision within seconds)."""
    vocabulary.forget()
    await store.set(REQUESTED_KEY, now().isoformat().encode(), KEEP_SECONDS)
    await background.request("voices.reanalyse", reason=reason)
