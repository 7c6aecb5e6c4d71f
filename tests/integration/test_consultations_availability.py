"""Which consultations residents can see and answer: drafts are invisible; a consultation that is
not open yet, or has closed, says so plainly and stores nothing whichever door an answer comes by."""

from __future__ import annotations

from tests.support import hours, make_consultation, post_form


async def counts() -> tuple[int, int, int]:
    from surveys.tables import AboutYou, Answer, Response

    return await Response.count(), await Answer.count(), await AboutYou.count()


async def try_to_answer(client, c: dict, question: dict):
    form = await post_form(client, f"/consultations/{c['slug']}/respond",
                           {f"q{question['id']}": "An answer", "about-sex": "female"}, follow_redirects=False)
    api = await client.post(f"/api/consultations/{c['slug']}/responses",
                            json={"answers": {str(question["id"]): "An answer"}, "about_you": {"sex": "female"}},
                            headers={"Idempotency-Key": "k-" + c["slug"]})
    return form, api


async def test_a_draft_is_not_found_anywhere_a_resident_could_look(client):
    c, (q,) = await make_consultation(slug="secret-plan", status="draft", kinds=["short_text"])
    for path in ("/consultations/secret-plan", "/consultations/secret-plan/respond",
                 "/consultations/secret-plan/thank-you", "/api/consultations/secret-plan"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "secret-plan" not in response.text and "Consultation secret-plan" not in response.text
    form, api = await try_to_answer(client, c, q)
    assert form.status_code == 404 and api.status_code == 404
    assert await counts() == (0, 0, 0)
    home = await client.get("/")
    listed = await client.get("/api/consultations")
    assert "Consultation secret-plan" not in home.text
    assert listed.json() == []


STATES = {
    "upcoming": ("open", 48, 96),
    "closed": ("closed", None, -1),
    "open-past-closing": ("open", -48, -1),
    "published": ("published", None, -24),
}


async def test_answers_are_refused_with_a_clear_message_unless_the_consultation_is_open(client):
    for state in STATES:
        await refused_when(client, state)


async def refused_when(client, state: str) -> None:
    status, opens_in, closes_in = STATES[state]
    c, (q,) = await make_consultation(slug=f"c-{state}", status=status, kinds=["short_text"],
                                      opens_at=hours(opens_in) if opens_in else None, closes_at=hours(closes_in))
    expected = "is not open yet" if state == "upcoming" else "has closed, so it is no longer taking responses"

    page = await client.get(f"/consultations/{c['slug']}")
    assert page.status_code == 200
    assert expected in page.text and "Start now" not in page.text

    form_page = await client.get(f"/consultations/{c['slug']}/respond")
    assert form_page.status_code == 409
    assert expected in form_page.text and f'name="q{q["id"]}"' not in form_page.text

    form, api = await try_to_answer(client, c, q)
    assert form.status_code == 409
    assert expected in form.text
    assert "location" not in form.headers
    assert api.status_code == 409
    assert api.json()["detail"] == "This consultation is not open for responses"
    assert await counts() == (0, 0, 0)


async def test_an_upcoming_consultation_says_when_it_opens(client):
    import datetime as dt

    opens = dt.datetime(2099, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
    c, _ = await make_consultation(slug="later", kinds=["short_text"], opens_at=opens)
    page = await client.get("/consultations/later")
    assert "It opens on 1 March 2099, 9:30am" in page.text


async def test_an_open_consultation_within_its_dates_takes_answers(client):
    c, (q,) = await make_consultation(slug="now", kinds=["short_text"], opens_at=hours(-1), closes_at=hours(1))
    page = await client.get("/consultations/now")
    assert "Start now" in page.text
    form, api = await try_to_answer(client, c, q)
    assert form.status_code == 303 and api.status_code == 201
    assert await counts() == (2, 2, 2)


async def test_a_form_sent_with_htmx_after_closing_gets_the_closed_message_as_a_fragment(client):
    c, (q,) = await make_consultation(slug="shut-while-typing", status="closed", kinds=["short_text"],
                                      closes_at=hours(-1))
    response = await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{q['id']}": "Too late"},
                               headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 409
    assert "has closed, so it is no longer taking responses" in response.text
    assert "<html" not in response.text
    assert await counts() == (0, 0, 0)


async def test_a_closed_consultations_form_address_shows_its_page_with_the_true_count(client):
    """The /respond address of a published consultation with responses said "0 responses were
    received": it shows the consultation's own page, results and true count included."""
    from surveys.tables import Response

    for status in ("closed", "published"):
        c, (q,) = await make_consultation(slug=f"done-{status}", status=status, kinds=["yes_no"], closes_at=hours(-1))
        for i in range(12):
            await Response.insert(Response(consultation=c["id"], receipt_hash=f"h-{status}-{i}",
                                           submission_key=f"t:{status}:{i}", channel="online")).run()
        own = await client.get(f"/consultations/{c['slug']}")
        respond = await client.get(f"/consultations/{c['slug']}/respond")
        assert respond.status_code == 409
        assert "0 responses were received" not in respond.text
        assert "has closed, so it is no longer taking responses" in respond.text
        if status == "published":
            assert "12 responses were received" in respond.text and "12 responses were received" in own.text
            assert 'id="results-question-1"' in respond.text
        form, _ = await try_to_answer(client, c, q)
        assert form.status_code == 409 and "0 responses were received" not in form.text
