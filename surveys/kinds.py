"""The kinds of question a consultation can ask, and how each answer is checked and stored.

One validator serves the public form, officers' paper entry and the JSON API, so an answer
is judged the same way whichever door it came in by.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.analysis.redaction import postcode_district
from engage.framework.vocabulary import wards
from surveys.answer_messages import MESSAGES as MESSAGES, message  # MESSAGES: kept importable from here
from surveys.kinds_answers import check_measure
from surveys.measures import number_from_stored, show_number

SHORT_TEXT_MAX = 200
LONG_TEXT_DEFAULT = 2000
LONG_TEXT_LIMITS = (50, 10_000)
OTHER = "other"
MAX_OPTIONS = 30


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    hint: str
    fixed_options: tuple[tuple[str, str], ...] = ()
    officer_options: bool = False  # the officer writes the choices
    multiple: bool = False
    ranked: bool = False  # the resident puts the officer's choices in order (no "Other")


AGREE = (
    ("strongly-agree", "Strongly agree"),
    ("agree", "Agree"),
    ("neither", "Neither agree nor disagree"),
    ("disagree", "Disagree"),
    ("strongly-disagree", "Strongly disagree"),
    ("dont-know", "Don't know"),
)
YES_NO = (("yes", "Yes"), ("no", "No"), ("dont-know", "Don't know"))
# Neutral labels: the question's own hint says what the ends of the scale mean.
RATING = (("1", "1 (lowest)"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 (highest)"))

KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind("short_text", "Short text", "A word or a line, up to 200 characters"),
        Kind("long_text", "Long text", "Free text, with a length limit you set"),
        Kind("single_choice", "Single choice", "One answer from a list you write", officer_options=True),
        Kind("multiple_choice", "Multiple choice", "Any number of answers from a list you write",
             officer_options=True, multiple=True),
        Kind("agree_scale", "Agree-disagree scale", "Five points plus Don't know", fixed_options=AGREE),
        Kind("rating", "Rating 1 to 5", "Say what 1 and 5 mean in the hint", fixed_options=RATING),
        Kind("yes_no", "Yes, no or don't know", "Three answers", fixed_options=YES_NO),
        Kind("ward", "Ward", "Leicester's 21 wards", fixed_options=()),
        Kind("postcode", "Postcode", "Only the district (for example LE2) is kept"),
        Kind("number", "Number", "A number, with the lowest, highest and unit you set"),
        Kind("date", "Date", "Day, month and year, in a range you set"),
        Kind("ranking", "Ranking", "People put a list you write in order of preference",
             officer_options=True, ranked=True),
    )
}
FREE_TEXT_KINDS = {"short_text", "long_text"}
PART_KINDS = {"date", "ranking"}  # answered in several fields: q12-day, q12-month, q12-year; q12-<option id>
# The values a fixed-choice kind accepts (checked on every submission; the ward list is the vocabulary's).
FIXED_VALUES = {k.slug: frozenset(value for value, _ in k.fixed_options) for k in KINDS.values() if k.fixed_options}


def options_for(question: dict) -> list[tuple[str, str]]:
    """(value, label) pairs a resident can choose from, in order."""
    kind = question["kind"]
    if kind == "ward":
        return [*wards(), ("outside", "I do not live in Leicester")]
    if KINDS[kind].officer_options:
        opts = [(o["id"], o["label"]) for o in (question.get("options") or [])]
        if question.get("allow_other") and not KINDS[kind].ranked:
            opts.append((OTHER, "Other"))
        return opts
    return list(KINDS[kind].fixed_options)


def text_limit(question: dict) -> int:
    if question["kind"] == "short_text":
        return SHORT_TEXT_MAX
    return int(question.get("max_length") or LONG_TEXT_DEFAULT)


@dataclass
class Stored:
    """The rows one answer becomes: each (choice, number, text)."""

    rows: list[tuple[str | None, int | None, str | None]] = field(default_factory=list)
    measured: bool = False  # a number, date or ranking: its text (a date) is no one's words to analyse

    def add(self, choice: str | None = None, number: int | None = None, text: str | None = None) -> None:
        self.rows.append((choice, number, text))


def short_label(question: dict) -> str:
    text = " ".join(str(question["text"]).split())
    return text if len(text) <= 70 else text[:67].rstrip() + "..."


def check_answer(question: dict, values: list[str], other_text: str = "",
                 parts: dict[str, str] | None = None,
                 messages: dict[str, str] | None = None) -> tuple[Stored, str | None]:
    """Validate the raw values posted for one question.

    Returns what to store and an error message (None when the answer is acceptable), in the
    language of `messages` (key -> translated MESSAGES) where it has one, else in English. Blank
    answers to optional questions store nothing. `parts` holds the fields of a question answered in
    several (a date's day, month and year; a ranking's position for each answer).
    """
    kind = question["kind"]
    values = [v.strip() for v in values if isinstance(v, str) and v.strip() != ""]
    stored = Stored()

    def say(key: str, **more: object) -> str:  # the question's label is only worked out for a message
        return message(key, messages, question=short_label(question), **more)
    if kind in PART_KINDS or kind == "number":
        rows, error = check_measure(question, short_label(question), values, parts or {}, messages)
        return (Stored() if error else Stored(rows, measured=True)), error

    if kind in FREE_TEXT_KINDS:
        text = values[0] if values else ""
        if not text:
            return stored, (say("error.enter_answer") if question["required"] else None)
        limit = text_limit(question)
        if len(text) > limit:
            return stored, say("error.too_long", limit=limit, length=len(text))
        stored.add(text=text)  # kept exactly as written; shown escaped everywhere
        return stored, None

    if kind == "postcode":
        text = values[0] if values else ""
        if not text:
            return stored, (say("error.enter_postcode") if question["required"] else None)
        district = postcode_district(text)
        if not district:
            return stored, say("error.real_postcode")
        stored.add(text=district)
        return stored, None

    allowed = FIXED_VALUES.get(kind) or {value for value, _ in options_for(question)}
    if not values:
        return stored, (say("error.select_answer") if question["required"] else None)
    if not KINDS[kind].multiple and len(values) > 1:
        return stored, say("error.select_one")
    if len(set(values)) != len(values) or any(v not in allowed for v in values):
        return stored, say("error.select_from_list")
    other = (other_text or "").strip()
    for value in values:
        if value == OTHER:
            if not other:
                return Stored(), say("error.other_missing")
            if len(other) > SHORT_TEXT_MAX:
                return Stored(), say("error.other_too_long", limit=SHORT_TEXT_MAX)
            stored.add(choice=OTHER, text=other)
        elif kind == "rating":
            stored.add(choice=value, number=int(value))
        else:
            stored.add(choice=value)
    return stored, None


def shown_answer(question: dict, choice: str | None, number: int | None, text: str | None,
                 labels: dict[str, str] | None = None) -> str:
    """One stored answer row as a person reads it (exports, subject access): a ranked answer as
    "1. Label", a number in its own unit (hundredths back to 12.5), a choice by its label."""

    labels = labels if labels is not None else dict(options_for(question)) if question else {}
    kind = question.get("kind") if question else None
    if choice == OTHER:
        return f"Other: {text}"
    if kind == "ranking" and choice is not None:
        return f"{number}. {labels.get(choice, choice)}"
    if choice is not None:
        return labels.get(choice, choice)
    if kind == "number" and number is not None:
        decimals = int((question.get("settings") or {}).get("decimals") or 0)
        return show_number(number_from_stored(number, decimals)).replace(",", "")
    return text if text is not None else str(number)
