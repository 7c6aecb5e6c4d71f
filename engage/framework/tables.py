"""The priority framework as data: plan periods and their entries.

An entry is a strategic priority, a delivery theme, a topic (under a theme) or a
cross-cutting theme. Tags point at entry ids, so a rename keeps every tag pointing at the
right entry; a merge or retirement marks the entry and never deletes it, so history holds.
"""

from piccolo.columns import JSON, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class PlanPeriod(Table, tablename="framework_period"):
    slug = Varchar(length=80, unique=True)
    name = Varchar(length=200)  # "Community Safety Plan 2021-2024"
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    status = Varchar(length=20, default="current", index=True)  # current, archived
    # Other top-level keys of the framework file (partnership, review, wards, partners...), kept for export.
    extra = JSON(default={})
    copied_from = Integer(null=True, default=None)  # the period this one started as a copy of
    # Changes whenever the period's entries change: taggers cached per process rebuild on a new value.
    revision = Varchar(length=40, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class FrameworkEntry(Table, tablename="framework_entry"):
    period = ForeignKey(references=PlanPeriod, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20, index=True)  # priority, theme, topic, cross_cutting
    slug = Varchar(length=80, index=True)  # unique within its period (checked by the services)
    name = Varchar(length=200)
    number = Integer(null=True, default=None)  # a priority's number in the plan
    parent_id = Integer(null=True, default=None, index=True)  # a theme's priority, a topic's theme
    position = Integer(default=0)
    scope = Text(default="")
    phrases = JSON(default={})  # {phrase: weight} for the tagger
    examples = JSON(default=[])  # sentences that belong to the entry
    retired_at = Timestamptz(null=True, default=None)
    merged_into = Integer(null=True, default=None)  # the entry it was merged into, when merged
    copied_from = Integer(null=True, default=None)  # the same entry in the previous period
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
