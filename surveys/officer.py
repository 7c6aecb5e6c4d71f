"""Officers' consultation builder: details, questions, lifecycle, preview and history."""

from __future__ import annotations

import secrets

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth.guards import current_user, writers_only
from engage.framework.vocabulary import priorities
from engage.web.dependencies import SettingsDep
from engage.web.errors import error_response
from engage.web.forms import error_summary, first, form_fields
from engage.web.templating import render
from surveys import builder
from surveys import conditions
from surveys import consultations as cons
from surveys.kinds import KINDS, options_for
from surveys.plan import opening_problem
from surveys.public import SUBMISSION_ID, about_you_fields, consultation_page, render_form
from surveys.responses import CHANNELS, check_submission, count_for, store_submission
from surveys.translations import easy_read_state, states as translation_states

# Responses officers type in for residents; "online" is the residents' own channel.
OFFICER_CHANNELS = {key: label for key, label in CHANNELS.items() if key != "online"}


def _entry_channel(value: str) -> str:
    return value if value in OFFICER_CHANNELS else "paper"


def _entry_action(c: dict, channel: str) -> str:
    return f"/officer/consultations/{c['id']}/responses/new?channel={channel}"


def _draft_refusal(request: Request) -> Response:
    return error_response(request, 409, "This consultation is still a draft. Open it before entering responses.")


async def consultation_or_404(consultation_id: int) -> dict:
    c = await cons.get(consultation_id)
    if c is None:
        raise NotFoundException()
    c["phase"] = cons.phase(c)
    return c


def consultation_form(fields: dict[str, list[str]]) -> cons.ConsultationForm:
    return cons.CONSULTATION.read(fields, "form")[0]


SETTING_FIELDS = ("number_", "date_", "rank_")  # surveys.kinds_settings


def question_form(fields: dict[str, list[str]]) -> builder.QuestionForm:
    labels = {k[len("option-"):]: v[0] for k, v in fields.items() if k.startswith("option-") and v}
    return builder.QuestionForm(**condition_fields(fields),
        kind=first(fields, "kind"), text=first(fields, "text"), hint=first(fields, "hint"),
        required=first(fields, "required") == "yes", allow_other=first(fields, "allow_other") == "yes",
        max_length=first(fields, "max_length"), new_options=first(fields, "new_options"), option_labels=labels,
        settings={k: v[0] for k, v in fields.items() if k.startswith(SETTING_FIELDS) and v},
    )


def condition_fields(fields: dict[str, list[str]]) -> dict:
    """The skip-logic part of the question form (surveys.conditions): the source chosen and, for
    each possible source, the answers ticked under it (only the chosen one's count)."""
    prefix = conditions.values_field(0)[:-1]
    values = {int(k[len(prefix):]): v for k, v in fields.items() if k.startswith(prefix) and k[len(prefix):].isdigit()}
    return {"show_when": first(fields, conditions.FIELD), "show_when_values": values}


def questions_context(questions: list[dict]) -> dict:
    """What the builder's list of questions shows, each question's condition in words among it."""
    return {"questions": questions, "kinds": KINDS,
            "conditions": {q["id"]: conditions.describe(q, questions) for q in questions}}


class ConsultationBuilderController(Controller):
    path = "/officer/consultations"
    guards = [writers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Response:
        return render(request, "officer/consultations/index.html", {"consultations": await cons.list_all(),
                                                                    "labels": cons.STATUS_LABELS})

    @get("/new")
    async def new(self, request: Request) -> Response:
        return self._details(request, cons.ConsultationForm(), {}, None)

    @post("/new")
    async def create(self, request: Request) -> Response:
        form = consultation_form(await form_fields(request))
        try:
            c = await cons.create(form, current_user(request).id)
        except cons.ConsultationError as exc:
            return self._details(request, form, exc.errors, None, status_code=400)
        await audit.record(current_user(request), "create", "consultation", c["id"], {"title": c["title"]})
        return Redirect(f"/officer/consultations/{c['id']}", status_code=303)

    @get("/{consultation_id:int}")
    async def show(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        return await self._overview(request, c)

    @get("/{consultation_id:int}/edit")
    async def edit(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        return self._details(request, cons.form_from_row(c), {}, c)

    @post("/{consultation_id:int}/edit")
    async def update(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        form = consultation_form(await form_fields(request))
        try:
            _, changes = await cons.update(c, form)
        except cons.ConsultationError as exc:
            return self._details(request, form, exc.errors, c, status_code=400)
        if changes:
            await audit.record(current_user(request), "update", "consultation", c["id"], changes)
        return Redirect(f"/officer/consultations/{c['id']}", status_code=303)

    @post("/{consultation_id:int}/status")
    async def status(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        action = first(await form_fields(request), "action")
        if action == "publish":  # only through the confirmation page (surveys.loop_officer)
            return Redirect(f"/officer/consultations/{c['id']}/publish", status_code=303)
        if action == "open" and await builder.questions_for(c["id"]):  # no questions: change_status says so first

            problem = await opening_problem(c, settings.min_consultation_weeks)
            if problem:
                return await self._overview(request, c, status_error=problem, status_code=409)
        updated, error = await cons.change_status(c, action)
        if error:
            return await self._overview(request, c, status_error=error, status_code=409)
        await audit.record(current_user(request), action, "consultation", c["id"],
                           {"status": [c["status"], updated["status"]]})
        return Redirect(f"/officer/consultations/{c['id']}", status_code=303)

    @get("/{consultation_id:int}/preview")
    async def preview(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        return await render_form(request, c, values={}, errors={}, preview=True, action="#")

    @get("/{consultation_id:int}/preview/landing")
    async def preview_landing(self, request: Request, consultation_id: FromPath[int]) -> Response:
        """The consultation's public page as residents will see it once it opens, marked "Preview"."""

        c = await consultation_or_404(consultation_id)
        return await consultation_page(request, c, await builder.questions_for(c["id"]), preview=True)

    @get("/{consultation_id:int}/history")
    async def history(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        events = await audit.events_for("consultation", c["id"])
        question_events = []
        for q in await builder.questions_for(c["id"]):
            question_events += await audit.events_for("question", q["id"])
        question_events += await audit.events_for("consultation-question", c["id"])
        all_events = sorted(events + question_events, key=lambda e: (str(e["at"]), e["id"]), reverse=True)
        return render(request, "officer/consultations/history.html", {"c": c, "events": all_events})

    # Other channels: paper, event, email and phone responses typed in by an officer ----------

    @get("/{consultation_id:int}/responses/new")
    async def new_response(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        channel = _entry_channel(request.query_params.get("channel", "paper"))
        if c["phase"] == "draft":
            return _draft_refusal(request)
        return await render_form(request, c, values={}, errors={}, action=_entry_action(c, channel),
                                 entry_channel=channel, channel_label=OFFICER_CHANNELS[channel],
                                 entry_saved=request.query_params.get("saved") == "1", entry_channels=OFFICER_CHANNELS)

    @post("/{consultation_id:int}/responses/new")
    async def enter_response(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        if c["phase"] == "draft":
            return _draft_refusal(request)
        fields = await form_fields(request)
        # Closed consultations still take late paper forms; only drafts are refused.
        channel = _entry_channel(first(fields, "channel") or request.query_params.get("channel", "paper"))
        questions = await builder.questions_for(c["id"])
        checked = check_submission(questions, fields, about_you_fields(fields) if c["ask_about_you"] else {})
        if checked.errors:
            return await render_form(request, c, values=fields, errors=checked.errors, questions=questions,
                                     status_code=400, action=_entry_action(c, channel), entry_channel=channel,
                                     channel_label=OFFICER_CHANNELS[channel], entry_channels=OFFICER_CHANNELS)
        submission_id = first(fields, "submission_id")
        if not SUBMISSION_ID.match(submission_id):
            submission_id = secrets.token_hex(16)
        user = current_user(request)
        receipt, created = await store_submission(
            c["id"], checked, submission_key=f"officer:{submission_id}", secret=settings.secret_key,
            channel=channel, entered_by=user.id)
        if created:
            await audit.record(user, "enter-response", "consultation", c["id"], {"channel": channel})
        return Redirect(f"/officer/consultations/{c['id']}/responses/new?channel={channel}&saved=1", status_code=303)

    # Questions ---------------------------------------------------------------------------

    @get("/{consultation_id:int}/questions/new")
    async def new_question(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        kind = request.query_params.get("kind", "")
        if kind not in KINDS:
            return render(request, "officer/consultations/choose_kind.html", {"c": c, "kinds": KINDS.values(),
                                                                              "errors": {}})
        return await self._question(request, c, builder.QuestionForm(kind=kind), {}, None)

    @post("/{consultation_id:int}/questions/new")
    async def add_question(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        form = question_form(await form_fields(request))
        if form.kind not in KINDS:
            errors = {"kind": "Select the kind of question"}
            return render(request, "officer/consultations/choose_kind.html",
                          {"c": c, "kinds": KINDS.values(), "errors": errors, "summary": error_summary(errors)},
                          status_code=400)
        try:
            q = await builder.add_question(c["id"], form, await cons.has_responses(c["id"]))
        except builder.QuestionError as exc:
            return await self._question(request, c, form, exc.errors, None, status_code=400)
        await audit.record(current_user(request), "create", "question", q["id"],
                           {"consultation": c["id"], "kind": q["kind"], "text": q["text"]})
        return Redirect(f"/officer/consultations/{c['id']}#questions", status_code=303)

    @get("/{consultation_id:int}/questions/{question_id:int}/edit")
    async def edit_question(self, request: Request, consultation_id: FromPath[int], question_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        q = await self._question_or_404(c, question_id)
        return await self._question(request, c, builder.form_from_row(q), {}, q)

    @post("/{consultation_id:int}/questions/{question_id:int}/edit")
    async def update_question(self, request: Request, consultation_id: FromPath[int], question_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        q = await self._question_or_404(c, question_id)
        form = question_form(await form_fields(request))
        try:
            _, changes = await builder.edit_question(q, form)
        except builder.QuestionError as exc:
            return await self._question(request, c, form, exc.errors, q, status_code=400)
        if changes:
            await audit.record(current_user(request), "update", "question", q["id"],
                               {"consultation": c["id"], **changes})
        return Redirect(f"/officer/consultations/{c['id']}#questions", status_code=303)

    @post("/{consultation_id:int}/questions/{question_id:int}/delete")
    async def delete_question(self, request: Request, consultation_id: FromPath[int], question_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        q = await self._question_or_404(c, question_id)
        try:
            await builder.delete_question(q)
        except builder.QuestionError as exc:
            return await self._overview(request, c, questions_error=exc.errors["question"], status_code=409)
        # Recorded against the consultation too: the question's own id no longer exists.
        await audit.record(current_user(request), "delete", "consultation-question", c["id"],
                           {"question": q["id"], "text": q["text"], "kind": q["kind"]})
        return Redirect(f"/officer/consultations/{c['id']}#questions", status_code=303)

    @post("/{consultation_id:int}/questions/{question_id:int}/move")
    async def move_question(self, request: HTMXRequest, consultation_id: FromPath[int],
                            question_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        q = await self._question_or_404(c, question_id)
        direction = first(await form_fields(request), "direction")
        try:
            moved = await builder.move_question(q, direction)
        except builder.QuestionError as exc:
            if request.htmx:
                return render(request, "officer/consultations/show.html", {
                    "c": c, **questions_context(await builder.questions_for(c["id"])), "fragment": True,
                    "questions_error": exc.errors["question"],
                    "questions_summary": error_summary({"questions": exc.errors["question"]}, {"questions": "questions-error"}),
                }, block="questions", status_code=409)
            return await self._overview(request, c, questions_error=exc.errors["question"], status_code=409)
        if moved:
            await audit.record(current_user(request), "move", "question", q["id"],
                               {"consultation": c["id"], "direction": direction})
        if request.htmx:
            questions = await builder.questions_for(c["id"])
            position = next(i for i, row in enumerate(questions, start=1) if row["id"] == q["id"])
            return render(request, "officer/consultations/show.html",
                          {"c": c, **questions_context(questions), "moved": q["id"], "moved_direction": direction,
                           "announce": f"Question moved to position {position} of {len(questions)}"},
                          block="questions")
        return Redirect(f"/officer/consultations/{c['id']}#question-{q['id']}", status_code=303)

    # Helpers -----------------------------------------------------------------------------

    async def _question_or_404(self, c: dict, question_id: FromPath[int]) -> dict:
        q = await builder.get_question(c["id"], question_id)
        if q is None:
            raise NotFoundException()
        return q

    async def _overview(self, request: Request, c: dict, status_error: str | None = None,
                        status_code: int = 200, questions_error: str | None = None) -> Response:
        problems = {"status": status_error, "questions": questions_error}
        questions = await builder.questions_for(c["id"])
        return render(request, "officer/consultations/show.html", {
            "c": c, **questions_context(questions),
            "labels": cons.STATUS_LABELS, "responses": await count_for(c["id"]),
            "priority_names": dict(priorities()), "status_error": status_error, "questions_error": questions_error,
            "summary": error_summary({k: v for k, v in problems.items() if v},
                                     {"status": "status-actions", "questions": "questions-error"}) or None,
            "translation_states": await translation_states(c, questions),
            "easy_read_state": await easy_read_state(c, questions),
        }, status_code=status_code)

    def _details(self, request: Request, form: cons.ConsultationForm, errors: dict, c: dict | None,
                 status_code: int = 200) -> Response:
        return render(request, "officer/consultations/details.html", {
            "form": form, "errors": errors, "summary": error_summary(errors), "c": c,
            "priorities": priorities(),
        }, status_code=status_code)

    async def _question(self, request: Request, c: dict, form: builder.QuestionForm, errors: dict, q: dict | None,
                        status_code: int = 200) -> Response:
        sources = conditions.sources_for(q["id"] if q else None, await builder.questions_for(c["id"]))
        return render(request, "officer/consultations/question.html", {
            "c": c, "form": form, "errors": errors, "summary": error_summary(errors), "q": q,
            "kind": KINDS.get(form.kind),
            "condition_sources": [(n, source, options_for(source)) for n, source in sources],
        }, status_code=status_code)
