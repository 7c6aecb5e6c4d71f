"""One row per free-text voice, whatever its channel; machine tags and officer decisions apart.

Officer decisions win over machine tags in every read (see services.effective_tags).
"""

from piccolo.columns import JSON, Boolean, Bytea, Float, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from engage.framework.tables import FrameworkEntry
from surveys.tables import Answer, Response


class Voice(Table, tablename="voices_voice"):
    source = Varchar(length=20, index=True)  # answer, feedback_point
    source_id = Integer(index=True)
    source_key = Varchar(length=60, unique=True)  # "<source>:<source_id>": one voice per source row
    # A consultation answer's voice goes with the answer (erasure, retention, deleted consultation).
    answer = ForeignKey(references=Answer, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    consultation_id = Integer(null=True, default=None, index=True)
    meeting_id = Integer(null=True, default=None, index=True)
    question_id = Integer(null=True, default=None, index=True)
    channel = Varchar(length=20, index=True)  # online, paper, event, email, phone, meeting
    ward = Varchar(length=60, null=True, default=None, index=True)
    occurred_at = Timestamptz(index=True)
    text = Text()  # the original: officers only
    redacted = Text(default="")  # what executives and the public may see
    language = Varchar(length=12, default="en", index=True)  # ISO 639-1 code of the original text
    analysed = Boolean(default=True, index=True)  # False: not in English and no translation yet
    # An officer's English translation of a voice not in English: analysed in place of `text`.
    translation = Text(default="")
    translated_by = Integer(null=True, default=None)
    translated_by_email = Varchar(length=254, default="")
    translated_at = Timestamptz(null=True, default=None)
    sentiment = Varchar(length=20, default="neutral")  # the officer's word wins (sentiment_decision)
    sentiment_decision = Varchar(length=20, default="")  # "", or the sentiment an officer set
    polarity = Float(default=0.0)
    key_phrases = JSON(default=[])
    safeguarding = Boolean(default=False, index=True)  # True for a concern and a possible concern
    safeguarding_level = Varchar(length=10, default="none", index=True)  # none, possible, concern
    safeguarding_reasons = JSON(default=[])
    safeguarding_status = Varchar(length=20, default="", index=True)  # "", open, actioned, cleared
    safeguarding_action = Text(default="")  # what was done, or why an officer cleared it
    safeguarding_by = Integer(null=True, default=None)
    safeguarding_by_email = Varchar(length=254, default="")
    safeguarding_at = Timestamptz(null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None, index=True)
    reviewed_by = Integer(null=True, default=None)
    analysed_at = Timestamptz(null=True, default=None)
    # The officer who took it from the review queue ("assign to me"); None: anyone may.
    assigned_to = Integer(null=True, default=None, index=True)
    assigned_to_email = Varchar(length=254, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class MachineTag(Table, tablename="voices_machine_tag"):
    voice = ForeignKey(references=Voice, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=FrameworkEntry, on_delete=OnDelete.cascade, index=True)
    confidence = Float(default=0.0)
    evidence = JSON(default=[])  # the words that justified the tag


class TagDecision(Table, tablename="voices_tag_decision"):
    """An officer's word on one entry for one voice: confirm (a machine tag), reject, or add."""

    voice = ForeignKey(references=Voice, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=FrameworkEntry, on_delete=OnDelete.cascade, index=True)
    decision = Varchar(length=10)  # confirm, reject, add
    decided_by = Integer(null=True, default=None)
    decided_by_email = Varchar(length=254, default="")
    decided_at = Timestamptz(default=TimestamptzNow())


class AnalysisModel(Table, tablename="voices_analysis_model"):
    """A model retrained from officers' decisions (`engage retrain-analysis`). The newest row is the
    one every worker tags with: each save reads the newest id, so a retrain reaches every process."""

    created_at = Timestamptz(default=TimestamptzNow())
    created_by = Varchar(length=254, default="")  # who ran the command (the OS user)
    decisions = Integer(default=0)  # officers' decided voices it learned from
    figures = JSON(default={})  # before/after figures printed by the command
    digest = Varchar(length=64, default="")  # SHA-256 of the archive: names its unpacked folder
    archive = Bytea()  # the ModelBundle's files, zipped


class PendingAnalysis(Table, tablename="voices_pending_analysis"):
    """A response whose written answers are still to become analysed voices: the outbox the
    submission writes in its own statement (surveys.responses), so an acknowledged answer is
    never lost whatever happens to the process afterwards; background work (engage.voices.pending)
    analyses it and removes the row. Erasing or deleting the response removes this row with it."""

    response = ForeignKey(references=Response, on_delete=OnDelete.cascade, unique=True)
    queued_at = Timestamptz(default=TimestamptzNow())
