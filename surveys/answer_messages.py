"""The messages a resident sees for a wrong answer, keyed like the pages' shared words
(surveys.interface_text), so each is translated once per language (surveys.translations).

%{question} is the question as the form shows it; the other placeholders are numbers or dates
(%{limit}, %{low}, %{position} ...). A translation keeps them. The number, date and ranking
messages are asked of a language only for consultations with such a question (KIND_WORDS).
"""

from __future__ import annotations

YOURS = "Your answer to '%{question}'"

NUMBER_MESSAGES = {
    "error.enter_number": "Enter a number for '%{question}'",
    "error.number_format": f"{YOURS} must be a number, like 12",
    "error.number_whole": f"{YOURS} must be a whole number",
    "error.number_decimals": f"{YOURS} can have up to %{{decimals}} decimal places",
    "error.number_at_most": f"{YOURS} must be %{{high}} or less",
    "error.number_at_least": f"{YOURS} must be %{{low}} or more",
    "error.number_between": f"{YOURS} must be between %{{low}} and %{{high}}",
}

# error.date_<problem>: the problems surveys.measures.read_date_parts and read_iso_date name.
DATE_MESSAGES = {
    "error.enter_date": "Enter a date for '%{question}'",
    **{f"error.date_missing_{'_'.join(parts)}": f"{YOURS} must include a {' and '.join(parts)}"
       for parts in (("day",), ("month",), ("year",), ("day", "month"), ("day", "year"), ("month", "year"))},
    "error.date_year_digits": f"{YOURS} must include a year with 4 numbers, like 2026",
    "error.date_real": f"{YOURS} must be a real date",
    "error.date_real_iso": f"{YOURS} must be a real date, written like 2026-03-31",
    "error.date_not_future": f"{YOURS} must be today or in the past",
    "error.date_not_past": f"{YOURS} must be today or in the future",
    "error.date_between": f"{YOURS} must be between %{{low}} and %{{high}}",
    "error.date_from": f"{YOURS} must be the same as or after %{{date}}",
    "error.date_until": f"{YOURS} must be the same as or before %{{date}}",
}

RANKING_MESSAGES = {
    "error.rank_from_list": "Rank only answers from the list for '%{question}', each once",
    "error.rank_only_top": "Rank only your top %{top} for '%{question}'",
    "error.rank_position_from_list": "Select a position from the list for each answer to '%{question}'",
    "error.rank_all": "Rank the answers to '%{question}'",
    "error.rank_top": "Rank your top %{top} for '%{question}'",
    "error.rank_position_twice": "Give position %{position} to only one answer for '%{question}'",
    "error.rank_every_position": "Give every answer a position for '%{question}' (position %{position} is not used)",
    "error.rank_top_position": "Rank your top %{top} for '%{question}' (position %{position} is not used)",
}

MESSAGES: dict[str, str] = {
    "error.enter_answer": "Enter an answer to '%{question}'",
    "error.too_long": f"{YOURS} must be %{{limit}} characters or fewer (it is %{{length}})",
    "error.enter_postcode": "Enter a postcode for '%{question}'",
    "error.real_postcode": "Enter a real postcode, like LE2 1AB, or just the first part, like LE2",
    "error.select_answer": "Select an answer for '%{question}'",
    "error.select_one": "Select only one answer for '%{question}'",
    "error.select_from_list": "Select an answer from the list for '%{question}'",
    "error.other_missing": "Enter what 'Other' means for '%{question}'",
    "error.other_too_long": "Your 'Other' answer for '%{question}' must be %{limit} characters or fewer",
    **NUMBER_MESSAGES, **DATE_MESSAGES, **RANKING_MESSAGES,
}


def message(key: str, translated: dict[str, str] | None = None, **values: object) -> str:
    """One message, in the form's language when `translated` has it, else in English. Placeholders
    are replaced by name, never formatted, so a translator's stray brace cannot break the page."""
    text = (translated or {}).get(key) or MESSAGES[key]
    for name, value in values.items():
        text = text.replace("%{" + name + "}", f"{value:,}" if isinstance(value, int) else str(value))
    return text
