"""The words of the residents' pages that are not the consultation's own: headings, buttons,
GOV.UK Frontend's own text (error summary, "(optional)", character count) and the "About you"
questions. Shared by every consultation, translated once per language (surveys.translations).

Keys are stable names; the English here is the source a translation is checked against, so
changing a sentence here marks its translations out of date, as an officer's edit does.
"""

from __future__ import annotations

from surveys.about_you import ETHNIC_GROUPS, PREFER_NOT, QUESTIONS as ABOUT_YOU
from surveys.answer_messages import DATE_MESSAGES, NUMBER_MESSAGES, RANKING_MESSAGES
from surveys.kinds import KINDS

PAGE = {
    "page.consultation": "Consultation",
    "page.open_until": "Open until",
    "page.start": "Start now",
    "page.no_name": "You do not need to give your name.",
    "page.questions": "Number of questions:",
    "page.background": "Background",
    "page.language": "Read this in another language",
    "page.your_response": "Your response",
    "page.intro": ("Questions marked (optional) can be left blank. Do not include your name or anyone else's, "
                   "or details that could identify someone."),
    "page.send": "Send my response",
    "page.sent": "Response sent",
    "page.receipt": "Your receipt code",
    "page.thanks": "Thank you for taking part.",
    "page.keep_receipt": ("Keep your receipt code if you might want your response deleted later. It is the only "
                          "way to find your response: we do not know who you are."),
    "page.next_heading": "What happens next",
    "page.next": ("The partnership reads every response. When the consultation closes we publish what we heard "
                  "and what we will do about it."),
    "page.other_consultations": "See other consultations",
    "page.closed": ("This consultation has closed, so it is no longer taking responses. Thank you to everyone "
                    "who took part."),
    "form.optional": "(optional)",
    "form.please_specify": "Please specify",
    "form.select_all": "Select all that apply.",
    "form.choose_ward": "Choose a ward",
    "form.or": "or",
    "form.postcode_hint": "For example, LE2 1AB. We only keep the first part (LE2).",
    "form.outside": "I do not live in Leicester",
    "form.other": "Other",
    # Asked for in a language only when one of the consultation's questions is of the kind (KIND_WORDS)
    "form.date_hint": "For example, 27 3 2026",
    "form.day": "Day",
    "form.month": "Month",
    "form.year": "Year",
    "form.rank_hint": "Give each answer a position: 1 for the one that matters most to you, then 2, and so on.",
    "form.rank_top_hint": ("Choose your top %{count}: give 1 to the one that matters most to you, then 2, and so on. "
                           "Leave the rest as they are."),
    "form.rank_choose": "Choose a position",
    # Skip logic (surveys.conditions): translators need these only for consultations that use it.
    "condition.only_if": "Answer this only if you answered {answers} to question {number}.",
    "condition.now_shown": "Question {number} is now shown below.",
    # GOV.UK Frontend's own text
    "govuk.error_title": "There is a problem",
    "govuk.error_prefix": "Error",
    "govuk.textarea_description": "You can enter up to %{count} characters",
    "govuk.chars_under_one": "You have %{count} character remaining",
    "govuk.chars_under_other": "You have %{count} characters remaining",
    "govuk.chars_at_limit": "You have 0 characters remaining",
    "govuk.chars_over_one": "You have %{count} character too many",
    "govuk.chars_over_other": "You have %{count} characters too many",
    "about.heading": "About you (optional)",
    "about.why": ("We ask these questions to check we are hearing from every part of Leicester's communities, as "
                  "the Equality Act 2010 expects of public bodies. You do not have to answer any of them: each has "
                  "\"Prefer not to say\"."),
    "about.kept_apart": ("Your answers here are stored separately from your response, with no link to it or to your "
                         "receipt code. They are only ever reported as totals, and groups of fewer than 10 people "
                         "are never shown."),
}


def _fixed_options() -> dict[str, str]:
    out = {}
    for kind in KINDS.values():
        for value, label in kind.fixed_options:
            out.setdefault(f"option.{value}", label)
    return out


def _about_you() -> dict[str, str]:
    out = {}
    for q in ABOUT_YOU:
        out[f"about.{q.field}.legend"] = q.legend
        if q.hint:
            out[f"about.{q.field}.hint"] = q.hint
        if q.field == "ward":
            continue  # ward names are names
        for value, label in q.options:
            if value != PREFER_NOT[0]:
                out[f"about.{q.field}.{value}"] = label
    for heading, _ in ETHNIC_GROUPS:
        out[f"about.group.{heading}"] = heading
    out["about.prefer-not"] = PREFER_NOT[1]
    return out


INTERFACE: dict[str, str] = {**PAGE, **_fixed_options(), **_about_you()}


# Shared words and error messages only some question kinds use: a language stays complete for
# consultations without such a question when they are added (surveys.translations.interface_sources
# and error_sources).
KIND_WORDS = {
    "number": (*NUMBER_MESSAGES,),
    "date": ("form.date_hint", "form.day", "form.month", "form.year", *DATE_MESSAGES),
    "ranking": ("form.rank_hint", "form.rank_top_hint", "form.rank_choose", *RANKING_MESSAGES),
}
