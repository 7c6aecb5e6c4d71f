"""Officers acting on residents' requests: erase a response, export what is held (subject access)."""

from __future__ import annotations

import json

from litestar import Controller, Request, Response, get, post

from engage.audit import services as audit
from engage.auth.guards import admins_only, current_user, writers_only
from engage.privacy.requests import held_for_receipt
from engage.web.dependencies import SettingsDep
from engage.web.forms import error_summary, first, form_fields
from engage.web.templating import render
from surveys.erasure import erase_by_receipt
from surveys.responses import normalise_receipt

RECEIPT_HELP = "Enter the receipt code, 12 letters and numbers like ABCD-EFGH-JKMN"
NOT_FOUND = "No response has this receipt code. Check it with the resident and try again"


def _reference(fields: dict) -> str:
    return first(fields, "reference").strip()[:120]


class PrivacyController(Controller):
    path = "/officer/privacy"
    include_in_schema = False

    @get("/erase", guards=[writers_only])
    async def erase_page(self, request: Request) -> Response:
        return render(request, "officer/privacy/erase.html", {"errors": {}, "code": "", "reference": ""})

    @post("/erase", guards=[writers_only])
    async def erase(self, request: Request, settings: SettingsDep) -> Response:
        fields = await form_fields(request)
        code, reference = first(fields, "receipt").strip()[:40], _reference(fields)
        errors = {}
        if not normalise_receipt(code):
            errors["receipt"] = RECEIPT_HELP
        elif first(fields, "confirm") != "yes":
            errors["confirm"] = "Confirm the resident asked for their response to be deleted"
        elif not await erase_by_receipt(code, settings.secret_key):
            errors["receipt"] = NOT_FOUND
        if errors:
            return render(request, "officer/privacy/erase.html",
                          {"errors": errors, "summary": error_summary(errors), "code": code,
                           "reference": reference}, status_code=400)
        # The trail records who acted and their case reference, never the code or the content.
        await audit.record(current_user(request), "erase", "response", "by-officer",
                           {"channel": "officer", "reference": reference})
        return render(request, "officer/privacy/erase.html", {"errors": {}, "done": True, "code": "", "reference": ""})

    @get("/access", guards=[admins_only])
    async def access_page(self, request: Request) -> Response:
        return render(request, "officer/privacy/access.html", {"errors": {}, "code": "", "reference": ""})

    @post("/access", guards=[admins_only])
    async def access(self, request: Request, settings: SettingsDep) -> Response:
        fields = await form_fields(request)
        code, reference = first(fields, "receipt").strip()[:40], _reference(fields)
        errors = {}
        held = None
        if not normalise_receipt(code):
            errors["receipt"] = RECEIPT_HELP
        else:
            held = await held_for_receipt(code, settings.secret_key)
            if held is None:
                errors["receipt"] = NOT_FOUND
        if errors:
            return render(request, "officer/privacy/access.html",
                          {"errors": errors, "summary": error_summary(errors), "code": code,
                           "reference": reference}, status_code=400)
        await audit.record(current_user(request), "export", "subject_access", "by-receipt",
                           {"reference": reference})
        body = json.dumps(held, indent=2, ensure_ascii=False, default=str)
        # The file name carries the case reference, never the code: receipts never leave the resident.
        name = "subject-access" + ("-" + "".join(ch for ch in reference if ch.isalnum())[:40] if reference else "") + ".json"
        return Response(body, media_type="application/json; charset=utf-8", status_code=200,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
