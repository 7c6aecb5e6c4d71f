"""Reading meeting and point forms, and the msgspec structs of the JSON API."""

from __future__ import annotations

import datetime as dt

import msgspec

from engage.meetings.actions import is_overdue
from engage.meetings.meetings import MeetingForm, aware
from engage.meetings.points import PointForm
from engage.web.forms import first


def meeting_form(fields: dict[str, list[str]]) -> MeetingForm:
    return MeetingForm(
        kind=first(fields, "kind"), title=first(fields, "title"), held_at=first(fields, "held_at"),
        wards=tuple(fields.get("wards", [])[:50]), venue=first(fields, "venue"),
        officer_id=first(fields, "officer_id"), attendees=first(fields, "attendees"),
        organisations=first(fields, "organisations"), notes=first(fields, "notes"),
    )


def point_form(fields: dict[str, list[str]], follow_up: bool = True) -> PointForm:
    form = PointForm(
        text=first(fields, "text"), raised_by=first(fields, "raised_by"), ward=first(fields, "ward"),
        themes=tuple(fields.get("themes", [])[:50]),
    )
    if follow_up:
        form.action = first(fields, "action")
        form.owner = first(fields, "owner")
        form.due_on = first(fields, "due_on")
        form.status = first(fields, "status", "open")
        form.outcome = first(fields, "outcome")
        form.publishable = first(fields, "publishable") == "yes"
        form.public_summary = first(fields, "public_summary")
    return form


# -- JSON API ----------------------------------------------------------------------------------

UNSET = msgspec.UNSET


class MeetingOut(msgspec.Struct):
    id: int
    kind: str
    title: str
    held_at: dt.datetime
    wards: list[str]
    venue: str
    officer_id: int | None
    attendees: int | None
    organisations: list[str]
    notes: str
    points: int
    created_by: int | None
    created_at: dt.datetime
    updated_by: int | None
    updated_at: dt.datetime


class MeetingPage(msgspec.Struct):
    total: int
    page: int
    page_size: int
    meetings: list[MeetingOut]


class MeetingIn(msgspec.Struct, forbid_unknown_fields=True):
    """held_at: ISO 8601 (with an offset, or London time without one). kind: community-gold,
    ward-meeting, jag, event or other. wards: ward slugs. officer_id: an officer's account id."""

    kind: str
    title: str
    held_at: str
    officer_id: int
    wards: list[str] = []
    venue: str = ""
    attendees: int | None = None
    organisations: list[str] = []
    notes: str = ""


class MeetingPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields sent are changed."""
    kind: str | msgspec.UnsetType = UNSET
    title: str | msgspec.UnsetType = UNSET
    held_at: str | msgspec.UnsetType = UNSET
    officer_id: int | msgspec.UnsetType = UNSET
    wards: list[str] | msgspec.UnsetType = UNSET
    venue: str | msgspec.UnsetType = UNSET
    attendees: int | None | msgspec.UnsetType = UNSET
    organisations: list[str] | msgspec.UnsetType = UNSET
    notes: str | msgspec.UnsetType = UNSET


class PointOut(msgspec.Struct):
    id: int
    meeting_id: int
    text: str
    raised_by: str
    ward: str | None
    officer_themes: list[str]
    action: str
    owner: str
    due_on: dt.date | None
    status: str
    overdue: bool
    outcome: str
    outcome_at: dt.datetime | None
    publishable: bool
    public_summary: str
    created_by: int | None
    created_at: dt.datetime
    updated_by: int | None
    updated_at: dt.datetime


class PointIn(msgspec.Struct, forbid_unknown_fields=True):
    """raised_by: resident, business, community-representative, young-people, councillor,
    partner-agency or other (a group, never a name). officer_themes: framework theme slugs.
    owner: a partner's name from the framework. status: open, in-progress, done, not-taken-forward."""

    text: str
    raised_by: str
    ward: str | None = None
    officer_themes: list[str] = []
    action: str = ""
    owner: str = ""
    due_on: str | None = None
    status: str = "open"
    outcome: str = ""
    publishable: bool = False
    public_summary: str = ""


class PointPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields sent are changed."""
    text: str | msgspec.UnsetType = UNSET
    raised_by: str | msgspec.UnsetType = UNSET
    ward: str | None | msgspec.UnsetType = UNSET
    officer_themes: list[str] | msgspec.UnsetType = UNSET
    action: str | msgspec.UnsetType = UNSET
    owner: str | msgspec.UnsetType = UNSET
    due_on: str | None | msgspec.UnsetType = UNSET
    status: str | msgspec.UnsetType = UNSET
    outcome: str | msgspec.UnsetType = UNSET
    publishable: bool | msgspec.UnsetType = UNSET
    public_summary: str | msgspec.UnsetType = UNSET


class FieldErrors(msgspec.Struct):
    errors: dict[str, str]


def meeting_out(m: dict, points: int = 0) -> MeetingOut:
    return MeetingOut(
        id=m["id"], kind=m["kind"], title=m["title"], held_at=aware(m["held_at"]), wards=list(m["wards"]),
        venue=m["venue"], officer_id=m["officer_id"], attendees=m["attendees"],
        organisations=[o for o in m["organisations"].splitlines() if o], notes=m["notes"], points=points,
        created_by=m["created_by"], created_at=aware(m["created_at"]), updated_by=m["updated_by"],
        updated_at=aware(m["updated_at"]),
    )


def point_out(p: dict) -> PointOut:
    return PointOut(
        id=p["id"], meeting_id=p["meeting"], text=p["text"], raised_by=p["raised_by"], ward=p["ward"],
        officer_themes=list(p["officer_themes"] or []), action=p["action"], owner=p["owner"], due_on=p["due_on"],
        status=p["status"], overdue=is_overdue(p), outcome=p["outcome"], outcome_at=aware(p["outcome_at"]),
        publishable=p["publishable"], public_summary=p["public_summary"], created_by=p["created_by"],
        created_at=aware(p["created_at"]), updated_by=p["updated_by"], updated_at=aware(p["updated_at"]),
    )


def meeting_form_from_api(data: MeetingIn | MeetingPatch, base: MeetingForm | None = None) -> MeetingForm:
    form = base or MeetingForm()
    for name in ("kind", "title", "held_at", "venue", "notes"):
        value = getattr(data, name)
        if value is not UNSET:
            setattr(form, name, value)
    if data.officer_id is not UNSET:
        form.officer_id = str(data.officer_id)
    if data.wards is not UNSET:
        form.wards = tuple(data.wards)
    if data.attendees is not UNSET:
        form.attendees = "" if data.attendees is None else str(data.attendees)
    if data.organisations is not UNSET:
        form.organisations = "\n".join(data.organisations)
    return form


def point_form_from_api(data: PointIn | PointPatch, base: PointForm | None = None) -> PointForm:
    form = base or PointForm()
    for name in ("text", "raised_by", "action", "owner", "status", "outcome", "publishable", "public_summary"):
        value = getattr(data, name)
        if value is not UNSET:
            setattr(form, name, value)
    if data.ward is not UNSET:
        form.ward = data.ward or ""
    if data.due_on is not UNSET:
        form.due_on = data.due_on or ""
    if data.officer_themes is not UNSET:
        form.themes = tuple(data.officer_themes)
    return form
