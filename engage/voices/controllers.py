"""Officers' review queue: concerns first, then possible concerns (voices not in English among
them), then unreviewed voices; confirm, reject or add tags; confirm or clear a safeguarding flag;
add an English translation; set the sentiment.

Plain forms answered with a 303; htmx posts get the voice's card back (the "card" block of
show.html), so the queue works with and without JavaScript.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect
from typing import Annotated

from engage.auth.guards import current_user, writers_only
from engage.web.forms import error_summary, first, form_fields, safe_next
from engage.web.templating import render
from engage.voices import services
from engage.voices.services import CHANNELS, SOURCES

PAGE_SIZE = 20
VIEWS = {"queue": "To review", "flagged": "Safeguarding", "not-analysed": "Not analysed", "reviewed": "Reviewed"}
MAX_REASON = 2000


async def voice_or_404(voice_id: int) -> dict:
    voice = await services.get_voice(voice_id)
    if voice is None:
        raise NotFoundException()
    return voice


def card_extras() -> dict:
    """What every voice card needs besides the voice itself."""
    return {"channels": CHANNELS, "sources": SOURCES, "language_label": services.language_label,
            "sentiments": services.SENTIMENTS}


async def _card_context(voice: dict, errors: dict | None = None, action: str = "", values: dict | None = None) -> dict:
    tags = (await services.effective_tags([voice["id"]]))[voice["id"]]
    return {"voice": voice, "tags": tags, "choices": await services.tag_choices(), "errors": errors or {},
            "action": action, "values": values or {}, **card_extras()}


class VoiceReviewController(Controller):
    path = "/officer/voices"
    guards = [writers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request,
                    view: Annotated[str, QueryParameter(name="view", max_length=20)] = "queue",
                    language: Annotated[str, QueryParameter(name="language", max_length=12)] = "",
                    page: Annotated[int, QueryParameter(name="page", ge=1, le=100_000)] = 1) -> Response:
        view = view if view in VIEWS else "queue"
        languages = await services.queue_languages()
        language = language if language in {lang["code"] for lang in languages} else ""
        voices, total = await services.queue(view, PAGE_SIZE, (page - 1) * PAGE_SIZE, language)
        tags = await services.effective_tags([v["id"] for v in voices])
        query = f"view={view}" + (f"&language={language}" if language else "")
        return render(request, "officer/voices/index.html", {
            "voices": voices, "tags": tags, "total": total, "view": view, "views": VIEWS, "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)), "counts": await services.queue_counts(language),
            "choices": await services.tag_choices(), "languages": languages, "language": language,
            "query": query, "back": f"/officer/voices?{query}&page={page}", **card_extras(),
        })

    @get("/{voice_id:int}")
    async def show(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        return render(request, "officer/voices/show.html", {**await _card_context(voice),
                                                           "back": f"/officer/voices/{voice_id}"})

    async def _after(self, request: Request, voice_id: int, fields: dict[str, list[str]]) -> Response:
        back = safe_next(first(fields, "next"), f"/officer/voices/{voice_id}")
        if request.headers.get("hx-request") == "true":
            voice = await voice_or_404(voice_id)
            return render(request, "officer/voices/show.html",
                          {**await _card_context(voice), "back": back, "swapped": True}, block="card")
        return Redirect(f"{back}#voice-{voice_id}", status_code=303)

    @post("/{voice_id:int}/tags")
    async def decide(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        decision = first(fields, "decision")
        try:
            entry_id = int(first(fields, "entry_id"))
        except ValueError:
            entry_id = 0
        if decision not in services.DECISIONS or not entry_id:
            return await self._error(request, voice, fields, {"entry_id": "Choose a theme to add"})
        try:
            await services.decide_tag(voice, entry_id, decision, current_user(request))
        except LookupError:
            return await self._error(request, voice, fields, {"entry_id": "Choose a current theme"})
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/tags/{entry_id:int}/undo")
    async def undo(self, request: Request, voice_id: FromPath[int], entry_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        await services.undo_decision(voice, entry_id, current_user(request))
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/reviewed")
    async def reviewed(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        try:
            await services.mark_reviewed(voice, current_user(request))
        except PermissionError as exc:
            return await self._error(request, voice, fields, {"action": str(exc)})
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/safeguarding")
    async def safeguarding(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        action = first(fields, "action").strip()
        if not voice["safeguarding"]:
            raise NotFoundException()
        if not action:
            return await self._error(request, voice, fields, {"action": "Enter what was done, and by whom"}, action)
        if len(action) > 2000:
            return await self._error(request, voice, fields, {"action": "Keep it to 2,000 characters or fewer"},
                                     action)
        await services.record_safeguarding_action(voice, action, current_user(request))
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/safeguarding/confirm")
    async def confirm_concern(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        try:
            await services.confirm_concern(voice, current_user(request))
        except PermissionError as exc:
            return await self._error(request, voice, fields, {"reason": str(exc)})
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/safeguarding/clear")
    async def clear_concern(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        reason = first(fields, "reason").strip()
        error = ("Enter why there is no safeguarding concern" if not reason else
                 f"Keep the reason to {MAX_REASON:,} characters or fewer" if len(reason) > MAX_REASON else "")
        if not error:
            try:
                await services.clear_concern(voice, reason, current_user(request))
            except PermissionError as exc:
                error = str(exc)
        if error:
            return await self._error(request, voice, fields, {"reason": error}, values={"reason": reason})
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/translation")
    async def translation(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        if voice["language"] == "en":
            raise NotFoundException()
        fields = await form_fields(request)
        text = first(fields, "translation")
        try:
            await services.set_translation(voice, text, current_user(request))
        except services.TranslationError as exc:
            return await self._error(request, voice, fields, {"translation": str(exc)}, values={"translation": text})
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/sentiment")
    async def sentiment(self, request: Request, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        chosen = first(fields, "sentiment")
        if chosen not in services.SENTIMENTS or not voice["analysed"]:
            return await self._error(request, voice, fields, {"sentiment": "Choose negative, neutral or positive"})
        await services.set_sentiment(voice, chosen, current_user(request))
        return await self._after(request, voice_id, fields)

    async def _error(self, request: Request, voice: dict, fields: dict, errors: dict, action: str = "",
                     values: dict | None = None) -> Response:
        back = safe_next(first(fields, "next"), f"/officer/voices/{voice['id']}")
        vid = voice["id"]
        context = {**await _card_context(voice, errors, action, values), "back": back,
                   "summary": error_summary(errors, {"entry_id": f"add-{vid}", "action": f"action-{vid}",
                                                     "reason": f"reason-{vid}", "translation": f"translation-{vid}",
                                                     "sentiment": f"sentiment-{vid}"})}
        block = "card" if request.headers.get("hx-request") == "true" else None
        return render(request, "officer/voices/show.html", context, status_code=400, block=block)
