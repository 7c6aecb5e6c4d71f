"""Checking answers to the number, date and ranking kinds (surveys.kinds calls this for them).

Each returns the rows to store, as (choice, number, text), and an error (None when the answer is
acceptable); blank answers to optional questions store nothing.

- number: one row, number = the value (in hundredths when the question allows decimals).
- date: one row, text = the ISO date (2026-03-31).
- ranking: one row per ranked answer, choice = the option's id, number = its position (1 first).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from engage.times import london_date, now
from surveys.measures import (DECIMAL_LIMIT, WHOLE_LIMIT, decimal_places, parse_date_parts, parse_decimal_setting,
                              parse_iso_date, parse_number, show_date, show_number, stored_number)

Row = tuple[str | None, int | None, str | None]


def check_measure(question: dict, label: str, values: list[str], parts: dict[str, str]) -> tuple[list[Row], str | None]:
    settings = question.get("settings") or {}
    kind = question["kind"]
    if kind == "number":
        return check_number(settings, label, values[0] if values else "", question["required"])
    if kind == "date":
        return check_date(settings, label, values, parts, question["required"])
    return check_ranking(question, settings, label, values, parts)


def check_number(settings: dict, label: str, text: str, required: bool) -> tuple[list[Row], str | None]:
    subject = f"Your answer to '{label}'"
    if not text.strip():
        return [], (f"Enter a number for '{label}'" if required else None)
    value = parse_number(text, settings.get("prefix", ""), settings.get("suffix", ""))
    if value is None:
        return [], f"{subject} must be a number, like 12"
    decimals = int(settings.get("decimals") or 0)
    if decimals == 0 and value != value.to_integral_value():
        return [], f"{subject} must be a whole number"
    if decimal_places(value) > decimals and value != value.quantize(Decimal(1).scaleb(-decimals)):
        return [], f"{subject} can have up to {decimals} decimal places"
    low, high = parse_decimal_setting(settings.get("min")), parse_decimal_setting(settings.get("max"))
    limit = WHOLE_LIMIT if decimals == 0 else DECIMAL_LIMIT
    low = low if low is not None else -limit
    high = high if high is not None else limit
    if not low <= value <= high:
        if low == -limit:
            return [], f"{subject} must be {show_number(high)} or less"
        if high == limit:
            return [], f"{subject} must be {show_number(low)} or more"
        return [], f"{subject} must be between {show_number(low)} and {show_number(high)}"
    return [(None, stored_number(value, decimals), None)], None


def check_date(settings: dict, label: str, values: list[str], parts: dict[str, str],
               required: bool) -> tuple[list[Row], str | None]:
    subject = f"Your answer to '{label}'"
    if any((parts.get(k) or "").strip() for k in ("day", "month", "year")) or not values:
        value, error = parse_date_parts(parts.get("day", ""), parts.get("month", ""), parts.get("year", ""), subject)
    else:  # the JSON API sends one ISO date
        value, error = parse_iso_date(values[0], subject)
    if error:
        return [], error
    if value is None:
        return [], (f"Enter a date for '{label}'" if required else None)
    error = _date_range_error(settings, subject, value)
    return ([], error) if error else ([(None, None, value.isoformat())], None)


def _date_range_error(settings: dict, subject: str, value: dt.date) -> str | None:
    today = london_date(now())
    when = settings.get("when", "any")
    if when == "not_future" and value > today:
        return f"{subject} must be today or in the past"
    if when == "not_past" and value < today:
        return f"{subject} must be today or in the future"
    low = dt.date.fromisoformat(settings["min"]) if settings.get("min") else None
    high = dt.date.fromisoformat(settings["max"]) if settings.get("max") else None
    if low and high and not low <= value <= high:
        return f"{subject} must be between {show_date(low)} and {show_date(high)}"
    if low and value < low:
        return f"{subject} must be the same as or after {show_date(low)}"
    if high and value > high:
        return f"{subject} must be the same as or before {show_date(high)}"
    return None


def rank_count(question: dict) -> int:
    """How many positions a resident gives: every answer, or the top N the officer asked for."""
    options = question.get("options") or []
    top = (question.get("settings") or {}).get("top")
    return min(int(top), len(options)) if top else len(options)


def check_ranking(question: dict, settings: dict, label: str, values: list[str],
                  parts: dict[str, str]) -> tuple[list[Row], str | None]:
    ids = [o["id"] for o in question.get("options") or []]
    top = rank_count(question)
    everything = top == len(ids)
    positions: dict[str, int] = {}
    if values and not any(parts.get(i) for i in ids):  # the JSON API: option ids, first choice first
        if len(set(values)) != len(values) or any(v not in ids for v in values):
            return [], f"Rank only answers from the list for '{label}', each once"
        if len(values) > top:
            return [], f"Rank only your top {top} for '{label}'"
        positions = {v: i for i, v in enumerate(values, start=1)}
    else:
        for option_id in ids:
            raw = (parts.get(option_id) or "").strip()
            if not raw:
                continue
            if not raw.isdigit() or not 1 <= int(raw) <= top:
                return [], f"Select a position from the list for each answer to '{label}'"
            positions[option_id] = int(raw)
    if not positions:
        if not question["required"]:
            return [], None
        return [], (f"Rank the answers to '{label}'" if everything else f"Rank your top {top} for '{label}'")
    used = Counter(positions.values())
    twice = sorted(p for p, n in used.items() if n > 1)
    if twice:
        return [], f"Give position {twice[0]} to only one answer for '{label}'"
    missing = [p for p in range(1, top + 1) if p not in used]
    if missing:
        if everything:
            return [], f"Give every answer a position for '{label}' (position {missing[0]} is not used)"
        return [], f"Rank your top {top} for '{label}' (position {missing[0]} is not used)"
    ordered = sorted(positions.items(), key=lambda kv: kv[1])
    return [(option_id, rank, None) for option_id, rank in ordered], None
