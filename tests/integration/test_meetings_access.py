"""Who may reach meetings: executives read, officers write, residents sign in; guessed ids; the audit trail."""

from engage.auth.current import CurrentUser
from engage.meetings import meetings, points
from engage.meetings.meetings import MeetingForm
from engage.meetings.points import PointForm
from tests.support import make_user, post_form, sign_in


async def setup_meetings():
    officer = await make_user("officer", "other.officer@example.org")
    actor = CurrentUser(officer["id"], officer["email"], "", "officer")
    one = await meetings.create(MeetingForm(kind="jag", title="JAG one", held_at="2024-01-10T10:00",
                                            officer_id=str(officer["id"])), actor)
    two = await meetings.create(MeetingForm(kind="jag", title="JAG two", held_at="2024-01-11T10:00",
                                            officer_id=str(officer["id"])), actor)
    p = await points.add(two, PointForm(text="Raised at two", raised_by="resident"), actor)
    return one, two, p


async def test_a_point_of_another_meeting_is_not_found(client):
    await sign_in(client, "officer")
    one, two, p = await setup_meetings()
    assert (await client.get(f"/officer/meetings/{one['id']}/points/{p['id']}/edit")).status_code == 404
    response = await post_form(client, f"/officer/meetings/{one['id']}/points/{p['id']}/delete")
    assert response.status_code == 404
    response = await post_form(client, f"/officer/meetings/{one['id']}/points/{p['id']}/edit",
                               {"text": "Hijack", "raised_by": "resident", "status": "open"})
    assert response.status_code == 404
    assert (await client.get("/officer/meetings/999999")).status_code == 404
    assert (await client.get(f"/officer/meetings/{two['id']}/points/{p['id']}/edit")).status_code == 200


async def test_executives_read_but_cannot_write(client):
    await sign_in(client, "executive")
    one, two, p = await setup_meetings()
    assert (await client.get("/officer/meetings")).status_code == 200
    officer_actor = CurrentUser(two["created_by"], "other.officer@example.org", "", "officer")
    await points.add(two, PointForm(text="My neighbour Dave deals from his car", raised_by="resident"), officer_actor)
    page = await client.get(f"/officer/meetings/{two['id']}")
    assert page.status_code == 200 and "Raised at two" in page.text
    # The point as noted is for officers: executives read it with personal details removed.
    assert "Dave" not in page.text and "My neighbour [name] deals from his car" in page.text
    listed = await client.get(f"/api/meetings/{two['id']}/points")
    assert "My neighbour [name] deals from his car" in [p["text"] for p in listed.json()]
    assert 'id="add-point"' not in page.text and "Edit meeting details" not in page.text
    assert (await client.get("/officer/actions")).status_code == 200
    assert (await client.get("/officer/meetings/new")).status_code == 403
    assert (await client.get(f"/officer/meetings/{two['id']}/edit")).status_code == 403
    assert (await post_form(client, "/officer/meetings/new", {"title": "Sneaky"})).status_code == 403
    assert (await post_form(client, f"/officer/meetings/{two['id']}/points",
                            {"text": "x", "raised_by": "resident"})).status_code == 403
    assert (await post_form(client, f"/officer/meetings/{two['id']}/points/{p['id']}/delete")).status_code == 403
    assert (await client.get(f"/officer/meetings/{two['id']}/import")).status_code == 403
    assert (await client.get("/officer/admin/audit")).status_code == 403


async def test_residents_are_sent_to_sign_in(client):
    one, two, p = await setup_meetings()
    for path in ("/officer/meetings", f"/officer/meetings/{two['id']}", "/officer/actions",
                 f"/officer/meetings/{two['id']}/points/{p['id']}/edit", "/officer/admin/audit"):
        response = await client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    response = await post_form(client, f"/officer/meetings/{two['id']}/points", {"text": "x", "raised_by": "resident"})
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_an_admin_reads_who_created_and_changed_meetings_points_and_actions(client, app):
    from litestar.testing import AsyncTestClient

    officer = await sign_in(client, "officer")
    response = await post_form(client, "/officer/meetings/new", {
        "kind": "community-gold", "title": "Gold", "held_at": "2024-02-01T18:00", "officer_id": str(officer["id"])})
    mid = int(response.headers["location"].split("/")[3].split("#")[0])
    await post_form(client, f"/officer/meetings/{mid}/points", {"text": "Secret raw words", "raised_by": "resident"})
    from engage.meetings.tables import FeedbackPoint

    pid = (await FeedbackPoint.select(FeedbackPoint.id).first())["id"]
    await post_form(client, f"/officer/meetings/{mid}/points/{pid}/edit", {
        "text": "Secret raw words", "raised_by": "resident", "action": "Patrols", "owner": "Leicestershire Police",
        "status": "in-progress"})

    async with AsyncTestClient(app=app) as admin:
        admin.follow_redirects = False
        await sign_in(admin, "admin")
        page = await admin.get("/officer/admin/audit")
        assert page.status_code == 200
        assert "officer@example.org" in page.text
        assert "create meeting" in page.text and "create feedback point" in page.text and "update action" in page.text
        assert "open → in-progress" in page.text and "Leicestershire Police" in page.text
        assert "Secret raw words" not in page.text  # free text is recorded as changed, not copied
        only = await admin.get("/officer/admin/audit?entity=action")
        assert "update action" in only.text and "create meeting" not in only.text
        nav = await admin.get("/officer")
        assert 'href="/officer/admin/audit"' in nav.text and 'href="/officer/meetings"' in nav.text
    nav = await client.get("/officer")
    assert 'href="/officer/admin/audit"' not in nav.text
