"""The partnership's vocabulary has one owner: the framework in the database. A theme or priority
an admin adds is offered and accepted at once by meetings and consultations (it used to be refused,
because they checked against the seed file)."""

from __future__ import annotations

import re

from engage.meetings.tables import FeedbackPoint
from surveys.tables import Consultation
from tests.integration.test_meetings_capture import record_meeting
from tests.support import post_form, sign_in


async def add_entry(client, **data) -> None:
    response = await post_form(client, "/officer/framework/entries/new",
                               {"slug": "", "scope": "", "phrases": "", "parent_id": "", **data})
    assert response.status_code == 303, response.text


async def entry_id(slug: str) -> int:
    from engage.framework.services import current_period, entries

    return next(e["id"] for e in await entries((await current_period())["id"]) if e["slug"] == slug)


def consultation(**overrides) -> dict:
    return {"title": "Road safety on the ring road", "slug": "", "summary": "Tell us", "background": "",
            "opens_at": "", "closes_at": "", "ask_about_you": "yes", "retention_days": "730", **overrides}


async def test_a_theme_and_priority_an_admin_adds_are_offered_and_accepted_everywhere(client):
    admin = await sign_in(client, "admin")
    await add_entry(client, kind="priority", name="Road safety")
    await add_entry(client, kind="theme", name="E-scooter nuisance", parent_id=str(await entry_id("road-safety")))

    # The meeting form offers the new theme.
    meeting_id = await record_meeting(client, admin["id"])
    page = await client.get(f"/officer/meetings/{meeting_id}")
    assert page.status_code == 200
    assert re.search(r'value="e-scooter-nuisance"[^>]*>\s*<label[^>]*>\s*E-scooter nuisance', page.text)

    # A point tagged with it is accepted and keeps the tag.
    response = await post_form(client, f"/officer/meetings/{meeting_id}/points", {
        "text": "E-scooters on the pavement by the market", "raised_by": "resident", "ward": "castle",
        "themes": ["e-scooter-nuisance"]})
    assert response.status_code == 303, response.text
    point = await FeedbackPoint.select(FeedbackPoint.officer_themes).output(load_json=True).where(
        FeedbackPoint.meeting == meeting_id).first()
    assert point["officer_themes"] == ["e-scooter-nuisance"]

    # The consultation form offers the new priority, and a consultation under it is accepted.
    form = await client.get("/officer/consultations/new")
    assert 'value="road-safety"' in form.text and "Road safety" in form.text
    response = await post_form(client, "/officer/consultations/new", consultation(priorities=["road-safety"]))
    assert response.status_code == 303, response.text
    row = await Consultation.select(Consultation.priorities).output(load_json=True).where(
        Consultation.slug == "road-safety-on-the-ring-road").first()
    assert row["priorities"] == ["road-safety"]


async def test_a_change_made_through_another_worker_is_accepted_at_once(client):
    """Another worker's change reaches this one through the period's revision, not its own cache."""
    from engage.framework import services

    officer = await sign_in(client, "officer")
    meeting_id = await record_meeting(client, officer["id"])
    assert (await client.get(f"/officer/meetings/{meeting_id}")).status_code == 200  # this worker's copy is warm
    period = await services.current_period()
    priority = await services.add_entry(period["id"], kind="priority", name="Road safety")
    await services.add_entry(period["id"], kind="theme", name="E-scooter nuisance", parent_id=priority)

    response = await post_form(client, f"/officer/meetings/{meeting_id}/points", {
        "text": "E-scooters racing through the park", "raised_by": "resident", "themes": ["e-scooter-nuisance"]})
    assert response.status_code == 303, response.text


async def test_a_retired_theme_is_no_longer_offered_or_accepted(client):
    admin = await sign_in(client, "admin")
    meeting_id = await record_meeting(client, admin["id"])
    response = await post_form(client, f"/officer/framework/entries/{await entry_id('hate-crime')}/retire", {})
    assert response.status_code == 303, response.text
    page = await client.get(f"/officer/meetings/{meeting_id}")
    assert 'value="hate-crime"' not in page.text
    refused = await post_form(client, f"/officer/meetings/{meeting_id}/points", {
        "text": "Graffiti aimed at the mosque", "raised_by": "resident", "themes": ["hate-crime"]})
    assert refused.status_code == 400


async def test_a_new_plan_imported_without_wards_keeps_the_partnerships_wards_and_partners(client):
    """Wards and partners are the partnership's: a plan file that leaves them out does not empty
    the meeting form's lists."""
    admin = await sign_in(client, "admin")
    plan = ("plan: Road safety plan\npriorities:\n  - slug: road-safety\n    name: Road safety\n    themes:\n"
            "      - slug: e-scooter-nuisance\n        name: E-scooter nuisance\n")
    response = await post_form(client, "/officer/framework/import", {"yaml": plan})
    assert response.status_code == 303, response.text
    meeting_id = await record_meeting(client, admin["id"])  # its wards (Belgrave, Abbey) are still known
    page = await client.get(f"/officer/meetings/{meeting_id}/import")
    assert page.status_code == 200 and "e-scooter-nuisance" in page.text
    response = await post_form(client, f"/officer/meetings/{meeting_id}/points", {
        "text": "E-scooters on the pavement", "raised_by": "resident", "ward": "castle",
        "themes": ["e-scooter-nuisance"], "owner": "Leicestershire Police"})
    assert response.status_code == 303, response.text


async def test_requests_arriving_together_share_one_check_of_a_copy_that_ran_out(client, monkeypatch):
    """Under a burst every request used to check the revision itself once the page copy was two
    seconds old; they share one check now. Input checks (max_age 0) still check each time."""
    import asyncio

    from engage.framework import vocabulary

    await vocabulary.load(max_age=0)
    calls: list[int] = []
    real = vocabulary._current_revision

    async def counted():
        calls.append(1)
        await asyncio.sleep(0.05)
        return await real()

    monkeypatch.setattr(vocabulary, "_current_revision", counted)
    await asyncio.sleep(0.02)
    copies = await asyncio.gather(*[vocabulary.load(max_age=0.01) for _ in range(10)])
    assert len(calls) == 1 and len({c.revision for c in copies}) == 1
    await asyncio.gather(*[vocabulary.load(max_age=0) for _ in range(3)])
    assert len(calls) == 4
