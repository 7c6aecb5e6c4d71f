"""Smaller faults: /health knows about Redis, HEAD works, one charset, examples the forms accept."""

from __future__ import annotations

import dataclasses
import re

from litestar.testing import AsyncTestClient

from engage.db import current_engine
from tests.support import make_consultation, post_form, sign_in


async def test_health_is_503_when_the_configured_redis_is_down(app, settings):
    from engage.app import create_app

    dead = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"), engine=current_engine())
    async with AsyncTestClient(app=dead, base_url="http://testserver.local") as client:
        response = await client.get("/health")
        assert response.status_code == 503, response.text
        assert response.json()["redis"] == "unreachable" and response.json()["database"] == "ok"
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        response = await client.get("/health")
        assert response.status_code == 200 and "redis" not in response.json()


async def test_head_answers_like_get_without_a_body(client):
    c, _ = await make_consultation("head-check", kinds=["short_text"])
    for path in ("/", f"/consultations/{c['slug']}", f"/consultations/{c['slug']}/respond", "/accessibility",
                 "/health", "/api/consultations", "/static/css/engage.css", "/delete-my-response"):
        got = await client.get(path)
        head = await client.head(path)
        assert head.status_code == got.status_code == 200, (path, head.status_code)
        assert head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path


async def test_responses_csv_names_its_charset_once(client):
    await sign_in(client, "officer")
    c, _ = await make_consultation("csv-charset", kinds=["short_text"])
    response = await client.get(f"/api/consultations/{c['slug']}/responses.csv")
    assert response.status_code == 200
    content_type = response.headers["content-type"]
    assert content_type.lower().count("charset") == 1, content_type
    assert content_type.startswith("text/csv") and "utf-8" in content_type


EXAMPLE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


async def test_date_time_errors_give_an_example_the_form_accepts(client):
    officer = await sign_in(client, "officer")
    base = {"title": "Knife crime", "slug": "", "summary": "Tell us", "background": "", "closes_at": "",
            "ask_about_you": "yes", "retention_days": "730"}
    refused = await post_form(client, "/officer/consultations/new", {**base, "opens_at": "next Tuesday"})
    assert refused.status_code == 400
    example = EXAMPLE.search(refused.text).group(0)
    accepted = await post_form(client, "/officer/consultations/new", {**base, "opens_at": example})
    assert accepted.status_code == 303, (example, accepted.text[:300])

    meeting = {"kind": "ward-meeting", "title": "Belgrave ward meeting", "wards": ["belgrave"], "venue": "",
               "officer_id": str(officer["id"]), "attendees": "", "organisations": "", "notes": ""}
    refused = await post_form(client, "/officer/meetings/new", {**meeting, "held_at": "31/02/2024"})
    assert refused.status_code == 400
    example = EXAMPLE.search(refused.text).group(0)
    accepted = await post_form(client, "/officer/meetings/new", {**meeting, "held_at": example})
    assert accepted.status_code == 303, (example, accepted.text[:300])
