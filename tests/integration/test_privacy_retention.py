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
