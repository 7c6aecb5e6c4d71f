"""Officers' review queue: concerns first, then possible concerns (voices not in English among
them), then unreviewed voices; confirm, reject or add tags; confirm or clear a safeguarding flag;
add an English translation; set the sentiment.

Plain forms answered with a 303; htmx posts get the voice's card back (the "card" block of
show.html), so the queue works with and without JavaScript.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs, urlsplit

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect

from engage.auth.guards import current_user, writers_only
from engage.voices import review, services
from engage.voices.services import CHANNELS, SOURCES
from engage.web.forms import error_summary, first, form_fields, safe_next
from engage.web.templating import render

PAGE_SIZE = 50  # a compact list: one line per voice
VIEWS = review.VIEWS
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


def _voice_url(voice_id: int, filters: review.Filters) -> str:
    query = filters.query()
    return f"/officer/voices/{voice_id}" + (f"?{query}" if query else "")


async def _view_counts(filters: review.Filters, user_id: int) -> dict[str, int]:
    """How many voices each view holds, with the other filters applied."""
    return {view: await review.count(review.Filters(**{**filters.__dict__, "view": view}), user_id)
            for view in VIEWS}


async def _review_context(voice: dict, filters: review.Filters, user) -> dict:
    """What the one-voice page adds to the card: the review form, the filters it came from, its place."""
    order = await review.queue_order(filters, user.id)
    titles = await review.source_titles([voice])
    return {"back": _voice_url(voice["id"], filters), "filters": filters, "query": filters.query(),
            "review_form": True, "position": (order.index(voice["id"]) + 1) if voice["id"] in order else None,
            "remaining": len(order), "source_title": titles.get(voice["id"], ""),
            "list_url": "/officer/voices" + (f"?{filters.query()}" if filters.query() else "")}


async def _where_from(voice: dict, back: str, user) -> dict:
    """The card's surroundings after an action: on the one-voice page (with its filters) the review
    form stays; in a list, only the address to come back to."""

    parts = urlsplit(back)
    if parts.path != f"/officer/voices/{voice['id']}":
        return {"back": back}
    return await _review_context(voice, review.Filters.parse(parse_qs(parts.query)), user)


class VoiceReviewController(Controller):
    path = "/officer/voices"
    guards = [writers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: HTMXRequest,
                    page: Annotated[int, QueryParameter(name="page", ge=1, le=100_000)] = 1) -> Response:
        user = current_user(request)
        filters = review.Filters.parse(dict(request.query_params))
        voices, total = await review.page(filters, user.id, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        tags = await services.effective_tags([v["id"] for v in voices])
        query = filters.query()
        return render(request, "officer/voices/index.html", {
            "voices": voices, "tags": tags, "total": total, "filters": filters, "views": VIEWS, "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)), "counts": await _view_counts(filters, user.id),
            "choices": await review.filter_choices(), "flags": review.FLAGS, "assigned": review.ASSIGNED,
            "query": query, "bulk": await review.bulk_candidates(filters, user.id),
            "done": request.query_params.get("done", ""), **card_extras(),
        })

    @get("/{voice_id:int}")
    async def show(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        filters = review.Filters.parse(dict(request.query_params))
        return render(request, "officer/voices/show.html", {**await _card_context(voice),
                                                           **await _review_context(voice, filters, current_user(request))})

    @post("/{voice_id:int}/save")
    async def save(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
        """Save one voice's review (a decision for each machine tag, and reviewed), then open the next."""
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        user = current_user(request)
        filters = review.Filters.parse(fields)
        decisions = {}
        for name, values in fields.items():
            if name.startswith("tag-") and name[4:].isdigit():
                decisions[int(name[4:])] = values[0]
        order = await review.queue_order(filters, user.id)
        try:
            await review.save_review(voice, decisions, user)
        except review.ReviewError as exc:
            return await self._error(request, voice, fields, {"review": str(exc)})
        if first(fields, "then") != "next":
            return Redirect(_voice_url(voice_id, filters), status_code=303)
        following = await review.next_voice(filters, user.id, voice_id, order)
        if following is None:
            return Redirect(f"/officer/voices?{filters.query(done='1')}", status_code=303)
        return Redirect(_voice_url(following, filters), status_code=303)

    @post("/{voice_id:int}/assign")
    async def assign(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
        await voice_or_404(voice_id)
        fields = await form_fields(request)
        await review.assign([voice_id], current_user(request) if first(fields, "to") != "nobody" else None)
        return await self._after(request, voice_id, fields)

    @post("/bulk")
    async def bulk(self, request: HTMXRequest) -> Response:
        """Confirm the machine tags of (or take) every voice of the filtered set. The form says how many
        voices it showed; if the set has changed since, nothing is done and the officer is told."""
        fields = await form_fields(request)
        user = current_user(request)
        filters = review.Filters.parse(fields)
        action = first(fields, "action")
        if action == "assign":
            taken = await review.assign_filtered(filters, user)
            return Redirect(f"/officer/voices?{filters.query(done=f'assigned-{taken}')}", status_code=303)
        if action != "confirm":
            raise NotFoundException()
        expected = first(fields, "expected")
        now_there = await review.bulk_candidates(filters, user.id)
        if expected != str(now_there):
            return Redirect(f"/officer/voices?{filters.query(done=f'changed-{now_there}')}", status_code=303)
        voices, tags = await review.bulk_confirm(filters, user)
        return Redirect(f"/officer/voices?{filters.query(done=f'confirmed-{voices}-{tags}')}", status_code=303)

    async def _after(self, request: HTMXRequest, voice_id: int, fields: dict[str, list[str]]) -> Response:
        back = safe_next(first(fields, "next"), f"/officer/voices/{voice_id}")
        if request.htmx:
            voice = await voice_or_404(voice_id)
            return render(request, "officer/voices/show.html",
                          {**await _card_context(voice), **await _where_from(voice, back, current_user(request)),
                           "swapped": True}, block="card")
        return Redirect(f"{back}#voice-{voice_id}", status_code=303)

    @post("/{voice_id:int}/tags")
    async def decide(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
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
    async def undo(self, request: HTMXRequest, voice_id: FromPath[int], entry_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        await services.undo_decision(voice, entry_id, current_user(request))
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/reviewed")
    async def reviewed(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        try:
            await services.mark_reviewed(voice, current_user(request))
        except PermissionError as exc:
            return await self._error(request, voice, fields, {"action": str(exc)})
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/safeguarding")
    async def safeguarding(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
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
    async def confirm_concern(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        try:
            await services.confirm_concern(voice, current_user(request))
        except PermissionError as exc:
            return await self._error(request, voice, fields, {"reason": str(exc)})
        return await self._after(request, voice_id, fields)

    @post("/{voice_id:int}/safeguarding/clear")
    async def clear_concern(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
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
    async def translation(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
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
    async def sentiment(self, request: HTMXRequest, voice_id: FromPath[int]) -> Response:
        voice = await voice_or_404(voice_id)
        fields = await form_fields(request)
        chosen = first(fields, "sentiment")
        if chosen not in services.SENTIMENTS or not voice["analysed"]:
            return await self._error(request, voice, fields, {"sentiment": "Choose negative, neutral or positive"})
        await services.set_sentiment(voice, chosen, current_user(request))
        return await self._after(request, voice_id, fields)

    async def _error(self, request: HTMXRequest, voice: dict, fields: dict, errors: dict, action: str = "",
                     values: dict | None = None) -> Response:
        back = safe_next(first(fields, "next"), f"/officer/voices/{voice['id']}")
        vid = voice["id"]
        context = {**await _card_context(voice, errors, action, values),
                   **await _where_from(voice, back, current_user(request)),
                   "summary": error_summary(errors, {"entry_id": f"add-{vid}", "action": f"action-{vid}",
                                                     "review": f"review-{vid}",
                                                     "reason": f"reason-{vid}", "translation": f"translation-{vid}",
                                                     "sentiment": f"sentiment-{vid}"})}
        block = "card" if request.htmx else None
        return render(request, "officer/voices/show.html", context, status_code=400, block=block)
