"""The meetings JSON API: session or token, 422 with per-field errors, in the OpenAPI document."""

import re

from engage.auth.current import CurrentUser
from engage.meetings import meetings
from engage.meetings.meetings import MeetingForm
from tests.support import make_user, post_form, sign_in


async def token_for(client) -> str:
    """A token made on the account page (which needs the second factor: sign in with totp=True)."""
    response = await post_form(client, "/officer/account/tokens",
                               {"name": "Script", "scopes": ["read:meetings", "write:meetings"], "days": "30"})
    return re.search(r"(eng_[A-Za-z0-9_\-]+)", response.text).group(1)


async def test_an_officer_script_records_a_meeting_and_its_points_with_a_token(client, app):
    from litestar.testing import AsyncTestClient

    officer = await sign_in(client, "officer", totp=True)
    token = await token_for(client)
    async with AsyncTestClient(app=app) as script:
        auth = {"Authorization": f"Bearer {token}"}
        response = await script.post("/api/meetings", headers=auth, json={
            "kind": "community-gold", "title": "Gold", "held_at": "2024-03-01T18:00:00+00:00",
            "officer_id": officer["id"], "wards": ["castle"], "organisations": ["Leicestershire Police"]})
        assert response.status_code == 201, response.text
        meeting = response.json()
        assert meeting["wards"] == ["castle"] and meeting["held_at"].startswith("2024-03-01T18:00")
        mid = meeting["id"]

        response = await script.post(f"/api/meetings/{mid}/points", headers=auth, json={
            "text": "Shoplifting", "raised_by": "business", "officer_themes": ["community-safety-asb"],
            "action": "Shop watch", "owner": "Leicestershire Police", "due_on": "2000-01-31"})
        assert response.status_code == 201, response.text
        point = response.json()
        assert point["overdue"] is True and point["ward"] is None and point["meeting_id"] == mid

        response = await script.patch(f"/api/points/{point['id']}", headers=auth,
                                      json={"status": "done", "outcome": "Shop watch set up."})
        assert response.status_code == 200 and response.json()["status"] == "done"
        assert response.json()["overdue"] is False and response.json()["text"] == "Shoplifting"

        response = await script.patch(f"/api/meetings/{mid}", headers=auth, json={"title": "Community Gold, March"})
        assert response.status_code == 200 and response.json()["title"] == "Community Gold, March"
        assert response.json()["points"] == 1

        listed = await script.get("/api/meetings?kind=community-gold", headers=auth)
        assert listed.status_code == 200 and listed.json()["total"] == 1
        points = await script.get(f"/api/meetings/{mid}/points", headers=auth)
        assert [p["id"] for p in points.json()] == [point["id"]]
        assert (await script.get(f"/api/points/{point['id']}", headers=auth)).json()["outcome"] == "Shop watch set up."


async def test_invalid_input_is_answered_with_422_and_each_field(client):
    officer = await sign_in(client, "officer")
    token = client.cookies.get("engage_csrf")
    headers = {"x-csrftoken": token}
    response = await client.post("/api/meetings", headers=headers, json={
        "kind": "party", "title": "", "held_at": "soon", "officer_id": officer["id"], "wards": ["mars"]})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"kind", "title", "held_at", "wards"}
    response = await client.post("/api/meetings", headers=headers, json={"kind": "jag", "title": 5})
    assert response.status_code == 422 and "errors" in response.json()
    actor = CurrentUser(officer["id"], officer["email"], "", "officer")
    m = await meetings.create(MeetingForm(kind="jag", title="JAG", held_at="2024-01-01T10:00",
                                          officer_id=str(officer["id"])), actor)
    response = await client.post(f"/api/meetings/{m['id']}/points", headers=headers, json={
        "text": "x", "raised_by": "Mr Smith", "officer_themes": ["parking"], "publishable": True})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"raised_by", "officer_themes", "outcome", "public_summary"}
    assert (await client.patch("/api/points/999999", headers=headers, json={"status": "done"})).status_code == 404
    assert (await client.get("/api/meetings/999999")).status_code == 404


async def test_executives_read_the_api_but_cannot_write_and_strangers_get_401(client):
    await sign_in(client, "executive")
    headers = {"x-csrftoken": client.cookies.get("engage_csrf")}
    officer = await make_user("officer")
    actor = CurrentUser(officer["id"], officer["email"], "", "officer")
    m = await meetings.create(MeetingForm(kind="jag", title="JAG", held_at="2024-01-01T10:00",
                                          officer_id=str(officer["id"])), actor)
    assert (await client.get(f"/api/meetings/{m['id']}")).status_code == 200
    assert (await client.get(f"/api/meetings/{m['id']}/points")).status_code == 200
    assert (await client.patch(f"/api/meetings/{m['id']}", headers=headers, json={"title": "x"})).status_code == 403
    assert (await client.post(f"/api/meetings/{m['id']}/points", headers=headers,
                              json={"text": "x", "raised_by": "resident"})).status_code == 403
    client.cookies.clear()
    assert (await client.get("/api/meetings")).status_code == 401


async def test_the_meetings_api_is_in_the_openapi_document(client):
    schema = (await client.get("/schema/openapi.json")).json()
    for path in ("/api/meetings", "/api/meetings/{meeting_id}", "/api/meetings/{meeting_id}/points",
                 "/api/points/{point_id}"):
        assert path in schema["paths"]
    assert {"get", "post"} <= set(schema["paths"]["/api/meetings"])
    assert "patch" in schema["paths"]["/api/points/{point_id}"]
    components = schema["components"]["schemas"]
    assert any(name.endswith("PointIn") for name in components) and any(name.endswith("MeetingOut") for name in components)
