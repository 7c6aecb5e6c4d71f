"""Reading numbers and dates as people type them, with GOV.UK's error messages. Pure: no database.

Used for residents' answers (surveys.kinds) and for the officer's own settings of those
questions (a number's range, a date's earliest and latest: surveys.kinds_settings).

A number is kept as an integer (surveys_answer.number): whole numbers as they are, and numbers
that may have decimals as hundredths (12.5 -> 1250, with `decimals: 2` in the question's
settings). An integer is exact (a float would turn 0.1 into 0.1000000000000000055) and SQL can
still sort, compare and count it; text could not be sorted numerically. The question's decimal
places cannot change once it has answers, so a stored number always means one thing.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
# Inside PostgreSQL's INTEGER once scaled: hundredths of 9,999,999.99 still fit.
WHOLE_LIMIT = Decimal(999_999_999)
DECIMAL_LIMIT = Decimal("9999999.99")
MAX_DECIMALS = 2
MONTHS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}


def parse_number(text: str, prefix: str = "", suffix: str = "") -> Decimal | None:
    """The number typed, forgiving thousands commas, spaces and the question's own unit
    ("£1,000", "12 years"); None when it is not a number."""
    clean = (text or "").strip()
    if len(clean) > 40:
        return None
    for affix in {prefix.strip().lower(), "£"} - {""}:
        if clean.lower().startswith(affix):
            clean = clean[len(affix):]
    if suffix.strip() and clean.lower().endswith(suffix.strip().lower()):
        clean = clean[: -len(suffix.strip())]
    clean = clean.replace(",", "").replace(" ", "")
    if len(clean) > 20 or not NUMBER.match(clean):  # 20: far past any limit, inside Decimal's precision
        return None
    try:
        return Decimal(clean)
    except InvalidOperation:
        return None


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def show_number(value: Decimal | int) -> str:
    """1234.5 -> '1,234.5'; 1000 -> '1,000' (never '1E+3')."""
    text = f"{Decimal(value):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def stored_number(value: Decimal, decimals: int) -> int:
    return int(value.scaleb(decimals))


def number_from_stored(number: int, decimals: int) -> Decimal:
    return Decimal(number).scaleb(-decimals)


def parse_decimal_setting(text: str) -> Decimal | None:
    """A setting as saved (a plain decimal string), or None when unset."""
    if text in (None, ""):
        return None
    return Decimal(str(text))


# Dates ---------------------------------------------------------------------------------------


def show_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def read_date_parts(day: str, month: str, year: str) -> tuple[dt.date | None, str | None]:
    """A date from GOV.UK's three fields, or what is wrong with them: "missing_day_year" (the
    fields left blank), "year_digits" or "real". (None, None) when all three are blank.

    Problems follow the GOV.UK date input pattern: what is missing first, then whether the
    year has 4 numbers (so 31122026 typed into one field is never read as the year 22026),
    then whether it is a real date."""
    parts = {"day": (day or "").strip(), "month": (month or "").strip(), "year": (year or "").strip()}
    missing = [name for name, value in parts.items() if not value]
    if len(missing) == 3:
        return None, None
    if missing:
        return None, "missing_" + "_".join(missing)
    month_text = parts["month"].lower().rstrip(".")
    month_number = MONTHS.get(month_text) if not month_text.isdigit() else int(month_text)
    if not (parts["day"].isdigit() and parts["year"].isdigit() and month_number):
        return None, "real"
    if len(parts["year"]) != 4:
        return None, "year_digits"
    if len(parts["day"]) > 2 or (month_text.isdigit() and len(month_text) > 2):
        return None, "real"
    try:
        value = dt.date(int(parts["year"]), month_number, int(parts["day"]))
    except ValueError:
        return None, "real"
    if value.year < 1000:
        return None, "real"
    return value, None


def parse_date_parts(day: str, month: str, year: str, subject: str) -> tuple[dt.date | None, str | None]:
    """read_date_parts with its problem in English, after `subject` (an officer's settings)."""
    value, problem = read_date_parts(day, month, year)
    if problem is None:
        return value, None
    if problem.startswith("missing_"):
        return None, f"{subject} must include a {' and '.join(problem.removeprefix('missing_').split('_'))}"
    if problem == "year_digits":
        return None, f"{subject} must include a year with 4 numbers, like 2026"
    return None, f"{subject} must be a real date"


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_iso_date(text: str) -> tuple[dt.date | None, str | None]:
    """A date sent as 2026-03-31 (the JSON API), or its problem: "real_iso" (not written so) or "real"."""
    text = (text or "").strip()
    if not text:
        return None, None
    if not ISO_DATE.match(text):
        return None, "real_iso"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, "real"
