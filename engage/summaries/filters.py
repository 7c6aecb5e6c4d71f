"""The filters every summary page shares: period, ward, channel, consultation, priority.

Read from the query string (a GET form, so every view has a shareable address), checked,
and turned into SQL over voices_voice (aliased v). No web imports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Mapping
from urllib.parse import urlencode

from engage.framework.vocabulary import wards
from engage.times import parse_day
from surveys.languages import EASY_READ, configured, name_of

CHANNELS = {"online": "Online", "paper": "Paper form", "event": "Event", "email": "Email", "phone": "Phone",
            "meeting": "Meeting"}
MAX_DAYS = 366 * 10
# The dates a period may use: wide enough for any record a partnership holds, narrow enough that
# the period before it, a day past its end and every month in it are real dates.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)
OUT_OF_RANGE = "between 1 January 1900 and 31 December 2999"


def today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def default_start(end: dt.date) -> dt.date:
    """The day after the same day a year earlier: the last 12 months, end included."""
    try:
        return end.replace(year=end.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - 1, day=28) + dt.timedelta(days=1)


def _parse_date(value: str) -> dt.date | None:
    try:
        return parse_day(value)
    except (ValueError, AttributeError):
        return None


@dataclass(frozen=True)
class Filters:
    start: dt.date  # first day included
    end: dt.date  # last day included
    ward: str = ""
    channel: str = ""
    consultation: int | None = None
    priority: str = ""
    language: str = ""  # the language a consultation's form was answered in (surveys.languages)
    errors: dict[str, str] = field(default_factory=dict, compare=False)
    defaulted: bool = True  # the period is the default (last 12 months)
    # The dates as the user typed them: a field in error shows what was typed, not the default used.
    typed: dict[str, str] = field(default_factory=dict, compare=False)

    def field_value(self, name: str) -> str:
        """The value the From (name "from") or To ("to") box shows."""
        if self.errors.get(name):
            return self.typed.get(name, "")
        return (self.start if name == "from" else self.end).isoformat()

    # -- the period and the one before it ------------------------------------------------------

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def since(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), dt.timezone.utc)

    @property
    def until(self) -> dt.datetime:  # exclusive
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), dt.timezone.utc)

    @property
    def previous(self) -> "Filters":
        """The period of equal length just before this one."""
        return replace(self, start=self.start - dt.timedelta(days=self.days),
                       end=self.start - dt.timedelta(days=1))

    def months(self) -> list[str]:
        """'YYYY-MM' for every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    # -- addresses -----------------------------------------------------------------------------

    def params(self, **overrides: Any) -> dict[str, str]:
        values = {"from": self.start.isoformat(), "to": self.end.isoformat(), "ward": self.ward,
                  "channel": self.channel, "consultation": str(self.consultation or ""), "priority": self.priority,
                  "language": self.language}
        values.update({k: str(v) for k, v in overrides.items()})
        return {k: v for k, v in values.items() if v}

    def query(self, **overrides: Any) -> str:
        return urlencode(self.params(**overrides))

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The filters in words, for captions and exports."""
        names = names or {}
        parts = [f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"]
        if self.ward:
            parts.append(f"ward: {dict(wards()).get(self.ward, self.ward)}")
        if self.channel:
            parts.append(f"channel: {CHANNELS.get(self.channel, self.channel)}")
        if self.consultation:
            parts.append(f"consultation: {names.get('consultation') or self.consultation}")
        if self.priority:
            parts.append(f"priority: {names.get('priority') or self.priority}")
        if self.language:
            parts.append(f"answered in {name_of(self.language)}")
        return "; ".join(parts)

    # -- SQL -------------------------------------------------------------------------------------

    def voice_where(self, args: list, *, period: bool = True, alias: str = "v") -> list[str]:
        """Conditions on voices (not the safety rule, nor the priority: callers add those)."""
        where = []
        if period:
            where.append(f"{alias}.occurred_at >= {{}} AND {alias}.occurred_at < {{}}")
            args += [self.since, self.until]
        return where + self._place_where(args, alias)

    def _place_where(self, args: list, alias: str) -> list[str]:
        """Ward, channel and consultation: the columns voices and their facts both carry."""
        where = []
        for column, value in (("ward", self.ward), ("channel", self.channel), ("consultation_id", self.consultation)):
            if value:
                where.append(f"{alias}.{column} = {{}}")
                args.append(value)
        return where

    def fact_where(self, args: list, *, both_periods: bool = True, alias: str = "f",
                   priority: bool = True) -> list[str]:
        """Conditions on summaries_fact rows (or summaries_phrase_fact) for these filters."""
        start = self.previous.start if both_periods else self.start
        where = [f"{alias}.day >= {{}}", f"{alias}.day <= {{}}"]
        args += [start, self.end]
        where += self._place_where(args, alias)
        if priority and self.priority:
            where.append(f"{alias}.voice_id IN (SELECT pf.voice_id FROM summaries_fact pf WHERE pf.key = {{}} "
                         f"AND pf.day >= {{}} AND pf.day <= {{}})")
            args += ["p:" + self.priority, start, self.end]
        return where


def parse_filters(query: Mapping[str, str], *, priorities: set[str] | None = None,
                  on: dt.date | None = None) -> Filters:
    """Filters from a query string; anything invalid is reported and replaced by its default."""
    errors: dict[str, str] = {}
    end = today() if on is None else on
    raw_from, raw_to = (query.get("from") or "").strip(), (query.get("to") or "").strip()
    to_date = _parse_date(raw_to) if raw_to else end
    if to_date is None:
        errors["to"] = "Enter the end date as a real date, like 31/03/2024"
        to_date = end
    elif not FIRST_DATE <= to_date <= LAST_DATE:
        errors["to"] = f"Enter an end date {OUT_OF_RANGE}"
        to_date = end
    from_date = _parse_date(raw_from) if raw_from else default_start(to_date)
    if from_date is None:
        errors["from"] = "Enter the start date as a real date, like 01/04/2023"
        from_date = default_start(to_date)
    elif not FIRST_DATE <= from_date <= LAST_DATE:
        errors["from"] = f"Enter a start date {OUT_OF_RANGE}"
        from_date = default_start(to_date)
    if from_date > to_date:
        errors["from"] = "The start date must be on or before the end date"
        from_date = default_start(to_date)
    if (to_date - from_date).days > MAX_DAYS:
        errors["from"] = "Choose a period of ten years or less"
        from_date = default_start(to_date)
    ward = (query.get("ward") or "").strip()
    if ward and ward not in dict(wards()):
        errors["ward"] = "Choose a ward from the list"
        ward = ""
    channel = (query.get("channel") or "").strip()
    if channel and channel not in CHANNELS:
        errors["channel"] = "Choose a channel from the list"
        channel = ""
    consultation_raw = (query.get("consultation") or "").strip()
    consultation = int(consultation_raw) if consultation_raw.isdigit() and len(consultation_raw) < 10 else None
    if consultation_raw and consultation is None:
        errors["consultation"] = "Choose a consultation from the list"
    priority = (query.get("priority") or "").strip()
    if priority and priorities is not None and priority not in priorities:
        errors["priority"] = "Choose a priority from the list"
        priority = ""
    language = (query.get("language") or "").strip().lower()
    if language and language not in form_languages():
        errors["language"] = "Choose a language from the list"
        language = ""
    return Filters(start=from_date, end=to_date, ward=ward, channel=channel, consultation=consultation,
                   priority=priority, language=language, errors=errors, defaulted=not raw_from and not raw_to,
                   typed={"from": raw_from, "to": raw_to})


def form_languages() -> dict[str, str]:
    """code -> name of every language a form can be answered in: English, the configured ones and Easy Read."""
    return {"en": "English", **{lang.code: lang.name for lang in configured()}, EASY_READ.code: EASY_READ.name}
