"""Checking answers to the number, date and ranking kinds (surveys.kinds calls this for them).

Each returns the rows to store, as (choice, number, text), and an error (None when the answer is
acceptable) in the form's language (surveys.answer_messages); blank answers to optional questions store nothing.

- number: one row, number = the value (in hundredths when the question allows decimals).
- date: one row, text = the ISO date (2026-03-31).
- ranking: one row per ranked answer, choice = the option's id, number = its position (1 first).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from engage.times import london_date, now
from surveys.answer_messages import message
from surveys.measures import (DECIMAL_LIMIT, WHOLE_LIMIT, decimal_places, parse_decimal_setting, parse_number,
                              read_date_parts, read_iso_date, show_date, show_number, stored_number)

Row = tuple[str | None, int | None, str | None]
Say = Callable[..., str]


def check_measure(question: dict, label: str, values: list[str], parts: dict[str, str],
                  messages: dict[str, str] | None = None) -> tuple[list[Row], str | None]:
    """`messages`: surveys.answer_messages' keys in the form's language; English for any missing."""
    settings = question.get("settings") or {}
    kind = question["kind"]

    def say(key: str, **values: object) -> str:
        return message(key, messages, question=label, **values)
    if kind == "number":
        return check_number(settings, say, values[0] if values else "", question["required"])
    if kind == "date":
        return check_date(settings, say, values, parts, question["required"])
    return check_ranking(question, say, values, parts)


def check_number(settings: dict, say: Say, text: str, required: bool) -> tuple[list[Row], str | None]:
    if not text.strip():
        return [], (say("error.enter_number") if required else None)
    value = parse_number(text, settings.get("prefix", ""), settings.get("suffix", ""))
    if value is None:
        return [], say("error.number_format")
    decimals = int(settings.get("decimals") or 0)
    if decimals == 0 and value != value.to_integral_value():
        return [], say("error.number_whole")
    if decimal_places(value) > decimals and value != value.quantize(Decimal(1).scaleb(-decimals)):
        return [], say("error.number_decimals", decimals=decimals)
    low, high = parse_decimal_setting(settings.get("min")), parse_decimal_setting(settings.get("max"))
    limit = WHOLE_LIMIT if decimals == 0 else DECIMAL_LIMIT
    low = low if low is not None else -limit
    high = high if high is not None else limit
    if not low <= value <= high:
        if low == -limit:
            return [], say("error.number_at_most", high=show_number(high))
        if high == limit:
            return [], say("error.number_at_least", low=show_number(low))
        return [], say("error.number_between", low=show_number(low), high=show_number(high))
    return [(None, stored_number(value, decimals), None)], None


def check_date(settings: dict, say: Say, values: list[str], parts: dict[str, str],
               required: bool) -> tuple[list[Row], str | None]:
    if any((parts.get(k) or "").strip() for k in ("day", "month", "year")) or not values:
        value, problem = read_date_parts(parts.get("day", ""), parts.get("month", ""), parts.get("year", ""))
    else:  # the JSON API sends one ISO date
        value, problem = read_iso_date(values[0])
    if problem:
        return [], say(f"error.date_{problem}")
    if value is None:
        return [], (say("error.enter_date") if required else None)
    error = _date_range_error(settings, say, value)
    return ([], error) if error else ([(None, None, value.isoformat())], None)


def _date_range_error(settings: dict, say: Say, value: dt.date) -> str | None:
    today = london_date(now())
    when = settings.get("when", "any")
    if when == "not_future" and value > today:
        return say("error.date_not_future")
    if when == "not_past" and value < today:
        return say("error.date_not_past")
    low = dt.date.fromisoformat(settings["min"]) if settings.get("min") else None
    high = dt.date.fromisoformat(settings["max"]) if settings.get("max") else None
    if low and high and not low <= value <= high:
        return say("error.date_between", low=show_date(low), high=show_date(high))
    if low and value < low:
        return say("error.date_from", date=show_date(low))
    if high and value > high:
        return say("error.date_until", date=show_date(high))
    return None


def rank_count(question: dict) -> int:
    """How many positions a resident gives: every answer, or the top N the officer asked for."""
    options = question.get("options") or []
    top = (question.get("settings") or {}).get("top")
    return min(int(top), len(options)) if top else len(options)


def check_ranking(question: dict, say: Say, values: list[str], parts: dict[str, str]) -> tuple[list[Row], str | None]:
    ids = [o["id"] for o in question.get("options") or []]
    top = rank_count(question)
    everything = top == len(ids)
    positions: dict[str, int] = {}
    if values and not any(parts.get(i) for i in ids):  # the JSON API: option ids, first choice first
        if len(set(values)) != len(values) or any(v not in ids for v in values):
            return [], say("error.rank_from_list")
        if len(values) > top:
            return [], say("error.rank_only_top", top=top)
        positions = {v: i for i, v in enumerate(values, start=1)}
    else:
        for option_id in ids:
            raw = (parts.get(option_id) or "").strip()
            if not raw:
                continue
            if not raw.isdigit() or not 1 <= int(raw) <= top:
                return [], say("error.rank_position_from_list")
            positions[option_id] = int(raw)
    if not positions:
        if not question["required"]:
            return [], None
        return [], (say("error.rank_all") if everything else say("error.rank_top", top=top))
    used = Counter(positions.values())
    twice = sorted(p for p, n in used.items() if n > 1)
    if twice:
        return [], say("error.rank_position_twice", position=twice[0])
    missing = [p for p in range(1, top + 1) if p not in used]
    if missing:
        if everything:
            return [], say("error.rank_every_position", position=missing[0])
        return [], say("error.rank_top_position", top=top, position=missing[0])
    ordered = sorted(positions.items(), key=lambda kv: kv[1])
    return [(option_id, rank, None) for option_id, rank in ordered], None
