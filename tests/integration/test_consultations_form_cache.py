"""Each worker keeps its own copy of a consultation's form (surveys.open_forms). A change made
through another worker never lets a submission through that the current consultation would refuse,
and never refuses one it would accept. "Another worker" is simulated by changing the database
directly, which this process's copy does not hear about."""

from __future__ import annotations

import re

import pytest

from tests.support import make_consultation, post_form



async def changed_elsewhere(consultation_id: int, **values) -> None:
    from surveys.tables import Consultation, new_revision

    await Consultation.update({**values, "revision": new_revision()}).where(Consultation.id == consultation_id).run()


async def stored() -> int:
    from surveys.tables import Response

    return await Response.count()


async def answer(client, c: dict, data: dict):
    return await post_form(client, f"/consultations/{c['slug']}/respond", data, follow_redirects=False)


async def test_a_consultation_closed_through_another_worker_refuses_answers_at_once(client):
    c, (q,) = await make_consultation(slug="closing-elsewhere", kinds=["short_text"])
    first = await answer(client, c, {f"q{q['id']}": "Before it closed"})
    assert first.status_code == 303  # this worker now holds the form
    await changed_elsewhere(c["id"], status="closed")

    refused = await answer(client, c, {f"q{q['id']}": "After it closed"})

    assert refused.status_code == 409
    assert "no longer taking responses" in refused.text
    assert await stored() == 1


async def test_a_question_made_required_through_another_worker_is_checked_before_storing(client):
    from surveys.tables import Question

    c, (short, choice) = await make_consultation(slug="edited-elsewhere", kinds=["short_text", "single_choice"])
    assert (await answer(client, c, {f"q{short['id']}": "First"})).status_code == 303
    await Question.update({Question.required: True}).where(Question.id == choice["id"]).run()
    await changed_elsewhere(c["id"])

    refused = await answer(client, c, {f"q{short['id']}": "Second, without the now required choice"})

    assert refused.status_code == 400
    assert f'href="#q{choice["id"]}' in refused.text  # the error summary points at the new requirement
    assert await stored() == 1


async def test_a_consultation_reopened_through_another_worker_takes_answers(client):
    c, (q,) = await make_consultation(slug="reopened-elsewhere", status="closed", kinds=["short_text"])
    assert (await answer(client, c, {f"q{q['id']}": "While closed"})).status_code == 409
    await changed_elsewhere(c["id"], status="open")
    # The copy this worker kept refuses; a refusal from an unchecked copy is checked against the revision.

    accepted = await answer(client, c, {f"q{q['id']}": "Now it is open"})

    assert accepted.status_code == 303
    assert await stored() == 1


async def test_an_address_given_to_another_consultation_does_not_take_answers_for_the_old_one(client):
    from surveys.tables import Consultation

    old, (q,) = await make_consultation(slug="moved-away", kinds=["short_text"])
    assert (await answer(client, old, {f"q{q['id']}": "First"})).status_code == 303
    await changed_elsewhere(old["id"], slug="moved-here")
    await Consultation.insert(Consultation(slug="moved-away", title="A different one", status="closed")).run()

    refused = await answer(client, old, {f"q{q['id']}": "Meant for the old one"})

    assert refused.status_code == 409
    assert await stored() == 1


async def test_with_a_connection_pool_a_submission_is_stored_whole_and_exactly_once(app, engine_kind):
    """Served for real, PostgreSQL has a pool and the store sends one statement straight to
    asyncpg (engage.db.fetch); the suite's client has no pool, so start one here."""
    from engage import db
    from surveys.kinds import Stored
    from surveys.responses import CheckedSubmission, StaleForm, store_submission
    from surveys.tables import AboutYou, Answer, Response

    c, (choice, short) = await make_consultation(slug="pooled", kinds=["single_choice", "short_text"])
    engine = db.current_engine()
    await db.start(engine, 2)
    try:
        checked = CheckedSubmission(answers={choice["id"]: Stored([("alpha", None, None)])},
                                    about_you={"sex": "female", "age_band": "25-34"})
        first = await store_submission(c["id"], checked, submission_key="k1", secret="s" * 40, revision=c["revision"])
        again = await store_submission(c["id"], checked, submission_key="k1", secret="s" * 40, revision=c["revision"])
        with pytest.raises(StaleForm):
            await store_submission(c["id"], checked, submission_key="k2", secret="s" * 40, revision="not-current")
    finally:
        await db.stop(engine)
    assert first[1] is True and again == (first[0], False)
    assert await Response.count() == 1
    assert [(a["question"], a["choice"]) for a in await Answer.select().run()] == [(choice["id"], "alpha")]
    about = await AboutYou.select(AboutYou.sex, AboutYou.age_band).run()
    assert about == [{"sex": "female", "age_band": "25-34"}]


async def test_an_officers_wording_fix_shows_on_the_residents_form_at_once(client):
    from tests.support import sign_in

    c, (q,) = await make_consultation(slug="wording-fix", kinds=["single_choice"])
    assert "1. Pick one (optional)" in (await client.get(f"/consultations/{c['slug']}/respond")).text
    await sign_in(client, "officer")
    alpha, bravo, charlie = (o["id"] for o in q["options"])
    saved = await post_form(client, f"/officer/consultations/{c['id']}/questions/{q['id']}/edit", {
        "kind": "single_choice", "text": "Pick the one that matters most", "hint": "", "required": "no",
        f"option-{alpha}": "Alpha", f"option-{bravo}": "Bravo", f"option-{charlie}": "Charlie",
        "new_options": "Delta", "allow_other": "yes"}, follow_redirects=False)
    assert saved.status_code == 303

    form = (await client.get(f"/consultations/{c['slug']}/respond")).text
    assert "Pick the one that matters most" in form and "Pick one (optional)" not in form
    delta = re.search(rf'name="q{q["id"]}" type="radio" value="([^"]+)"[^>]*>\s*<label[^>]*>\s*Delta', form)
    assert delta
    assert (await answer(client, c, {f"q{q['id']}": delta.group(1)})).status_code == 303
