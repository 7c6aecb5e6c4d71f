"""msgspec structs for the summaries API (they appear in /schema/openapi.json)."""

from __future__ import annotations

import datetime as dt

import msgspec

from engage.summaries.suppression import Cell


class Count(msgspec.Struct):
    """A count that may be suppressed: `value` is null and `display` says "fewer than 10", or "[c]"
    when it was hidden only so that a smaller count cannot be worked out from the total (it is
    not itself a small number)."""

    value: int | None
    suppressed: bool
    display: str


def count(c: Cell) -> Count:
    return Count(value=c.value, suppressed=c.suppressed, display=c.display)


class Period(msgspec.Struct):
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    ward: str
    channel: str
    consultation: int | None
    priority: str


class Sentiment(msgspec.Struct):
    negative: int
    neutral: int
    positive: int
    net: int  # % positive minus % negative


class WardCount(msgspec.Struct):
    ward: str
    name: str
    voices: int


class QuoteOut(msgspec.Struct):
    text: str  # redacted
    sentiment: str
    ward: str
    channel: str


class EntrySummary(msgspec.Struct):
    slug: str
    name: str
    kind: str
    voices: int
    previous: int
    change: int
    sentiment: Sentiment
    top_wards: list[WardCount]
    trend: list[int]  # voices per month, in the order of `months`
    quotes: list[QuoteOut]
    themes: list["EntrySummary"] = []


class ChannelCount(msgspec.Struct):
    channel: str
    voices: int
    previous: int


class PriorityReviewOut(msgspec.Struct):
    plan: str
    period: Period
    months: list[str]
    total: EntrySummary
    untagged: int
    channels: list[ChannelCount]
    priorities: list[EntrySummary]
    cross_cutting: list[EntrySummary]


class ClusterOut(msgspec.Struct):
    rank: int
    issue: str
    voices: int
    previous: int
    wards: int
    sentiment: Sentiment
    phrases: list[str]
    examples: list[QuoteOut]


class EmergingOut(msgspec.Struct):
    period: Period
    voices: int
    uncovered: int
    issues: list[ClusterOut]


class OwnerActions(msgspec.Struct):
    owner: str
    by_status: dict[str, int]
    total: int


class OverdueAction(msgspec.Struct):
    action: str
    owner: str
    due_on: dt.date | None
    days_overdue: int
    status: str
    meeting: str


class PublishedOutcome(msgspec.Struct):
    raised: str
    outcome: str
    status: str
    ward: str


class FollowUpOut(msgspec.Struct):
    period: Period
    by_owner: list[OwnerActions]
    status_totals: dict[str, int]
    total: int
    overdue_count: int
    overdue: list[OverdueAction]
    published_count: int
    published: list[PublishedOutcome]


class OptionOut(msgspec.Struct):
    value: str
    label: str
    count: int  # for a ranking: how many put it first
    percent: str
    average_position: str | None = None  # a ranking's answers only


class ClosedQuestionOut(msgspec.Struct):
    id: int
    number: int
    text: str
    kind: str
    answered: int
    not_answered: int
    options: list[OptionOut]
    figures: dict[str, str] = {}  # a number question's Answered, Median, Lowest and Highest


class ThemeOut(msgspec.Struct):
    slug: str
    name: str
    voices: int
    sentiment: Sentiment
    quotes: list[QuoteOut]


class WardResult(msgspec.Struct):
    ward: str
    name: str
    responses: Count
    comments: Count
    negative: Count
    neutral: Count
    positive: Count


class EqualityAnswer(msgspec.Struct):
    answer: str
    people: Count
    percent: str


class EqualityQuestionOut(msgspec.Struct):
    field: str
    question: str
    answers: list[EqualityAnswer]


class ConsultationSummaryOut(msgspec.Struct):
    id: int
    slug: str
    title: str
    status: str
    responses: int
    channels: list[ChannelCount]
    over_time: dict[str, int]
    questions: list[ClosedQuestionOut]
    comments: int
    themes: list[ThemeOut]
    key_phrases: dict[str, int]
    wards: list[WardResult]
    who_we_heard_from: list[EqualityQuestionOut]
    who_we_heard_from_total: Count


class VoiceOut(msgspec.Struct):
    id: int
    occurred_at: dt.datetime
    channel: str
    ward: str
    consultation_id: int | None
    meeting_id: int | None
    sentiment: str
    polarity: float
    themes: list[str]
    key_phrases: list[str]
    text: str  # redacted


class VoicesOut(msgspec.Struct):
    total: int
    limit: int
    offset: int
    voices: list[VoiceOut]
