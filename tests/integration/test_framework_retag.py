"""After a theme edit an admin re-tags existing voices as background work and sees its progress."""

from __future__ import annotations

from tests.integration.test_voices_review import KNIFE, add_voices
from tests.support import post_form, sign_in


async def test_an_admin_re_tags_existing_voices_and_sees_the_progress(client, app):
    await add_voices([KNIFE, "Drug dealing outside the shops every night"])
    await sign_in(client, "admin")
    framework = await client.get("/officer/framework")
    assert 'action="/officer/framework/retag"' in framework.text and "Re-tag existing voices" in framework.text
    assert "Re-tag existing voices</button>" in (await client.get("/officer/framework/retag")).text

    # Progress counts voices analysed since the request: none yet, as the worker has not started.
    from engage.jobs.retag import REQUESTED_KEY
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
