"""The JSON API: open consultations, their questions, anonymous responses, officer exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException, ServiceUnavailableException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody

from engage.auth.guards import writers_only
from engage.auth.scopes import TOKEN_AREA
from engage.cells import neutralise
from engage.framework.vocabulary import ANSWERS_OPT, PAGE_AGE_SECONDS, load_for_answers
from engage.times import aware
from engage.settings import Settings
from engage.store.backends import SharedStore
from engage.web.client_limits import ClientLimit, client_address
from engage.web.headers import NO_COMPRESSION
from engage.web.dependencies import SubmittingDep
from surveys import consultations as cons
from surveys import idempotency, open_forms
from surveys.about_you import QUESTIONS as ABOUT_YOU
from surveys import conditions
from surveys.builder import questions_for
from surveys.kinds import options_for, shown_answer
from surveys.responses import CheckedSubmission, StaleForm, check_submission, store_submission, stored_receipt
from surveys.tables import Answer, Response as ResponseRow
from engage.voices.services import unsafe_condition
from engage.voices.tables import Voice


class ConsultationSummary(msgspec.Struct):
    slug: str
    title: str
    status: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None


class Option(msgspec.Struct):
    value: str
    label: str


class QuestionSettings(msgspec.Struct, omit_defaults=True):
    """number: min, max (as decimal strings), prefix, suffix, decimals (0: whole numbers only);
    date: when ("any", "not_future", "not_past"), min, max (ISO dates); ranking: top (how many to
    rank, null for every answer)."""

    min: str | None = None
    max: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    decimals: int | None = None
    when: str | None = None
    top: int | None = None


def _settings_out(q: dict) -> QuestionSettings | None:
    if q["kind"] not in {"number", "date", "ranking"}:
        return None
    s = q.get("settings") or {}
    return QuestionSettings(**{k: s.get(k) for k in QuestionSettings.__struct_fields__ if s.get(k) not in (None, "")})


class ShowWhen(msgspec.Struct):
    """Skip logic (surveys.conditions): the question is asked only when the answer to `question`
    is one of `values`; otherwise it is not required and an answer sent to it is not kept."""

    question: int
    values: list[str]


class QuestionOut(msgspec.Struct):
    id: int
    kind: str
    text: str
    hint: str
    required: bool
    options: list[Option]
    max_length: int | None = None
    settings: QuestionSettings | None = None  # number, date and ranking questions only
    show_when: ShowWhen | None = None


class AboutYouQuestion(msgspec.Struct):
    field: str
    question: str
    options: list[Option]


if TYPE_CHECKING:
    ConsultationDetail = msgspec.Struct
else:  # the consultation's public fields, from its schema, with its questions
    ConsultationDetail = cons.CONSULTATION.api_out(
        [("status", str)], [("questions", list[QuestionOut]), ("about_you", list[AboutYouQuestion])], public=True,
        name="ConsultationDetail")


class ResponseIn(msgspec.Struct, forbid_unknown_fields=True):
    """answers: {"<question id>": value}. A value is a string (text, a choice's value, a postcode),
    an integer (rating), or a list of choice values (multiple choice). For "Other, please specify"
    choose "other" and send the text as "<question id>-other". A number is a number or a string
    ("1,000" is fine); a date is a string like "2026-03-31"; a ranking is a list of option values,
    first choice first (as many as the question's settings.top, or all of them)."""

    answers: dict[str, Any] = {}
    about_you: dict[str, str] = {}


class Receipt(msgspec.Struct):
    receipt: str


class Detail(msgspec.Struct):
    detail: str


class ValidationErrors(msgspec.Struct):
    errors: dict[str, str]


def _summary(c: dict) -> ConsultationSummary:
    return ConsultationSummary(slug=c["slug"], title=c["title"], status=c["phase"], opens_at=c["opens_at"],
                               closes_at=c["closes_at"])


def _show_when(question: dict) -> ShowWhen | None:
    condition = conditions.rule(question)
    return ShowWhen(condition["question"], condition["values"]) if condition else None


def _raw_answers(answers: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Turn API answers into the posted-field shape the form validator reads."""
    raw: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for key, value in answers.items():
        qid, _, suffix = str(key).partition("-")
        if not qid.isdigit() or suffix not in {"", "other"}:
            errors[str(key)[:40]] = "Not a question of this consultation"
            continue
        name = f"q{qid}" + ("-other" if suffix else "")
        if value is None:
            continue
        if isinstance(value, bool):
            errors[str(key)] = "Give a string, a number or a list of strings"
        elif isinstance(value, (str, int)):
            raw[name] = [str(value)]
        elif isinstance(value, float):  # a number question's decimal answer; repr keeps 0.1 as "0.1"
            raw[name] = [repr(value)]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value) and len(value) <= 50:
            raw[name] = value
        else:
            errors[str(key)] = "Give a string, a number or a list of strings"
    return raw, errors


class ConsultationApi(Controller):
    path = "/api/consultations"
    tags = ["consultations"]

    @get("/", summary="Open consultations, and closed ones with published results")
    async def list_consultations(self) -> list[ConsultationSummary]:
        groups = await cons.list_public()
        return [_summary(c) for c in groups["open"] + groups["upcoming"] + groups["published"]]

    @get("/{slug:str}", summary="A consultation with its questions", raises=[NotFoundException])
    async def get_consultation(self, slug: FromPath[str]) -> ConsultationDetail:
        form = await _open_form(slug, 0)
        c, questions = {**form.consultation, "phase": cons.phase(form.consultation)}, form.questions
        return ConsultationDetail(
            status=c["phase"], **cons.CONSULTATION.out_values(c, public=True),
            questions=[QuestionOut(id=q["id"], kind=q["kind"], text=q["text"], hint=q["hint"], required=q["required"],
                                   options=[Option(v, label) for v, label in options_for(q)],
                                   max_length=q["max_length"] if q["kind"] == "long_text" else (
                                       200 if q["kind"] == "short_text" else None),
                                   settings=_settings_out(q), show_when=_show_when(q))
                       for q in questions],
            about_you=[AboutYouQuestion(field=eq.field, question=eq.legend,
                                        options=[Option(v, label) for v, label in eq.options])
                       for eq in ABOUT_YOU] if c["ask_about_you"] else [],
        )

    @post(
        "/{slug:str}/responses",
        summary="Send an anonymous response",
        description=("No credentials and no CSRF token. Send an Idempotency-Key header (a random UUID) to make "
                     "retries safe: a retry with the same key and body gets the same receipt and stores nothing; for "
                     "24 hours the same key with a different body is refused with 422."),
        opt={"exclude_from_csrf": True, ANSWERS_OPT: True, NO_COMPRESSION: True},
        status_code=201,
        responses={422: ResponseSpec(data_container=ValidationErrors, description="Answers that were refused, by field"),
                   409: ResponseSpec(data_container=Detail, description="The consultation is not open"),
                   429: ResponseSpec(data_container=Detail, description="Too many responses from this client")},
    )
    async def submit(
        self,
        request: Request, submitting: SubmittingDep,
        slug: FromPath[str],
        data: JSONBody[ResponseIn],
        idempotency_key: Annotated[str | None, HeaderParameter(name="Idempotency-Key", max_length=200)] = None,
    ) -> Response:
        store, settings, limits = submitting.store, submitting.settings, submitting.limits
        form = await _open_form(slug, open_forms.MAX_AGE_SECONDS)
        limit = ClientLimit("api-submit", settings.api_submissions_per_minute, 60)
        claim, held = None, False
        if idempotency_key:
            claim = idempotency.Claim.of(idempotency_key, client_address(request), request.url.path,
                                         await request.body())
            # The key looked up, and a new one counted against the client's allowance and kept, in one
            # round trip.
            try:
                begun = await idempotency.begin(store, claim, limits.bucket(request, limit), limit.allowed,
                                                limit.window_seconds)
            except idempotency.KeyReused:
                return _key_reused()
            wait, held = begun.wait, begun.held
            if wait is None and not held:  # a retry: the first request's receipt, if it stored its response
                receipt = await stored_receipt(form.consultation["id"], claim.opener, secret=settings.secret_key)
                if receipt is not None:
                    return Response({"receipt": receipt}, status_code=201)
        else:
            wait = await limits.wait_needed(request, limit)
        if wait is not None:
            return Response({"detail": "Too many responses from this client; try again shortly"}, status_code=429,
                            headers={"Retry-After": str(wait)})
        return await _check_and_store(store, settings, slug, form, data, claim, held=held)


async def _check_and_store(store: SharedStore, settings: Settings, slug: str, form: open_forms.OpenForm,
                           data: ResponseIn, claim: idempotency.Claim | None, *, held: bool) -> Response:
    """Check the answers and store them. `held`: this request holds the Idempotency-Key
    (idempotency.begin); it is freed whenever nothing was stored under it."""
    try:
        # The worker's copy of the consultation first, unchecked (surveys.open_forms): the store refuses
        # it if the consultation changed since, and a refusal from an unchecked copy is not trusted
        # either; both check the copy's revision and the answers again.
        for max_age in (open_forms.MAX_AGE_SECONDS, 0, 0):
            form = form if max_age else await _open_form(slug, 0)
            refused = await _refusal(form, data, max_age)
            if isinstance(refused, Response):
                if max_age:
                    continue
                return refused
            # With an Idempotency-Key, its submission key: the first request and any retry store one
            # response between them (the database refuses a second row under it) and share its receipt.
            key = claim.opener if claim is not None else "api-once:" + secrets.token_hex(16)
            try:
                receipt, _ = await store_submission(form.consultation["id"], refused, submission_key=key,
                                                    secret=settings.secret_key, revision=form.revision)
            except StaleForm:
                continue
            held = False  # stored: the key stays kept, for retries
            return Response({"receipt": receipt}, status_code=201)
        raise ServiceUnavailableException("The consultation is being changed. Please send the response again.")
    finally:
        if held and claim is not None:
            await idempotency.abandon(store, claim)


async def _open_form(slug: str, max_age: float) -> open_forms.OpenForm:
    """The worker's copy of the consultation, checked within `max_age` seconds; 404 for none or a draft
    (an unchecked draft is checked again: it may have been opened since)."""
    form = await open_forms.form_for(slug, max_age)
    if form is not None and form.consultation["status"] == "draft" and max_age:
        form = await open_forms.form_for(slug, 0)
    if form is None or form.consultation["status"] == "draft":
        raise NotFoundException("No such consultation")
    return form


async def _refusal(form: open_forms.OpenForm, data: ResponseIn, max_age: float) -> "Response | CheckedSubmission":
    """The answers checked against this copy of the consultation, or the response refusing them
    (409 when it is not open, 422 with every refused field)."""
    c, questions = form.consultation, form.questions
    if cons.phase(c) != "open":
        return Response({"detail": "This consultation is not open for responses"}, status_code=409)
    raw, shape_errors = _raw_answers(data.answers)
    known = {f"q{q['id']}" for q in questions} | {f"q{q['id']}-other" for q in questions}
    for name in raw:
        if name not in known:
            shape_errors[name[1:]] = "Not a question of this consultation"
    about = data.about_you if c["ask_about_you"] else {}
    if data.about_you and not c["ask_about_you"]:
        shape_errors["about_you"] = "This consultation does not ask the 'About you' questions"
    vocabulary = await load_for_answers(questions, about, min(max_age, PAGE_AGE_SECONDS))
    checked = check_submission(questions, raw, about)
    checked.vocabulary = vocabulary
    errors = {name[1:] if name.startswith("q") else name.replace("about-", "about_you."): msg
              for name, msg in checked.errors.items()}
    errors.update(shape_errors)
    if errors:
        return Response({"errors": errors}, status_code=422)
    return checked


def _key_reused() -> Response:
    return Response({"errors": {"Idempotency-Key": "This key was used before with a different request body. "
                                                   "Use a new key for a new response."}}, status_code=422)


class ResponseExportApi(Controller):
    path = "/api/consultations"
    tags = ["officers"]
    guards = [writers_only]
    opt = {TOKEN_AREA: "responses"}  # API tokens with read:responses

    @get("/{slug:str}/responses.csv", summary="Every response as CSV, one row each (officers; no equality data)",
         media_type="text/csv")
    async def responses_csv(self, slug: FromPath[str]) -> Response:
        c = await cons.get_by_slug(slug)
        if c is None:
            raise NotFoundException("No such consultation")
        questions = await questions_for(c["id"])
        # No receipt codes (they are not stored) nor their hashes: receipts never leave the resident.
        responses = await ResponseRow.select(ResponseRow.id, ResponseRow.channel,
                                             ResponseRow.submitted_at).where(
            ResponseRow.consultation == c["id"]).order_by(ResponseRow.id).run()
        answers = await Answer.select(Answer.id, Answer.response, Answer.question, Answer.choice, Answer.number,
                                      Answer.text).where(
            Answer.response.consultation == c["id"]).order_by(Answer.id).run()
        by_response: dict[int, dict[int, list[str]]] = {}
        labels = {q["id"]: dict(options_for(q)) for q in questions}
        by_id = {q["id"]: q for q in questions}
        withheld = await unsafe_answer_ids(c["id"])
        for a in answers:
            if a["id"] in withheld:
                # Flagged for safeguarding and not yet dealt with: the text stays in the review queue.
                value = WITHHELD
            else:
                value = shown_answer(by_id.get(a["question"], {}), a["choice"], a["number"], a["text"],
                                     labels.get(a["question"], {}))
            by_response.setdefault(a["response"], {}).setdefault(a["question"], []).append(value)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["response", "channel", "submitted_at",
                         *[f"Q{i}. {q['text']}" for i, q in enumerate(questions, start=1)]])
        for r in responses:
            answered = by_response.get(r["id"], {})
            writer.writerow([r["id"], r["channel"], aware(r["submitted_at"]).isoformat(),
                             *[neutralise("; ".join(answered.get(q["id"], []))) for q in questions]])
        return Response(out.getvalue(), media_type="text/csv",  # Litestar adds "; charset=utf-8" to text types
                        headers={"Content-Disposition": f'attachment; filename="{c["slug"]}-responses.csv"'})


WITHHELD = "[withheld until a safeguarding review is recorded]"


async def unsafe_answer_ids(consultation_id: int) -> set[int]:
    """Answers whose voice is flagged for safeguarding and not yet actioned and reviewed."""

    rows = await Voice.select(Voice.answer).where(
        (Voice.consultation_id == consultation_id) & Voice.answer.is_not_null() & unsafe_condition()
    ).run()
    return {row["answer"] for row in rows}
