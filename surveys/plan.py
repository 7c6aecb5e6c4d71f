"""What residents are told before a consultation opens (the Gunning principles): its purpose, what
is and is not open to change, how responses will be used and when the decision is expected, and the
equality impact assessment. A consultation cannot open without them, nor run for less than the
configured minimum (ENGAGE_MIN_CONSULTATION_WEEKS, 6 by default) without a reason residents can read.
No web imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engage.framework.vocabulary import wards
from engage.times import aware, now
from engage.validation import FieldErrors, bounded_text
from surveys.loop_tables import ConsultationPlan

REQUIRED = {
    "purpose": "Enter the consultation's purpose",
    "open_to_change": "Enter what is still open to change",
    "not_open_to_change": "Enter what is not open to change (write 'Nothing' if everything is)",
    "how_used": "Enter how responses will be used",
}
TEXT_FIELDS = ("purpose", "open_to_change", "not_open_to_change", "how_used", "equality_summary", "short_reason")
LABELS = {"purpose": "Purpose", "open_to_change": "What is open to change", "not_open_to_change": "What is not",
          "how_used": "How responses will be used", "equality_summary": "Equality impact summary",
          "short_reason": "Reason"}


class PlanError(FieldErrors):
    pass


@dataclass
class PlanForm:
    purpose: str = ""
    open_to_change: str = ""
    not_open_to_change: str = ""
    how_used: str = ""
    decision_expected: str = ""  # YYYY-MM-DD
    equality_link: str = ""
    equality_summary: str = ""
    short_reason: str = ""
    wards: tuple[str, ...] = ()


def form_from_row(row: dict | None) -> PlanForm:
    if row is None:
        return PlanForm()
    return PlanForm(**{k: row[k] or "" for k in (*TEXT_FIELDS, "equality_link")},
                    decision_expected=str(row["decision_expected"] or ""), wards=tuple(row["wards"] or ()))


def run_days(c: dict, at: dt.datetime | None = None) -> float | None:
    """How many days the consultation runs (from its opening, or now), None with no closing date."""
    closes = aware(c.get("closes_at"))
    if closes is None:
        return None
    opens = aware(c.get("opens_at")) or at or now()
    return (closes - opens).total_seconds() / 86400


def is_short(c: dict, minimum_weeks: int, at: dt.datetime | None = None) -> bool:
    days = run_days(c, at)
    return days is not None and days < minimum_weeks * 7


def clean(form: PlanForm, c: dict, minimum_weeks: int) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict = {}
    for name in TEXT_FIELDS:
        values[name] = bounded_text(errors, name, getattr(form, name), 5000, LABELS[name], missing=REQUIRED.get(name, ""))
    link = form.equality_link.strip()
    if link and (not link.startswith(("https://", "http://")) or len(link) > 500 or any(ch.isspace() for ch in link)):
        errors["equality_link"] = "Enter the equality impact assessment's web address, starting https://"
    values["equality_link"] = link
    if not link and not values["equality_summary"] and "equality_summary" not in errors:
        errors["equality_summary"] = "Give a link to the equality impact assessment, or summarise it"
    values["decision_expected"] = None
    raw = form.decision_expected.strip()
    if not raw:
        errors["decision_expected"] = "Enter when the decision is expected"
    else:
        try:
            values["decision_expected"] = dt.date.fromisoformat(raw)
        except ValueError:
            errors["decision_expected"] = "Decision expected must be a real date, like 2026-03-31"
    known = {slug for slug, _ in wards()}
    if any(w not in known for w in form.wards if w):
        errors["wards"] = "Select wards from the list"
    values["wards"] = [slug for slug, _ in wards() if slug in form.wards]
    if is_short(c, minimum_weeks) and not values["short_reason"] and "short_reason" not in errors:
        errors["short_reason"] = (f"This consultation runs for less than {minimum_weeks} weeks: "
                                  "say why, so residents can see it")
    return values, errors


async def plan_for(consultation_id: int) -> dict | None:
    return await ConsultationPlan.select().output(load_json=True).where(
        ConsultationPlan.consultation == consultation_id).first()


async def save(c: dict, form: PlanForm, minimum_weeks: int) -> tuple[dict, dict]:
    """Save the plan; (the row, what changed as {field: [old, new]}). PlanError when incomplete."""
    values, errors = clean(form, c, minimum_weeks)
    if errors:
        raise PlanError(errors)
    existing = await plan_for(c["id"])
    plain = {k: (str(v) if isinstance(v, dt.date) else v) for k, v in values.items()}
    if existing is None:
        await ConsultationPlan.insert(ConsultationPlan(consultation=c["id"], updated_at=now(), **values)).run()
        changes = {k: ["", v] for k, v in plain.items() if v}
    else:
        old = {k: (str(existing[k]) if isinstance(existing[k], dt.date) else existing[k]) for k in plain}
        changes = {k: [old[k], v] for k, v in plain.items() if old[k] != v}
        if changes:
            await ConsultationPlan.update({**values, "updated_at": now()}).where(
                ConsultationPlan.id == existing["id"]).run()
    return await plan_for(c["id"]), changes


async def opening_problem(c: dict, minimum_weeks: int) -> str | None:
    """Why the consultation may not open yet, or None. A closing date already past is left to
    surveys.consultations.change_status to report: that comes first for the officer to fix."""
    closes = aware(c.get("closes_at"))
    if closes is not None and closes <= now():
        return None
    row = await plan_for(c["id"])
    if row is None:
        return "Complete 'Before opening' (purpose, what can change, how responses are used, equality impact) first"
    _, errors = clean(form_from_row(row), c, minimum_weeks)
    if "short_reason" in errors:
        return (f"This consultation runs for less than {minimum_weeks} weeks: give the reason under 'Before opening' "
                "or set a later closing date")
    if errors:
        return "Complete 'Before opening' (purpose, what can change, how responses are used, equality impact) first"
    return None
