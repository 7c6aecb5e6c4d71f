"""Consultations, their questions, and the responses to them.

Answers are stored one row per value (a multiple-choice answer is several rows) so that
counts are grouped queries in SQL. Equality ("about you") answers live in their own table
with no link to a response: they cannot be joined back to what someone said.
"""

import secrets

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


def new_revision() -> str:
    """A fresh random revision tag. Random rather than a counter, so that a consultation deleted
    and re-created with the same id and slug can never match a copy cached before."""

    return secrets.token_hex(8)


class Consultation(Table, tablename="surveys_consultation"):
    slug = Varchar(length=80, unique=True)
    title = Varchar(length=200)
    summary = Text(default="")
    background = Text(default="")  # Markdown, rendered safely
    status = Varchar(length=20, default="draft", index=True)  # draft, open, closed, published
    opens_at = Timestamptz(null=True, default=None)
    closes_at = Timestamptz(null=True, default=None)
    priorities = JSON(default=[])  # strategic priority slugs this consultation informs
    ask_about_you = Boolean(default=True)
    retention_days = Integer(default=730)  # how long responses are kept after closing
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    # Changes with every edit to the consultation or its questions; workers cache the form
    # against it (surveys.open_forms) and a submission is only stored if it still matches.
    revision = Varchar(length=16, default=new_revision)


class Question(Table, tablename="surveys_question"):
    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    kind = Varchar(length=30)
    text = Text()
    hint = Text(default="")
    required = Boolean(default=False)
    options = JSON(default=[])  # [{"id": "...", "label": "..."}] for single/multiple choice
    allow_other = Boolean(default=False)
    max_length = Integer(null=True, default=None)
    # The number, date and ranking kinds' own settings (surveys.kinds_settings), {} for the rest.
    settings = JSON(default={})
    # Skip logic (surveys.conditions): {"question": <an earlier question's id>, "values": [...]}, or
    # NULL when the question is always shown.
    show_when = JSON(null=True, default=None)


class Response(Table, tablename="surveys_response"):
    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, index=True)
    # A keyed hash of the receipt code (surveys.responses.receipt_hash): the code itself is never stored.
    receipt_hash = Varchar(length=64, unique=True)
    # "<consultation id>:<source>:<key>": makes a double click or a retried request one response.
    submission_key = Varchar(length=120, unique=True)
    channel = Varchar(length=20, default="online", index=True)  # online, paper, event, email, phone
    entered_by = Integer(null=True, default=None)  # the officer who typed in a paper or event response
    language = Varchar(length=12, default="en", index=True)  # the language the form was shown in
    submitted_at = Timestamptz(default=TimestamptzNow(), index=True)


class Answer(Table, tablename="surveys_answer"):
    response = ForeignKey(references=Response, on_delete=OnDelete.cascade, index=True)
    question = ForeignKey(references=Question, on_delete=OnDelete.restrict, index=True)
    choice = Varchar(length=60, null=True, default=None, index=True)
    number = Integer(null=True, default=None)
    text = Text(null=True, default=None)


class AboutYou(Table, tablename="surveys_about_you"):
    # Nothing a response holds or could be matched on: a random id, the month (not the day) it was
    # sent, no receipt or anything derived from one; see surveys.about_you_store.
    id = UUID(primary_key=True)
    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, index=True)
    submitted_month = Date()  # the first day of the month it was sent
    age_band = Varchar(length=40, null=True, default=None)
    sex = Varchar(length=40, null=True, default=None)
    gender_identity = Varchar(length=40, null=True, default=None)
    ethnicity = Varchar(length=60, null=True, default=None)
    disability = Varchar(length=40, null=True, default=None)
    religion = Varchar(length=40, null=True, default=None)
    ward = Varchar(length=60, null=True, default=None)
