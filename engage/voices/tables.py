"""One row per free-text voice, whatever its channel; machine tags and officer decisions apart.

Officer decisions win over machine tags in every read (see services.effective_tags).
"""

from piccolo.columns import JSON, Boolean, Float, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from engage.framework.tables import FrameworkEntry
from surveys.tables import Answer


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
    sentiment = Varchar(length=20, default="neutral")
    polarity = Float(default=0.0)
    key_phrases = JSON(default=[])
    safeguarding = Boolean(default=False, index=True)
    safeguarding_reasons = JSON(default=[])
    safeguarding_status = Varchar(length=20, default="", index=True)  # "", open, actioned
    safeguarding_action = Text(default="")  # what was done
    safeguarding_by = Integer(null=True, default=None)
    safeguarding_by_email = Varchar(length=254, default="")
    safeguarding_at = Timestamptz(null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None, index=True)
    reviewed_by = Integer(null=True, default=None)
    analysed_at = Timestamptz(null=True, default=None)
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
