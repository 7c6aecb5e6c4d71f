"""Residents' side of closing the loop: the "We asked, you said, we did" decision page, the archive
of closed consultations, the Atom feed of new consultations and decisions, following a response by
its receipt code, and asking for one email when the decision is published."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from engage.framework.vocabulary import priorities, wards
from engage.web.client_limits import ClientLimit, wait_message
from engage.web.dependencies import ClientLimitsDep, SettingsDep
from engage.web.forms import error_summary, first, form_fields
from engage.web.templating import render, render_html
from surveys import archive, decisions, plan
from surveys import consultations as cons
from surveys.public import public_form
from surveys.responses import normalise_receipt, receipt_hash
from surveys.tables import Response as ResponseRow

FEED_TYPE = "application/atom+xml"


async def consultation_for_receipt(code: str, secret: str) -> dict | None:
    """The consultation a receipt code's response belongs to (never the response itself)."""
    row = await ResponseRow.select(ResponseRow.consultation).where(
        ResponseRow.receipt_hash == receipt_hash(secret, code)).first()
    return await cons.get(row["consultation"]) if row else None


def stage_link(c: dict, stage: str) -> tuple[str, str]:
    """Where a resident following a response goes next: (address, link text)."""
    if stage == "decided":
        return f"/consultations/{c['slug']}/decision", "See what was decided"
    if stage == "published":
        return f"/consultations/{c['slug']}#results", "See the results"
    return f"/consultations/{c['slug']}", "See the consultation"


class LoopPublicController(Controller):
    path = "/"
    include_in_schema = False

    @get("/consultations/{slug:str}/decision")
    async def decision(self, request: Request, slug: FromPath[str]) -> Response:
        c = (await public_form(slug)).consultation
        decision = await decisions.published_decision(c["id"])
        if decision is None:
            raise NotFoundException()
        return render(request, "public/decision.html", {
            "c": c, "decision": decision, "actions": await decisions.actions_for(decision["id"]),
            "results_published": cons.phase(c) == "published", "plan": await plan.plan_for(c["id"]),
        })

    @get("/archive")
    async def archive_page(self, request: Request) -> Response:
        params = request.query_params
        ward_slugs = {slug for slug, _ in wards()}
        priority_slugs = {slug for slug, _ in priorities()}
        f = archive.ArchiveFilters(
            q=" ".join(params.get("q", "").split())[:100],
            ward=params.get("ward", "") if params.get("ward", "") in ward_slugs else "",
            priority=params.get("priority", "") if params.get("priority", "") in priority_slugs else "",
            year=params.get("year", "") if params.get("year", "").isdigit() and len(params.get("year", "")) == 4 else "")
        rows, years = await archive.archive(f)
        return render(request, "public/archive.html", {
            "rows": rows, "years": years, "f": f, "wards": wards(), "priorities": priorities(),
            "ward_names": dict(wards()), "priority_names": dict(priorities()),
            "filtered": any((f.q, f.ward, f.priority, f.year)),
        })

    @get("/feed.atom")
    async def feed(self, request: Request, settings: SettingsDep) -> Response:
        entries = await archive.feed_entries()
        xml = render_html("public/feed.atom", {
            "entries": entries, "base": settings.base_url,
            "updated": entries[0].updated if entries else None})
        return Response(content=xml, media_type=FEED_TYPE)

    @get("/follow-my-response")
    async def follow_page(self, request: Request) -> Response:
        return render(request, "public/follow.html", {"errors": {}, "code": ""})

    @post("/follow-my-response")
    async def follow_lookup(self, request: Request, settings: SettingsDep, limits: ClientLimitsDep) -> Response:
        code = first(await form_fields(request), "receipt").strip()[:40]
        errors: dict[str, str] = {}
        allowed = settings.erasure_attempts_per_hour
        wait = await limits.wait_needed(request, ClientLimit("follow", allowed, 3600))
        c = None
        if wait is not None:
            errors["receipt"] = wait_message(wait, f"Receipt codes have been tried more than {allowed} times from "
                                                   "this connection in the last hour.")
        elif not normalise_receipt(code):
            errors["receipt"] = "Enter your receipt code, 12 letters and numbers like ABCD-EFGH-JKMN"
        else:
            c = await consultation_for_receipt(normalise_receipt(code), settings.secret_key)
            if c is None:
                errors["receipt"] = "No response has this receipt code. Check it and try again"
        if errors:
            return render(request, "public/follow.html", {"errors": errors, "summary": error_summary(errors),
                                                          "code": code}, status_code=429 if wait else 400)
        stage = await decisions.stage(c)
        href, text = stage_link(c, stage)
        return render(request, "public/follow.html", {
            "errors": {}, "code": "", "c": c, "stage": stage, "stages": decisions.STAGES, "href": href,
            "link_text": text, "email_errors": {}})

    @post("/consultations/{slug:str}/follow")
    async def follow(self, request: Request, slug: FromPath[str], settings: SettingsDep,
                     limits: ClientLimitsDep) -> Response:
        c = (await public_form(slug)).consultation
        email = first(await form_fields(request), "email").strip()[:300]
        errors: dict[str, str] = {}
        wait = await limits.wait_needed(request, ClientLimit("follow-email", settings.form_submissions_per_minute, 60))
        outcome = ""
        if wait is not None:
            errors["email"] = wait_message(wait, "Too many requests have come from this connection in the last minute.")
        else:
            try:
                outcome = await decisions.follow(c, email)
            except decisions.DecisionError as exc:
                errors = exc.errors
        if errors:
            return render(request, "public/follow_email.html", {
                "c": c, "email": email, "errors": errors, "summary": error_summary(errors)},
                status_code=429 if wait else 400)
        return render(request, "public/follow_email.html", {"c": c, "outcome": outcome, "errors": {}})
