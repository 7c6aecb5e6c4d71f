"""Officers' meeting pages: list and filter, record and edit, points with fast entry, import,
actions. Executives read; officers and admins write."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect

from engage.auth.guards import current_user, readers_only, writers_only
from engage.framework.vocabulary import partners, themes, wards
from engage.meetings import actions as actions_service
from engage.meetings import importer
from engage.meetings import meetings as service
from engage.meetings import points as points_service
from engage.meetings import vocab
from engage.meetings.schemas import meeting_form, point_form
from engage.web import htmx
from engage.web.forms import error_summary, form_fields
from engage.web.templating import base_context, render, render_html

POINT_FIELD_IDS = {"text": "point-text", "raised_by": "point-raised_by", "ward": "point-ward", "themes": "point-themes"}


async def meeting_or_404(meeting_id: int) -> dict:
    m = await service.get(meeting_id)
    if m is None:
        raise NotFoundException()
    return m


async def point_or_404(meeting: dict, point_id: int) -> dict:
    p = await points_service.get(meeting["id"], point_id)
    if p is None:
        raise NotFoundException()
    return p


def _is_htmx(request: HTMXRequest) -> bool:
    """An htmx swap (not a boosted link, which wants the whole page); the app's requests are HTMXRequest."""
    return bool(request.htmx) and not request.htmx.boosted


def _common() -> dict:
    return {"labels": vocab.labels(), "kinds": vocab.KINDS, "raised_by": vocab.RAISED_BY, "statuses": vocab.STATUSES,
            "wards": wards(), "themes": themes(), "partners": partners(),
            "limits": {"meeting": service.MEETING.limits(), "point": points_service.POINT.limits()}}


class MeetingController(Controller):
    path = "/officer/meetings"
    guards = [readers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: HTMXRequest) -> Response:
        params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
        filters = service.parse_filters(params)
        user = current_user(request)
        rows, total = await service.list_meetings(filters, first_officer=user.id)
        query = {k: v for k, v in (("kind", filters.kind), ("ward", filters.ward), ("officer", filters.officer),
                                    ("date_from", filters.date_from), ("date_to", filters.date_to)) if v}
        pages = max(1, -(-total // service.PAGE_SIZE))
        context = {
            **_common(), "meetings": rows, "total": total, "filters": filters, "params": params,
            "officers": await service.officer_choices(), "errors": filters.errors,
            "summary": error_summary(filters.errors, {"date_from": "date_from", "date_to": "date_to"}),
            "page": filters.page, "pages": pages,
            "prev_url": f"?{urlencode({**query, 'page': filters.page - 1})}" if filters.page > 1 else None,
            "next_url": f"?{urlencode({**query, 'page': filters.page + 1})}" if filters.page < pages else None,
            "overdue": await actions_service.overdue_count(),
        }
        status = 400 if filters.errors else 200
        if request.htmx.history_restore_request:
            # htmx restoring a pushed filter address wants the whole page, not the main block.
            html = render_html("officer/meetings/index.html", {**base_context(request), **context})
            return Response(html, media_type="text/html", status_code=status, headers=htmx.VARY)
        block = "results" if _is_htmx(request) and request.htmx.target == "results" else None
        if block and filters.errors:
            # The error summary and the fields' messages are outside the results: swap the whole main.
            return render(request, "officer/meetings/index.html", context, block="main", status_code=status,
                          headers=htmx.swap_whole_main())
        return render(request, "officer/meetings/index.html", context, block=block, status_code=status)

    @get("/new", guards=[writers_only])
    async def new(self, request: Request) -> Response:
        return await self._details(request, service.MeetingForm(officer_id=str(current_user(request).id)), {}, None)

    @post("/new", guards=[writers_only])
    async def create(self, request: Request) -> Response:
        form = meeting_form(await form_fields(request))
        try:
            m = await service.create(form, current_user(request))
        except service.MeetingError as exc:
            return await self._details(request, form, exc.errors, None, status_code=400)
        return Redirect(f"/officer/meetings/{m['id']}#add-point", status_code=303)

    @get("/{meeting_id:int}")
    async def show(self, request: Request, meeting_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        banner = None
        imported = request.query_params.get("imported", "")
        if imported.isdigit():
            skipped = request.query_params.get("skipped", "0")
            banner = f"{imported} point{'s' if imported != '1' else ''} imported"
            if skipped.isdigit() and skipped != "0":
                banner += f"; {skipped} already imported, so skipped"
        return await self._show(request, m, banner=banner)

    @get("/{meeting_id:int}/edit", guards=[writers_only])
    async def edit(self, request: Request, meeting_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        return await self._details(request, service.form_from_row(m), {}, m)

    @post("/{meeting_id:int}/edit", guards=[writers_only])
    async def update(self, request: Request, meeting_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        form = meeting_form(await form_fields(request))
        try:
            await service.update(m, form, current_user(request))
        except service.MeetingError as exc:
            return await self._details(request, form, exc.errors, m, status_code=400)
        return Redirect(f"/officer/meetings/{m['id']}", status_code=303)

    # Points ------------------------------------------------------------------------------

    @post("/{meeting_id:int}/points", guards=[writers_only])
    async def add_point(self, request: Request, meeting_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        form = point_form(await form_fields(request), follow_up=False)
        try:
            p = await points_service.add(m, form, current_user(request))
        except points_service.PointError as exc:
            return await self._show(request, m, point_form=form, point_errors=exc.errors, status_code=400,
                                    block="points" if _is_htmx(request) else None)
        if _is_htmx(request):
            # The updated list and a fresh form, keeping the ward and who raised it for the next point.
            fresh = points_service.PointForm(raised_by=form.raised_by, ward=form.ward)
            count = len(await points_service.points_for(m["id"]))
            return await self._show(request, m, point_form=fresh, block="points", added=p["id"],
                                    announce=f"Point {count} added")
        return Redirect(f"/officer/meetings/{m['id']}?added={p['id']}#add-point", status_code=303)

    @get("/{meeting_id:int}/points/{point_id:int}/edit", guards=[writers_only])
    async def edit_point(self, request: Request, meeting_id: FromPath[int], point_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        p = await point_or_404(m, point_id)
        return self._point(request, m, p, points_service.form_from_row(p), {})

    @post("/{meeting_id:int}/points/{point_id:int}/edit", guards=[writers_only])
    async def update_point(self, request: Request, meeting_id: FromPath[int], point_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        p = await point_or_404(m, point_id)
        form = point_form(await form_fields(request))
        try:
            await points_service.update(m, p, form, current_user(request))
        except points_service.PointError as exc:
            return self._point(request, m, p, form, exc.errors, status_code=400)
        return Redirect(f"/officer/meetings/{m['id']}#point-{p['id']}", status_code=303)

    @post("/{meeting_id:int}/points/{point_id:int}/delete", guards=[writers_only])
    async def delete_point(self, request: Request, meeting_id: FromPath[int], point_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        p = await point_or_404(m, point_id)
        await points_service.delete(m, p, current_user(request))
        return Redirect(f"/officer/meetings/{m['id']}#points", status_code=303)

    # Import ------------------------------------------------------------------------------

    @get("/{meeting_id:int}/import", guards=[writers_only])
    async def import_form(self, request: Request, meeting_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        return self._import(request, m, [], None)

    @post("/{meeting_id:int}/import", guards=[writers_only], request_max_body_size=importer.MAX_BYTES + 64 * 1024)
    async def import_file(self, request: Request, meeting_id: FromPath[int]) -> Response:
        m = await meeting_or_404(meeting_id)
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
            return self._import(request, m, [], "Select a CSV file to import", status_code=400)
        data = await upload.read(importer.MAX_BYTES + 1)
        parsed = importer.parse(data, m["id"])
        if parsed.errors:
            return self._import(request, m, parsed.errors, None, filename=upload.filename, status_code=400)
        added, skipped = await points_service.add_many(m, parsed.rows, current_user(request))
        return Redirect(f"/officer/meetings/{m['id']}?{urlencode({'imported': added, 'skipped': skipped})}#points",
                        status_code=303)

    # Helpers -----------------------------------------------------------------------------

    async def _details(self, request: Request, form: service.MeetingForm, errors: dict, m: dict | None,
                       status_code: int = 200) -> Response:
        return render(request, "officer/meetings/details.html", {
            **_common(), "form": form, "errors": errors, "m": m, "officers": await service.officer_choices(),
            "summary": error_summary(errors, {"kind": "kind", "wards": "wards", "officer_id": "officer_id"}),
        }, status_code=status_code)

    async def _show(self, request: Request, m: dict, *, point_form: points_service.PointForm | None = None,
                    point_errors: dict | None = None, status_code: int = 200, block: str | None = None,
                    added: int | None = None, announce: str = "", banner: str | None = None) -> Response:
        point_errors = point_errors or {}
        points = await points_service.points_for(m["id"])
        on = actions_service.today()
        can_write = current_user(request).can_write
        for p in points:
            p["overdue"] = actions_service.is_overdue(p, on)
            if not can_write:
                # The point as noted is for officers; others read it with personal details removed,
                # as they read every voice.
                p["text"] = points_service.redacted(p["text"])
        names = await service.user_names({m["officer_id"], m["created_by"], m["updated_by"]})
        if point_form is None:
            point_form = points_service.PointForm(ward=(m["wards"] or [""])[0])
        if added is None and request.query_params.get("added", "").isdigit():
            added = int(request.query_params["added"])
            announce = "Point added"
        return render(request, "officer/meetings/show.html", {
            **_common(), "m": m, "points": points, "names": names, "point_form": point_form,
            "point_errors": point_errors, "point_summary": error_summary(point_errors, POINT_FIELD_IDS),
            "added": added, "announce": announce, "banner": banner, "today": on,
        }, status_code=status_code, block=block)

    def _point(self, request: Request, m: dict, p: dict, form: points_service.PointForm, errors: dict,
               status_code: int = 200) -> Response:
        return render(request, "officer/meetings/point.html", {
            **_common(), "m": m, "p": p, "form": form, "errors": errors,
            "summary": error_summary(errors, {"raised_by": "raised_by", "themes": "themes", "publishable": "publishable",
                                              "status": "status"}),
        }, status_code=status_code)

    def _import(self, request: Request, m: dict, row_errors: list, file_error: str | None, filename: str = "",
                status_code: int = 200) -> Response:
        summary = [{"text": file_error, "href": "#file"}] if file_error else []
        if row_errors:
            summary = [{"text": (f"Line {line}: {reason}" if line else reason), "href": "#import-errors"}
                       for line, reason in row_errors[:20]]
            if len(row_errors) > 20:
                summary.append({"text": f"and {len(row_errors) - 20} more problems", "href": "#import-errors"})
        return render(request, "officer/meetings/import.html", {
            "m": m, "row_errors": row_errors, "file_error": file_error, "filename": filename, "summary": summary,
            "columns": importer.COLUMNS, "column_labels": points_service.POINT.csv_labels(),
            "max_rows": importer.MAX_ROWS, **_common(),
        }, status_code=status_code)


class ActionsController(Controller):
    path = "/officer/actions"
    guards = [readers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: HTMXRequest) -> Response:
        view = request.query_params.get("show", "overdue")
        view = view if view in actions_service.VIEWS else "overdue"
        user = current_user(request)
        rows = await actions_service.actions(view, user.id)
        return render(request, "officer/meetings/actions.html", {
            **_common(), "actions": rows, "view": view, "views": actions_service.VIEWS,
        })

    @get("/overview")
    async def overview(self, request: Request) -> Response:
        """The dashboard's panel: overdue actions and the officer's own meetings, own first."""
        user = current_user(request)
        overdue = await actions_service.actions("overdue", user.id, limit=200)
        return render(request, "officer/meetings/overview.html", {
            **_common(), "overdue": overdue[:10], "overdue_total": len(overdue),
            "own_overdue": sum(1 for a in overdue if a["own"]),
            "own_meetings": await actions_service.own_meetings(user.id),
        }, block="overview" if _is_htmx(request) else None)
