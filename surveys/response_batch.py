"""Residents' responses in one PostgreSQL statement: one response, or a burst of them
(engage.group_commit gathers them; surveys.responses.store_submission sends them).

For each response the statement writes the response row, only while its consultation is still the
revision its answers were checked against and the vocabulary revision still current (as
surveys.responses.GUARDED_RESPONSE_INSERT does on SQLite); its answers; the outbox row for its
written answers' analysis (engage.voices.pending); its equality answers. A response whose key was
used before is skipped. The statement is atomic on its own, so it needs no transaction. The rows are passed as arrays (unnest), so the statement's text
is the same for every batch and PostgreSQL plans it once per connection.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engage.db import fetch
from engage.framework.vocabulary import CURRENT_REVISION_SQL
from engage.times import london_date
from surveys.about_you_store import FIELDS, month_of
from surveys.tables import Response

if TYPE_CHECKING:
    from surveys.responses import CheckedSubmission


@dataclass(frozen=True)
class ResponseWrite:
    """One checked response to store; `lookup` is its receipt's keyed hash, `key` what the row keeps
    of its submission key, `revision` the consultation revision its answers were checked against
    (None: not checked against a cached copy, as officers' entries; never sent in a batch)."""

    consultation_id: int
    checked: CheckedSubmission
    lookup: str
    key: str
    channel: str
    entered_by: int | None
    revision: str | None
    at: dt.datetime
    language: str


_ABOUT_COLUMNS = ", ".join(FIELDS)
_ABOUT_ARRAYS = ", ".join("{}::text[]" for _ in FIELDS)

BATCH_INSERT = (
    # One element per response, in the order given.
    "WITH s AS (SELECT * FROM unnest({}::integer[], {}::text[], {}::text[], {}::text[], {}::integer[], "
    "{}::timestamptz[], {}::text[], {}::text[], {}::text[], {}::boolean[]) WITH ORDINALITY "
    "AS s(consultation, receipt_hash, submission_key, channel, entered_by, submitted_at, language, revision, "
    "vocabulary, has_text, n)), "
    "r AS (INSERT INTO surveys_response (consultation, receipt_hash, submission_key, channel, entered_by, "
    "submitted_at, language) SELECT consultation, receipt_hash, submission_key, channel, entered_by, submitted_at, "
    "language FROM s WHERE EXISTS (SELECT 1 FROM surveys_consultation c WHERE c.id = s.consultation "
    f"AND c.revision = s.revision) AND s.vocabulary IN ('', ({CURRENT_REVISION_SQL})) ORDER BY s.n "
    "ON CONFLICT (submission_key) DO NOTHING RETURNING id, submission_key), "
    # One element per answer, each naming its response's key.
    "a AS (INSERT INTO surveys_answer (response, question, choice, number, text) "
    "SELECT r.id, x.question, x.choice, x.number, x.text FROM r JOIN unnest({}::text[], {}::integer[], "
    "{}::text[], {}::integer[], {}::text[]) AS x(key, question, choice, number, text) "
    "ON x.key = r.submission_key), "
    "p AS (INSERT INTO voices_pending_analysis (response, queued_at) "
    "SELECT r.id, s.submitted_at FROM r JOIN s ON s.submission_key = r.submission_key WHERE s.has_text), "
    # One element per response that answered the equality questions, in a random order, so not even a
    # batch keeps the order responses came in.
    f"y AS (INSERT INTO surveys_about_you (consultation, submitted_month, {_ABOUT_COLUMNS}) "
    f"SELECT s.consultation, e.month, {', '.join('e.' + f for f in FIELDS)} FROM r "
    "JOIN s ON s.submission_key = r.submission_key "
    f"JOIN unnest({{}}::text[], {{}}::date[], {_ABOUT_ARRAYS}) AS e(key, month, {_ABOUT_COLUMNS}) "
    "ON e.key = r.submission_key) "
    "SELECT submission_key, id FROM r")


def batch_arguments(writes: list[ResponseWrite]) -> list[list]:
    """The statement's arrays for these responses (their keys all different), in the order of its {}."""
    answers = [(w.key, qid, choice, number, text) for w in writes for qid, choice, number, text in w.checked.rows()]
    keys, questions, choices, numbers, texts = (list(column) for column in zip(*answers)) if answers else ([],) * 5
    equality = [w for w in writes if w.checked.about_you]
    equality = [equality[i] for i in _random_order(len(equality))]
    return [
        [w.consultation_id for w in writes], [w.lookup for w in writes], [w.key for w in writes],
        [w.channel for w in writes], [w.entered_by for w in writes], [w.at for w in writes],
        [w.language for w in writes], [w.revision for w in writes], [w.checked.vocabulary for w in writes],
        [w.checked.has_free_text for w in writes],
        keys, questions, choices, numbers, texts,
        [w.key for w in equality], [month_of(london_date(w.at)) for w in equality],
        *([w.checked.about_you.get(name) for w in equality] for name in FIELDS),
    ]


async def insert_batch(writes: list[ResponseWrite]) -> list[list[dict]]:
    """Store the responses; for each, in order, [{"id": ...}] when stored, [] when its key was used
    before or its revision no longer matches."""
    rows = await fetch(Response, BATCH_INSERT, *batch_arguments(writes))
    stored = {row["submission_key"]: row["id"] for row in rows}
    return [[{"id": stored[w.key]}] if w.key in stored else [] for w in writes]


def _random_order(n: int) -> list[int]:
    order = list(range(n))
    secrets.SystemRandom().shuffle(order)
    return order
