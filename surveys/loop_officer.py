"""Officers closing the loop on a consultation: the plan before opening, confirming publication of
results, the decision and its follow-up actions, and duplicating a consultation as a draft."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth.guards import current_user, writers_only
from engage.framework.vocabulary import wards
from engage.outbox.recipients import officer_accounts
from engage.web.forms import error_summary, first, form_fields
from engage.web.dependencies import SettingsDep
from engage.web.templating import render
from surveys import decisions, plan, publishing
from surveys.duplicate import duplicate as duplicate_consultation
from surveys.officer import consultation_or_404
BASE = "/officer/consultations"



def plan_form(fields: dict[str, list[str]]) -> plan.PlanForm:
    return plan.PlanForm(**{name: first(fields, name) for name in (*plan.TEXT_FIELDS, "equality_link",
                                                                      "decision_expected")},
                         wards=tuple(fields.get("wards", [])))


def decision_form(fields: dict[str, list[str]]) -> decisions.DecisionForm:
    return decisions.DecisionForm(**{name: first(fields, name) for name in
                                     ("heard", "decision", "decided_on", "decided_by", "changes")})


def action_form(fields: dict[str, list[str]]) -> decisions.ActionForm:
    return decisions.ActionForm(**{name: first(fields, name) for name in
                                   ("description", "owner", "owner_user", "due_on", "progress")},
                                status=first(fields, "status", "planned"))


class ConsultationLoopController(Controller):
    path = BASE
    guards = [writers_only]
    include_in_schema = False

    # Before opening ---------------------------------------------------------------------------

    @get("/{consultation_id:int}/plan")
    async def plan_page(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        return self._plan(request, c, plan.form_from_row(await plan.plan_for(c["id"])), {},
                          settings.min_consultation_weeks)

    @post("/{consultation_id:int}/plan")
    async def save_plan(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        form = plan_form(await form_fields(request))
        try:
            _, changes = await plan.save(c, form, settings.min_consultation_weeks)
        except plan.PlanError as exc:
            return self._plan(request, c, form, exc.errors, settings.min_consultation_weeks, status_code=400)
        if changes:
            await audit.record(current_user(request), "update-plan", "consultation", c["id"], changes)
        return Redirect(f"{BASE}/{c['id']}", status_code=303)

    def _plan(self, request: Request, c: dict, form: plan.PlanForm, errors: dict, weeks: int,
              status_code: int = 200) -> Response:
        days = plan.run_days(c)
        return render(request, "officer/consultations/plan.html", {
            "c": c, "form": form, "errors": errors, "summary": error_summary(errors), "wards": wards(),
            "minimum_weeks": weeks, "short": plan.is_short(c, weeks), "days": round(days) if days is not None else None,
        }, status_code=status_code)

    # Publishing results -------------------------------------------------------------------------

    @get("/{consultation_id:int}/publish")
    async def publish_page(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        if c["phase"] != "closed":
            return Redirect(f"{BASE}/{c['id']}", status_code=303)
        shown = await publishing.preview(c, settings.min_published_responses)
        return self._publish(request, c, shown, {}, "")

    @post("/{consultation_id:int}/publish")
    async def publish(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        fields = await form_fields(request)
        reason = first(fields, "reason")
        updated, errors, shown = await publishing.publish(
            c, current_user(request).id, first(fields, "confirm") == "yes", reason,
            settings.min_published_responses)
        if errors:
            return self._publish(request, c, shown, errors, reason, status_code=400)
        await audit.record(current_user(request), "publish", "consultation", c["id"], {
            "status": [c["status"], updated["status"]], "responses": shown.responses,
            "suppressed_cells": shown.suppressed, **({"reason": reason} if shown.below_minimum else {})})
        return Redirect(f"{BASE}/{c['id']}", status_code=303)

    def _publish(self, request: Request, c: dict, shown, errors: dict, reason: str, status_code: int = 200) -> Response:
        return render(request, "officer/consultations/publish.html", {
            "c": c, "shown": shown, "errors": errors, "summary": error_summary(errors), "reason": reason,
        }, status_code=status_code)

    # The decision -----------------------------------------------------------------------------

    @get("/{consultation_id:int}/decision")
    async def decision_page(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        decision = await decisions.decision_for(c["id"])
        return await self._decision(request, c, decision, decisions.decision_form_from(decision), {})

    @post("/{consultation_id:int}/decision")
    async def save_decision(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        form = decision_form(await form_fields(request))
        try:
            _, changes = await decisions.save_decision(c, form, current_user(request).id)
        except decisions.DecisionError as exc:
            return await self._decision(request, c, await decisions.decision_for(c["id"]), form, exc.errors,
                                        status_code=400)
        if changes:
            await audit.record(current_user(request), "update-decision", "consultation", c["id"], changes)
        return Redirect(f"{BASE}/{c['id']}/decision", status_code=303)

    @post("/{consultation_id:int}/decision/publish")
    async def publish_decision(self, request: Request, consultation_id: FromPath[int], settings: SettingsDep) -> Response:
        c = await consultation_or_404(consultation_id)
        if first(await form_fields(request), "action") == "unpublish":
            await decisions.unpublish_decision(c)
            await audit.record(current_user(request), "unpublish-decision", "consultation", c["id"])
            return Redirect(f"{BASE}/{c['id']}/decision", status_code=303)
        problem = await decisions.publish_decision(c, settings.base_url)
        decision = await decisions.decision_for(c["id"])
        if problem:
            return await self._decision(request, c, decision, decisions.decision_form_from(decision),
                                        {"publish": problem}, status_code=409)
        await audit.record(current_user(request), "publish-decision", "consultation", c["id"])
        return Redirect(f"{BASE}/{c['id']}/decision?published=1", status_code=303)

    async def _decision(self, request: Request, c: dict, decision: dict | None, form: decisions.DecisionForm,
                        errors: dict, status_code: int = 200, action_form_values: decisions.ActionForm | None = None,
                        action_errors: dict | None = None) -> Response:
        action_errors = action_errors or {}
        all_errors = {**errors, **action_errors}
        return render(request, "officer/consultations/decision.html", {
            "c": c, "decision": decision, "form": form, "errors": errors, "summary": error_summary(all_errors),
            "actions": await decisions.actions_for(decision["id"]) if decision else [],
            "action": action_form_values or decisions.ActionForm(), "action_errors": action_errors,
            "statuses": decisions.ACTION_STATUSES, "officers": await officer_accounts(),
            "published_now": request.query_params.get("published") == "1",
        }, status_code=status_code)

    # Follow-up actions ------------------------------------------------------------------------

    async def _decision_or_404(self, c: dict) -> dict:
        decision = await decisions.decision_for(c["id"])
        if decision is None:
            raise NotFoundException()
        return decision

    async def _officer_ids(self) -> set[int]:
        return {a["id"] for a in await officer_accounts()}

    @post("/{consultation_id:int}/decision/actions")
    async def add_action(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        decision = await self._decision_or_404(c)
        form = action_form(await form_fields(request))
        try:
            action = await decisions.add_action(decision, form, await self._officer_ids())
        except decisions.DecisionError as exc:
            return await self._decision(request, c, decision, decisions.decision_form_from(decision), {},
                                        status_code=400, action_form_values=form, action_errors=exc.errors)
        await audit.record(current_user(request), "add-action", "consultation", c["id"],
                           {"action": action["id"], "description": action["description"]})
        return Redirect(f"{BASE}/{c['id']}/decision#actions", status_code=303)

    @get("/{consultation_id:int}/decision/actions/{action_id:int}")
    async def action_page(self, request: Request, consultation_id: FromPath[int], action_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        action = await self._action_or_404(c, action_id)
        return await self._action(request, c, action, decisions.action_form_from(action), {})

    @post("/{consultation_id:int}/decision/actions/{action_id:int}")
    async def update_action(self, request: Request, consultation_id: FromPath[int], action_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        action = await self._action_or_404(c, action_id)
        fields = await form_fields(request)
        if first(fields, "delete") == "yes":
            await decisions.delete_action(action)
            await audit.record(current_user(request), "delete-action", "consultation", c["id"],
                               {"action": action["id"], "description": action["description"]})
            return Redirect(f"{BASE}/{c['id']}/decision#actions", status_code=303)
        form = action_form(fields)
        try:
            changes = await decisions.update_action(action, form, await self._officer_ids())
        except decisions.DecisionError as exc:
            return await self._action(request, c, action, form, exc.errors, status_code=400)
        if changes:
            await audit.record(current_user(request), "update-action", "consultation", c["id"],
                               {"action": action["id"], **changes})
        return Redirect(f"{BASE}/{c['id']}/decision#actions", status_code=303)

    async def _action_or_404(self, c: dict, action_id: int) -> dict:
        action = await decisions.get_action(await self._decision_or_404(c), action_id)
        if action is None:
            raise NotFoundException()
        return action

    async def _action(self, request: Request, c: dict, action: dict, form: decisions.ActionForm, errors: dict,
                      status_code: int = 200) -> Response:
        return render(request, "officer/consultations/action.html", {
            "c": c, "a": action, "action": form, "action_errors": errors, "summary": error_summary(errors),
            "statuses": decisions.ACTION_STATUSES, "officers": await officer_accounts(),
        }, status_code=status_code)

    # Duplicating ------------------------------------------------------------------------------

    @post("/{consultation_id:int}/duplicate")
    async def duplicate(self, request: Request, consultation_id: FromPath[int]) -> Response:
        c = await consultation_or_404(consultation_id)
        copy = await duplicate_consultation(c, current_user(request).id)
        await audit.record(current_user(request), "create", "consultation", copy["id"],
                           {"title": copy["title"], "duplicated_from": c["id"]})
        return Redirect(f"{BASE}/{copy['id']}", status_code=303)
