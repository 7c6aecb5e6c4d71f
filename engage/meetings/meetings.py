"""Meetings: validation, recording, editing and the filtered list. No web imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from msgspec import NODEFAULT
from piccolo.query.functions.aggregate import Count

from engage.audit import services as audit
from engage.auth.roles import WRITERS
from engage.auth.tables import User
from engage.db import transaction
from engage.framework import vocabulary
from engage.meetings import vocab
from engage.meetings.points import refresh_voices
from engage.meetings.tables import FeedbackPoint, Meeting, MeetingWard
from engage.times import LONDON, aware, now, parse_day, parse_local, to_local_input
from engage.schema import Field, Schema
from engage.validation import FieldErrors

PAGE_SIZE = 50


class MeetingError(FieldErrors):
    pass


# A meeting's fields, once, for the officer's form and the JSON API.
MEETING = Schema(
    "Meeting",
    Field("kind", "Kind of meeting", api_default=NODEFAULT,
          hint="community-gold, ward-meeting, jag, event or other"),
    Field("title", "Title", api_default=NODEFAULT, limit=200),
    Field("held_at", "Date and time", api_default=NODEFAULT, out_type=dt.datetime,
          hint="ISO 8601, with an offset, or London time without one"),
    Field("wards", "Wards", api_type=list[str], api_default=[], kind="many", hint="Ward slugs"),
    Field("venue", "Venue", limit=200),
    Field("officer_id", "Facilitating officer", api_type=int, api_default=NODEFAULT, out_type=int | None,
          hint="An officer's account id"),
    Field("attendees", "Number attending", api_type=int | None, api_default=None),
    Field("organisations", "Organisations", api_type=list[str], api_default=[], kind="lines", limit=2_000,
          long=True, hint="One organisation each"),
    Field("notes", "Notes", limit=10_000, long=True),
    doc="held_at: ISO 8601 (with an offset, or London time without one). kind: community-gold, ward-meeting, "
        "jag, event or other. wards: ward slugs. officer_id: an officer's account id.",
    module=__name__,
)
LONG_TEXT = set(MEETING.named(long=True))  # recorded in the trail as "changed", not copied into it
MeetingForm = MEETING.form_class("What an officer typed for a meeting, as strings, so a refused form shows it back "
                                 "unchanged. held_at: YYYY-MM-DDTHH:MM, London time.")


async def officer_choices() -> list[dict]:
    """Accounts that may facilitate a meeting: active officers and admins."""
    rows = await User.select(User.id, User.name, User.email, User.role, User.active).order_by(User.name).run()
    return [{"id": r["id"], "name": r["name"] or r["email"]} for r in rows if r["active"] and r["role"] in WRITERS]


async def user_names(ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = await User.select(User.id, User.name, User.email).where(User.id.is_in(list(ids))).run()
    return {r["id"]: r["name"] or r["email"] for r in rows}


async def check_meeting(form: MeetingForm) -> dict:
    """The values to store, or MeetingError with a message for each field at fault."""
    await vocabulary.load(max_age=0)  # checked against the framework as it is now
    errors: dict[str, str] = {}
    values: dict = {}
    if form.kind not in vocab.KINDS:
        errors["kind"] = "Select the kind of meeting"
    values["kind"] = form.kind
    values["title"] = MEETING.bounded(errors, form, "title", missing="Enter a title for the meeting")
    if not form.held_at.strip():
        errors["held_at"] = "Enter the date and time of the meeting"
    else:
        try:
            held = parse_local(form.held_at)
        except ValueError:
            errors["held_at"] = "Enter the date and time as a real date and time, for example 31/03/2024 18:30"
        else:
            if held.year < 2000:
                errors["held_at"] = "The date of the meeting must be in 2000 or later"
            elif held > now() + dt.timedelta(days=366):
                errors["held_at"] = "The date of the meeting must be within the next year"
            values["held_at"] = held
    known = vocab.ward_slugs()
    chosen = list(dict.fromkeys(w for w in form.wards if w))
    if any(w not in known for w in chosen):
        errors["wards"] = "Select wards from the list"
    elif len(chosen) > len(known):
        errors["wards"] = "Select wards from the list"
    values["wards"] = chosen
    values["venue"] = MEETING.bounded(errors, form, "venue")
    officer = form.officer_id.strip()
    if not officer:
        errors["officer_id"] = "Select the facilitating officer"
    elif not officer.isdigit() or int(officer) not in {o["id"] for o in await officer_choices()}:
        errors["officer_id"] = "Select the facilitating officer from the list"
    else:
        values["officer_id"] = int(officer)
    attendees = form.attendees.strip().replace(",", "")
    if attendees:
        if not attendees.isdigit():
            errors["attendees"] = "Number attending must be a whole number, like 12"
        elif int(attendees) > vocab.MAX_ATTENDEES:
            errors["attendees"] = f"Number attending must be {vocab.MAX_ATTENDEES:,} or fewer"
        else:
            values["attendees"] = int(attendees)
    else:
        values["attendees"] = None
    organisations = "\n".join(line.strip() for line in form.organisations.strip().splitlines() if line.strip())
    values["organisations"] = MEETING.bounded(errors, form, "organisations", value=organisations)
    values["notes"] = MEETING.bounded(errors, form, "notes")
    if errors:
        raise MeetingError(errors)
    return values


def form_from_row(m: dict) -> MeetingForm:
    return MEETING.form_from_row(m)


async def _wards_for(ids: list[int]) -> dict[int, list[str]]:
    if not ids:
        return {}
    rows = await MeetingWard.select(MeetingWard.meeting, MeetingWard.ward).where(
        MeetingWard.meeting.is_in(ids)).order_by(MeetingWard.position).order_by(MeetingWard.id).run()
    out: dict[int, list[str]] = {i: [] for i in ids}
    for r in rows:
        out[r["meeting"]].append(r["ward"])
    return out


async def get(meeting_id: int) -> dict | None:
    m = await Meeting.select().where(Meeting.id == meeting_id).first()
    if m is None:
        return None
    m["wards"] = (await _wards_for([m["id"]]))[m["id"]]
    return m


async def _set_wards(meeting_id: int, wards: list[str]) -> None:
    await MeetingWard.delete().where(MeetingWard.meeting == meeting_id).run()
    if wards:
        await MeetingWard.insert(*[MeetingWard(meeting=meeting_id, ward=w, position=i)
                                   for i, w in enumerate(wards)]).run()


async def create(form: MeetingForm, actor) -> dict:
    values = await check_meeting(form)
    wards = values.pop("wards")
    async with transaction():
        rows = await Meeting.insert(Meeting(**values, created_by=actor.id, updated_by=actor.id,
                                            created_at=now(), updated_at=now())).returning(Meeting.id).run()
        meeting_id = rows[0]["id"]
        await _set_wards(meeting_id, wards)
        await audit.record(actor, "create", "meeting", meeting_id,
                           {"kind": values["kind"], "title": values["title"], "wards": wards})
    return await get(meeting_id)


def _show(value) -> object:
    if isinstance(value, dt.datetime):
        return to_local_input(value).replace("T", " ")
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return "" if value is None else value


async def update(meeting: dict, form: MeetingForm, actor) -> tuple[dict, dict]:
    """Save the changes; (the meeting, {field: [before, after]}) for the audit trail."""
    values = await check_meeting(form)
    changes = {}
    for name, value in values.items():
        before = meeting[name]
        if name == "held_at":
            before = aware(before)
        if before != value:
            changes[name] = [_show(before), _show(value)] if name not in LONG_TEXT else ["", "changed"]
    if not changes:
        return meeting, {}
    wards = values.pop("wards")
    async with transaction():
        await Meeting.update({**{getattr(Meeting, k): v for k, v in values.items()},
                              Meeting.updated_by: actor.id, Meeting.updated_at: now()}).where(
            Meeting.id == meeting["id"]).run()
        if "wards" in changes:
            await _set_wards(meeting["id"], wards)
        await audit.record(actor, "update", "meeting", meeting["id"], changes)
        updated = await get(meeting["id"])
        if "held_at" in changes or "wards" in changes:
            # A point's voice carries the meeting's date, and its first ward when the point has none.

            await refresh_voices(updated)
    return updated, changes


@dataclass
class Filters:
    kind: str = ""
    ward: str = ""
    officer: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return any([self.kind, self.ward, self.officer, self.date_from, self.date_to])


def parse_filters(params: dict[str, str]) -> Filters:
    """The list's filters from the query string; a bad value is reported and ignored."""
    f = Filters()
    errors = f.errors
    kind = params.get("kind", "")
    if kind and kind not in vocab.KINDS:
        errors["kind"] = "Select a kind of meeting from the list"
    else:
        f.kind = kind
    ward = params.get("ward", "")
    if ward and ward not in vocab.ward_slugs():
        errors["ward"] = "Select a ward from the list"
    else:
        f.ward = ward
    officer = params.get("officer", "")
    if officer and not officer.isdigit():
        errors["officer"] = "Select an officer from the list"
    else:
        f.officer = officer
    for name, label in (("date_from", "From"), ("date_to", "To")):
        value = params.get(name, "").strip()
        if value:
            try:
                day = parse_day(value)
            except ValueError:
                errors[name] = f"'{label}' must be a real date, for example 31/03/2024"
                continue
            if not 2000 <= day.year <= 2100:
                errors[name] = f"'{label}' must be a date between 2000 and 2100"
                continue
            setattr(f, name, day.isoformat())
    if f.date_from and f.date_to and f.date_from > f.date_to:
        errors["date_to"] = "'To' must be the same as or after 'From'"
        f.date_to = ""
    page = params.get("page", "1")
    f.page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    return f


def _day_start(value: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), tzinfo=LONDON).astimezone(dt.timezone.utc)


async def list_meetings(f: Filters, first_officer: int | None = None) -> tuple[list[dict], int]:
    """One page of meetings, newest first (the given officer's own first); (rows, total)."""
    where = []
    if f.kind:
        where.append(Meeting.kind == f.kind)
    if f.officer:
        where.append(Meeting.officer_id == int(f.officer))
    if f.ward:
        where.append(Meeting.id.is_in(MeetingWard.select(MeetingWard.meeting).where(MeetingWard.ward == f.ward)))
    if f.date_from:
        where.append(Meeting.held_at >= _day_start(f.date_from))
    if f.date_to:
        where.append(Meeting.held_at < _day_start(f.date_to) + dt.timedelta(days=1))
    def select(*columns):
        # Piccolo's where() changes the query it is called on: build a new one each time.
        query = Meeting.select(*columns)
        for condition in where:
            query = query.where(condition)
        return query

    count = Meeting.count()
    for condition in where:
        count = count.where(condition)
    total = await count.run()
    own_ids = []
    if first_officer is not None:
        own_ids = [r["id"] for r in await select(Meeting.id).where(Meeting.officer_id == first_officer).run()]
    # Own meetings first, then newest first: done in two ordered queries to stay portable.
    offset = (f.page - 1) * PAGE_SIZE
    rows: list[dict] = []
    if own_ids:
        rows = await select().where(Meeting.id.is_in(own_ids)).order_by(Meeting.held_at, ascending=False).order_by(
            Meeting.id, ascending=False).limit(PAGE_SIZE).offset(offset).run()
        offset = max(0, offset - len(own_ids))
    if len(rows) < PAGE_SIZE:
        rest = select().where(Meeting.id.not_in(own_ids)) if own_ids else select()
        rows += await rest.order_by(Meeting.held_at, ascending=False).order_by(Meeting.id, ascending=False).limit(
            PAGE_SIZE - len(rows)).offset(offset).run()
    wards = await _wards_for([m["id"] for m in rows])
    counts = await point_counts([m["id"] for m in rows])
    names = await user_names({m["officer_id"] for m in rows})
    for m in rows:
        m["wards"] = wards.get(m["id"], [])
        m["points"] = counts.get(m["id"], 0)
        m["officer_name"] = names.get(m["officer_id"], "")
        m["own"] = first_officer is not None and m["officer_id"] == first_officer
    return rows, total


async def point_counts(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}

    rows = await FeedbackPoint.select(FeedbackPoint.meeting, Count(alias="n")).where(
        FeedbackPoint.meeting.is_in(ids)).group_by(FeedbackPoint.meeting).run()
    return {r["meeting"]: r["n"] for r in rows}
