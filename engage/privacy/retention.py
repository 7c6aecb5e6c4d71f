"""Retention: responses are kept for a consultation's retention period after it closes, then deleted.

Safe to run as often as wanted (daily from cron or a systemd timer): each run deletes only
what is past its date, so a second run the same day finds nothing. Kept: the consultation,
its questions and the audit trail (which names no resident). Deleted: every response, its
answers, the voices derived from them, and the consultation's equality ("about you") rows.
Also deleted: the addresses residents gave to hear of a decision, once the consultation closed
longer ago than `ENGAGE_DECISION_WAIT_DAYS` (365) with no decision published (a published
decision deletes them itself, as it emails them).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from engage.audit import services as audit
from engage.db import transaction
from engage.privacy.voices import forget_answer_voices
from engage.settings import Settings
from engage.store.backends import DatabaseStore
from engage.times import aware
from surveys.about_you_store import mix_all
from surveys.consultations import phase
from surveys.decisions import forget_waiting_followers
from surveys.tables import AboutYou, Answer, Consultation, Response

log = logging.getLogger("engage.retention")


@dataclass
class RetentionReport:
    consultations: list[str] = field(default_factory=list)
    responses: int = 0
    answers: int = 0
    about_you: int = 0
    voices: int = 0
    followers: int = 0  # addresses deleted that waited on a decision never published

    def as_dict(self) -> dict:
        return {"consultations": self.consultations, "responses": self.responses, "answers": self.answers,
                "about_you": self.about_you, "voices": self.voices, "followers": self.followers}


def _closed_at(c: dict) -> dt.datetime | None:
    if phase(c) not in {"closed", "published"}:
        return None
    return aware(c["closes_at"]) or aware(c["updated_at"])


def expires_at(c: dict) -> dt.datetime | None:
    """When a consultation's responses are due for deletion; None while it is still open or upcoming."""
    closes = _closed_at(c)
    return closes + dt.timedelta(days=max(int(c["retention_days"] or 0), 0)) if closes else None


def followers_expire_at(c: dict, wait_days: int) -> dt.datetime | None:
    """When addresses waiting on a decision that has not come are deleted; None while still open."""
    closes = _closed_at(c)
    return closes + dt.timedelta(days=max(wait_days, 0)) if closes else None


async def _purge_consultation(consultation_id: int, report: RetentionReport) -> None:
    async with transaction():
        response_ids = [r["id"] for r in await Response.select(Response.id).where(
            Response.consultation == consultation_id).run()]
        about = await AboutYou.count().where(AboutYou.consultation == consultation_id)
        if not response_ids and not about:
            return
        answer_ids = [a["id"] for a in await Answer.select(Answer.id).where(
            Answer.response.is_in(response_ids)).run()] if response_ids else []
        report.voices += await forget_answer_voices(answer_ids)
        await AboutYou.delete().where(AboutYou.consultation == consultation_id).run()
        if response_ids:
            await Response.delete().where(Response.consultation == consultation_id).run()  # answers cascade
        report.responses += len(response_ids)
        report.answers += len(answer_ids)
        report.about_you += about


async def apply_retention(now: dt.datetime | None = None, decision_wait_days: int | None = None) -> RetentionReport:
    now = now or dt.datetime.now(dt.timezone.utc)
    if decision_wait_days is None:
        decision_wait_days = Settings.from_env().decision_wait_days
    report = RetentionReport()
    rows = await Consultation.select(Consultation.id, Consultation.slug, Consultation.status, Consultation.opens_at,
                                     Consultation.closes_at, Consultation.updated_at,
                                     Consultation.retention_days).where(
        Consultation.status.is_in(["open", "closed", "published"])).run()
    for c in rows:
        wait_ends = followers_expire_at(c, decision_wait_days)
        if wait_ends is not None and wait_ends <= now:
            forgotten = await forget_waiting_followers(c["id"])
            report.followers += forgotten
            if forgotten:
                report.consultations.append(c["slug"])
        due = expires_at(c)
        if due is None or due > now:
            continue
        before = report.responses + report.about_you
        await _purge_consultation(c["id"], report)
        if report.responses + report.about_you > before and c["slug"] not in report.consultations:
            report.consultations.append(c["slug"])
    # Equality rows lose the order they arrived in (surveys.about_you_store): at most a day's worth
    # can be lined up with responses by storage order or transaction ids.
    mixed = await mix_all()
    log.info("retention: %d equality rows mixed", mixed)
    try:  # expired sessions and counters, where the shared store is the database

        await DatabaseStore().purge_expired()
    except Exception:  # noqa: BLE001 - housekeeping must not stop the retention run
        log.warning("could not purge expired store entries", exc_info=True)
    log.info("retention: %d responses, %d answers, %d equality rows, %d voices, %d addresses waiting on a decision "
             "deleted from %d consultations", report.responses, report.answers, report.about_you, report.voices,
             report.followers, len(report.consultations))
    if report.consultations:
        await audit.record(None, "retention", "consultation", ",".join(report.consultations)[:60], report.as_dict())
    return report
