"""The residents' form and the receipt-code deletion page are limited per client, in the shared
store, on the database store and on Redis: 30 requests at once let exactly the allowance through."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import uuid
from urllib.parse import urlencode

import pytest
from litestar.testing import AsyncTestClient

from engage.db import current_engine
from surveys.tables import Response
from tests.support import csrf_token, make_consultation, require_redis

REDIS_URL = os.environ.get("ENGAGE_TEST_REDIS", "redis://127.0.0.1:6379/15")


async def limited_app(settings, store_kind: str, **limits):
    """An app with these limits on the test's database and the named store. A secret of its own
    keeps its counters apart from any other run's in the shared Redis."""
    from engage.app import create_app

    redis = REDIS_URL if store_kind == "redis" else None
    app = create_app(dataclasses.replace(settings, redis_url=redis, secret_key=f"limits-{uuid.uuid4().hex}" * 2,
                                         **limits), engine=current_engine())
    if redis:
        await require_redis(redis)
    return app


@pytest.mark.parametrize("store_kind", ["database", "redis"])
async def test_the_residents_form_is_limited_per_client_and_keeps_the_answers(app, settings, store_kind):
    c, questions = await make_consultation("limited-form", kinds=["short_text"])
    field = f"q{questions[0]['id']}"
    limited = await limited_app(settings, store_kind, form_submissions_per_minute=5)
    async with AsyncTestClient(app=limited, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        token = await csrf_token(client)

        async def send(n: int):
            body = urlencode({field: f"Broken street light number {n}", "_csrf_token": token})
            return await client.post(f"/consultations/{c['slug']}/respond", content=body,
                                     headers={"content-type": "application/x-www-form-urlencoded"})

        answers = await asyncio.gather(*(send(n) for n in range(30)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [303] * 5 + [429] * 25, statuses
    assert await Response.count() == 5
    refused = next(r for r in answers if r.status_code == 429)
    assert int(refused.headers["retry-after"]) > 0
    assert "There is a problem" in refused.text and "Too many responses" in refused.text
    assert "Wait " in refused.text and "Your answers are still below" in refused.text
    assert 'value="Broken street light number' in refused.text  # what the resident typed, kept
    assert 'name="submission_id"' in refused.text  # sending again later stores it once


@pytest.mark.parametrize("store_kind", ["database", "redis"])
async def test_receipt_codes_cannot_be_tried_at_speed(app, settings, store_kind):
    limited = await limited_app(settings, store_kind, erasure_attempts_per_hour=10)
    async with AsyncTestClient(app=limited, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        token = await csrf_token(client)

        async def attempt(n: int):
            body = urlencode({"receipt": f"ABCD-EFGH-{n:04d}", "_csrf_token": token})
            return await client.post("/delete-my-response", content=body,
                                     headers={"content-type": "application/x-www-form-urlencoded"})

        answers = await asyncio.gather(*(attempt(n) for n in range(30)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [400] * 10 + [429] * 20, statuses
    refused = next(r for r in answers if r.status_code == 429)
    assert "tried more than 10 times" in refused.text and 'href="#receipt"' in refused.text
    assert 'value="ABCD-EFGH-' in refused.text and refused.headers["retry-after"]


async def test_over_the_limit_on_a_closed_consultation_shows_the_closed_page(app, settings):
    """A resident past the allowance whose consultation has closed meanwhile is told it has closed
    (409), as anyone sending to a closed consultation is, never a server error."""
    c, questions = await make_consultation("closed-while-limited", status="closed", kinds=["short_text"])
    limited = await limited_app(settings, "database", form_submissions_per_minute=1)
    async with AsyncTestClient(app=limited, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        token = await csrf_token(client)
        body = urlencode({f"q{questions[0]['id']}": "Street light out", "_csrf_token": token})
        answers = [await client.post(f"/consultations/{c['slug']}/respond", content=body,
                                     headers={"content-type": "application/x-www-form-urlencoded"})
                   for _ in range(3)]
    assert [r.status_code for r in answers] == [409, 409, 409], [r.text[:200] for r in answers]
    assert all("has closed, so it is no longer taking responses" in r.text for r in answers)
    assert await Response.count() == 0


@pytest.mark.parametrize("store_kind", ["database", "redis"])
async def test_thirty_api_responses_with_their_own_keys_at_once_let_exactly_the_allowance_through(
        app, settings, store_kind):
    # With an Idempotency-Key the allowance is counted in the same store call that takes the key
    # (SharedStore.add_counted): the count must still hold when thirty arrive together.
    c, questions = await make_consultation("limited-api", kinds=["short_text"])
    limited = await limited_app(settings, store_kind, api_submissions_per_minute=7)
    keys = [str(uuid.uuid4()) for _ in range(30)]
    async with AsyncTestClient(app=limited, base_url="http://testserver.local") as client:
        answers = await asyncio.gather(*(
            client.post(f"/api/consultations/{c['slug']}/responses",
                        json={"answers": {str(questions[0]["id"]): f"Fly-tipping behind the shops, {n}"}},
                        headers={"Idempotency-Key": key}) for n, key in enumerate(keys)))
        statuses = sorted(r.status_code for r in answers)
        assert statuses == [201] * 7 + [429] * 23, statuses
        assert await Response.count() == 7
        assert all(int(r.headers["retry-after"]) > 0 for r in answers if r.status_code == 429)
        # A retry of an accepted key gets its receipt again without counting against the allowance.
        accepted = next(n for n, r in enumerate(answers) if r.status_code == 201)
        body = {"answers": {str(questions[0]["id"]): f"Fly-tipping behind the shops, {accepted}"}}
        again = await client.post(f"/api/consultations/{c['slug']}/responses", json=body,
                                  headers={"Idempotency-Key": keys[accepted]})
        assert again.status_code == 201 and again.json() == answers[accepted].json()
    assert await Response.count() == 7
