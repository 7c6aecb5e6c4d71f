"""Residents' pages: the list of consultations, one consultation, its form and the receipt."""

from __future__ import annotations

import re
import secrets

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.exceptions import NotFoundException

from engage.framework.reference import priorities
from engage.web.forms import error_summary, first, form_fields
from engage.web.templating import render
from surveys import consultations as cons
from surveys.about_you import QUESTIONS as ABOUT_YOU
from surveys.builder import questions_for
from surveys.responses import check_submission, count_for, store_submission

SUBMISSION_ID = re.compile(r"^[a-f0-9]{32}$")
RECEIPT_COOKIE = "engage_receipt"


def unavailable_message(c: dict, phase: str) -> str:
    if phase == "upcoming":
        from engage.web.templating import _local

        return f"This consultation is not open yet. It opens on {_local(c['opens_at'])}."
    if phase in {"closed", "published"}:
        return "This consultation has closed, so it is no longer taking responses. Thank you to everyone who took part."
    return "This consultation is not open."


async def public_consultation(slug: str) -> dict:
    """A consultation residents may see: never a draft, whatever the guessed address."""
    c = await cons.get_by_slug(slug)
    if c is None or c["status"] == "draft":
        raise NotFoundException()
    return c


def about_you_fields(fields: dict[str, list[str]]) -> dict[str, str]:
    return {k[len("about-"):]: v[0] for k, v in fields.items() if k.startswith("about-") and v}


class PublicController(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def home(self, request: Request) -> Response:
        return render(request, "public/home.html", {"groups": await cons.list_public()})

    @get("/consultations/{slug:str}")
    async def consultation(self, request: Request, slug: FromPath[str]) -> Response:
        c = await public_consultation(slug)
        phase = cons.phase(c)
        questions = await questions_for(c["id"])
        names = dict(priorities())
        return render(request, "public/consultation.html", {
            "c": c, "phase": phase, "unavailable_message": unavailable_message(c, phase),
            "question_count": len(questions), "minutes": max(1, round(len(questions) * 0.6)),
            "priorities": [names[p] for p in c["priorities"] or [] if p in names],
            "response_count": await count_for(c["id"]) if phase == "published" else 0,
        })

    @get("/consultations/{slug:str}/respond")
    async def form(self, request: Request, slug: FromPath[str]) -> Response:
        c = await public_consultation(slug)
        phase = cons.phase(c)
        if phase != "open":
            return render(request, "public/consultation.html", {
                "c": c, "phase": phase, "unavailable_message": unavailable_message(c, phase), "priorities": [],
                "question_count": 0, "minutes": 0, "response_count": 0}, status_code=409)
        return await render_form(request, c, values={}, errors={})

    @post("/consultations/{slug:str}/respond")
    async def submit(self, request: Request, slug: FromPath[str]) -> Response:
        c = await public_consultation(slug)
        phase = cons.phase(c)
        if phase != "open":
            return render(request, "public/consultation.html", {
                "c": c, "phase": phase, "unavailable_message": unavailable_message(c, phase), "priorities": [],
                "question_count": 0, "minutes": 0, "response_count": 0}, status_code=409)
        fields = await form_fields(request)
        questions = await questions_for(c["id"])
        checked = check_submission(questions, fields, about_you_fields(fields) if c["ask_about_you"] else {})
        if checked.errors:
            return await render_form(request, c, values=fields, errors=checked.errors, questions=questions,
                                     status_code=400)
        submission_id = first(fields, "submission_id")
        if not SUBMISSION_ID.match(submission_id):
            submission_id = secrets.token_hex(16)
        receipt, _ = await store_submission(
            c["id"], checked, submission_key=f"form:{submission_id}", secret=request.app.state.settings.secret_key)
        return thank_you_redirect(request, c, receipt)

    @get("/consultations/{slug:str}/thank-you")
    async def thank_you(self, request: Request, slug: FromPath[str]) -> Response:
        c = await public_consultation(slug)
        receipt = request.cookies.get(RECEIPT_COOKIE, "")
        receipt = receipt if re.match(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", receipt) else ""
        # After an htmx submission the address bar should show this page, as it would without JavaScript.
        return render(request, "public/thank_you.html", {"c": c, "receipt": receipt},
                      headers={"HX-Replace-Url": request.url.path})


def thank_you_redirect(request: Request, c: dict, receipt: str) -> Response:
    # The receipt travels in a short-lived cookie, not the address, so it stays out of
    # browser history and server logs on shared computers.
    secure = "; Secure" if request.app.state.settings.secure_cookies else ""
    cookie = (f"{RECEIPT_COOKIE}={receipt}; Path=/consultations/{c['slug']}/thank-you; Max-Age=900; "
              f"HttpOnly; SameSite=Lax{secure}")
    return Response(content="", status_code=303,
                    headers={"Location": f"/consultations/{c['slug']}/thank-you", "Set-Cookie": cookie})


async def render_form(request: Request, c: dict, *, values: dict, errors: dict, questions: list | None = None,
                      status_code: int = 200, action: str | None = None, preview: bool = False,
                      entry_channel: str | None = None, channel_label: str = "", entry_saved: bool = False,
                      entry_channels: dict[str, str] | None = None) -> Response:
    questions = questions if questions is not None else await questions_for(c["id"])
    submission_id = first(values, "submission_id") or secrets.token_hex(16)
    if not SUBMISSION_ID.match(submission_id):
        submission_id = secrets.token_hex(16)
    return render(request, "public/respond.html", {
        "c": c, "questions": questions, "values": values, "errors": errors,
        "summary": error_summary(errors), "about_questions": ABOUT_YOU,
        "submission_id": submission_id, "action": action or f"/consultations/{c['slug']}/respond",
        "preview": preview, "entry_channel": entry_channel, "channel_label": channel_label,
        "entry_saved": entry_saved, "entry_channels": entry_channels or {},
    }, status_code=status_code)
