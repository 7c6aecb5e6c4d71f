"""Paper forms, posters and entering paper and telephone responses (officers only).

Printing is the browser's print dialog with a print stylesheet: each copy of a form carries its
own code and a QR code that opens the online form in the same language.
"""

from __future__ import annotations

import secrets

import segno
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect
from markupsafe import Markup

from engage.audit import services as audit
from engage.auth.guards import current_user, writers_only
from engage.web.dependencies import SettingsDep
from engage.web.forms import first, form_fields
from engage.web.templating import render, render_html
from surveys import languages
from surveys import paper
from surveys.about_you import QUESTIONS as ABOUT_YOU
from surveys.builder import questions_for
from surveys.officer import _draft_refusal, consultation_or_404
from surveys.public import SUBMISSION_ID, about_you_fields, render_form, render_in
from surveys.responses import check_submission
from surveys.translations import live_languages, page_in
from engage.web.errors import error_response
from surveys.public import form_questions
from surveys.translations import reset_words, use_words

MAX_COPIES = 50
ENTRY_CHANNELS = {"paper": "paper form", "phone": "telephone"}
ENTRY_TITLES = {"paper": "Enter a printed paper form by its code", "phone": "Enter a telephone response with its language"}


def qr_svg(url: str, title: str) -> Markup:
    """An inline SVG QR code (segno) with a title for screen readers; its own markup, no user text unescaped."""
    svg = segno.make(url, error="m").svg_inline(scale=4, title=title, svgclass="engage-qr", lineclass=None)
    return Markup(svg)


def public_url(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


async def _printable(request: Request, c: dict, code: str | None):
    """The consultation as a resident reads it in the chosen language, its questions and the form's address."""
    questions = await questions_for(c["id"])
    page = await page_in(c, questions, code)
    suffix = f"?lang={page.language.code}" if page else ""
    return page, questions, public_url(request, f"/consultations/{c['slug']}/respond{suffix}")


def _with_instructions(page, questions: list[dict]) -> list[dict]:
    """The questions as printed, each conditional one with its line saying when to answer it, in
    the form's language (surveys.conditions)."""

    token = use_words(page.words if page else {})
    try:
        return form_questions(page.questions if page else questions)
    finally:
        reset_words(token)


class PaperController(Controller):
    path = "/officer/consultations/{consultation_id:int}/paper"
    guards = [writers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        return render(request, "officer/paper/index.html", {
            "c": c, "languages": await live_languages(c, await questions_for(c["id"])), "max_copies": MAX_COPIES})

    @get("/form")
    async def form(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        page, questions, url = await _printable(request, c, request.query_params.get("lang"))
        try:
            copies = min(MAX_COPIES, max(1, int(request.query_params.get("copies", "1"))))
        except ValueError:
            copies = 1
        secret = settings.secret_key
        codes = [paper.new_form_code(secret, c["id"]) for _ in range(copies)]
        return render_in(page, request, "officer/paper/form.html", {
            "c": page.consultation if page else c, "questions": _with_instructions(page, questions),
            "about_questions": (page.about_you if page else ABOUT_YOU) if c["ask_about_you"] else (),
            "codes": codes, "url": url, "qr": qr_svg(url, "QR code: the online form"),
            "large": request.query_params.get("large") == "1",
        })

    @get("/poster")
    async def poster(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        page, _, url = await _printable(request, c, request.query_params.get("lang"))
        return render_in(page, request, "officer/paper/poster.html", {
            "c": page.consultation if page else c, "url": url, "qr": qr_svg(url, "QR code: the online form")})

    @get("/enter")
    async def enter(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        if c["phase"] == "draft":
            return _draft_refusal(request)
        channel = request.query_params.get("channel") if request.query_params.get("channel") in ENTRY_CHANNELS else "paper"
        return await self._entry_form(request, c, channel, {}, {})

    @post("/enter")
    async def save(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        if c["phase"] == "draft":
            return _draft_refusal(request)
        fields = await form_fields(request)
        channel = first(fields, "channel") if first(fields, "channel") in ENTRY_CHANNELS else "paper"
        secret = settings.secret_key
        errors: dict[str, str] = {}
        code = None
        if channel == "paper":
            code = paper.check_form_code(secret, c["id"], first(fields, "form_code"))
            if not first(fields, "form_code").strip():
                errors["form_code"] = "Enter the code printed at the top of the paper form, like ABCD-EFGH"
            elif code is None:
                errors["form_code"] = ("This is not a code from this consultation's paper forms: check each letter "
                                       "against the form")
            elif await paper.entered(c["id"], paper.submission_key("paper", code)):
                errors["form_code"] = f"The paper form {code} has already been entered: a copy can be entered only once"
        received, error = paper.check_received(first(fields, "received_on"))
        if error:
            errors["received_on"] = error
        language, error = paper.check_language(first(fields, "form_language"), "the language of the form",
                                               allow_none=False)
        if error:
            errors["form_language"] = error
        interpreter, error = paper.check_language(first(fields, "interpreter"), "the interpreter's language",
                                                  allow_none=True)
        if error:
            errors["interpreter"] = error
        questions = await questions_for(c["id"])
        checked = check_submission(questions, fields, about_you_fields(fields) if c["ask_about_you"] else {})
        errors.update(checked.errors)
        if errors:
            return await self._entry_form(request, c, channel, fields, errors, status_code=400)
        call_id = first(fields, "submission_id")
        key = paper.submission_key("paper", code) if channel == "paper" else paper.submission_key(
            "phone", call_id if SUBMISSION_ID.match(call_id) else secrets.token_hex(16))
        user = current_user(request)
        try:
            await paper.store_assisted(c["id"], checked, paper.Assisted(
                channel=channel, key=key, form_code=code, received_on=received, language=language,
                interpreter=interpreter), secret=secret, entered_by=user.id)
        except paper.AlreadyEntered:
            if channel == "paper":
                errors["form_code"] = f"The paper form {code} has already been entered: a copy can be entered only once"
                return await self._entry_form(request, c, channel, fields, errors, status_code=409)
            # The same call sent twice (a double click): show its receipt.
        else:
            await audit.record(user, "enter-response", "consultation", c["id"],
                               {"channel": channel, "form_code": code, "interpreter": interpreter})
        return Redirect(f"/officer/consultations/{c['id']}/paper/receipt?key={key}", status_code=303)

    @get("/receipt")
    async def receipt(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        """The receipt code of a response just entered, to print and post back on request."""
        c = await consultation_or_404(consultation_id)
        key = request.query_params.get("key", "")
        stored = await paper.entered(c["id"], key) if key.startswith(("paper:", "phone:")) else None
        if stored is None:
            return error_response(request, 404, "No paper or telephone response was entered under that code.")
        return render(request, "officer/paper/receipt.html", {
            "c": c, "receipt": paper.receipt_of(settings.secret_key, c["id"], key),
            "channel": stored["channel"], "form_code": key.split(":", 1)[1] if key.startswith("paper:") else None,
        })

    async def _entry_form(self, request: Request, c: dict, channel: str, fields: dict, errors: dict,
                          status_code: int = 200) -> Response:
        extra = Markup(render_html("officer/paper/_entry_fields.html", {
            "channel": channel, "values": fields, "errors": errors, "known": sorted(
                languages.KNOWN.values(), key=lambda lang: lang.name),
            "configured": languages.configured()}))
        order = ["form_code", "received_on", "form_language", "interpreter"]
        ordered = {k: errors[k] for k in order if k in errors} | {k: v for k, v in errors.items() if k not in order}
        response = await render_form(
            request, c, values=fields, errors=ordered, status_code=status_code,
            action=f"/officer/consultations/{c['id']}/paper/enter", entry_channel=channel,
            channel_label=ENTRY_CHANNELS[channel], extra={"entry_extra_fields": extra,
                                                          "submit_text": "Save the response",
                                                          # its own title: /responses/new enters the same channels
                                                          "entry_title": ENTRY_TITLES[channel]})
        return response
