"""Results of the number, date and ranking questions, from their answer rows. Pure: the rows
come from engage.summaries.consultation's one query over the consultation's answers.

- number: how many answered, the median, the lowest and the highest, in the question's unit.
- date: how many gave a date in each month (each year, when the dates span more than two years).
- ranking: each answer's average position and how many put it first, best first.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from decimal import Decimal

from surveys.kinds import options_for
from surveys.measures import number_from_stored, show_number

MEASURE_KINDS = {"number", "date", "ranking"}
MONTHS_SHOWN = 24


def number_stats(q: dict, numbers: list[int]) -> list[tuple[str, str]]:
    """(label, value) pairs: Answered, Median, Lowest, Highest."""
    if not numbers:
        return [("Answered", "0")]
    settings = q.get("settings") or {}
    decimals = int(settings.get("decimals") or 0)
    values = sorted(number_from_stored(n, decimals) for n in numbers)
    median = statistics.median(values)  # Decimals: the middle two's mean is exact

    def unit(value: Decimal) -> str:
        prefix, suffix = settings.get("prefix", ""), settings.get("suffix", "")
        return f"{prefix}{show_number(value)}{' ' + suffix if suffix else ''}"

    return [("Answered", f"{len(values):,}"), ("Median", unit(median)), ("Lowest", unit(values[0])),
            ("Highest", unit(values[-1]))]


def date_counts(texts: list[str]) -> list[tuple[str, str, int]]:
    """(key, label, responses) by month, or by year when the answers span more than two years."""
    days = [dt.date.fromisoformat(t) for t in texts if t]
    if not days:
        return []
    span = (max(days).year - min(days).year) * 12 + max(days).month - min(days).month
    if span >= MONTHS_SHOWN:
        by_year = Counter(str(d.year) for d in days)
        return [(year, year, by_year[year]) for year in sorted(by_year)]
    by_month = Counter(d.strftime("%Y-%m") for d in days)
    return [(key, dt.date.fromisoformat(key + "-01").strftime("%B %Y"), by_month[key]) for key in sorted(by_month)]


def ranking_rows(q: dict, ranks: list[tuple[str, int]]) -> list[tuple[str, str, int, str]]:
    """(value, label, first choices, average position), best average first; answers nobody
    ranked come last, in the officer's order."""
    positions: dict[str, list[int]] = defaultdict(list)
    for choice, rank in ranks:
        positions[choice].append(rank)
    pairs = options_for(q)
    order = {value: i for i, (value, _) in enumerate(pairs)}

    def average(value: str) -> float | None:
        got = positions.get(value)
        return sum(got) / len(got) if got else None

    ranked = sorted(pairs, key=lambda p: (average(p[0]) is None, average(p[0]) or 0, order[p[0]]))
    return [(value, label, positions.get(value, []).count(1),
             f"{average(value):.1f}" if average(value) is not None else "") for value, label in ranked]
