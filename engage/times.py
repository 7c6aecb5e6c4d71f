"""Time as the partnership reads it: stored in UTC, typed and shown in London time.

Databases hand timestamps back naive (SQLite, as text) or aware (PostgreSQL); `aware` makes them
comparable. Forms use datetime-local inputs, which carry no zone: they mean London time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import overload
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def london_today() -> dt.date:
    return dt.datetime.now(LONDON).date()


def london_date(moment: dt.datetime) -> dt.date:
    """The London day of a moment (naive means UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(LONDON).date()


@overload
def aware(value: dt.datetime | str) -> dt.datetime: ...
@overload
def aware(value: None) -> None: ...
@overload
def aware(value: dt.datetime | str | None) -> dt.datetime | None: ...
def aware(value: dt.datetime | str | None) -> dt.datetime | None:
    """A stored timestamp as an aware datetime (naive ones are UTC), or None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


# A typed day: a browser's date input sends YYYY-MM-DD; a person typing in a browser without one
# writes it the British way, as the hints show (31/3/2024, or with spaces, dots or hyphens).
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/. -](\d{1,2})[/. -](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_day(value: str) -> dt.date:
    """A typed or picked date; always a four-digit year. ValueError for anything else."""
    value = (value or "").strip()
    if m := _ISO_DAY.match(value):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DAY_MONTH_YEAR.match(value):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError(f"not a date: {value!r}")
    return dt.date(year, month, day)


def parse_local(value: str) -> dt.datetime:
    """A datetime-local value (YYYY-MM-DDTHH:MM, or with a space for the T) in London time, as an aware UTC datetime.
    An ISO 8601 value with an offset (from the API) is taken as given. ValueError when neither."""
    value = value.strip()
    if len(value) > 16 and ("+" in value[16:] or value.endswith("Z") or "-" in value[16:]):
        return aware(dt.datetime.fromisoformat(value.replace("Z", "+00:00"))).astimezone(dt.timezone.utc)
    # A browser's datetime-local sends a T; a person typing (as the hints show) 31/3/2024 18:30.
    day_part, _, time_part = value.replace("T", " ", 1).partition(" ")
    clock = dt.datetime.strptime(time_part.strip()[:5], "%H:%M").time()
    local = dt.datetime.combine(parse_day(day_part), clock)
    return local.replace(tzinfo=LONDON).astimezone(dt.timezone.utc)


def to_local_input(value: dt.datetime | str | None) -> str:
    """The value a datetime-local input wants, in London time ("" for none)."""
    value = aware(value)
    return value.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M") if value else ""
