"""Text for a spreadsheet cell that a spreadsheet will show, never run.

A cell starting with = + - @, a tab or a carriage return runs as a formula when a CSV or Excel
export is opened (CSV injection); a leading apostrophe makes it text. Every export (the
consultation's CSV in surveys.api, the summaries' CSV and Excel in engage.summaries.exports)
uses this one rule.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_START else value
