"""Reading meeting and point forms, and the msgspec structs of the JSON API, all from the one
schema of each (engage.meetings.meetings.MEETING, engage.meetings.points.POINT)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import msgspec

from engage.meetings.actions import is_overdue
from engage.meetings.meetings import MEETING, MeetingForm, aware
from engage.meetings.points import POINT, PointForm

UNSET = msgspec.UNSET

# -- forms --------------------------------------------------------------------------------------


def meeting_form(fields: dict[str, list[str]]) -> MeetingForm:
    return MEETING.read(fields, "form")[0]


def point_form(fields: dict[str, list[str]], follow_up: bool = True) -> PointForm:
    """The point as posted; the quick-entry form has no follow-up fields (they keep their defaults)."""
    only = None if follow_up else [f.name for f in POINT if f.group != "follow-up"]
    return POINT.read(fields, "form", only=only)[0]


# -- JSON API ----------------------------------------------------------------------------------

_HISTORY = [("created_by", int | None), ("created_at", dt.datetime), ("updated_by", int | None),
            ("updated_at", dt.datetime)]

if TYPE_CHECKING:  # generated below from the schemas; the checker sees plain structs
    MeetingIn = MeetingPatch = MeetingOut = PointIn = PointPatch = PointOut = msgspec.Struct
else:
    MeetingIn = MEETING.api_in()
    MeetingPatch = MEETING.api_patch()
    MeetingOut = MEETING.api_out([("id", int)], [("points", int), *_HISTORY])
    PointIn = POINT.api_in()
    PointPatch = POINT.api_patch()
    PointOut = POINT.api_out([("id", int), ("meeting_id", int)],
                             [("overdue", bool), ("outcome_at", dt.datetime | None), *_HISTORY])


class MeetingPage(msgspec.Struct):
    total: int
    page: int
    page_size: int
    meetings: list[MeetingOut]


class FieldErrors(msgspec.Struct):
    errors: dict[str, str]


def _history(row: dict) -> dict:
    return {"created_by": row["created_by"], "created_at": aware(row["created_at"]), "updated_by": row["updated_by"],
            "updated_at": aware(row["updated_at"])}


def meeting_out(m: dict, points: int = 0) -> MeetingOut:
    return MeetingOut(id=m["id"], **MEETING.out_values(m), points=points, **_history(m))


def point_out(p: dict) -> PointOut:
    return PointOut(id=p["id"], meeting_id=p["meeting"], **POINT.out_values(p), overdue=is_overdue(p),
                    outcome_at=aware(p["outcome_at"]), **_history(p))


def meeting_form_from_api(data: MeetingIn | MeetingPatch, base: MeetingForm | None = None) -> MeetingForm:
    return MEETING.read(data, "api", base=base)[0]


def point_form_from_api(data: PointIn | PointPatch, base: PointForm | None = None) -> PointForm:
    return POINT.read(data, "api", base=base)[0]


def api_errors(errors: dict[str, str]) -> dict[str, str]:
    """The rules' errors under the JSON API's names (a point's `themes` are its `officer_themes`)."""
    return POINT.api_errors(MEETING.api_errors(errors))
