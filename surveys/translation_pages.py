"""Officers' translation pages: each language's completeness for a consultation, the form a
translator's words are pasted into, and the shared words every consultation uses."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth.guards import current_user, writers_only
from engage.web.forms import first, form_fields
from engage.web.templating import render
from surveys import languages
from surveys import translations as tr
from surveys.builder import questions_for
from surveys.officer import consultation_or_404


def _labels(sources: dict[str, str], questions: list[dict]) -> dict[str, str]:
    """A name an officer recognises for each piece of English."""
    numbers = {f"q{q['id']}": i for i, q in enumerate(questions, start=1)}
    out = {}
    for key in sources:
        head, _, rest = key.partition(".")
        if head in numbers:
            n = numbers[head]
            if rest == "text":
                out[key] = f"Question {n}"
            elif rest == "hint":
                out[key] = f"Question {n}: hint"
            else:
                out[key] = f"Question {n}: answer"
        elif key.startswith(("page.", "form.")):
            out[key] = "Page text"
        elif key.startswith("error."):
            out[key] = ("Error message (%{question} stands for the question, the other %{...} for numbers or dates "
                        "such as %{limit} or %{low}: keep them)")
        elif key.startswith("govuk."):
            out[key] = "Form component text (%{count} stands for a number: keep it)"
        elif key.startswith("condition."):
            out[key] = "Skip logic text ({answers} and {number} are filled in: keep them)"
        elif key.startswith("option."):
            out[key] = "Answer to a fixed question"
        elif key.startswith("about."):
            out[key] = "About you"
        else:
            out[key] = key.capitalize()
    return out


def _language_or_404(code: str) -> languages.Language:
    lang = languages.get(code)
    if lang is None:
        raise NotFoundException()
    return lang


def _entries(sources: dict[str, str], rows: dict[str, dict], labels: dict[str, str], posted: dict | None = None):
    state = tr.completeness(sources, rows)
    outdated = {o.key: o for o in state.outdated}
    for i, (key, english) in enumerate(sources.items()):
        row = rows.get(key)
        text = posted.get(key, "") if posted is not None else (row["text"] if row else "")
        yield {"key": key, "field": f"t{i}", "label": labels[key], "english": english, "text": text,
               "long": len(english) > 120 or "\n" in english, "outdated": outdated.get(key),
               "missing": row is None}


class TranslationController(Controller):
    path = "/officer"
    guards = [writers_only]
    include_in_schema = False

    @get("/consultations/{consultation_id:int}/translations")
    async def overview(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        states = await tr.states(c, await questions_for(c["id"]))
        return render(request, "officer/translations/overview.html", {"c": c, "states": states})

    @get("/consultations/{consultation_id:int}/translations/{code:str}")
    async def edit(self, request: Request, consultation_id: FromPath[int], code: FromPath[str]) -> Response:
        c = await consultation_or_404(consultation_id)
        return await self._form(request, c, _language_or_404(code))

    @post("/consultations/{consultation_id:int}/translations/{code:str}")
    async def save(self, request: Request, consultation_id: FromPath[int], code: FromPath[str]) -> Response:
        c = await consultation_or_404(consultation_id)
        lang = _language_or_404(code)
        questions = await questions_for(c["id"])
        sources = tr.consultation_sources(c, questions)
        return await self._save(request, lang, tr.scope_for(c["id"]), c, sources, questions,
                                f"/officer/consultations/{c['id']}/translations/{lang.code}")

    @get("/translations/{code:str}")
    async def edit_shared(self, request: Request, code: FromPath[str]) -> Response:
        return await self._form(request, None, _language_or_404(code))

    @post("/translations/{code:str}")
    async def save_shared(self, request: Request, code: FromPath[str]) -> Response:
        lang = _language_or_404(code)
        return await self._save(request, lang, tr.INTERFACE_SCOPE, None, tr.shared_form_sources(), [],
                                f"/officer/translations/{lang.code}")

    async def _save(self, request: Request, lang: languages.Language, scope: str, c: dict | None,
                    sources: dict[str, str], questions: list[dict], back: str) -> Response:
        fields = await form_fields(request)
        # Fields are numbered in the order of the English the form was made from; its keys come back
        # with it, so a field typed against English that has since changed is refused, not misfiled.
        keys = fields.get("key", [])
        texts = {key: first(fields, f"t{i}") for i, key in enumerate(keys)}
        shown = {key: first(fields, f"s{i}") for i, key in enumerate(keys)}
        try:
            changed = await tr.save(scope, c["id"] if c else None, lang.code, sources, texts, current_user(request).id,
                                   shown)
        except tr.TranslationError as exc:
            return await self._form(request, c, lang, error=str(exc), posted=texts, status_code=400)
        if changed:
            await audit.record(current_user(request), "translate", "consultation" if c else "translations",
                               c["id"] if c else 0, {"language": lang.code, "changed": changed})
        return Redirect(f"{back}?saved={changed}", status_code=303)

    async def _form(self, request: Request, c: dict | None, lang: languages.Language, *, error: str = "",
                    posted: dict | None = None, status_code: int = 200) -> Response:
        questions = await questions_for(c["id"]) if c else []
        sources = tr.consultation_sources(c, questions) if c else tr.shared_form_sources()
        scope = tr.scope_for(c["id"]) if c else tr.INTERFACE_SCOPE
        rows = await tr.stored(scope, lang.code)
        # Liveness needs the page words; the error messages fall back to English, so they are counted apart.
        state = tr.completeness(tr.consultation_sources(c, questions) if c else tr.interface_sources(), rows)
        errors_state = None if c else tr.completeness(tr.error_sources(), rows)
        entries = list(_entries(sources, rows, _labels(sources, questions), posted))
        return render(request, "officer/translations/edit.html", {
            "c": c, "lang": lang, "entries": entries, "state": state, "errors_state": errors_state, "error": error,
            "summary": [{"text": error, "href": "#translations"}] if error else [],
            "saved": request.query_params.get("saved"),
        }, status_code=status_code)
