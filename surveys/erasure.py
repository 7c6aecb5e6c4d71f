"""Deleting a response with its receipt code: the response, its answers and the voices analysed
from them. Equality ("About you") answers are stored with no link to the response or the code
(surveys.about_you_store), so they cannot be found to be deleted: they stay, as anonymous counts,
until the consultation's retention period ends."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post

from engage.audit import services as audit
from engage.db import transaction
from engage.voices.services import forget_voices
from engage.web.client_limits import ClientLimit, wait_message
from engage.web.dependencies import ClientLimitsDep, SettingsDep
from engage.web.forms import error_summary, first, form_fields
from engage.web.templating import render
from surveys.responses import normalise_receipt, receipt_hash
from surveys.tables import Answer, Response as ResponseRow


async def erase_by_receipt(receipt: str, secret: str) -> bool:
    """Remove everything held against a receipt code; False when nothing matched."""
    code = normalise_receipt(receipt)
    if not code:
        return False
    async with transaction():
        row = await ResponseRow.select(ResponseRow.id, ResponseRow.consultation).where(
            ResponseRow.receipt_hash == receipt_hash(secret, code)).first()
        if row is None:
            return False
        answer_ids = [a["id"] for a in await Answer.select(Answer.id).where(Answer.response == row["id"]).run()]
        await forget_voices(source="answer", source_ids=answer_ids)  # the voices analysed from those answers go too
        await ResponseRow.delete().where(ResponseRow.id == row["id"]).run()  # answers go with it (cascade)
    return True


class ErasureController(Controller):
    path = "/delete-my-response"
    include_in_schema = False

    @get("/")
    async def page(self, request: Request) -> Response:
        return render(request, "public/erase.html", {"errors": {}, "code": ""})

    @post("/")
    async def erase(self, request: Request, settings: SettingsDep, limits: ClientLimitsDep) -> Response:
        code = first(await form_fields(request), "receipt").strip()[:40]
        errors = {}
        allowed = settings.erasure_attempts_per_hour
        wait = await limits.wait_needed(request, ClientLimit("erase", allowed, 3600))
        if wait is not None:
            # Receipt codes cannot be guessed at speed: the code stays in the box for later.
            errors["receipt"] = wait_message(wait, f"Receipt codes have been tried more than {allowed} times from "
                                                   "this connection in the last hour.")
            return render(request, "public/erase.html", {"errors": errors, "summary": error_summary(errors),
                                                         "code": code}, status_code=429,
                          headers={"Retry-After": str(wait)})
        if not normalise_receipt(code):
            errors["receipt"] = "Enter your receipt code, 12 letters and numbers like ABCD-EFGH-JKMN"
        elif not await erase_by_receipt(code, settings.secret_key):
            errors["receipt"] = "No response has this receipt code. Check it and try again"
        if errors:
            return render(request, "public/erase.html", {"errors": errors, "summary": error_summary(errors),
                                                         "code": code}, status_code=400)
        # The audit names no code and no content: just that an erasure happened.
        await audit.record(None, "erase", "response", "by-receipt", {"channel": "resident"})
        return render(request, "public/erase.html", {"errors": {}, "done": True, "code": ""})
