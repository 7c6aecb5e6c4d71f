"""The admins' outbox page: every message queued, sent or failed, retry and discard, the mail
server in use, and which accounts are the designated safeguarding officers."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth.guards import admins_only, current_user
from engage.outbox import services, smtp
from engage.outbox.recipients import designate, designated_ids, officer_accounts, undesignate
from engage.web.forms import form_fields
from engage.web.templating import render

PATH = "/officer/admin/outbox"
DONE = {"retried": "The message is queued again.", "discarded": "The message was discarded.",
        "designated": "Safeguarding officers updated.", "test": "A test message is queued."}
STATUSES = {"": "All", "queued": "Queued", "sent": "Sent", "failed": "Failed", "discarded": "Discarded"}


class OutboxAdminController(Controller):
    path = PATH
    guards = [admins_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Response:
        status = request.query_params.get("status", "")
        status = status if status in STATUSES else ""
        try:
            server, server_error = smtp.mail_server().describe(), ""
        except smtp.MailConfigError as exc:
            server, server_error = "", str(exc)
        error = request.query_params.get("error", "")
        return render(request, "officer/outbox.html", {
            "messages": await services.recent(status), "counts": await services.counts(), "status": status,
            "statuses": STATUSES, "kinds": services.KINDS, "server": server, "server_error": server_error,
            "done": DONE.get(request.query_params.get("done", ""), ""),
            "error": error if error in RETRY_ERRORS else "",
            "accounts": await officer_accounts(), "designated": await designated_ids()})

    @post("/{message_id:int}/retry")
    async def retry(self, request: Request, message_id: FromPath[int]) -> Response:
        problem = await services.retry(message_id)
        if problem == services.MISSING:
            raise NotFoundException()
        if problem:
            return Redirect(f"{PATH}?error={RETRY_CODES.get(problem, 'retry')}", status_code=303)
        await audit.record(current_user(request), "retry", "outbox-message", message_id)
        return Redirect(f"{PATH}?done=retried", status_code=303)

    @post("/{message_id:int}/discard")
    async def discard(self, request: Request, message_id: FromPath[int]) -> Response:
        if not await services.discard(message_id):
            raise NotFoundException()
        await audit.record(current_user(request), "discard", "outbox-message", message_id)
        return Redirect(f"{PATH}?done=discarded", status_code=303)

    @post("/safeguarding-officers")
    async def safeguarding_officers(self, request: Request) -> Response:
        fields = await form_fields(request)
        chosen = {int(v) for v in fields.get("user", []) if v.isdigit()}
        known = {a["id"] for a in await officer_accounts()}
        before = await designated_ids()
        user = current_user(request)
        for user_id in (chosen & known) - before:
            await designate(user_id, user.id)
        for user_id in before - chosen:
            await undesignate(user_id)
        await audit.record(user, "designate", "safeguarding-officers", "outbox",
                           {"users": sorted(chosen & known)})
        return Redirect(f"{PATH}?done=designated", status_code=303)

    @post("/test")
    async def test_message(self, request: Request) -> Response:
        """A test message to the signed-in admin: proves the mail server set-up end to end."""
        user = current_user(request)
        await services.queue_message("test", user.email, "engage: test message",
                                     "This is a test message from engage's outbox. The mail server set-up works.")
        await audit.record(user, "test", "outbox-message", "test")
        return Redirect(f"{PATH}?done=test", status_code=303)


RETRY_ERRORS = {"retry": "Only a failed message can be tried again",
                "forgotten": "This message's address was deleted after its last attempt, as residents were promised"}
RETRY_CODES = {v: k for k, v in RETRY_ERRORS.items()}
