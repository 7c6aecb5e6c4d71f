"""Rollups the summaries read instead of re-deriving effective tags on every page view.

summaries_fact: one row per (safe voice, key) where key is "*" (every safe voice), a delivery or
cross-cutting theme's slug, "p:<priority slug>" (once per voice per priority), or "-" (no current
theme covers the voice). summaries_phrase_fact: one row per key phrase of each safe voice, with
whether a current theme covers it. Both carry the voice's day, month, ward, channel,
consultation and sentiment, so every summary is one narrow GROUP BY.

They are derived data: rebuilt or topped up from voices_voice, voices_machine_tag and
voices_tag_decision by engage.summaries.rollup (which any read triggers when the sources have
changed). Only safe voices ever get rows (see engage.voices.services.SAFE_SQL).
"""

from piccolo.columns import Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class SummaryFact(Table, tablename="summaries_fact"):
    voice_id = Integer(index=True)
    key = Varchar(length=90, index=True)
    day = Date(index=True)
    month = Varchar(length=7)
    ward = Varchar(length=60, default="")
    channel = Varchar(length=20, default="")
    consultation_id = Integer(null=True, default=None)
    sentiment = Varchar(length=20, default="neutral")


class MonthFact(Table, tablename="summaries_fact_month"):
    """summaries_fact counted by month (and every other column but the voice and day): whole
    months of a period are read from here, only the months a period boundary cuts through from
    summaries_fact."""

    month = Varchar(length=7, index=True)
    key = Varchar(length=90)
    ward = Varchar(length=60, default="")
    channel = Varchar(length=20, default="")
    consultation_id = Integer(null=True, default=None)
    sentiment = Varchar(length=20, default="neutral")
    n = Integer(default=0)


class PhraseFact(Table, tablename="summaries_phrase_fact"):
    voice_id = Integer(index=True)
    day = Date(index=True)
    phrase = Varchar(length=200)
    uncovered = Boolean(default=False)
    ward = Varchar(length=60, default="")
    channel = Varchar(length=20, default="")
    consultation_id = Integer(null=True, default=None)
    sentiment = Varchar(length=20, default="neutral")


class RollupState(Table, tablename="summaries_rollup_state"):
    name = Varchar(length=40, unique=True)
    framework_key = Varchar(length=120, default="")
    voice_count = Integer(default=0)
    voice_max_id = Integer(default=0)
    decision_count = Integer(default=0)
    watermark = Timestamptz(null=True, default=None)
    detail = Text(default="")
