"""Consultations: validation, lifecycle and queries. No web imports."""

from __future__ import annotations

import datetime as dt
import re

from engage.schema import Field, Schema
from engage.validation import FieldErrors

from engage.framework.services import slugify
from engage.framework.vocabulary import priorities
from engage.times import aware, now, parse_local
from surveys.tables import Consultation, Question, Response, new_revision

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATUSES = ("draft", "open", "closed", "published")
STATUS_LABELS = {"draft": "Draft", "upcoming": "Not yet open", "open": "Open", "closed": "Closed",
                 "published": "Results published"}


def phase(c: dict, at: dt.datetime | None = None) -> str:
    """What a consultation is doing now: draft, upcoming, open, closed or published."""
    at = at or now()
    status = c["status"]
    if status != "open":
        return status
    opens, closes = aware(c.get("opens_at")), aware(c.get("closes_at"))
    if opens and at < opens:
        return "upcoming"
    if closes and at >= closes:
        return "closed"
    return "open"


class ConsultationError(FieldErrors):
    pass


# A consultation's own fields, once: the builder's form reads them, its rules take their limits and
# labels from here, and the public JSON API gives the `public` ones with the same titles.
CONSULTATION = Schema(
    "Consultation",
    Field("title", "Title", limit=200, public=True),
    Field("slug", "Web address", limit=80, public=True, hint="The last part of its address: /consultations/<slug>"),
    Field("summary", "Summary", limit=1000, long=True, public=True),
    Field("background", "Background", limit=20000, long=True),
    Field("opens_at", "Opening date and time", out_type=dt.datetime | None, public=True),
    Field("closes_at", "Closing date and time", out_type=dt.datetime | None, public=True),
    Field("priorities", "Priorities", api_type=list[str], kind="many", public=True,
          hint="The Community Safety Plan priorities it informs (framework slugs)"),
    Field("ask_about_you", "Ask the 'About you' questions", api_type=bool, kind="flag", default=True),
    Field("retention_days", "Days to keep responses", api_type=int, default="730"),
    module=__name__,
)
ConsultationForm = CONSULTATION.form_class()


def form_from_row(c: dict) -> ConsultationForm:
    return CONSULTATION.form_from_row(c)


def clean_consultation(form: ConsultationForm, existing: dict | None = None) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict = {}
    title = values["title"] = CONSULTATION.bounded(errors, form, "title", missing="Enter a title")

    most = CONSULTATION["slug"].limit or 0
    slug = form.slug.strip().lower() or slugify(title)[:most].strip("-")
    if existing and existing["status"] != "draft" and slug != existing["slug"]:
        errors["slug"] = "The web address cannot change once a consultation has been opened: links to it are already shared"
    elif not slug:
        # Made from the title when left blank: with no title, the title's own error says what to do.
        if not errors.get("title"):
            errors["slug"] = "Enter a web address, like knife-crime-2025: the title has no letters or numbers to make one from"
    elif not SLUG_RE.match(slug) or len(slug) > most:
        errors["slug"] = "Web address must use only lowercase letters, numbers and hyphens, like knife-crime-2025"
    values["slug"] = slug

    for name in ("summary", "background"):
        values[name] = CONSULTATION.bounded(errors, form, name)

    for name in ("opens_at", "closes_at"):
        raw = getattr(form, name).strip()
        values[name] = None
        if raw:
            try:
                values[name] = parse_local(raw)
            except ValueError:
                label = "Opening" if name == "opens_at" else "Closing"
                errors[name] = f"{label} date and time must be a real date and time, like 01/03/2025 09:00"
            else:
                if not 2000 <= values[name].year <= 2100:
                    label = "Opening" if name == "opens_at" else "Closing"
                    errors[name] = f"{label} date must be between 2000 and 2100"
                    values[name] = None
    if values.get("opens_at") and values.get("closes_at") and values["closes_at"] <= values["opens_at"]:
        errors["closes_at"] = "Closing date and time must be after the opening date and time"

    known = {slug for slug, _ in priorities()}
    chosen = [p for p in form.priorities if p]
    if any(p not in known for p in chosen):
        errors["priorities"] = "Select priorities from the list"
    values["priorities"] = [p for p in known_order(chosen)]
    values["ask_about_you"] = bool(form.ask_about_you)
    try:
        days = int(form.retention_days)
        if not 30 <= days <= 3650:
            raise ValueError
        values["retention_days"] = days
    except (TypeError, ValueError):
        errors["retention_days"] = "Keep responses for a whole number of days between 30 and 3650"
    return values, errors


def known_order(chosen: list[str]) -> list[str]:
    return [slug for slug, _ in priorities() if slug in chosen]


async def slug_taken(slug: str, except_id: int | None = None) -> bool:
    query = Consultation.exists().where(Consultation.slug == slug)
    if except_id is not None:
        query = Consultation.exists().where((Consultation.slug == slug) & (Consultation.id != except_id))
    return await query


async def create(form: ConsultationForm, user_id: int | None) -> dict:
    values, errors = clean_consultation(form)
    if not errors.get("slug") and await slug_taken(values["slug"]):
        errors["slug"] = "Another consultation already uses this web address"
    if errors:
        raise ConsultationError(errors)
    rows = await Consultation.insert(Consultation(**values, created_by=user_id, status="draft")).returning(
        Consultation.id).run()
    return await get(rows[0]["id"])


async def update(consultation: dict, form: ConsultationForm) -> tuple[dict, dict]:
    """Save edited details; returns (the new row, what changed as {field: [old, new]})."""
    values, errors = clean_consultation(form, consultation)
    if not errors.get("slug") and await slug_taken(values["slug"], consultation["id"]):
        errors["slug"] = "Another consultation already uses this web address"
    if errors:
        raise ConsultationError(errors)
    changes = {k: [_plain(consultation[k]), _plain(v)] for k, v in values.items() if _plain(consultation[k]) != _plain(v)}
    if changes:
        await Consultation.update({**values, "updated_at": now(), "revision": new_revision()}).where(
            Consultation.id == consultation["id"]).run()
    return await get(consultation["id"]), changes


def _plain(value):
    if isinstance(value, dt.datetime):
        return aware(value).isoformat()
    return value


async def touch(consultation_id: int) -> None:
    """Record that a consultation's questions changed (a new revision for the workers' caches)."""
    await Consultation.update({Consultation.revision: new_revision(), Consultation.updated_at: now()}).where(
        Consultation.id == consultation_id).run()


async def get(consultation_id: int) -> dict | None:
    return await Consultation.select().output(load_json=True).where(Consultation.id == consultation_id).first()


async def get_by_slug(slug: str) -> dict | None:
    if not SLUG_RE.match(slug or "") or len(slug) > (CONSULTATION["slug"].limit or 0):
        return None
    return await Consultation.select().output(load_json=True).where(Consultation.slug == slug).first()


async def list_all() -> list[dict]:
    rows = await Consultation.select().output(load_json=True).order_by(Consultation.created_at, ascending=False).run()
    counts = await response_counts()
    for row in rows:
        row["phase"] = phase(row)
        row["responses"] = counts.get(row["id"], 0)
    return rows


async def public_rows() -> list[dict]:
    """The consultations residents can list: open (or opening) and published."""
    return await Consultation.select().output(load_json=True).where(
        Consultation.status.is_in(["open", "published"])).order_by(Consultation.closes_at).run()


def group_public(rows: list[dict]) -> dict[str, list[dict]]:
    """The rows by what they are doing now (each a copy with its `phase`)."""
    groups: dict[str, list[dict]] = {"open": [], "upcoming": [], "published": [], "closed": []}
    for row in rows:
        row = {**row, "phase": phase(row)}
        groups[row["phase"]].append(row)
    groups["published"].sort(key=lambda r: aware(r["closes_at"]) or aware(r["created_at"]), reverse=True)
    return groups


async def list_public() -> dict[str, list[dict]]:
    return group_public(await public_rows())


async def response_counts() -> dict[int, int]:
    rows = await Response.raw(
        "SELECT consultation AS id, COUNT(*) AS n FROM surveys_response GROUP BY consultation").run()
    return {row["id"]: row["n"] for row in rows}


async def has_responses(consultation_id: int) -> bool:
    return await Response.exists().where(Response.consultation == consultation_id)


TRANSITIONS = {
    "open": ({"draft", "closed"}, "open"),
    "close": ({"open"}, "closed"),
    "publish": ({"closed"}, "published"),
    "unpublish": ({"published"}, "closed"),
}


async def change_status(consultation: dict, action: str) -> tuple[dict, str | None]:
    """Apply a lifecycle action; returns (row, error message or None)."""
    if action not in TRANSITIONS:
        return consultation, "Choose open, close, publish or unpublish"
    allowed_from, target = TRANSITIONS[action]
    current = phase(consultation)
    # An open consultation past its closing time is closed for every purpose.
    effective = "closed" if current == "closed" and consultation["status"] == "open" else consultation["status"]
    if effective not in allowed_from:
        return consultation, f"A consultation that is {STATUS_LABELS[current].lower()} cannot be {action}ed"
    values: dict = {"status": target, "updated_at": now(), "revision": new_revision()}
    if action == "open":
        if not await Question.exists().where(Question.consultation == consultation["id"]):
            return consultation, "Add at least one question before opening the consultation"
        closes = aware(consultation["closes_at"])
        if closes and closes <= now():
            return consultation, "Set a closing date in the future before opening the consultation"
    if action == "close":
        closes = aware(consultation["closes_at"])
        if closes is None or closes > now():
            values["closes_at"] = now()
    await Consultation.update(values).where(Consultation.id == consultation["id"]).run()
    return await get(consultation["id"]), None
