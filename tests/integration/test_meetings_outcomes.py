"""You said, we did (only what is published, never the raw point) and overdue actions."""

import datetime as dt
import re

from engage.auth.current import CurrentUser
from engage.meetings import meetings, points
from engage.meetings.meetings import MeetingForm
from engage.meetings.points import PointForm
from tests.support import make_user, sign_in


async def actor_for(role: str, email: str) -> CurrentUser:
    user = await make_user(role, email)
    return CurrentUser(user["id"], user["email"], "", role)


async def test_the_public_page_shows_only_published_outcomes_in_the_officers_words(client):
    officer = await actor_for("officer", "o@example.org")
    m = await meetings.create(MeetingForm(kind="ward-meeting", title="Ward", held_at="2024-03-01T18:00",
                                          wards=("belgrave",), officer_id=str(officer.id)), officer)
    await points.add(m, PointForm(text="RAW: Dave at number 12 deals drugs", raised_by="resident", ward="belgrave",
                                  themes=("serious-organised-crime",), action="Police visit", status="done",
                                  outcome="Police visited the street and made two arrests.", publishable=True,
                                  public_summary="Residents reported drug dealing in their street."), officer)
    await points.add(m, PointForm(text="RAW: unpublished point", raised_by="resident", ward="abbey",
                                  outcome="Not ready to say.", public_summary="Not for publishing yet."), officer)
    await points.add(m, PointForm(text="RAW: youth point", raised_by="young-people", ward="abbey",
                                  themes=("prevention-early-intervention",), outcome="New youth club opened.",
                                  publishable=True, public_summary="Young people wanted somewhere to go."), officer)

    page = await client.get("/you-said-we-did")
    assert page.status_code == 200
    assert "Residents reported drug dealing in their street." in page.text
    assert "Police visited the street and made two arrests." in page.text
    assert "Young people wanted somewhere to go." in page.text
    assert "RAW:" not in page.text and "Not for publishing yet" not in page.text

    by_ward = await client.get("/you-said-we-did?ward=abbey")
    assert "Young people wanted somewhere to go." in by_ward.text and "drug dealing" not in by_ward.text
    by_priority = await client.get("/you-said-we-did?priority=serious-violence-exploitation")
    assert "drug dealing" in by_priority.text and "Young people wanted" not in by_priority.text
    none = await client.get("/you-said-we-did?ward=troon")
    assert "We have not published any outcomes for Troon yet." in none.text
    assert 'href="/you-said-we-did"' in none.text


async def test_the_public_page_reads_well_before_anything_is_published(client):
    page = await client.get("/you-said-we-did?ward=not-a-ward")
    assert page.status_code == 200
    assert "We have not published any outcomes yet." in page.text


async def test_overdue_actions_are_listed_with_the_officers_own_first(client):
    me = await sign_in(client, "officer")
    me_actor = CurrentUser(me["id"], me["email"], "", "officer")
    other = await actor_for("officer", "someone.else@example.org")
    past = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    future = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    theirs = await meetings.create(MeetingForm(kind="jag", title="Their JAG", held_at="2024-01-01T10:00",
                                               officer_id=str(other.id)), other)
    mine = await meetings.create(MeetingForm(kind="jag", title="My JAG", held_at="2024-01-02T10:00",
                                             officer_id=str(me["id"])), me_actor)
    await points.add(theirs, PointForm(text="a", raised_by="resident", action="Their overdue action",
                                       due_on=(dt.date.today() - dt.timedelta(days=30)).isoformat()), other)
    await points.add(mine, PointForm(text="b", raised_by="resident", action="My overdue action", due_on=past,
                                     status="in-progress"), me_actor)
    await points.add(mine, PointForm(text="c", raised_by="resident", action="Done already", due_on=past,
                                     status="done"), me_actor)
    await points.add(mine, PointForm(text="d", raised_by="resident", action="Not due yet", due_on=future), me_actor)

    page = await client.get("/officer/actions")
    assert page.status_code == 200
    assert "My overdue action" in page.text and "Their overdue action" in page.text
    assert page.text.index("My overdue action") < page.text.index("Their overdue action")
    assert "Done already" not in page.text and "Not due yet" not in page.text
    every = await client.get("/officer/actions?show=all")
    assert "Done already" in every.text and "Not due yet" in every.text

    overview = await client.get("/officer/actions/overview", headers={"hx-request": "true"})
    assert overview.text.lstrip().startswith('<section id="meetings-overview"')
    assert "2 actions are overdue, 1 from your meetings" in re.sub(r"<[^>]+>", "", overview.text)
    assert "My JAG" in overview.text and "Their JAG" not in overview.text  # your meetings
    dashboard = await client.get("/officer")
    assert 'hx-get="/officer/actions/overview"' in dashboard.text and 'href="/officer/actions"' in dashboard.text
    listing = await client.get("/officer/meetings")
    assert listing.status_code == 200, listing.text[-3000:]
    assert listing.text.index("My JAG") < listing.text.index("Their JAG")
