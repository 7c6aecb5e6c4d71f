"""Residents' pages: the list of consultations, one consultation, its form and the receipt."""

from __future__ import annotations

import re
import secrets

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException, ServiceUnavailableException
from litestar.params import FromPath
from litestar.response import Redirect
from markupsafe import Markup

from engage.auth.cookies import Cookie
from engage.framework.vocabulary import ANSWERS_OPT, PAGE_AGE_SECONDS, load_for_answers, priorities
from engage.summaries.published import published_results
from engage.web.client_limits import ClientLimit, wait_message
from engage.web.dependencies import SubmittingDep
from engage.web import htmx
from engage.web.headers import NO_COMPRESSION
from engage.web.forms import error_summary, first, form_fields
from engage.web.templating import render, render_html
from engage.worker_cache import WorkerCache
from surveys import consultations as cons
from surveys import open_forms
from surveys.about_you import QUESTIONS as ABOUT_YOU
from surveys.builder import questions_for
from surveys.languages import EASY_READ
from surveys.responses import StaleForm, check_submission, count_for, store_submission
from surveys.translations import TranslatedPage, live_languages, page_in, reset_words, use_words
from engage.web.templating import _local
from surveys.decisions import actions_for, published_decision
from surveys.plan import plan_for
from surveys.archive import recent_decisions
from surveys.conditions import INSTRUCTION_KEY, with_instructions
from surveys.translations import options_for, ui

SUBMISSION_ID = re.compile(r"^[a-f0-9]{32}$")
RECEIPT_COOKIE = "engage_receipt"
RECEIPT_SECONDS = 900  # long enough to read and note the code, short on a shared computer


def unavailable_message(c: dict, phase: str) -> str:
    if phase == "upcoming":
        return f"This consultation is not open yet. It opens on {_local(c['opens_at'])}."
    if phase in {"closed", "published"}:
        return "This consultation has closed, so it is no longer taking responses. Thank you to everyone who took part."
    return "This consultation is not open."


async def public_form(slug: str, max_age: float = 0.0) -> open_forms.OpenForm:
    """A consultation residents may see, with its questions: never a draft, whatever the guessed address."""
    form = await open_forms.form_for(slug, max_age)
    if form is None or form.consultation["status"] == "draft":
        raise NotFoundException()
    return form


def language_code(request: Request, fields: dict | None = None) -> str:
    """The language a resident asked for: ?lang= in the address (a leaflet can link to it), or the form's field."""
    return (fields or {}).get("lang", [""])[0] or request.query_params.get("lang", "")


def with_lang(path: str, page: TranslatedPage | None) -> str:
    return f"{path}?lang={page.language.code}" if page else path


def render_in(page: TranslatedPage | None, request: Request, template: str, context: dict, **kwargs) -> Response:
    """Render with the page's language: its shared words, its lang and dir attributes, its switcher."""
    context = {**context, "page_language": page.language if page else None, "lang_suffix": with_lang("", page),
               "easy_read": bool(page and page.language.code == EASY_READ.code)}
    token = use_words(page.words if page else {})
    try:
        return render(request, template, context, **kwargs)
    finally:
        reset_words(token)


async def consultation_page(request: Request, c: dict, questions: list, *, status_code: int = 200,
                            preview: bool = False) -> Response:
    """The consultation's own page: what it is about and, once published, its results with the
    true number of responses. Also the answer to its form's address once it is no longer open
    (409 for answers sent too late), so that address never shows a made-up count. An officer's
    preview shows it as it will be while open, whatever it is now (surveys.officer)."""
    phase = "open" if preview else cons.phase(c)
    names = dict(priorities())
    responses = await count_for(c["id"]) if phase == "published" else 0
    page = await page_in(c, questions, language_code(request))
    return render_in(page, request, "public/consultation.html", {
        "c": page.consultation if page else c, "phase": phase, "unavailable_message": unavailable_message(c, phase),
        "languages": await live_languages(c, questions),
        "question_count": len(questions), "minutes": max(1, round(len(questions) * 0.6)),
        "priorities": [names[p] for p in c["priorities"] or [] if p in names],
        "response_count": responses,
        "results": await published_results(c, responses) if phase == "published" else None,
        **await loop_context(c), **({"decision": None, "preview": True, "languages": []} if preview else {}),
    }, status_code=status_code)


async def loop_context(c: dict) -> dict:
    """What the consultation page shows from surveys.plan and surveys.decisions."""

    decision = await published_decision(c["id"])
    return {"plan": await plan_for(c["id"]), "decision": decision,
            "decision_actions": await actions_for(decision["id"]) if decision else []}


def about_you_fields(fields: dict[str, list[str]]) -> dict[str, str]:
    return {k[len("about-"):]: v[0] for k, v in fields.items() if k.startswith("about-") and v}


class PublicController(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def home(self, request: Request) -> Response:
        return render(request, "public/home.html", {"groups": await open_forms.public_list(),
                                                    "decisions": await recent_decisions()})

    @get("/consultations/{slug:str}")
    async def consultation(self, request: Request, slug: FromPath[str]) -> Response:
        form = await public_form(slug)
        return await consultation_page(request, form.consultation, form.questions)

    @get("/consultations/{slug:str}/respond")
    async def form(self, request: Request, slug: FromPath[str]) -> Response:
        form = await public_form(slug)
        phase = cons.phase(form.consultation)
        if phase != "open":
            return await consultation_page(request, form.consultation, form.questions, status_code=409)
        page = await page_in(form.consultation, form.questions, language_code(request))
        return await render_form(request, form.consultation, values={}, errors={}, questions=form.questions,
                                 page=page, languages=await live_languages(form.consultation, form.questions))

    @post("/consultations/{slug:str}/respond", opt={ANSWERS_OPT: True, NO_COMPRESSION: True})
    async def submit(self, request: Request, submitting: SubmittingDep, slug: FromPath[str]) -> Response:
        settings, limits = submitting.settings, submitting.limits
        fields = await form_fields(request)
        wait = await limits.wait_needed(request, ClientLimit("form-submit", settings.form_submissions_per_minute, 60))
        if wait is not None:
            return await too_many_responses(request, slug, fields, wait)
        submission_id = first(fields, "submission_id")
        if not SUBMISSION_ID.match(submission_id):
            submission_id = secrets.token_hex(16)
        # The worker's copy of the form first, unchecked. The store refuses it if the consultation has
        # changed since, and a refusal from an unchecked copy is not trusted either: both check the
        # copy's revision (max_age 0) and the answers again (surveys.open_forms).
        for max_age in (open_forms.MAX_AGE_SECONDS, 0, 0):
            form = await public_form(slug, max_age)
            c = form.consultation
            phase = cons.phase(c)
            page = await page_in(c, form.questions, language_code(request, fields))
            # The translated questions (same ids, kinds and choices) so a mistake names the question as
            # the resident read it, in the form's language.
            about = about_you_fields(fields) if c["ask_about_you"] else {}
            vocabulary = await load_for_answers(form.questions, about, min(max_age, PAGE_AGE_SECONDS))
            checked = check_submission(page.questions if page else form.questions, fields, about,
                                       page.messages if page else None)
            checked.vocabulary = vocabulary
            if (phase != "open" or checked.errors) and max_age:
                continue
            if phase != "open":
                return await consultation_page(request, c, form.questions, status_code=409)
            if checked.errors:
                return await render_form(request, c, values=fields, errors=checked.errors, questions=form.questions,
                                         status_code=400, page=page)
            try:
                receipt, _ = await store_submission(
                    c["id"], checked, submission_key=f"form:{submission_id}",
                    secret=settings.secret_key, revision=form.revision,
                    language=page.language.code if page else "en")
            except StaleForm:
                continue
            return thank_you_redirect(c, receipt, page, secure=settings.secure_cookies)
        raise ServiceUnavailableException("The consultation is being changed. Please send your answers again.")

    @get("/consultations/{slug:str}/thank-you")
    async def thank_you(self, request: Request, slug: FromPath[str]) -> Response:
        form = await public_form(slug)
        c = form.consultation
        page = await page_in(c, form.questions, language_code(request))
        receipt = request.cookies.get(RECEIPT_COOKIE, "")
        receipt = receipt if re.match(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", receipt) else ""
        # After an htmx submission the address bar should show this page, as it would without JavaScript.
        return render_in(page, request, "public/thank_you.html", {"c": page.consultation if page else c,
                                                                  "receipt": receipt},
                         headers=htmx.replace_url(with_lang(request.url.path, page)))


async def too_many_responses(request: Request, slug: str, fields: dict, wait: int) -> Response:
    """429, with the form and every answer as typed, and a message saying how long to wait."""
    form = await public_form(slug)
    phase = cons.phase(form.consultation)
    if phase != "open":
        return await consultation_page(request, form.consultation, form.questions, status_code=409)
    notice = wait_message(wait, "Too many responses have been sent from this connection in the last minute, "
                                "so yours has not been sent yet. Your answers are still below.")
    return await render_form(request, form.consultation, values=fields, errors={}, questions=form.questions,
                             status_code=429, notice=notice, headers={"Retry-After": str(wait)})


def thank_you_redirect(c: dict, receipt: str, page: TranslatedPage | None, *, secure: bool) -> Response:
    # The receipt travels in a short-lived cookie, not the address, so it stays out of
    # browser history and server logs on shared computers; only the thank-you page is sent it.
    thanks = f"/consultations/{c['slug']}/thank-you"
    cookie = Cookie(key=RECEIPT_COOKIE, value=receipt, path=thanks, max_age=RECEIPT_SECONDS, httponly=True,
                    samesite="lax", secure=secure)
    return Redirect(with_lang(thanks, page), status_code=303, cookies=[cookie])


async def render_form(request: Request, c: dict, *, values: dict, errors: dict, questions: list | None = None,
                      status_code: int = 200, action: str | None = None, preview: bool = False,
                      entry_channel: str | None = None, channel_label: str = "", entry_saved: bool = False,
                      entry_channels: dict[str, str] | None = None, notice: str = "",
                      headers: dict[str, str] | None = None, page: TranslatedPage | None = None,
                      languages: list | None = None, extra: dict | None = None) -> Response:
    questions = questions if questions is not None else await questions_for(c["id"])
    submission_id = first(values, "submission_id") or secrets.token_hex(16)
    if not SUBMISSION_ID.match(submission_id):
        submission_id = secrets.token_hex(16)
    shown_c, shown_questions = (page.consultation, page.questions) if page else (c, questions)
    token = use_words(page.words if page else {})
    try:
        fields_html = answer_fields(shown_c, shown_questions, values, errors, page)
    finally:
        reset_words(token)
    return render_in(page, request, "public/respond.html", {
        "c": shown_c, "answer_fields": fields_html, "languages": languages or [], **(extra or {}),
        "summary": ([{"text": notice}] if notice else []) + error_summary(errors),
        "submission_id": submission_id, "action": action or with_lang(f"/consultations/{c['slug']}/respond", page),
        "preview": preview, "entry_channel": entry_channel, "channel_label": channel_label,
        "entry_saved": entry_saved, "entry_channels": entry_channels or {},
    }, status_code=status_code, headers=headers)


_blank_fields = WorkerCache(max_entries=64)


def form_questions(questions: list[dict]) -> list[dict]:
    """The questions with their skip logic's instruction line in the page's language (surveys.conditions);
    call while the page's words are in use (surveys.translations.use_words)."""

    return with_instructions(questions, ui(INSTRUCTION_KEY), ui("form.or"), options_for)


def answer_fields(c: dict, questions: list[dict], values: dict, errors: dict,
                  page: TranslatedPage | None = None) -> Markup:
    """The form's questions and its "About you" section. Rendering the GOV.UK components is most
    of the cost of a form page, and a blank form is the same for every resident, so each worker
    renders it once per version of the questions; answers sent back with errors render afresh."""
    context = {"c": c, "questions": form_questions(questions), "values": values, "errors": errors,
               "about_questions": page.about_you if page else ABOUT_YOU, "page_language": page.language if page else None,
               "easy_read": bool(page and page.language.code == EASY_READ.code)}
    if values or errors:
        return Markup(render_html("public/_answer_fields.html", context))
    key = (c["id"], c["ask_about_you"], repr(questions), page.language.code if page else "en",
           repr(sorted(page.words.items())) if page else "")
    html = _blank_fields.get(key)
    if html is None:
        html = _blank_fields.put(key, Markup(render_html("public/_answer_fields.html", context)))
    return html
