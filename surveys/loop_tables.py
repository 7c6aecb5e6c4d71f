"""A consultation's life around its questions: the plan residents read before it opens, each
publication of its results, the decision after it ("We asked, you said, we did") with its
follow-up actions, and the residents waiting to be told of that decision.

Kept apart from surveys.tables: these rows say what the partnership does, not what residents said.
"""

from piccolo.columns import JSON, UUID, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from surveys.tables import Consultation


class ConsultationPlan(Table, tablename="surveys_plan"):
    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, unique=True)
    purpose = Text(default="")
    open_to_change = Text(default="")
    not_open_to_change = Text(default="")
    how_used = Text(default="")  # how responses will be used
    decision_expected = Date(null=True, default=None)
    equality_link = Varchar(length=500, default="")  # the equality impact assessment
    equality_summary = Text(default="")
    short_reason = Text(default="")  # why it runs for less than the minimum
    wards = JSON(default=[])  # ward slugs it is about; none: the whole city
    updated_at = Timestamptz(default=TimestamptzNow())


class Publication(Table, tablename="surveys_publication"):
    """Each time results were published: how many responses, cells hidden, and why if few."""

    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, index=True)
    published_at = Timestamptz(default=TimestamptzNow())
    published_by = Integer(null=True, default=None)
    responses = Integer(default=0)
    suppressed_cells = Integer(default=0)
    low_response_reason = Text(default="")


class Decision(Table, tablename="surveys_decision"):
    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, unique=True)
    heard = Text(default="")  # "you said": the summary of what was heard
    decision = Text(default="")  # "we did"
    decided_on = Date(null=True, default=None)
    decided_by = Varchar(length=200, default="")  # who made it: a board, a person's role
    changes = Text(default="")  # what changes as a result
    published_at = Timestamptz(null=True, default=None, index=True)  # None: a draft only officers see
    updated_at = Timestamptz(default=TimestamptzNow())
    updated_by = Integer(null=True, default=None)


class FollowUpAction(Table, tablename="surveys_followup_action"):
    decision = ForeignKey(references=Decision, on_delete=OnDelete.cascade, index=True)
    description = Text()
    owner = Varchar(length=200, default="")  # shown to residents: a team or partner
    owner_user = Integer(null=True, default=None, index=True)  # the account sent the overdue digest
    due_on = Date(null=True, default=None, index=True)
    status = Varchar(length=30, default="planned", index=True)
    progress = Text(default="")  # the latest update, shown to residents
    updated_at = Timestamptz(default=TimestamptzNow())


class DecisionFollower(Table, tablename="surveys_decision_follower"):
    """A resident's address, to be told once when the decision is published, then deleted.

    Nothing that could tie it to a response: a random id, no time, no receipt, no order of arrival."""

    id = UUID(primary_key=True)
    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, index=True)
    email = Varchar(length=254)
