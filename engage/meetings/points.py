"""Feedback points and their follow-up: validation, saving, and keeping each point's voice
in step. No web imports.

Every feedback point is a voice (engage.voices): its voice is recorded in the same
transaction whenever a point is created or its text, ward or meeting date changes, and
forgotten when the point is deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from msgspec import NODEFAULT

from engage import background
from engage.analysis.redaction import redact
from engage.audit import services as audit
from engage.db import transaction
from engage.framework import vocabulary
from engage.framework.services import slugify
from engage.framework.vocabulary import partners, themes, wards
from engage.meetings import vocab
from engage.meetings.tables import FeedbackPoint, Meeting
from engage.times import aware, now, parse_day
from engage.schema import Field, Schema
from engage.validation import FieldErrors
from engage.voices.services import forget_voices, record_voice

log = logging.getLogger("engage.meetings")

VOICE_SOURCE = "feedback_point"

# A feedback point's fields, once, for the officer's form, the JSON API and the CSV import.
POINT = Schema(
    "Point",
    Field("text", "What was raised", api_default=NODEFAULT, limit=5_000, long=True),
    Field("raised_by", "Who raised it", api_default=NODEFAULT, choices=lambda: vocab.RAISED_BY, fallback=slugify,
          hint="resident, business, community-representative, young-people, councillor, partner-agency or other "
               "(a group, never a name)", aliases=("raised by",)),
    Field("ward", "Ward", api_type=str | None, api_default=None, choices=lambda: dict(wards()), fallback=slugify,
          hint="A ward's slug"),
    Field("themes", "Theme tags", api="officer_themes", api_type=list[str], api_default=[], kind="many",
          choices=lambda: dict(themes()), fallback=slugify, hint="Framework theme slugs", aliases=("theme",)),
    Field("action", "Action agreed", limit=2_000, long=True, group="follow-up"),
    Field("owner", "Owning partner", choices=lambda: {p: p for p in partners()}, group="follow-up",
          hint="A partner's name from the framework"),
    Field("due_on", "Due date", api_type=str | None, api_default=None, out_type=dt.date | None, csv="due_date", kind="date",
          aliases=("due_on", "due", "due date"), group="follow-up", hint="YYYY-MM-DD"),
    Field("status", "Status", api_default="open", default="open", choices=lambda: vocab.STATUSES, fallback=slugify,
          hint="open, in-progress, done or not-taken-forward", group="follow-up"),
    Field("outcome", "Outcome", limit=5_000, long=True, group="follow-up"),
    Field("publishable", "Publish", api_type=bool, api_default=False, kind="flag", group="follow-up"),
    Field("public_summary", "Public summary", limit=1_000, long=True, aliases=("summary", "public summary"),
          group="follow-up"),
    doc="raised_by: a group, never a name. officer_themes: framework theme slugs. owner: a partner's name from "
        "the framework. status: open, in-progress, done, not-taken-forward.",
    module=__name__,
)
FOLLOW_UP = tuple(POINT.named(group="follow-up"))
# Long free text is recorded in the trail as "changed", not copied into it.
TEXT_FIELDS = set(POINT.named(long=True))


class PointError(FieldErrors):
    pass


PointForm = POINT.form_class("What an officer typed for a feedback point, as strings, so a refused form shows it back.")


def form_from_row(p: dict) -> PointForm:
    return POINT.form_from_row(p)


def redacted(text: str) -> str:
    """The text with personal details replaced by tokens such as [name] and [phone]."""
    return redact(text, allow=list(partners()))


def _personal_data(text: str) -> list[str]:
    """What the redactor would remove from text, e.g. ['name', 'phone number']."""
    cleaned = redacted(text)
    if cleaned == text:
        return []

    found = re.findall(r"\[(email|phone|NI number|postcode|vehicle|address|name)\]", cleaned)
    words = {"phone": "phone number", "vehicle": "vehicle registration"}
    return list(dict.fromkeys(words.get(f, f) for f in found)) or ["personal details"]


def check_point(form: PointForm) -> dict:
    """The values to store, or PointError with a message for each field at fault."""
    errors: dict[str, str] = {}
    values: dict = {}
    values["text"] = POINT.bounded(errors, form, "text", missing="Enter what was raised")
    if form.raised_by not in vocab.RAISED_BY:
        errors["raised_by"] = "Select who raised it"
    values["raised_by"] = form.raised_by
    if form.ward and form.ward not in vocab.ward_slugs():
        errors["ward"] = "Select a ward from the list"
    values["ward"] = form.ward or None
    themes = list(dict.fromkeys(t for t in form.themes if t))
    known = vocab.theme_slugs()
    unknown = [t for t in themes if t not in known]
    if unknown:
        errors["themes"] = f"Select theme tags from the list ({', '.join(unknown[:3])[:100]} is not one)"
    elif len(themes) > vocab.MAX_THEMES:
        errors["themes"] = f"Select {vocab.MAX_THEMES} theme tags or fewer"
    values["officer_themes"] = themes
    action = values["action"] = POINT.bounded(errors, form, "action")
    owner = form.owner.strip()
    if owner and owner not in vocab.partner_names():
        errors["owner"] = "Select the owner from the partnership's members"
    values["owner"] = owner
    due = form.due_on.strip()
    values["due_on"] = None
    if due:
        try:
            values["due_on"] = parse_day(due)
        except ValueError:
            errors["due_on"] = "Due date must be a real date, for example 31/03/2024"
        else:
            if values["due_on"].year < 2000 or values["due_on"].year > 2100:
                errors["due_on"] = "Due date must be between 2000 and 2100"
            elif not action:
                errors["action"] = "Enter the action agreed, or remove the due date"
    if form.status not in vocab.STATUSES:
        errors["status"] = "Select the action's status"
    elif form.status in {"in-progress", "done"} and not action and "action" not in errors:
        errors["action"] = "Enter the action agreed before marking it in progress or done"
    values["status"] = form.status
    outcome = values["outcome"] = POINT.bounded(errors, form, "outcome")
    summary = values["public_summary"] = POINT.bounded(errors, form, "public_summary")
    values["publishable"] = bool(form.publishable)
    if form.publishable:
        if not summary and "public_summary" not in errors:
            errors["public_summary"] = "Enter a public summary of what was raised before publishing the outcome"
        if not outcome and "outcome" not in errors:
            errors["outcome"] = "Enter what was done before publishing the outcome"
    for name in ("public_summary", "outcome"):
        if form.publishable and values[name] and name not in errors:
            found = _personal_data(values[name])
            if found:
                errors[name] = (f"Remove personal details ({', '.join(found)}) from the {POINT[name].label.lower()}: "
                                "it will be published")
    if errors:
        raise PointError(errors)
    return values


def point_values(raw, door: str, base: PointForm | None = None) -> dict:
    """The values to store from a posted form, a JSON body or a CSV row (see engage.schema), or PointError
    naming each field at fault: what the door could not read (a CSV cell neither yes nor no) over the rules."""
    form, errors = POINT.read(raw, door, base=base)
    try:
        values = check_point(form)
    except PointError as exc:
        raise PointError({**exc.errors, **errors}) from None
    if errors:
        raise PointError(errors)
    return values


async def points_for(meeting_id: int) -> list[dict]:
    return await FeedbackPoint.select().output(load_json=True).where(FeedbackPoint.meeting == meeting_id).order_by(
        FeedbackPoint.id).run()


async def get(meeting_id: int, point_id: int) -> dict | None:
    """A point of this meeting only: a guessed id from another meeting is None."""
    return await FeedbackPoint.select().output(load_json=True).where(
        (FeedbackPoint.id == point_id) & (FeedbackPoint.meeting == meeting_id)).first()


async def get_by_id(point_id: int) -> dict | None:
    return await FeedbackPoint.select().output(load_json=True).where(FeedbackPoint.id == point_id).first()


async def _record_voice(point_id: int, text: str, ward: str | None, meeting: dict) -> None:
    await record_voice(source=VOICE_SOURCE, source_id=point_id, text=text, channel="meeting",
                       occurred_at=aware(meeting["held_at"]), ward=ward or (meeting["wards"] or [None])[0],
                       meeting_id=meeting["id"])


async def refresh_voices(meeting: dict) -> None:
    """Re-record every point's voice after the meeting's date or wards change (caller's transaction)."""
    for p in await FeedbackPoint.select(FeedbackPoint.id, FeedbackPoint.text, FeedbackPoint.ward).where(
            FeedbackPoint.meeting == meeting["id"]).run():
        await _record_voice(p["id"], p["text"], p["ward"], meeting)


def _audit_detail(values: dict) -> dict:
    detail = {}
    for name, value in values.items():
        if name in TEXT_FIELDS:
            if value:
                detail[name] = "entered"
        elif value not in (None, "", [], False) or name == "status":
            detail[name] = value.isoformat() if isinstance(value, dt.date) else value
    return detail


async def _insert(meeting: dict, values: dict, actor, import_hash: str | None) -> int:
    stamp = now()
    rows = await FeedbackPoint.insert(FeedbackPoint(
        meeting=meeting["id"], **values, import_hash=import_hash, created_by=actor.id, updated_by=actor.id,
        created_at=stamp, updated_at=stamp, outcome_at=stamp if values["outcome"] else None,
    )).returning(FeedbackPoint.id).run()
    point_id = rows[0]["id"]
    await _record_voice(point_id, values["text"], values["ward"], meeting)
    await audit.record(actor, "create", "feedback-point", point_id, {"meeting": meeting["id"], **_audit_detail(values)})
    return point_id


async def _tell_of_new_flags() -> None:
    """After points are saved: a disclosure among them reaches the designated safeguarding officers at
    once (engage.jobs.notices), not at the next minute's run. The point is stored whatever the queue says."""
    try:
        await background.request("notices.safeguarding")
    except Exception:  # noqa: BLE001 - the every-minute run tells them instead
        log.warning("could not ask for safeguarding notices; the next minute's run will", exc_info=True)


async def add(meeting: dict, form: PointForm, actor) -> dict:
    await vocabulary.load(max_age=0)  # checked against the framework as it is now, whichever worker changed it
    values = check_point(form)
    async with transaction():
        point_id = await _insert(meeting, values, actor, None)
        await _touch(meeting["id"])
    await _tell_of_new_flags()
    return await get(meeting["id"], point_id)


async def add_many(meeting: dict, rows: list[tuple[dict, str]], actor, source: str = "import") -> tuple[int, int]:
    """Insert checked rows (values, hash) all at once; rows already imported are skipped. (added, skipped)"""
    async with transaction():
        hashes = [h for _, h in rows]
        existing = {r["import_hash"] for r in await FeedbackPoint.select(FeedbackPoint.import_hash).where(
            FeedbackPoint.import_hash.is_in(hashes)).run()} if hashes else set()
        added = 0
        for values, row_hash in rows:
            if row_hash in existing:
                continue
            await _insert(meeting, values, actor, row_hash)
            added += 1
        if added:
            await _touch(meeting["id"])
            await audit.record(actor, source, "meeting", meeting["id"], {"points added": added,
                                                                        "already there": len(rows) - added})
    if added:
        await _tell_of_new_flags()
    return added, len(rows) - added


async def _touch(meeting_id: int) -> None:
    await Meeting.update({Meeting.updated_at: now()}).where(Meeting.id == meeting_id).run()


def _show(name: str, value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return "" if value is None else value


async def update(meeting: dict, point: dict, form: PointForm, actor) -> tuple[dict, dict]:
    """Save a point's changes; (the point, {field: [before, after]}) for the audit trail."""
    await vocabulary.load(max_age=0)
    values = check_point(form)
    changes = {}
    for name, value in values.items():
        before = point[name]
        if before != value:
            changes[name] = ["", "changed"] if name in TEXT_FIELDS else [_show(name, before), _show(name, value)]
    if not changes:
        return point, {}
    update_values = {getattr(FeedbackPoint, k): v for k, v in values.items()}
    update_values[FeedbackPoint.updated_by] = actor.id
    update_values[FeedbackPoint.updated_at] = now()
    if "outcome" in changes:
        update_values[FeedbackPoint.outcome_at] = now() if values["outcome"] else None
    async with transaction():
        await FeedbackPoint.update(update_values).where(FeedbackPoint.id == point["id"]).run()
        if "text" in changes or "ward" in changes:
            await _record_voice(point["id"], values["text"], values["ward"], meeting)
        follow_up = [name for name in changes if name in FOLLOW_UP]
        await audit.record(actor, "update", "feedback-point", point["id"], {"meeting": meeting["id"], **changes})
        if follow_up:
            # The follow-up is the partnership's commitment: its own entry makes it easy to trace.
            await audit.record(actor, "update", "action", point["id"],
                               {"meeting": meeting["id"], **{k: changes[k] for k in follow_up}})
        await _touch(meeting["id"])
    if "text" in changes:
        await _tell_of_new_flags()
    return await get(meeting["id"], point["id"]), changes


async def delete(meeting: dict, point: dict, actor) -> None:
    async with transaction():
        await FeedbackPoint.delete().where(FeedbackPoint.id == point["id"]).run()
        await forget_voices(VOICE_SOURCE, [point["id"]])
        await audit.record(actor, "delete", "feedback-point", point["id"],
                           {"meeting": meeting["id"], "raised_by": point["raised_by"]})
        await _touch(meeting["id"])
