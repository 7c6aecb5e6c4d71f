"""Meetings, the wards they cover, and the feedback points raised at them.

A meeting's wards are rows (not a JSON list) so the list can be filtered by ward in SQL on
both engines. A feedback point carries its own follow-up (action, owner, due date, status,
outcome); that keeps "one thing raised, one thing done about it" as one record.
"""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Meeting(Table, tablename="meetings_meeting"):
    kind = Varchar(length=30, index=True)  # community-gold, ward-meeting, jag, event, other
    title = Varchar(length=200)
    held_at = Timestamptz(index=True)
    venue = Varchar(length=200, default="")
    officer_id = Integer(null=True, default=None, index=True)  # the facilitating officer (an account id)
    attendees = Integer(null=True, default=None)
    organisations = Text(default="")  # one per line
    notes = Text(default="")
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_by = Integer(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class MeetingWard(Table, tablename="meetings_meeting_ward"):
    meeting = ForeignKey(references=Meeting, on_delete=OnDelete.cascade, index=True)
    ward = Varchar(length=60, index=True)
    position = Integer(default=0)


class FeedbackPoint(Table, tablename="meetings_feedback_point"):
    meeting = ForeignKey(references=Meeting, on_delete=OnDelete.cascade, index=True)
    text = Text()  # as noted at the meeting: officers only, never published
    raised_by = Varchar(length=40)  # a group, never a name
    ward = Varchar(length=60, null=True, default=None, index=True)
    officer_themes = JSON(default=[])  # the officer's own tags; automatic tags live on the voice
    action = Text(default="")
    owner = Varchar(length=120, default="")  # a partner from the framework
    due_on = Date(null=True, default=None, index=True)
    status = Varchar(length=30, default="open", index=True)
    outcome = Text(default="")
    outcome_at = Timestamptz(null=True, default=None)
    publishable = Boolean(default=False, index=True)
    public_summary = Text(default="")  # the officer's words for what was raised, fit to publish
    # sha256 of the meeting id and an imported row: importing the same file twice adds nothing.
    import_hash = Varchar(length=64, null=True, default=None, unique=True)
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_by = Integer(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())
