"""The optional equality questions ("About you"), each with "Prefer not to say".

Categories follow the ONS Census 2021 for England and Wales. Answers are kept apart from
responses (see tables.AboutYou) and only ever reported in aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from engage.framework.vocabulary import wards

PREFER_NOT = ("prefer-not", "Prefer not to say")


@dataclass(frozen=True)
class EqualityQuestion:
    field: str
    legend: str
    hint: str
    choices: tuple[tuple[str, str], ...] | Callable[[], tuple[tuple[str, str], ...]]
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # headings for long lists (ethnicity)

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        # The wards come from the framework in the database, so they are read when asked for.
        return self.choices() if callable(self.choices) else self.choices


ETHNIC_GROUPS = (
    ("Asian, Asian British or Asian Welsh", (
        ("asian-bangladeshi", "Bangladeshi"), ("asian-chinese", "Chinese"), ("asian-indian", "Indian"),
        ("asian-pakistani", "Pakistani"), ("asian-other", "Any other Asian background"))),
    ("Black, Black British, Black Welsh, Caribbean or African", (
        ("black-african", "African"), ("black-caribbean", "Caribbean"),
        ("black-other", "Any other Black, Black British, or Caribbean background"))),
    ("Mixed or Multiple ethnic groups", (
        ("mixed-white-asian", "White and Asian"), ("mixed-white-black-african", "White and Black African"),
        ("mixed-white-black-caribbean", "White and Black Caribbean"),
        ("mixed-other", "Any other Mixed or Multiple ethnic background"))),
    ("White", (
        ("white-british", "English, Welsh, Scottish, Northern Irish or British"), ("white-irish", "Irish"),
        ("white-gypsy-traveller", "Gypsy or Irish Traveller"), ("white-roma", "Roma"),
        ("white-other", "Any other White background"))),
    ("Other ethnic group", (("other-arab", "Arab"), ("other-any", "Any other ethnic group"))),
)

QUESTIONS: tuple[EqualityQuestion, ...] = (
    EqualityQuestion("age_band", "What is your age?", "", (
        ("under-16", "Under 16"), ("16-24", "16 to 24"), ("25-34", "25 to 34"), ("35-44", "35 to 44"),
        ("45-54", "45 to 54"), ("55-64", "55 to 64"), ("65-74", "65 to 74"), ("75-plus", "75 or over"),
        PREFER_NOT)),
    EqualityQuestion("sex", "What is your sex?", "", (("female", "Female"), ("male", "Male"), PREFER_NOT)),
    EqualityQuestion("gender_identity", "Is the gender you identify with the same as your sex registered at birth?",
                     "", (("yes", "Yes"), ("no", "No"), PREFER_NOT)),
    EqualityQuestion("ethnicity", "What is your ethnic group?", "Choose the option that best describes you",
                     tuple(opt for _, opts in ETHNIC_GROUPS for opt in opts) + (PREFER_NOT,),
                     groups=tuple((name, tuple(v for v, _ in opts)) for name, opts in ETHNIC_GROUPS)),
    EqualityQuestion("disability", "Do you have any physical or mental health conditions or illnesses lasting or "
                     "expected to last 12 months or more?", "", (("yes", "Yes"), ("no", "No"), PREFER_NOT)),
    EqualityQuestion("religion", "What is your religion?", "", (
        ("none", "No religion"), ("christian", "Christian"), ("buddhist", "Buddhist"), ("hindu", "Hindu"),
        ("jewish", "Jewish"), ("muslim", "Muslim"), ("sikh", "Sikh"), ("other", "Any other religion"), PREFER_NOT)),
    EqualityQuestion("ward", "Which ward do you live in?", "If you are not sure, choose the nearest",
                     lambda: (*wards(), ("outside", "I do not live in Leicester"), PREFER_NOT)),
)
BY_FIELD = {q.field: q for q in QUESTIONS}
FORM_PREFIX = "about-"


def label_for(field: str, value: str | None) -> str:
    return dict(BY_FIELD[field].options).get(value or "", "Not answered")


def check_about_you(raw: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Validate posted equality answers: (clean answers, errors). Every question is optional."""
    clean, errors = {}, {}
    for q in QUESTIONS:
        value = (raw.get(q.field) or "").strip()
        if not value:
            continue
        if value not in dict(q.options):
            errors[q.field] = f"Select an answer from the list for '{q.legend}'"
        else:
            clean[q.field] = value
    unknown = set(raw) - set(BY_FIELD)
    for name in sorted(unknown):
        errors[name] = f"'{name[:40]}' is not one of the 'About you' questions"
    return clean, errors
