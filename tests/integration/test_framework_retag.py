"""After a theme edit an admin re-tags existing voices as background work and sees its progress."""

from __future__ import annotations

import re

from tests.integration.test_voices_review import KNIFE, add_voices
from tests.support import post_form, sign_in


async def test_an_admin_re_tags_existing_voices_and_sees_the_progress(client, app):
    await add_voices([KNIFE, "Drug dealing outside the shops every night"])
    await sign_in(client, "admin")
    framework = await client.get("/officer/framework")
    assert 'action="/officer/framework/retag"' in framework.text and "Re-tag existing voices" in framework.text
    assert "Re-tag existing voices</button>" in (await client.get("/officer/framework/retag")).text

    # Progress counts voices analysed since the request: none yet, as the worker has not started.
    from engage.framework.retagging import REQUESTED_KEY
    from engage.times import now

    await app.state.store.set(REQUESTED_KEY, now().isoformat().encode(), 60)
    waiting = await client.get("/officer/framework/retag", headers={"hx-request": "true"})
    assert "0 of 2 voices re-tagged" in waiting.text and 'hx-trigger="every 2s"' in waiting.text
    assert "<html" not in waiting.text  # the progress block only, for the poll

    response = await post_form(client, "/officer/framework/retag", {})
    assert response.status_code == 303 and response.headers["location"] == "/officer/framework/retag"
    done = await client.get("/officer/framework/retag")  # the test app runs jobs at once
    assert "All 2 voices were re-tagged" in done.text and 'href="/officer/summaries/emerging"' in done.text


async def test_only_admins_may_re_tag(client):
    await sign_in(client, "officer")
    assert (await client.get("/officer/framework/retag")).status_code == 403
    assert (await post_form(client, "/officer/framework/retag", {})).status_code == 403


async def test_after_a_framework_change_re_tagging_updates_the_emerging_issues(client):
    """The plan did not cover e-scooters, so they were an emerging issue. A theme added for them re-tags
    existing voices in the background: the emerging issues no longer list them. Editing a theme says the
    re-tagging is under way, linked to its progress."""
    from tests.integration.test_framework_admin import current_entries
    from tests.integration.test_summaries_pages import seed

    await seed()
    await sign_in(client, "admin")
    uncovered = re.compile(r"<th[^>]*>\s*scooters\s*</th>")
    assert uncovered.search((await client.get("/officer/summaries/emerging")).text)
    asb = (await current_entries())["community-safety-asb"]
    added = await post_form(client, "/officer/framework/entries/new", {
        "kind": "theme", "name": "E-scooters", "slug": "", "parent_id": str(asb["parent_id"]),
        "scope": "e-scooters and scooters ridden on the pavement", "phrases": "scooters: 2\nscooter: 2"})
    assert added.status_code == 303, added.text
    # The test app runs background work at once: the re-tagging is done, and the page follows.
    assert re.search(r"All \d+ voices were re-tagged", (await client.get("/officer/framework/retag")).text)
    assert not uncovered.search((await client.get("/officer/summaries/emerging")).text)

    scooters = (await current_entries())["e-scooters"]
    saved = await post_form(client, f"/officer/framework/entries/{scooters['id']}/edit", {
        "name": "E-scooters and e-bikes", "scope": scooters["scope"] + ", e-bikes", "phrases": "scooters: 2"})
    assert saved.status_code == 303
    entry_page = await client.get(saved.headers["location"])
    banner = re.search(r'<div class="govuk-notification-banner[^"]*" role="alert"[^>]*id="retagging">.*?</div>\s*</div>',
                       entry_page.text, re.S).group(0)
    assert "Existing voices are being re-tagged" in banner and 'href="/officer/framework/retag"' in banner
    assert 'id="retagging"' not in (await client.get(f"/officer/framework/entries/{scooters['id']}")).text
