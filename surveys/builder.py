"""Adding, editing, reordering and removing questions, without ever orphaning an answer.

Once a consultation has responses, anything that would change what stored answers mean is
refused (changing a question's kind, removing an answered option or question, shortening a
limit below an answer); wording fixes are allowed and recorded in the audit trail.
"""

from __future__ import annotations

from engage.validation import FieldErrors, bounded_text
import secrets
from dataclasses import dataclass, field

from engage.db import transaction
from surveys.consultations import touch
from surveys.kinds import KINDS, LONG_TEXT_DEFAULT, LONG_TEXT_LIMITS, MAX_OPTIONS, OTHER
from surveys.kinds_settings import SETTING_KINDS, clean_settings, settings_fields
from surveys.tables import Answer, Question

MAX_QUESTIONS = 100
TEXT_LIMIT = 500


class QuestionError(FieldErrors):
    pass


@dataclass
class QuestionForm:
    kind: str = ""
    text: str = ""
    hint: str = ""
    required: bool = False
    allow_other: bool = False
    max_length: str = ""
    new_options: str = ""  # one per line
    option_labels: dict[str, str] = field(default_factory=dict)  # existing option id -> edited label
    settings: dict[str, str] = field(default_factory=dict)  # the number, date and ranking fields (surveys.kinds_settings)


def _new_option_id(taken: set[str]) -> str:
    while True:
        candidate = "o" + secrets.token_hex(3)
        if candidate not in taken and candidate != OTHER:
            return candidate


def form_from_row(q: dict) -> QuestionForm:
    return QuestionForm(
        kind=q["kind"], text=q["text"], hint=q["hint"], required=q["required"], allow_other=q["allow_other"],
        max_length=str(q["max_length"] or ""), option_labels={o["id"]: o["label"] for o in q["options"] or []},
        settings=settings_fields(q["kind"], q.get("settings") or {}),
    )


def _clean(form: QuestionForm, existing: dict | None) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    kind = existing["kind"] if existing else form.kind
    if kind not in KINDS:
        errors["kind"] = "Select the kind of question"
        return {}, errors
    values: dict = {"kind": kind}
    values["text"] = bounded_text(errors, "text", " ".join(form.text.split()), TEXT_LIMIT, "Question",
                                  missing="Enter the question")
    values["hint"] = bounded_text(errors, "hint", form.hint, TEXT_LIMIT, "Hint")
    values["required"] = bool(form.required)
    values["max_length"] = None
    if kind == "long_text":
        raw = form.max_length.strip() or str(LONG_TEXT_DEFAULT)
        low, high = LONG_TEXT_LIMITS
        try:
            limit = int(raw)
            if not low <= limit <= high:
                raise ValueError
            values["max_length"] = limit
        except ValueError:
            errors["max_length"] = f"Character limit must be a whole number from {low} to {high:,}"
    values["allow_other"] = bool(form.allow_other) and KINDS[kind].officer_options and not KINDS[kind].ranked
    values["options"] = []
    if KINDS[kind].officer_options:
        options, taken = [], set()
        # Existing answers keep their order and ids: posted fields arrive in no particular order, and
        # an id the question does not have (a stale or forged field) is not an answer to keep.
        for option in (existing or {}).get("options") or []:
            option_id = option["id"]
            if option_id not in form.option_labels:
                continue
            label = " ".join(form.option_labels[option_id].split())
            if label:
                options.append({"id": option_id, "label": label})
                taken.add(option_id)
        for line in form.new_options.splitlines():
            label = " ".join(line.split())
            if label:
                option_id = _new_option_id(taken)
                taken.add(option_id)
                options.append({"id": option_id, "label": label})
        if len(options) < 2:
            errors["options"] = "Enter at least 2 answers people can choose from, one on each line"
        elif len(options) > MAX_OPTIONS:
            errors["options"] = f"Enter {MAX_OPTIONS} answers or fewer"
        elif any(len(o["label"]) > 200 for o in options):
            errors["options"] = "Each answer must be 200 characters or fewer"
        elif len({o["label"].lower() for o in options}) != len(options):
            errors["options"] = "Each answer must be different"
        values["options"] = options
    values["settings"] = {}
    if kind in SETTING_KINDS:
        values["settings"], setting_errors = clean_settings(kind, form.settings, len(values["options"]))
        errors.update(setting_errors)
    return values, errors


async def questions_for(consultation_id: int) -> list[dict]:
    return await Question.select().output(load_json=True).where(Question.consultation == consultation_id).order_by(
        Question.position).order_by(Question.id).run()


async def get_question(consultation_id: int, question_id: int) -> dict | None:
    """A question only through its own consultation, so a guessed id from another is refused."""
    return await Question.select().output(load_json=True).where(
        (Question.id == question_id) & (Question.consultation == consultation_id)
    ).first()


async def answer_count(question_id: int) -> int:
    return await Answer.count().where(Answer.question == question_id)


async def add_question(consultation_id: int, form: QuestionForm, has_responses: bool) -> dict:
    values, errors = _clean(form, None)
    if has_responses and values.get("required"):
        errors["required"] = ("This consultation already has responses, so new questions must be optional: "
                              "earlier respondents never saw them")
    existing = await questions_for(consultation_id)
    if len(existing) >= MAX_QUESTIONS:
        errors["text"] = f"A consultation can have at most {MAX_QUESTIONS} questions"
    if errors:
        raise QuestionError(errors)
    position = max((q["position"] for q in existing), default=0) + 1
    rows = await Question.insert(Question(consultation=consultation_id, position=position, **values)).returning(
        Question.id).run()
    await touch(consultation_id)
    return await get_question(consultation_id, rows[0]["id"])


async def edit_question(question: dict, form: QuestionForm) -> tuple[dict, dict]:
    """Save an edit; returns (new row, changes as {field: [old, new]})."""
    values, errors = _clean(form, question)
    if form.kind and form.kind != question["kind"]:
        errors["kind"] = "A question's kind cannot change; add a new question instead"
    answered = await Answer.select(Answer.choice).where(Answer.question == question["id"]).distinct().run()
    answered_choices = {row["choice"] for row in answered if row["choice"]}
    if answered and not errors.get("options") and KINDS[question["kind"]].officer_options:
        kept = {o["id"] for o in values["options"]}
        removed = [o["label"] for o in question["options"] if o["id"] in answered_choices and o["id"] not in kept]
        if removed:
            errors["options"] = ("These answers cannot be removed because people have chosen them: "
                                 + "; ".join(removed))
        if OTHER in answered_choices and not values["allow_other"]:
            errors["allow_other"] = "'Other' cannot be turned off because people have used it"
    if answered and question["kind"] in SETTING_KINDS:
        errors.update(_answered_settings_errors(question, values))
    if answered and question["kind"] == "long_text" and values.get("max_length"):
        longest = await Answer.raw(
            "SELECT MAX(LENGTH(text)) AS n FROM surveys_answer WHERE question = {}", question["id"]).run()
        if longest and longest[0]["n"] and values["max_length"] < longest[0]["n"]:
            errors["max_length"] = (f"Character limit cannot be lower than the longest answer already given "
                                    f"({longest[0]['n']:,} characters)")
    if errors:
        raise QuestionError(errors)
    changes = {k: [question[k], v] for k, v in values.items() if question[k] != v}
    if changes:
        await Question.update(values).where(Question.id == question["id"]).run()
        await touch(question["consultation"])
    return await get_question(question["consultation"], question["id"]), changes


def _answered_settings_errors(question: dict, values: dict) -> dict[str, str]:
    """Settings whose change would alter what stored answers mean (a number's stored unit, how
    many answers a ranking ranks): refused once the question has answers."""
    old, new = question.get("settings") or {}, values.get("settings") or {}
    errors = {}
    if question["kind"] == "number" and int(old.get("decimals") or 0) != int(new.get("decimals") or 0):
        errors["number_whole"] = "Whole numbers only cannot change because people have answered this question"
    if question["kind"] == "ranking" and old.get("top") != new.get("top"):
        errors["rank_top"] = "How many to rank cannot change because people have answered this question"
    return errors


async def delete_question(question: dict) -> None:
    if await answer_count(question["id"]):
        raise QuestionError({"question": "This question has answers, so it cannot be removed"})
    await Question.delete().where(Question.id == question["id"]).run()
    await touch(question["consultation"])


async def move_question(question: dict, direction: str) -> bool:
    """Swap a question with its neighbour; False when it is already at that end."""
    async with transaction():
        ordered = await questions_for(question["consultation"])
        ids = [q["id"] for q in ordered]
        index = ids.index(question["id"])
        other = index - 1 if direction == "up" else index + 1
        if direction not in {"up", "down"} or not 0 <= other < len(ids):
            return False
        ids[index], ids[other] = ids[other], ids[index]
        for position, qid in enumerate(ids, start=1):
            await Question.update({Question.position: position}).where(Question.id == qid).run()
        await touch(question["consultation"])
    return True
