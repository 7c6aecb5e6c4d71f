"""The JSON API for meetings and feedback points (officers, by session or API token).

Executives may read; officers and admins may write. Invalid input is answered with 422 and
an `errors` object naming each field, from the same rules as the forms.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody

from engage.auth.guards import current_user, readers_only, writers_only
from engage.auth.scopes import TOKEN_AREA
from engage.meetings import meetings as service
from engage.meetings import points as points_service
from engage.meetings.schemas import (
    FieldErrors,
    MeetingIn,
    MeetingPage,
    MeetingOut,
    MeetingPatch,
    PointIn,
    PointOut,
    PointPatch,
    api_errors,
    meeting_form_from_api,
    meeting_out,
    point_form_from_api,
    point_out,
)

INVALID = {422: ResponseSpec(data_container=FieldErrors, description="Invalid fields, each with a message")}


def _invalid(request: Request, exc: ValidationException) -> Response:
    """Malformed bodies (wrong types, unknown fields) answer 422 with per-field messages too."""
    errors: dict[str, str] = {}
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            key = str(item.get("key") or "body")
            errors[key] = str(item.get("message", "Invalid value"))
    if not errors:
        errors["body"] = str(exc.detail) if isinstance(exc.detail, str) else "Invalid request body"
    return Response({"errors": errors}, status_code=422)


def _errors(errors: dict[str, str]) -> Response:
    return Response({"errors": api_errors(errors)}, status_code=422)


def _for_reader(request: Request, point: PointOut) -> PointOut:
    """The point as noted is for officers; readers who cannot write get it redacted."""
    if not current_user(request).can_write:
        point.text = points_service.redacted(point.text)
    return point


async def _meeting(meeting_id: int) -> dict:
    m = await service.get(meeting_id)
    if m is None:
        raise NotFoundException("No such meeting")
    return m


class MeetingApi(Controller):
    path = "/api/meetings"
    tags = ["meetings"]
    guards = [readers_only]
    opt = {TOKEN_AREA: "meetings"}  # API tokens with read:meetings, or write:meetings to change
    exception_handlers = {ValidationException: _invalid}

    @get("/", summary="Meetings, newest first (filter by kind, ward, officer, date range)",
         responses=INVALID)
    async def list_meetings(
        self, request: Request, kind: FromQuery[str] = "", ward: FromQuery[str] = "", officer: FromQuery[str] = "",
        date_from: FromQuery[str] = "", date_to: FromQuery[str] = "", page: FromQuery[int] = 1,
    ) -> Response[MeetingPage]:
        filters = service.parse_filters({"kind": kind, "ward": ward, "officer": officer, "date_from": date_from,
                                         "date_to": date_to, "page": str(page)})
        if filters.errors:
            return _errors(filters.errors)
        rows, total = await service.list_meetings(filters)
        return Response(MeetingPage(total=total, page=filters.page, page_size=service.PAGE_SIZE,
                                    meetings=[meeting_out(m, m["points"]) for m in rows]))

    @post("/", summary="Record a meeting", guards=[writers_only], status_code=201,
          responses=INVALID)
    async def create_meeting(self, request: Request, data: JSONBody[MeetingIn]) -> Response[MeetingOut]:
        try:
            m = await service.create(meeting_form_from_api(data), current_user(request))
        except service.MeetingError as exc:
            return _errors(exc.errors)
        return Response(meeting_out(m), status_code=201, headers={"Location": f"/api/meetings/{m['id']}"})

    @get("/{meeting_id:int}", summary="One meeting")
    async def get_meeting(self, meeting_id: FromPath[int]) -> MeetingOut:
        m = await _meeting(meeting_id)
        return meeting_out(m, len(await points_service.points_for(m["id"])))

    @patch("/{meeting_id:int}", summary="Change a meeting (only the fields sent)", guards=[writers_only],
           responses=INVALID)
    async def update_meeting(self, request: Request, meeting_id: FromPath[int], data: JSONBody[MeetingPatch]
                             ) -> Response[MeetingOut]:
        m = await _meeting(meeting_id)
        try:
            m, _ = await service.update(m, meeting_form_from_api(data, service.form_from_row(m)), current_user(request))
        except service.MeetingError as exc:
            return _errors(exc.errors)
        return Response(meeting_out(m, len(await points_service.points_for(m["id"]))))

    @get("/{meeting_id:int}/points", summary="A meeting's feedback points with their follow-up",
         description="Executives get each point's text with personal details replaced by tokens such as [name].")
    async def list_points(self, request: Request, meeting_id: FromPath[int]) -> list[PointOut]:
        m = await _meeting(meeting_id)
        return [_for_reader(request, point_out(p)) for p in await points_service.points_for(m["id"])]

    @post("/{meeting_id:int}/points", summary="Add a feedback point", guards=[writers_only], status_code=201,
          responses=INVALID)
    async def add_point(self, request: Request, meeting_id: FromPath[int], data: JSONBody[PointIn]) -> Response[PointOut]:
        m = await _meeting(meeting_id)
        try:
            p = await points_service.add(m, point_form_from_api(data), current_user(request))
        except points_service.PointError as exc:
            return _errors(exc.errors)
        return Response(point_out(p), status_code=201, headers={"Location": f"/api/points/{p['id']}"})


class PointApi(Controller):
    path = "/api/points"
    tags = ["meetings"]
    guards = [readers_only]
    opt = {TOKEN_AREA: "meetings"}
    exception_handlers = {ValidationException: _invalid}

    @get("/{point_id:int}", summary="One feedback point",
         description="Executives get the text with personal details replaced by tokens such as [name].")
    async def get_point(self, request: Request, point_id: FromPath[int]) -> PointOut:
        p = await points_service.get_by_id(point_id)
        if p is None:
            raise NotFoundException("No such feedback point")
        return _for_reader(request, point_out(p))

    @patch("/{point_id:int}", summary="Change a feedback point or its follow-up (only the fields sent)",
           guards=[writers_only], responses=INVALID)
    async def update_point(self, request: Request, point_id: FromPath[int], data: JSONBody[PointPatch]
                           ) -> Response[PointOut]:
        p = await points_service.get_by_id(point_id)
        if p is None:
            raise NotFoundException("No such feedback point")
        m = await _meeting(p["meeting"])
        form = point_form_from_api(data, points_service.form_from_row(p))
        try:
            p, _ = await points_service.update(m, p, form, current_user(request))
        except points_service.PointError as exc:
            return _errors(exc.errors)
        return Response(point_out(p))
