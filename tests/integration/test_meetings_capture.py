"""Recording a meeting and typing up what was raised, with and without JavaScript."""

import html
import re

from engage.meetings.tables import FeedbackPoint, Meeting
from tests.support import error_summary_links, post_form, sign_in

HTMX = {"hx-request": "true", "hx-target": "points"}


def links(text: str) -> dict[str, str]:
    return {href: html.unescape(message) for href, message in error_summary_links(text)}


async def record_meeting(client, officer_id: int, **overrides) -> int:
    data = {"kind": "ward-meeting", "title": "Belgrave ward meeting", "held_at": "2024-03-05T18:30",
            "wards": ["belgrave", "abbey"], "venue": "Community centre", "officer_id": str(officer_id),
            "attendees": "23", "organisations": "Leicestershire Police\nLeicester City Council", "notes": "Busy."}
    data.update(overrides)
    response = await post_form(client, "/officer/meetings/new", data)
    assert response.status_code == 303, response.text
    return int(re.search(r"/officer/meetings/(\d+)", response.headers["location"]).group(1))


async def test_an_officer_records_a_meeting_and_adds_points_without_javascript(client):
    officer = await sign_in(client, "officer")
    mid = await record_meeting(client, officer["id"])
    page = await client.get(f"/officer/meetings/{mid}")
    assert page.status_code == 200
    assert "Belgrave ward meeting" in page.text and "Abbey" in page.text and "23" in page.text
    assert 'id="add-point"' in page.text and 'value="belgrave" selected' in page.text  # the meeting's first ward

    for n, text in enumerate(["Speeding on Melton Road", "Drug dealing by the park", "Street lights out"], start=1):
        response = await post_form(client, f"/officer/meetings/{mid}/points",
                                   {"text": text, "raised_by": "resident", "ward": "belgrave",
                                    "themes": ["community-safety-asb"]})
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"/officer/meetings/{mid}?added=")
        assert response.headers["location"].endswith("#add-point")
    page = await client.get(response.headers["location"].split("#")[0])
    assert "What was raised (3 points)" in page.text
    assert "Street lights out" in page.text
    # Back on the page, focus is in the text field again, ready for the next point.
    assert re.search(r'<textarea[^>]*id="point-text"[^>]*autofocus', page.text, re.S)
    rows = await FeedbackPoint.select().output(load_json=True).where(FeedbackPoint.meeting == mid).run()
    assert [r["officer_themes"] for r in rows] == [["community-safety-asb"]] * 3
    assert {r["created_by"] for r in rows} == {officer["id"]}


async def test_fast_entry_with_htmx_returns_the_list_and_a_fresh_form(client):
    officer = await sign_in(client, "officer")
    mid = await record_meeting(client, officer["id"])
    response = await post_form(client, f"/officer/meetings/{mid}/points",
                               {"text": "Fly-tipping behind the shops", "raised_by": "business", "ward": "abbey"},
                               headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="points"')  # the named block only
    assert "<html" not in response.text
    assert "Fly-tipping behind the shops" in response.text
    assert "Point 1 added" in response.text
    # A fresh, empty form with focus back in the text field; who raised it and the ward are kept.
    textarea = re.search(r"<textarea[^>]*id=\"point-text\"[^>]*>(.*?)</textarea>", response.text, re.S)
    assert textarea and textarea.group(1).strip() == ""
    assert "data-focus-after-swap" in textarea.group(0)
    assert 'value="business" selected' in response.text and 'value="abbey" selected' in response.text
    assert "HX-Request" in response.headers["vary"]

    second = await post_form(client, f"/officer/meetings/{mid}/points",
                             {"text": "Noise from a house party", "raised_by": "resident"}, headers=HTMX)
    assert "Point 2 added" in second.text and "(2 points)" in second.text


async def test_a_point_with_errors_keeps_what_was_typed_and_links_each_error(client):
    officer = await sign_in(client, "officer")
    mid = await record_meeting(client, officer["id"])
    response = await post_form(client, f"/officer/meetings/{mid}/points",
                               {"text": "Kept text", "raised_by": "Mr Smith", "ward": "atlantis"}, headers=HTMX)
    assert response.status_code == 400
    assert ("#point-raised_by", "Select who raised it") in error_summary_links(response.text)
    assert ("#point-ward", "Select a ward from the list") in error_summary_links(response.text)
    assert "Kept text</textarea>" in response.text
    # Without JavaScript: the whole page, the summary at its top, nothing saved.
    response = await post_form(client, f"/officer/meetings/{mid}/points", {"text": "", "raised_by": "resident"})
    assert response.status_code == 400 and "<title>Error:" in response.text
    assert ("#point-text", "Enter what was raised") in error_summary_links(response.text)
    assert await FeedbackPoint.count().where(FeedbackPoint.meeting == mid) == 0


async def test_meeting_validation_explains_each_problem(client):
    await sign_in(client, "officer")
    response = await post_form(client, "/officer/meetings/new", {
        "kind": "party", "title": "x" * 201, "held_at": "31/02/2024", "wards": ["nowhere"], "officer_id": "999",
        "attendees": "lots", "notes": "Kept notes"})
    assert response.status_code == 400
    links = dict(error_summary_links(response.text))
    assert links == {
        "#kind": "Select the kind of meeting",
        "#title": "Title must be 200 characters or fewer",
        "#held_at": "Enter the date and time as a real date and time, for example 31/03/2024 18:30",
        "#wards": "Select wards from the list",
        "#officer_id": "Select the facilitating officer from the list",
        "#attendees": "Number attending must be a whole number, like 12",
    }
    assert "Kept notes</textarea>" in response.text
    assert await Meeting.count() == 0


async def test_editing_a_meeting_and_a_points_follow_up(client):
    officer = await sign_in(client, "officer")
    mid = await record_meeting(client, officer["id"])
    await post_form(client, f"/officer/meetings/{mid}/points", {"text": "Speeding", "raised_by": "resident"})
    point = await FeedbackPoint.select().where(FeedbackPoint.meeting == mid).first()

    response = await post_form(client, f"/officer/meetings/{mid}/edit", {
        "kind": "jag", "title": "Belgrave JAG", "held_at": "2024-03-06T10:00", "wards": ["belgrave"],
        "officer_id": str(officer["id"])})
    assert response.status_code == 303
    assert "Belgrave JAG" in (await client.get(f"/officer/meetings/{mid}")).text

    edit = f"/officer/meetings/{mid}/points/{point['id']}/edit"
    assert (await client.get(edit)).status_code == 200
    bad = await post_form(client, edit, {"text": "Speeding", "raised_by": "resident", "status": "done",
                                         "due_on": "2024-13-40", "owner": "Acme Ltd", "publishable": "yes"})
    assert bad.status_code == 400
    found = links(bad.text)
    assert found["#due_on"] == "Due date must be a real date, for example 31/03/2024"
    assert found["#owner"] == "Select the owner from the partnership's members"
    assert found["#action"] == "Enter the action agreed before marking it in progress or done"
    assert found["#public_summary"].startswith("Enter a public summary")
    assert found["#outcome"].startswith("Enter what was done")

    good = await post_form(client, edit, {
        "text": "Speeding on Melton Road", "raised_by": "resident", "ward": "belgrave", "action": "Speed checks",
        "owner": "Leicestershire Police", "due_on": "2024-04-30", "status": "done",
        "outcome": "Officers ran speed checks on six evenings.", "publishable": "yes",
        "public_summary": "Residents told us about speeding on a main road."})
    assert good.status_code == 303 and good.headers["location"].endswith(f"#point-{point['id']}")
    row = await FeedbackPoint.select().where(FeedbackPoint.id == point["id"]).first()
    assert row["status"] == "done" and row["publishable"] and row["owner"] == "Leicestershire Police"
    assert row["outcome_at"] is not None and row["updated_by"] == officer["id"]


async def test_a_public_summary_with_personal_details_cannot_be_published(client):
    officer = await sign_in(client, "officer")
    mid = await record_meeting(client, officer["id"])
    await post_form(client, f"/officer/meetings/{mid}/points", {"text": "Dealing", "raised_by": "resident"})
    point = await FeedbackPoint.select().where(FeedbackPoint.meeting == mid).first()
    response = await post_form(client, f"/officer/meetings/{mid}/points/{point['id']}/edit", {
        "text": "Dealing", "raised_by": "resident", "status": "open", "outcome": "Patrols increased.",
        "publishable": "yes", "public_summary": "Call 07700 900123 or email someone@example.org about it"})
    assert response.status_code == 400
    assert "Remove personal details" in dict(error_summary_links(response.text))["#public_summary"]


async def test_every_point_becomes_a_voice_and_removing_it_forgets_the_voice(client):
    from engage.voices.tables import Voice

    officer = await sign_in(client, "officer")
    mid = await record_meeting(client, officer["id"])
    await post_form(client, f"/officer/meetings/{mid}/points", {"text": "Knife crime worries us", "raised_by": "young-people"})
    point = await FeedbackPoint.select().where(FeedbackPoint.meeting == mid).first()
    voice = await Voice.select().where((Voice.source == "feedback_point") & (Voice.source_id == point["id"])).first()
    assert voice["channel"] == "meeting" and voice["meeting_id"] == mid
    assert voice["ward"] == "belgrave"  # no ward on the point: the meeting's first ward
    await post_form(client, f"/officer/meetings/{mid}/points/{point['id']}/edit",
                    {"text": "Knife crime near the school worries us", "raised_by": "young-people", "ward": "abbey",
                     "status": "open"})
    voice = await Voice.select().where(Voice.source_id == point["id"]).first()
    assert voice["text"] == "Knife crime near the school worries us" and voice["ward"] == "abbey"
    response = await post_form(client, f"/officer/meetings/{mid}/points/{point['id']}/delete")
    assert response.status_code == 303
    assert await Voice.count().where(Voice.source == "feedback_point") == 0
    assert await FeedbackPoint.count() == 0


async def test_the_list_filters_with_a_shareable_address_with_and_without_htmx(client):
    officer = await sign_in(client, "officer")
    await record_meeting(client, officer["id"], title="Gold in March", kind="community-gold", wards=[],
                         held_at="2024-03-01T10:00")
    await record_meeting(client, officer["id"], title="Abbey JAG", kind="jag", wards=["abbey"],
                         held_at="2024-05-01T10:00")
    page = await client.get("/officer/meetings?kind=jag")
    assert "Abbey JAG" in page.text and "Gold in March" not in page.text
    page = await client.get("/officer/meetings?ward=abbey&date_from=2024-04-01&date_to=2024-05-31")
    assert "1 meeting matching the filters" in page.text and "Abbey JAG" in page.text
    page = await client.get(f"/officer/meetings?officer={officer['id']}&date_to=2024-03-31")
    assert "Gold in March" in page.text and "Abbey JAG" not in page.text
    # htmx asks for the results block only.
    fragment = await client.get("/officer/meetings?kind=community-gold", headers={"hx-request": "true", "hx-target": "results"})
    assert fragment.text.lstrip().startswith('<section id="results"') and "Gold in March" in fragment.text
    # Going back to a pushed filter address, htmx asks for the whole page.
    restored = await client.get("/officer/meetings?kind=jag", headers={"hx-request": "true",
                                                                       "hx-history-restore-request": "true"})
    assert "<html" in restored.text and "Abbey JAG" in restored.text
    bad = await client.get("/officer/meetings?date_from=yesterday")
    assert bad.status_code == 400 and links(bad.text) == {"#date_from": "'From' must be a real date, for example 31/03/2024"}
    empty = await client.get("/officer/meetings?kind=event")
    assert "No meetings match these filters" in empty.text
