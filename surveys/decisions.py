"""After closing: "We asked, you said, we did". The decision, its follow-up actions (status shown to
residents, updated as they progress), and the residents who asked to be told once it is published.

A resident's address (DecisionFollower) has a random id, no time and no link to any response; when
the decision is published each address becomes one queued email that deletes it once sent
(engage.outbox), and the follower row goes in the same transaction. No web imports."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from engage.auth.services import EMAIL_RE
from engage.db import transaction
from engage.outbox.services import add_message, request_sending
from engage.times import london_today, now
from engage.validation import FieldErrors, bounded_text
from surveys import consultations as cons
from surveys.loop_tables import Decision, DecisionFollower, FollowUpAction

ACTION_STATUSES = {"planned": "Planned", "in-progress": "In progress", "done": "Done",
                   "not-taken-forward": "Not taken forward"}
ACTIVE = ("planned", "in-progress")
STAGES = {"open": "Open for responses", "upcoming": "Not yet open", "closed": "Closed: results being prepared",
          "published": "Results published", "decided": "Decision made"}


class DecisionError(FieldErrors):
    pass


@dataclass
class DecisionForm:
    heard: str = ""
    decision: str = ""
    decided_on: str = ""
    decided_by: str = ""
    changes: str = ""


@dataclass
class ActionForm:
    description: str = ""
    owner: str = ""
    owner_user: str = ""
    due_on: str = ""
    status: str = "planned"
    progress: str = ""


def _date(errors: dict, name: str, raw: str, label: str, required: bool = False) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        if required:
            errors[name] = f"Enter the {label.lower()}"
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = f"{label} must be a real date, like 2026-03-31"
        return None


def decision_form_from(row: dict | None) -> DecisionForm:
    if row is None:
        return DecisionForm()
    return DecisionForm(row["heard"], row["decision"], str(row["decided_on"] or ""), row["decided_by"], row["changes"])


def action_form_from(row: dict) -> ActionForm:
    return ActionForm(row["description"], row["owner"], str(row["owner_user"] or ""), str(row["due_on"] or ""),
                      row["status"], row["progress"])


async def decision_for(consultation_id: int) -> dict | None:
    return await Decision.select().where(Decision.consultation == consultation_id).first()


async def published_decision(consultation_id: int) -> dict | None:
    return await Decision.select().where((Decision.consultation == consultation_id)
                                         & Decision.published_at.is_not_null()).first()


async def actions_for(decision_id: int) -> list[dict]:
    rows = await FollowUpAction.select().where(FollowUpAction.decision == decision_id).order_by(
        FollowUpAction.due_on).order_by(FollowUpAction.id).run()
    today = london_today()
    for row in rows:
        row["overdue"] = row["status"] in ACTIVE and row["due_on"] is not None and row["due_on"] < today
        row["status_label"] = ACTION_STATUSES.get(row["status"], row["status"])
    return rows


async def save_decision(c: dict, form: DecisionForm, user_id: int | None) -> tuple[dict, dict]:
    if cons.phase(c) not in ("closed", "published"):
        raise DecisionError({"decision": "Write the decision once the consultation has closed"})
    errors: dict[str, str] = {}
    values = {
        "heard": bounded_text(errors, "heard", form.heard, 10000, "What you said", missing="Summarise what was heard"),
        "decision": bounded_text(errors, "decision", form.decision, 10000, "Decision", missing="Enter the decision"),
        "decided_by": bounded_text(errors, "decided_by", form.decided_by, 200, "Who decided",
                                   missing="Enter who made the decision"),
        "changes": bounded_text(errors, "changes", form.changes, 10000, "What changes",
                                missing="Enter what changes as a result (write 'Nothing changes' and why, if so)"),
    }
    values["decided_on"] = _date(errors, "decided_on", form.decided_on, "Decision date", required=True)
    if values["decided_on"] and values["decided_on"] > london_today():
        errors["decided_on"] = "Decision date must be today or in the past"
    if errors:
        raise DecisionError(errors)
    existing = await decision_for(c["id"])
    if existing is None:
        await Decision.insert(Decision(consultation=c["id"], updated_at=now(), updated_by=user_id, **values)).run()
        changes = {k: ["", str(v)] for k, v in values.items()}
    else:
        changes = {k: [str(existing[k]), str(v)] for k, v in values.items() if existing[k] != v}
        await Decision.update({**values, "updated_at": now(), "updated_by": user_id}).where(
            Decision.id == existing["id"]).run()
    return await decision_for(c["id"]), changes


async def publish_decision(c: dict, base_url: str) -> str | None:
    """Show the decision to residents and tell everyone who asked; an error message, or None."""
    decision = await decision_for(c["id"])
    if decision is None:
        return "Write the decision first"
    if cons.phase(c) != "published":
        return "Publish the consultation's results first: the decision links to them"
    if decision["published_at"] is not None:
        return "The decision is already published"
    await Decision.update({Decision.published_at: now()}).where(Decision.id == decision["id"]).run()
    await tell_followers(c, base_url)
    return None


async def unpublish_decision(c: dict) -> None:
    await Decision.update({Decision.published_at: None}).where(Decision.consultation == c["id"]).run()


async def tell_followers(c: dict, base_url: str) -> int:
    """One email to each follower, each address deleted as it goes into the outbox; how many."""
    link = f"{base_url}/consultations/{c['slug']}/decision"
    told = 0
    async with transaction():
        rows = await DecisionFollower.select(DecisionFollower.id, DecisionFollower.email).where(
            DecisionFollower.consultation == c["id"]).run()
        for row in rows:
            await add_message(
                "decision", row["email"], f"Decision published: {c['title']}"[:200],
                f"You asked to be told when the partnership published its decision on \"{c['title']}\".\n\n"
                f"We asked, you said, we did: {link}\n\n"
                "This is the only email you will get about it: your address is deleted once it is sent.\n",
                forget_address=True)
            told += 1
        await DecisionFollower.delete().where(DecisionFollower.consultation == c["id"]).run()
    if told:
        await request_sending()
    return told


# -- follow-up actions -------------------------------------------------------------------------


def _clean_action(form: ActionForm, officer_ids: set[int]) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    values = {
        "description": bounded_text(errors, "description", form.description, 2000, "Action",
                                    missing="Describe the action"),
        "owner": bounded_text(errors, "owner", form.owner, 200, "Owner", missing="Enter who owns the action"),
        "progress": bounded_text(errors, "progress", form.progress, 2000, "Progress"),
    }
    values["due_on"] = _date(errors, "due_on", form.due_on, "Due date")
    if form.status not in ACTION_STATUSES:
        errors["status"] = "Select the action's status"
    values["status"] = form.status
    owner_user = None
    if form.owner_user.strip():
        if not form.owner_user.strip().isdigit() or int(form.owner_user) not in officer_ids:
            errors["owner_user"] = "Select an officer from the list"
        else:
            owner_user = int(form.owner_user)
    values["owner_user"] = owner_user
    return values, errors


async def add_action(decision: dict, form: ActionForm, officer_ids: set[int]) -> dict:
    values, errors = _clean_action(form, officer_ids)
    if errors:
        raise DecisionError(errors)
    rows = await FollowUpAction.insert(FollowUpAction(decision=decision["id"], updated_at=now(), **values)).returning(
        FollowUpAction.id).run()
    return await FollowUpAction.select().where(FollowUpAction.id == rows[0]["id"]).first()


async def get_action(decision: dict, action_id: int) -> dict | None:
    return await FollowUpAction.select().where((FollowUpAction.id == action_id)
                                               & (FollowUpAction.decision == decision["id"])).first()


async def update_action(action: dict, form: ActionForm, officer_ids: set[int]) -> dict:
    values, errors = _clean_action(form, officer_ids)
    if errors:
        raise DecisionError(errors)
    changes = {k: [str(action[k]), str(v)] for k, v in values.items() if action[k] != v}
    if changes:
        await FollowUpAction.update({**values, "updated_at": now()}).where(FollowUpAction.id == action["id"]).run()
    return changes


async def delete_action(action: dict) -> None:
    await FollowUpAction.delete().where(FollowUpAction.id == action["id"]).run()


async def overdue_by_owner() -> dict[int, list[dict]]:
    """Overdue follow-up actions of published decisions, by the account that owns them."""
    rows = await FollowUpAction.select(
        FollowUpAction.id, FollowUpAction.description, FollowUpAction.due_on, FollowUpAction.status,
        FollowUpAction.owner_user, FollowUpAction.decision.consultation.title,
        FollowUpAction.decision.consultation.id,
    ).where(FollowUpAction.owner_user.is_not_null() & FollowUpAction.status.is_in(list(ACTIVE))
            & (FollowUpAction.due_on < london_today())).order_by(FollowUpAction.due_on).run()
    out: dict[int, list[dict]] = {}
    for row in rows:
        out.setdefault(row["owner_user"], []).append(row)
    return out


# -- residents following a consultation ---------------------------------------------------------


async def follow(c: dict, email: str) -> str:
    """Keep an address to tell once; 'saved', or 'decided' when the decision is already out. FieldErrors."""
    email = (email or "").strip()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise DecisionError({"email": "Enter an email address in the correct format, like name@example.com"})
    if await published_decision(c["id"]):
        return "decided"
    already = await DecisionFollower.exists().where((DecisionFollower.consultation == c["id"])
                                                    & (DecisionFollower.email == email))
    if not already:
        await DecisionFollower.insert(DecisionFollower(id=uuid.uuid4(), consultation=c["id"], email=email)).run()
    return "saved"


async def forget_waiting_followers(consultation_id: int) -> int:
    """Delete the addresses still waiting on a decision that was never published; how many.

    Retention's call (engage.privacy.retention): an address given to hear of a decision must not
    outlive the reason it was given for."""
    if await published_decision(consultation_id):
        return 0  # published: tell_followers has already turned each address into an email
    waiting = await DecisionFollower.count().where(DecisionFollower.consultation == consultation_id)
    if waiting:
        await DecisionFollower.delete().where(DecisionFollower.consultation == consultation_id).run()
    return waiting


async def stage(c: dict) -> str:
    """Where the consultation is, as a resident following a response sees it."""
    phase = cons.phase(c)
    if phase == "published" and await published_decision(c["id"]):
        return "decided"
    return phase if phase in STAGES else "closed"
