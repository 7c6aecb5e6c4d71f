"""Skip logic: "show this question only when the answer to question 3 is Yes".

A condition lives on the question it hides (`show_when`: {"question": <id>, "values": [...]})
and names an EARLIER question with fixed or officer-written choices. The server is the
authority: `shown` decides, while a submission is checked, whether a question was asked at all,
so a conditional question is required only when its condition is met and answers to a question
whose condition is not met are thrown away (surveys.responses.check_submission), whichever door
they came in by and whether or not JavaScript hid it. No web imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.kinds import options_for

# Kinds whose answers are choices from a list: the only ones a condition can test.
SOURCE_KINDS = frozenset({"single_choice", "multiple_choice", "yes_no", "agree_scale", "rating", "ward"})
FIELD = "show_when"  # the builder's radios: "" (always) or a source question's id
INSTRUCTION_KEY = "condition.only_if"  # surveys.interface_text


def rule(question: dict) -> dict | None:
    """The question's condition, or None when it is always shown (or the stored value is not one)."""
    value = question.get("show_when")
    if not isinstance(value, dict) or not isinstance(value.get("question"), int):
        return None
    values = [v for v in value.get("values") or [] if isinstance(v, str)]
    return {"question": value["question"], "values": values} if values else None


def can_be_source(question: dict) -> bool:
    return question["kind"] in SOURCE_KINDS


def shown(question: dict, chosen: dict[int, set[str]]) -> bool:
    """Whether the question is asked, given the choices kept so far (question id -> choices) for
    the questions before it. A source that was itself not shown has no choices, so a chain of
    conditions hides everything after the first one not met."""
    condition = rule(question)
    if condition is None:
        return True
    return bool(chosen.get(condition["question"], set()) & set(condition["values"]))


# -- The builder ---------------------------------------------------------------------------------


def sources_for(question_id: int | None, questions: list[dict]) -> list[tuple[int, dict]]:
    """(number, question) of every question that may decide whether this one is shown: those before
    it that have choices. A new question goes last, so every question is before it."""
    out = []
    for number, q in enumerate(questions, start=1):
        if q["id"] == question_id:
            break
        if can_be_source(q):
            out.append((number, q))
    return out


def values_field(source_id: int) -> str:
    return f"show_when_values_{source_id}"


def clean(source: str, values_by_source: dict[int, list[str]], question_id: int | None,
          questions: list[dict]) -> tuple[dict | None, dict[str, str]]:
    """The condition an officer posted, checked: (condition or None, errors by field)."""
    source = (source or "").strip()
    if not source:
        return None, {}
    try:
        source_id = int(source)
    except ValueError:
        return None, {FIELD: "Select when people should see this question"}
    numbers = {q["id"]: n for n, q in enumerate(questions, start=1)}
    source_q = next((q for q in questions if q["id"] == source_id), None)
    if source_q is None or source_id == question_id:
        return None, {FIELD: "Select a question of this consultation that comes before this one"}
    if not can_be_source(source_q):
        return None, {FIELD: (f"Question {numbers[source_id]} is answered in the resident's own words, so it cannot "
                              "decide when this question is shown. Choose a question with answers to pick from")}
    if question_id is not None and question_id in numbers and numbers[source_id] > numbers[question_id]:
        return None, {FIELD: (f"Question {numbers[source_id]} comes after this question, so it cannot decide when "
                              "this one is shown. Choose an earlier question")}
    allowed = [value for value, _ in options_for(source_q)]
    picked = [v for v in allowed if v in set(values_by_source.get(source_id, []))]
    if not picked:
        return None, {values_field(source_id): f"Select at least one answer to question {numbers[source_id]} "
                                               "that shows this question"}
    return {"question": source_id, "values": picked}, {}


def _quoted(labels: list[str], joiner: str) -> str:
    quoted = [f"'{label}'" for label in labels]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {joiner} {quoted[-1]}"


def _source(condition: dict, questions: list[dict]) -> tuple[int, dict] | None:
    return next(((n, q) for n, q in enumerate(questions, start=1) if q["id"] == condition["question"]), None)


def describe(question: dict, questions: list[dict]) -> str | None:
    """The builder's words for a question's condition: "Shown when question 3 is 'Yes'"."""
    condition = rule(question)
    if condition is None:
        return None
    found = _source(condition, questions)
    if found is None:
        return "Shown only when an earlier answer (now removed) was given: edit this question to fix it"
    number, source = found
    labels = dict(options_for(source))
    return f"Shown when question {number} is {_quoted([labels.get(v, v) for v in condition['values']], 'or')}"


def dependants(question: dict, questions: list[dict]) -> list[int]:
    """The numbers of the questions whose condition is on this one."""
    return [n for n, q in enumerate(questions, start=1) if (rule(q) or {}).get("question") == question["id"]]


def changed(question: dict, condition: dict | None) -> bool:
    """Whether `condition` asks the question of different people than its stored one does."""
    before = rule(question)
    if before is None or condition is None:
        return before != condition
    return (before["question"], set(before["values"])) != (condition["question"], set(condition["values"]))


def form_values(question: dict) -> dict:
    """The builder form's fields for a stored question's condition."""
    condition = rule(question)
    if condition is None:
        return {"show_when": "", "show_when_values": {}}
    return {"show_when": str(condition["question"]),
            "show_when_values": {condition["question"]: list(condition["values"])}}


def values_used(question: dict, questions: list[dict]) -> dict[str, list[int]]:
    """This question's values that other questions' conditions test: value -> their numbers."""
    out: dict[str, list[int]] = {}
    for n, q in enumerate(questions, start=1):
        condition = rule(q)
        if condition and condition["question"] == question["id"]:
            for value in condition["values"]:
                out.setdefault(value, []).append(n)
    return out


def order_problem(ordered: list[dict]) -> tuple[dict, dict] | None:
    """(source, dependant) of a condition this order breaks (a question placed before the one
    that decides whether it is shown), or None."""
    position = {q["id"]: n for n, q in enumerate(ordered)}
    by_id = {q["id"]: q for q in ordered}
    for n, q in enumerate(ordered):
        condition = rule(q)
        if condition and condition["question"] in by_id and position[condition["question"]] >= n:
            return by_id[condition["question"]], q
    return None


# -- The residents' form -------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """What the residents' form needs to hide (with JavaScript) and explain (without)."""

    field: str  # the source's field name, q<id>
    values: tuple[str, ...]
    number: int  # the source's number on the form
    labels: tuple[str, ...]  # the values' labels in the page's language


def for_form(questions: list[dict], labels_of) -> dict[int, Shown]:
    """question id -> how its condition shows on the form. `labels_of(question)` gives a source's
    (value, label) pairs in the page's language (surveys.translations.options_for)."""
    out: dict[int, Shown] = {}
    for q in questions:
        condition = rule(q)
        found = _source(condition, questions) if condition else None
        if condition is None or found is None:
            continue
        number, source = found
        labels = dict(labels_of(source))
        out[q["id"]] = Shown(f"q{source['id']}", tuple(condition["values"]), number,
                             tuple(labels.get(v, v) for v in condition["values"]))
    return out


def instruction(shown_as: Shown, template: str, joiner: str) -> str:
    """"Answer this only if you answered 'Yes' to question 3." in the page's language: `template`
    holds {answers} and {number}, `joiner` is the language's "or"."""
    return template.replace("{answers}", _quoted(list(shown_as.labels), joiner)).replace(
        "{number}", str(shown_as.number))


def with_instructions(questions: list[dict], template: str, joiner: str, labels_of) -> list[dict]:
    """The questions as the residents' form (and the paper form) shows them: each conditional one
    carries `_shown_when` (a Shown) and `_instruction`, the line saying when to answer it."""
    shown_as = for_form(questions, labels_of)
    return [{**q, "_shown_when": shown_as[q["id"]], "_instruction": instruction(shown_as[q["id"]], template, joiner)}
            if q["id"] in shown_as else q for q in questions]
