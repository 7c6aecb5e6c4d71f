"""The settings an officer gives the number, date and ranking kinds, checked, as saved in
surveys_question.settings. Pure: no database. Field names are the builder form's, so each error
links to its field.

- number: {"min": "0" | None, "max": "120" | None, "prefix": "£", "suffix": "years", "decimals": 0 | 2}
- date: {"when": "any" | "not_future" | "not_past", "min": "2020-01-01" | None, "max": ... | None}
- ranking: {"top": 3 | None}  (None: rank every answer)
"""

from __future__ import annotations

import datetime as dt

from surveys.measures import (DECIMAL_LIMIT, MAX_DECIMALS, WHOLE_LIMIT, decimal_places, parse_date_parts,
                              parse_number, show_date)

SETTING_KINDS = {"number", "date", "ranking"}
DATE_WHEN = {"any": "Any date", "not_future": "Today or in the past", "not_past": "Today or in the future"}
AFFIX_MAX = 20


def settings_fields(kind: str, settings: dict) -> dict[str, str]:
    """The builder form's fields for saved settings (to edit them)."""
    if kind == "number":
        return {"number_min": settings.get("min") or "", "number_max": settings.get("max") or "",
                "number_prefix": settings.get("prefix", ""), "number_suffix": settings.get("suffix", ""),
                "number_whole": "no" if settings.get("decimals") else "yes"}
    if kind == "date":
        fields = {"date_when": settings.get("when", "any")}
        for key in ("min", "max"):
            if settings.get(key):
                day = dt.date.fromisoformat(settings[key])
                fields.update({f"date_{key}-day": str(day.day), f"date_{key}-month": str(day.month),
                               f"date_{key}-year": str(day.year)})
        return fields
    if kind == "ranking":
        return {"rank_top": str(settings.get("top") or "")}
    return {}


def clean_settings(kind: str, fields: dict[str, str], option_count: int) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    if kind == "number":
        return _number(fields, errors), errors
    if kind == "date":
        return _date(fields, errors), errors
    if kind == "ranking":
        raw = fields.get("rank_top", "").strip()
        if not raw:
            return {"top": None}, errors
        if not raw.isdigit() or not 1 <= int(raw) <= max(1, option_count):
            errors["rank_top"] = (f"How many to rank must be a whole number from 1 to {option_count}, or leave it "
                                  "blank to rank them all" if option_count else "How many to rank must be a whole number")
            return {"top": None}, errors
        top = int(raw)
        return {"top": None if top >= option_count else top}, errors
    return {}, errors


def _number(fields: dict[str, str], errors: dict[str, str]) -> dict:
    whole = fields.get("number_whole", "yes") != "no"
    decimals = 0 if whole else MAX_DECIMALS
    limit = WHOLE_LIMIT if whole else DECIMAL_LIMIT
    bounds = {}
    for key, name in (("min", "Lowest number"), ("max", "Highest number")):
        raw = fields.get(f"number_{key}", "").strip()
        if not raw:
            bounds[key] = None
            continue
        value = parse_number(raw)
        if value is None:
            errors[f"number_{key}"] = f"{name} must be a number, like 0"
        elif whole and decimal_places(value.normalize()) > 0:
            errors[f"number_{key}"] = f"{name} must be a whole number, as the answers must be"
        elif decimal_places(value) > decimals:
            errors[f"number_{key}"] = f"{name} can have up to {decimals} decimal places"
        elif abs(value) > limit:
            errors[f"number_{key}"] = f"{name} must be between -{limit:,} and {limit:,}"
        else:
            bounds[key] = value
            continue
        bounds[key] = None
    if bounds.get("min") is not None and bounds.get("max") is not None and bounds["min"] > bounds["max"]:
        errors["number_max"] = "Highest number must be the same as or more than the lowest number"
    settings: dict = {"min": None, "max": None, "decimals": decimals}
    for key in ("min", "max"):
        if bounds.get(key) is not None:
            settings[key] = format(bounds[key], "f")
    for key, name in (("prefix", "Prefix"), ("suffix", "Suffix")):
        text = " ".join(fields.get(f"number_{key}", "").split())
        if len(text) > AFFIX_MAX:
            errors[f"number_{key}"] = f"{name} must be {AFFIX_MAX} characters or fewer"
        settings[key] = text[:AFFIX_MAX]
    return settings


def _date(fields: dict[str, str], errors: dict[str, str]) -> dict:
    when = fields.get("date_when", "any") or "any"
    if when not in DATE_WHEN:
        errors["date_when"] = "Select which dates people may give"
        when = "any"
    settings: dict = {"when": when, "min": None, "max": None}
    for key, name in (("min", "Earliest date"), ("max", "Latest date")):
        value, error = parse_date_parts(fields.get(f"date_{key}-day", ""), fields.get(f"date_{key}-month", ""),
                                        fields.get(f"date_{key}-year", ""), name)
        if error:
            errors[f"date_{key}"] = error
        elif value:
            settings[key] = value.isoformat()
    if settings["min"] and settings["max"] and settings["min"] > settings["max"]:
        errors["date_max"] = (f"Latest date must be the same as or after the earliest date "
                              f"({show_date(dt.date.fromisoformat(settings['min']))})")
    return settings
