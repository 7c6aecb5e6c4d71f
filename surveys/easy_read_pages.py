"""The Easy Read version of a consultation: the officer's page for its words and pictures, and
the public address its pictures are served from.

The words are a translation into "easy-read" (surveys.translations): the same completeness, the
same "out of date when the English changes", live only when complete. Each piece shows its
reading age and any sentence over 15 words, so the officer sees what to shorten. Each question
may have a picture (surveys.easy_read_images), with alt text unless marked decorative."""

from __future__ import annotations

import re

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth.guards import current_user, writers_only
from engage.web.forms import MAX_FIELD_LENGTH, first, form_fields
from engage.web.templating import render
from surveys import easy_read_images as images
from surveys import translations as tr
from surveys.builder import questions_for
from surveys.languages import EASY_READ
from surveys.officer import consultation_or_404
from surveys.readability import EASY_READ_SENTENCE_WORDS, long_sentences, reading_age, warning_age
from surveys.translation_pages import _entries, _labels
from surveys.consultations import get as get_consultation

DIGEST = re.compile(r"^[0-9a-f]{64}$")
UPLOAD_BODY_LIMIT = 2_000_000  # the form around a 1 MB picture; more is cut off before it is read


class EasyReadController(Controller):
    path = "/officer/consultations/{consultation_id:int}/easy-read"
    guards = [writers_only]
    include_in_schema = False

    @get("/")
    async def edit(self, request: Request, consultation_id: FromPath[int]) -> Response:
        return await self._page(request, await consultation_or_404(consultation_id))

    @post("/")
    async def save_words(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        questions = await questions_for(c["id"])
        fields = await form_fields(request)
        keys = fields.get("key", [])
        texts = {key: first(fields, f"t{i}") for i, key in enumerate(keys)}
        shown = {key: first(fields, f"s{i}") for i, key in enumerate(keys)}
        try:
            changed = await tr.save(tr.scope_for(c["id"]), c["id"], EASY_READ.code, tr.consultation_sources(c, questions),
                                    texts, current_user(request).id, shown)
        except tr.TranslationError as exc:
            return await self._page(request, c, summary=[{"text": str(exc), "href": "#easy-read-words"}],
                                    posted=texts, status_code=400)
        if changed:
            await audit.record(current_user(request), "translate", "consultation", c["id"],
                               {"language": EASY_READ.code, "changed": changed})
        return Redirect(f"/officer/consultations/{c['id']}/easy-read?saved={changed}", status_code=303)

    @post("/images/{question_id:int}", request_max_body_size=UPLOAD_BODY_LIMIT)
    async def save_image(self, request: Request, consultation_id: FromPath[int], question_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        question = await _question_or_404(c, question_id)
        form = await request.form()
        upload = form.get("image")
        alt = form.get("alt")
        alt = alt[:MAX_FIELD_LENGTH] if isinstance(alt, str) else ""
        decorative = form.get("decorative") == "yes"
        existing = (await images.for_consultation(c["id"])).get(question_id)
        name = f"q{question_id}"
        errors: dict[str, str] = {}
        clean = None
        if isinstance(upload, UploadFile) and upload.filename:
            try:
                clean = images.clean(await upload.read())
            except images.ImageRefused as exc:
                errors[f"image-{name}"] = str(exc)
        elif existing is None:
            errors[f"image-{name}"] = "Choose a picture to upload"
        try:
            alt = images.check_alt(alt, decorative)
        except images.ImageRefused as exc:
            errors[f"alt-{name}"] = str(exc)
        if errors:
            return await self._page(request, c, image_errors={question_id: errors},
                                    image_values={question_id: {"alt": alt, "decorative": decorative}},
                                    summary=[{"text": m, "href": f"#{k}"} for k, m in errors.items()], status_code=400)
        await images.save(c["id"], question["id"], clean, alt, decorative, current_user(request).id)
        await audit.record(current_user(request), "easy-read-image", "consultation", c["id"],
                           {"question": question_id, "new_picture": clean is not None})
        return Redirect(f"/officer/consultations/{c['id']}/easy-read?picture={question_id}#picture-{name}",
                        status_code=303)

    @post("/images/{question_id:int}/remove")
    async def remove_image(self, request: Request, consultation_id: FromPath[int],
                           question_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        await _question_or_404(c, question_id)
        if await images.remove(question_id):
            await audit.record(current_user(request), "easy-read-image-removed", "consultation", c["id"],
                               {"question": question_id})
        return Redirect(f"/officer/consultations/{c['id']}/easy-read#picture-q{question_id}", status_code=303)

    async def _page(self, request: Request, c: dict, *, summary: list | None = None, posted: dict | None = None,
                    image_errors: dict | None = None, image_values: dict | None = None,
                    status_code: int = 200) -> Response:
        questions = await questions_for(c["id"])
        sources = tr.consultation_sources(c, questions)
        rows = await tr.stored(tr.scope_for(c["id"]), EASY_READ.code)
        entries = list(_entries(sources, rows, _labels(sources, questions), posted))
        for entry in entries:
            entry["long"] = True  # one idea per line: every piece may take several lines
            entry["reading_age"] = reading_age(entry["text"])
            entry["long_sentences"] = long_sentences(entry["text"])
        pictures = await images.for_consultation(c["id"])
        return render(request, "officer/easy_read/edit.html", {
            "c": c, "entries": entries, "state": tr.completeness(sources, rows), "questions": questions,
            "pictures": pictures, "image_errors": image_errors or {}, "image_values": image_values or {},
            "summary": summary or [], "saved": request.query_params.get("saved"),
            "picture_saved": request.query_params.get("picture"), "limit": warning_age(),
            "sentence_words": EASY_READ_SENTENCE_WORDS,
        }, status_code=status_code)


async def _question_or_404(c: dict, question_id: int) -> dict:
    question = next((q for q in await questions_for(c["id"]) if q["id"] == question_id), None)
    if question is None:
        raise NotFoundException()
    return question


@get("/easy-read/images/{digest:str}", include_in_schema=False)
async def easy_read_image(request: Request, digest: FromPath[str]) -> Response:
    """A picture of an Easy Read version, by the SHA-256 of its bytes: the same address always means
    the same picture, so a browser may keep it for a year. A draft's pictures only for officers."""
    row = await images.by_digest(digest) if DIGEST.match(digest) else None
    if row is None:
        raise NotFoundException()
    if current_user(request) is None:

        owner = await get_consultation(row["consultation"])
        if owner is None or owner["status"] == "draft":
            raise NotFoundException()
    return Response(content=bytes(row["data"]), media_type=row["content_type"], headers={
        "Cache-Control": "public, max-age=31536000, immutable", "ETag": f'"{digest}"',
        "X-Content-Type-Options": "nosniff", "Content-Disposition": "inline"})
