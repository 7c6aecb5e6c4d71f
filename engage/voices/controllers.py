"""Officers' review queue: safeguarding first, then unreviewed voices; confirm, reject or add tags.

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
VIEWS = {"queue": "To review", "flagged": "Safeguarding", "reviewed": "Reviewed"}


async def voice_or_404(voice_id: int) -> dict:
    voice = await services.get_voice(voice_id)
    if voice is None:
        raise NotFoundException()
    return voice


async def _card_context(voice: dict, errors: dict | None = None, action: str = "") -> dict:
    tags = (await services.effective_tags([voice["id"]]))[voice["id"]]
    return {"voice": voice, "tags": tags, "choices": await services.tag_choices(), "errors": errors or {},
            "action": action, "channels": CHANNELS, "sources": SOURCES}


class VoiceReviewController(Controller):
    path = "/officer/voices"
    guards = [writers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request,
                    view: Annotated[str, QueryParameter(name="view", max_length=20)] = "queue",
                    page: Annotated[int, QueryParameter(name="page", ge=1, le=100_000)] = 1) -> Response:
        view = view if view in VIEWS else "queue"
        voices, total = await services.queue(view, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        tags = await services.effective_tags([v["id"] for v in voices])
        return render(request, "officer/voices/index.html", {
            "voices": voices, "tags": tags, "total": total, "view": view, "views": VIEWS, "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)), "counts": await services.queue_counts(),
            "choices": await services.tag_choices(), "channels": CHANNELS, "sources": SOURCES,
            "back": f"/officer/voices?view={view}&page={page}",
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

    async def _error(self, request: Request, voice: dict, fields: dict, errors: dict, action: str = "") -> Response:
        back = safe_next(first(fields, "next"), f"/officer/voices/{voice['id']}")
        context = {**await _card_context(voice, errors, action), "back": back,
                   "summary": error_summary(errors, {"entry_id": f"add-{voice['id']}", "action": f"action-{voice['id']}"})}
        block = "card" if request.headers.get("hx-request") == "true" else None
        return render(request, "officer/voices/show.html", context, status_code=400, block=block)
