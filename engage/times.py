"""Time as the partnership reads it: stored in UTC, typed and shown in London time.

Databases hand timestamps back naive (SQLite, as text) or aware (PostgreSQL); `aware` makes them
comparable. Forms use datetime-local inputs, which carry no zone: they mean London time.
"""

from __future__ import annotations

import datetime as dt
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


def parse_local(value: str) -> dt.datetime:
    """A datetime-local value (YYYY-MM-DDTHH:MM, or with a space for the T) in London time, as an aware UTC datetime.
    An ISO 8601 value with an offset (from the API) is taken as given. ValueError when neither."""
    value = value.strip()
    if len(value) > 16 and ("+" in value[16:] or value.endswith("Z") or "-" in value[16:]):
        return aware(dt.datetime.fromisoformat(value.replace("Z", "+00:00"))).astimezone(dt.timezone.utc)
    # A browser's datetime-local sends a T; a person typing (as the error messages' examples show) a space.
    local = dt.datetime.strptime(value[:16].replace(" ", "T", 1), "%Y-%m-%dT%H:%M")
    return local.replace(tzinfo=LONDON).astimezone(dt.timezone.utc)


def to_local_input(value: dt.datetime | str | None) -> str:
    """The value a datetime-local input wants, in London time ("" for none)."""
    value = aware(value)
    return value.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M") if value else ""
