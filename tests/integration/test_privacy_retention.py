"""Retention: responses go once a consultation's retention period after closing has passed."""

from __future__ import annotations

import datetime as dt

from surveys.responses import check_submission, store_submission
from tests.conftest import run_engage
from tests.support import hours, make_consultation


async def _fill(app, c, questions, n: int) -> None:
    for i in range(n):
        raw = {f"q{q['id']}": [f"Answer {i}"] for q in questions if q["kind"] == "short_text"}
        checked = check_submission(questions, raw, {"age_band": "25-34"})
        await store_submission(c["id"], checked, submission_key=f"r{c['id']}:{i}", secret=app.state.settings.secret_key)


async def test_only_consultations_past_their_retention_are_emptied_and_a_second_run_finds_nothing(app):
    from engage.audit.tables import AuditEvent
    from engage.privacy.retention import apply_retention
    from surveys.tables import AboutYou, Answer, Consultation, Question, Response

    expired, q1 = await make_consultation("expired", status="closed", kinds=["short_text"], closes_at=hours(-24 * 40))
    await Consultation.update({Consultation.retention_days: 30}).where(Consultation.id == expired["id"]).run()
    kept, q2 = await make_consultation("kept", status="published", kinds=["short_text"], closes_at=hours(-24 * 10))
    await Consultation.update({Consultation.retention_days: 30}).where(Consultation.id == kept["id"]).run()
    running, q3 = await make_consultation("running", status="open", kinds=["short_text"], closes_at=hours(24))
    for c, qs in ((expired, q1), (kept, q2), (running, q3)):
        await _fill(app, c, qs, 3)
    try:  # voices are analysed from answers when they are stored; make sure one exists
        from engage.voices.tables import Voice

        answer = await Answer.select(Answer.id, Answer.text).where(
            Answer.response.consultation == expired["id"]).first()
        if not await Voice.exists().where((Voice.source == "answer") & (Voice.source_id == answer["id"])):
            await Voice.insert(Voice(source="answer", source_id=answer["id"], source_key=f"answer:{answer['id']}",
                                     answer=answer["id"], text=answer["text"], channel="online",
                                     consultation_id=expired["id"],
                                     occurred_at=dt.datetime.now(dt.timezone.utc))).run()
        voices = True
    except ImportError:
        voices = False

    report = await apply_retention()
    assert report.consultations == ["expired"]
    assert (report.responses, report.answers, report.about_you) == (3, 3, 3)
    assert await Response.count().where(Response.consultation == expired["id"]) == 0
    assert await AboutYou.count().where(AboutYou.consultation == expired["id"]) == 0
    assert await Response.count() == 6 and await AboutYou.count() == 6
    # The consultation and its questions are kept: what was asked is not personal data.
    assert await Consultation.count() == 3 and await Question.count() == 3
    if voices:
        from engage.voices.tables import Voice

        expired_answers = [a["id"] for a in await Answer.select(Answer.id).where(
            Answer.response.consultation == expired["id"]).run()]
        assert expired_answers == []
        assert not await Voice.exists().where(Voice.consultation_id == expired["id"])
        assert not await Voice.exists().where((Voice.source == "answer") & Voice.answer.is_null())
    assert await AuditEvent.exists().where(AuditEvent.action == "retention")
    again = await apply_retention()
    assert again.responses == 0 and again.consultations == []
    later = await apply_retention(now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=25))
    assert later.consultations == ["kept"] and await Response.count() == 3


def test_the_retention_command_runs_and_reports(tmp_path):
    url = f"sqlite:///{tmp_path / 'retention.sqlite'}"
    result = run_engage("retention", url=url)
    assert "Retention: deleted 0 responses" in result.stdout


async def test_addresses_waiting_on_a_decision_never_published_go_a_year_after_closing(app, monkeypatch):
    """Through the daily job itself: an address given to hear of a decision is deleted once the
    consultation closed longer ago than ENGAGE_DECISION_WAIT_DAYS (365) with no decision out."""
    from engage.jobs.tasks import retention
    from surveys import decisions
    from surveys.loop_tables import Decision, DecisionFollower
    from surveys.tables import Consultation, Response

    old, q_old = await make_consultation("old-undecided", status="closed", kinds=["short_text"],
                                         closes_at=hours(-24 * 400))
    drafted, _ = await make_consultation("old-draft-only", status="closed", kinds=["short_text"],
                                         closes_at=hours(-24 * 400))
    recent, _ = await make_consultation("recent-undecided", status="closed", kinds=["short_text"],
                                        closes_at=hours(-24 * 100))
    running, _ = await make_consultation("still-open", status="open", kinds=["short_text"], closes_at=hours(24))
    # Responses are kept for years here: only the waiting addresses are due.
    await Consultation.update({Consultation.retention_days: 3650}, force=True).run()
    await _fill(app, old, q_old, 2)
    await Decision.insert(Decision(consultation=drafted["id"], heard="h", decision="A draft nobody published")).run()
    for c in (old, drafted, recent, running):
        for who in ("amina", "bob"):
            assert await decisions.follow(c, f"{who}@{c['slug']}.example.org") == "saved"

    async def waiting(c) -> list[str]:
        return sorted(r["email"] for r in await DecisionFollower.select(DecisionFollower.email).where(
            DecisionFollower.consultation == c["id"]).run())

    await retention()
    assert await waiting(old) == [] and await waiting(drafted) == []  # a draft decision tells nobody
    assert len(await waiting(recent)) == 2 and len(await waiting(running)) == 2
    assert await Response.count().where(Response.consultation == old["id"]) == 2  # not past their own period

    from engage.audit.tables import AuditEvent

    event = await AuditEvent.select(AuditEvent.detail).where(AuditEvent.action == "retention").output(
        load_json=True).first()
    assert event is not None and event["detail"]["followers"] == 4
    assert "@" not in str(event["detail"])  # the audit trail names no address

    await retention()  # a second run the same day finds nothing more
    assert len(await waiting(recent)) == 2

    monkeypatch.setenv("ENGAGE_DECISION_WAIT_DAYS", "90")  # a partnership that waits three months
    await retention()
    assert await waiting(recent) == [] and len(await waiting(running)) == 2
