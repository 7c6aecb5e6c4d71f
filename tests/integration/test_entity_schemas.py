"""One schema per entity: a field declared once (engage.meetings.points.POINT) is read and limited
alike by the officer's form, the JSON API and the CSV import, and the API documents say the same."""

import dataclasses
import html

import pytest

from engage.meetings.points import POINT
from engage.meetings.tables import FeedbackPoint
from tests.integration.test_meetings_capture import record_meeting
from tests.integration.test_meetings_import import upload
from tests.support import csrf_token, error_summary_links, post_form, sign_in

LIMIT = 40
REFUSED = f"Public summary must be {LIMIT} characters or fewer"


@pytest.fixture
def shorter_summary(monkeypatch):
    """The public summary's limit, changed in the one place it is declared."""
    monkeypatch.setitem(POINT.fields, "public_summary", dataclasses.replace(POINT["public_summary"], limit=LIMIT))


async def through_form(client, mid: int, summary: str) -> str | None:
    """The officer's edit form: None when saved, else the error summary's message for the field."""
    await post_form(client, f"/officer/meetings/{mid}/points", {"text": "Speeding", "raised_by": "resident"})
    point = await FeedbackPoint.select().where(FeedbackPoint.meeting == mid).first()
    edit = f"/officer/meetings/{mid}/points/{point['id']}/edit"
    assert f'maxlength="{LIMIT}"' in (await client.get(edit)).text  # the page says so before it is sent
    response = await post_form(client, edit, {"text": "Speeding", "raised_by": "resident", "status": "open",
                                              "public_summary": summary})
    if response.status_code == 303:
        return None
    assert response.status_code == 400, response.text
    return {href: html.unescape(text) for href, text in error_summary_links(response.text)}["#public_summary"]


async def through_api(client, mid: int, summary: str) -> str | None:
    response = await client.post(f"/api/meetings/{mid}/points", headers={"x-csrftoken": await csrf_token(client)},
                                 json={"text": "Speeding", "raised_by": "resident", "public_summary": summary})
    if response.status_code == 201:
        return None
    assert response.status_code == 422, response.text
    return response.json()["errors"]["public_summary"]


async def through_csv(client, mid: int, summary: str) -> str | None:
    response = await upload(client, mid, f"text,raised_by,public_summary\nSpeeding,resident,{summary}\n".encode())
    if response.status_code == 303:
        return None
    assert response.status_code == 400, response.text
    problem = f"Line 2: public_summary: {REFUSED}"
    return REFUSED if problem in html.unescape(response.text) else response.text


@pytest.mark.parametrize("door", [through_form, through_api, through_csv], ids=["form", "api", "csv"])
async def test_a_limit_changed_in_the_schema_holds_at_every_door(client, shorter_summary, door):
    officer = await sign_in(client, "officer")
    mid = await record_meeting(client, officer["id"])
    assert await door(client, mid, "x" * (LIMIT + 1)) == REFUSED
    assert await FeedbackPoint.count().where(FeedbackPoint.public_summary != "") == 0
    assert await door(client, mid, "x" * LIMIT) is None
    assert await FeedbackPoint.count().where(FeedbackPoint.public_summary == "x" * LIMIT) == 1


async def test_the_api_documents_each_field_as_the_schema_declares_it(client):
    document = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]
    for struct in ("PointIn", "PointPatch"):
        summary = document[struct]["properties"]["public_summary"]
        assert summary["maxLength"] == POINT["public_summary"].limit
        assert summary["title"] == POINT["public_summary"].label
    assert set(document["PointIn"]["properties"]) == {f.api_name for f in POINT}
    assert document["PointOut"]["properties"]["officer_themes"]["title"] == POINT["themes"].label
    assert document["MeetingIn"]["properties"]["title"]["maxLength"] == 200
    assert document["ConsultationDetail"]["properties"]["summary"]["title"] == "Summary"
