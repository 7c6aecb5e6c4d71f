"""A fresh worker reads the open consultations and compiles the residents' templates before it
takes its first request, so the first resident waits no longer than the hundredth."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from tests.support import make_consultation


async def test_a_fresh_worker_has_read_every_open_consultation_before_its_first_request(app, settings):
    from engage import db
    from engage.app import create_app
    from engage.web.templating import environment
    from surveys import open_forms

    open_c, _ = await make_consultation("open-now", kinds=["long_text", "single_choice"])
    draft, _ = await make_consultation("still-draft", status="draft", kinds=["long_text"])
    open_forms.forget()
    assert open_forms.age(open_c["slug"]) > open_forms.MAX_AGE_SECONDS  # nothing kept: as a new process
    fresh = create_app(settings, engine=db.current_engine())
    async with AsyncTestClient(app=fresh, base_url="http://testserver.local"):  # start-up runs, no request yet
        assert open_forms.age(open_c["slug"]) < 5  # read before any resident asked
        assert open_forms.age(draft["slug"]) > open_forms.MAX_AGE_SECONDS  # only what residents can open
        assert "public/respond.html" in {key[1] for key in environment().cache.keys()}
