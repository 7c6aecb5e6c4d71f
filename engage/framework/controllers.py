"""Admins' pages for the annual review of the priority framework, and its YAML export and import."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from engage.audit.services import events_for, record
from engage.auth.guards import admins_only, current_user
from engage.framework import services as fw
from engage.framework.retagging import request_retag
from engage.store.backends import SharedStore
from engage.web.dependencies import StoreDep
from engage.web.forms import MAX_FIELD_LENGTH, error_summary, first, form_fields
from engage.web.templating import render


async def entry_or_404(entry_id: int) -> dict:
    entry = await fw.get_entry(entry_id)
    if entry is None:
        raise NotFoundException()
    return entry


async def retag(store: SharedStore, reason: str) -> None:
    """After a committed framework change, every voice is re-tagged as background work."""
    await request_retag(store, reason)


async def period_or_404(period_id: int) -> dict:
    period = await fw.get_period(period_id)
    if period is None:
        raise NotFoundException()
    return period


class FrameworkAdminController(Controller):
    path = "/officer/framework"
    guards = [admins_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Response:
        period = await fw.current_period()
        return await self._period_page(request, period)

    @get("/periods/{period_id:int}")
    async def period(self, request: Request, period_id: FromPath[int]) -> Response:
        return await self._period_page(request, await period_or_404(period_id))

    async def _period_page(self, request: Request, period: dict) -> Response:
        rows = await fw.entries(period["id"])
        names = {r["id"]: r["name"] for r in rows}
        return render(request, "officer/framework/index.html", {
            "period": period, "tree": fw.tree(rows), "periods": await fw.periods(), "names": names,
            "kinds": fw.KINDS, "editable": period["status"] == "current",
            "warnings": await fw.tagging_warnings(period["id"]) if period["status"] == "current" else [],
        })

    # -- entries --------------------------------------------------------------------------------

    @get("/entries/new")
    async def new_entry(self, request: Request) -> Response:
        period = await fw.current_period()
        kind = request.query_params.get("kind", "theme")
        return await self._entry_form(request, period, {"kind": kind if kind in fw.KINDS else "theme"}, {})

    @post("/entries/new")
    async def create_entry(self, request: Request, store: StoreDep) -> Response:
        period = await fw.current_period()
        fields = await form_fields(request)
        values = {k: first(fields, k) for k in ("kind", "name", "slug", "parent_id", "scope", "phrases")}
        try:
            parent_id = int(values["parent_id"]) if values["parent_id"] else None
        except ValueError:
            parent_id = None
        try:
            entry_id = await fw.add_entry(period["id"], kind=values["kind"], name=values["name"], slug=values["slug"],
                                          parent_id=parent_id, scope=values["scope"], phrases=values["phrases"],
                                          actor=current_user(request))
        except fw.FrameworkEditError as exc:
            return await self._entry_form(request, period, values, exc.errors, status_code=400)
        await retag(store, "framework entry added")
        return Redirect(f"/officer/framework#entry-{entry_id}", status_code=303)

    async def _entry_form(self, request: Request, period: dict, values: dict, errors: dict,
                          status_code: int = 200) -> Response:
        rows = await fw.entries(period["id"], active_only=True)
        return render(request, "officer/framework/new_entry.html", {
            "period": period, "values": values, "errors": errors, "kinds": fw.KINDS,
            "parents": [r for r in rows if r["kind"] in {"priority", "theme"}],
            "summary": error_summary(errors, {"kind": "kind", "parent_id": "parent_id"}),
        }, status_code=status_code)

    @get("/entries/{entry_id:int}")
    async def entry(self, request: Request, entry_id: FromPath[int]) -> Response:
        entry = await entry_or_404(entry_id)
        return await self._edit_page(request, entry, {"name": entry["name"], "scope": entry["scope"],
                                                      "phrases": fw.phrases_text(entry["phrases"])}, {})

    async def _edit_page(self, request: Request, entry: dict, values: dict, errors: dict,
                         status_code: int = 200) -> Response:
        period = await fw.get_period(entry["period"])
        rows = await fw.entries(entry["period"], active_only=True)
        targets = [r for r in rows if r["kind"] == entry["kind"] and r["id"] != entry["id"]]
        merged_into = await fw.get_entry(entry["merged_into"]) if entry["merged_into"] else None
        warning = next((w for w in await fw.tagging_warnings(entry["period"]) if w["entry_id"] == entry["id"]), None) \
            if entry["kind"] in ("theme", "cross_cutting") and entry["retired_at"] is None else None
        return render(request, "officer/framework/entry.html", {
            "warning": warning,
            "entry": entry, "period": period, "values": values, "errors": errors, "kinds": fw.KINDS,
            "targets": targets, "merged_into": merged_into, "history": await events_for("framework-entry", entry["id"]),
            "editable": period["status"] == "current" and entry["retired_at"] is None,
            "retagging": request.query_params.get("retagging") == "1" and not errors,
            "summary": error_summary(errors, {"target": "target", "entry": "retire"}),
        }, status_code=status_code)

    async def _editable_entry(self, entry_id: int) -> dict:
        entry = await entry_or_404(entry_id)
        period = await fw.get_period(entry["period"])
        if period["status"] != "current":
            raise NotFoundException()  # an archived plan is history: never rewritten
        return entry

    @post("/entries/{entry_id:int}/edit")
    async def edit_entry(self, request: Request, entry_id: FromPath[int], store: StoreDep) -> Response:
        entry = await self._editable_entry(entry_id)
        fields = await form_fields(request)
        values = {k: first(fields, k) for k in ("name", "scope", "phrases")}
        try:
            await fw.edit_entry(entry, name=values["name"], scope=values["scope"], phrases=values["phrases"],
                                actor=current_user(request))
        except fw.FrameworkEditError as exc:
            return await self._edit_page(request, entry, values, exc.errors, status_code=400)
        await retag(store, "framework entry edited")
        return Redirect(f"/officer/framework/entries/{entry_id}?retagging=1", status_code=303)

    @post("/entries/{entry_id:int}/merge")
    async def merge_entry(self, request: Request, entry_id: FromPath[int], store: StoreDep) -> Response:
        entry = await self._editable_entry(entry_id)
        fields = await form_fields(request)
        try:
            target_id = int(first(fields, "target"))
        except ValueError:
            target_id = None
        try:
            await fw.merge_entries(entry, target_id, actor=current_user(request))
        except fw.FrameworkEditError as exc:
            values = {"name": entry["name"], "scope": entry["scope"], "phrases": fw.phrases_text(entry["phrases"])}
            return await self._edit_page(request, entry, values, exc.errors, status_code=400)
        await retag(store, "framework entries merged")
        return Redirect(f"/officer/framework/entries/{target_id}?retagging=1", status_code=303)

    @post("/entries/{entry_id:int}/retire")
    async def retire_entry(self, request: Request, entry_id: FromPath[int], store: StoreDep) -> Response:
        entry = await self._editable_entry(entry_id)
        try:
            await fw.retire_entry(entry, actor=current_user(request))
        except fw.FrameworkEditError as exc:
            values = {"name": entry["name"], "scope": entry["scope"], "phrases": fw.phrases_text(entry["phrases"])}
            return await self._edit_page(request, entry, values, exc.errors, status_code=400)
        await retag(store, "framework entry retired")
        return Redirect(f"/officer/framework/entries/{entry_id}?retagging=1", status_code=303)

    # -- periods, export and import -------------------------------------------------------------

    @get("/new-period")
    async def new_period(self, request: Request) -> Response:
        period = await fw.current_period()
        return render(request, "officer/framework/new_period.html", {"period": period, "name": "", "errors": {}})

    @post("/new-period")
    async def create_period(self, request: Request, store: StoreDep) -> Response:
        period = await fw.current_period()
        name = first(await form_fields(request), "name")
        try:
            await fw.start_period_from(period, name=name, actor=current_user(request))
        except fw.FrameworkEditError as exc:
            return render(request, "officer/framework/new_period.html", {
                "period": period, "name": name, "errors": exc.errors, "summary": error_summary(exc.errors)},
                status_code=400)
        await retag(store, "new plan period")
        return Redirect("/officer/framework", status_code=303)

    @get("/export")
    async def export_current(self, request: Request) -> Response:
        period = await fw.current_period()
        return await self._export(request, period)

    @get("/periods/{period_id:int}/export")
    async def export_period(self, request: Request, period_id: FromPath[int]) -> Response:
        return await self._export(request, await period_or_404(period_id))

    async def _export(self, request: Request, period: dict) -> Response:
        text = await fw.export_yaml(period["id"])
        await record(current_user(request), "export", "framework-period", period["id"])
        return Response(content=text, media_type="application/yaml; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{period["slug"]}.yaml"'})

    @get("/import")
    async def import_page(self, request: Request) -> Response:
        return render(request, "officer/framework/import.html", {"errors": {}, "text": "", "problems": []})

    @post("/import", request_max_body_size=3_000_000)
    async def import_file(self, request: Request, store: StoreDep) -> Response:
        form = await request.form()
        text = ""
        upload = form.get("file")
        if isinstance(upload, UploadFile) and upload.filename:
            raw = await upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                return self._import_error(request, "", ["The file must be UTF-8 text (a .yaml file)"])
        pasted = form.get("yaml")
        if not text and isinstance(pasted, str):
            text = pasted[: fw.MAX_IMPORT_BYTES + 1]
        if not text.strip():
            return self._import_error(request, "", ["Choose a framework file, or paste its YAML"])
        data, problems = fw.parse_framework_yaml(text)
        if problems:
            return self._import_error(request, text if len(text) <= MAX_FIELD_LENGTH * 10 else "", problems)
        period_id = await fw.import_framework(data, current_user(request))
        await retag(store, "framework imported")
        return Redirect(f"/officer/framework/periods/{period_id}", status_code=303)

    def _import_error(self, request: Request, text: str, problems: list[str]) -> Response:
        errors = {"file": problems[0]}
        return render(request, "officer/framework/import.html", {
            "errors": errors, "text": text, "problems": problems,
            "summary": [{"text": p, "href": "#file"} for p in problems]}, status_code=400)
