"""What residents see once a consultation's results are published: the answers to each closed
question, the themes of the written comments and a few quotes, drawn from the officers'
consultation summary (engage.summaries.consultation) but made fit for a public page.

- Every count under 10 is "fewer than 10", with the secondary suppression of
  engage.summaries.suppression, since anyone can read this page.
- Quotes are the summary's: redacted, reviewed by an officer, never safeguarding-flagged. Only
  their text and sentiment are shown, not the ward or channel, which could narrow down who said it.
- Equality answers ("who we heard from") are not shown here at all.

Each worker keeps the results while nothing they are made from has changed: the page is public
and the summary is several grouped queries. One indexed query fingerprints the consultation's
comments (how many, the latest analysis, review, safeguarding action and tag decision), so a
comment an officer flags or un-reviews leaves the page at once, not when a copy expires.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.summaries.consultation import consultation_summary
from engage.summaries.quotes import Quote
from engage.summaries.services import filters_for
from engage.summaries.suppression import Cell, suppress_counts
from engage.voices.tables import Voice
from engage.worker_cache import WorkerCache

KEEP_SECONDS = 300.0
QUOTES_PER_THEME = 2


@dataclass
class PublishedQuestion:
    number: int
    text: str
    multiple: bool
    rows: list[tuple[str, Cell, str]]  # answer, count (suppressed), per cent of all responses
    kind: str = ""
    stats: list[tuple[str, str]] = field(default_factory=list)  # a number question's figures
    averages: list[str] = field(default_factory=list)  # a ranking's average position, row by row


@dataclass
class PublishedTheme:
    name: str
    comments: Cell
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class PublishedResults:
    responses: int
    questions: list[PublishedQuestion]
    comments: Cell
    themes: list[PublishedTheme]


_kept = WorkerCache(max_entries=32)


async def _comments_fingerprint(consultation_id: int) -> tuple:
    rows = await Voice.raw(
        "SELECT COUNT(*) AS n, MAX(v.analysed_at) AS a, MAX(v.reviewed_at) AS r, MAX(v.safeguarding_at) AS s, "
        "(SELECT MAX(d.decided_at) FROM voices_tag_decision d JOIN voices_voice dv ON dv.id = d.voice "
        "WHERE dv.consultation_id = {}) AS d, SUM(CASE WHEN v.safeguarding THEN 1 ELSE 0 END) AS f "
        "FROM voices_voice v WHERE v.consultation_id = {}", consultation_id, consultation_id).run()
    return tuple(str(value) for value in rows[0].values())


async def published_results(c: dict, responses: int) -> PublishedResults:
    """The results for a published consultation with `responses` responses (part of the key, so an
    erased response shows at once)."""
    key = (c["id"], c["revision"], responses, await _comments_fingerprint(c["id"]))
    results = _kept.get(key, KEEP_SECONDS)
    return results if results is not None else _kept.put(key, await _build(c))


async def _build(c: dict) -> PublishedResults:
    filters, view = await filters_for({})
    s = await consultation_summary(c, filters, view)
    questions = []
    for q in s.questions:
        cells, _ = suppress_counts([o.count for o in q.options], total_shown=not q.multiple)
        stats, averages = [], []
        if q.kind == "number":
            # A median, lowest or highest of fewer than 10 answers could point to one person's.
            stats = q.stats if q.answered >= 10 else [("Answered", suppress_counts([q.answered])[1].display)]
        if q.kind == "ranking":
            averages = [o.average if q.answered >= 10 else "" for o in q.options]
        questions.append(PublishedQuestion(q.number, q.text, q.multiple, [
            (o.label, cells[i], cells[i].percent_of(s.responses)) for i, o in enumerate(q.options)],
            q.kind, stats, averages))
    # A comment can raise several themes, so no total of these counts is shown to subtract from.
    theme_cells, _ = suppress_counts([t.count for t in s.themes], total_shown=False)
    comments = suppress_counts([s.voices])[1]
    themes = [PublishedTheme(t.name, theme_cells[i], t.quotes[:QUOTES_PER_THEME]) for i, t in enumerate(s.themes)]
    return PublishedResults(s.responses, questions, comments, themes)
