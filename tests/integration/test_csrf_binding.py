"""CSRF tokens are bound to who is asking, so a planted cookie and token pair is useless.

Signed in, the token is bound to the session; not signed in (the sign-in form, the residents'
form), to a signed random visitor cookie. In production every cookie carries the `__Host-`
prefix, so a neighbouring subdomain cannot plant a session or visitor cookie either. Every
unsafe route is also walked with a planted pair in tests/integration/test_routes_walk.py.
"""

import dataclasses
import re

import pytest
from litestar.testing import AsyncTestClient

from engage.auth import cookies
from tests.support import PASSWORD, make_consultation, make_user, post_form


def _form_token(html: str) -> str:
    return re.search(r'name="_csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
async def attacker(app):
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        yield client


async def _planted(victim, attacker, page: str) -> dict:
    """The victim has been to the site (their own visitor cookie); the attacker plants their pair."""
    await victim.get(page)
    token = _form_token((await attacker.get(page)).text)
    visitor = victim.cookies.get(cookies.VISITOR)
    assert visitor and token
    return {"token": token, "headers": {"cookie": f"{cookies.VISITOR}={visitor}; {cookies.CSRF}={token}"}}


async def test_a_planted_pair_cannot_sign_the_victim_in_to_the_attackers_account(client, attacker):
    mallory = await make_user("officer", "mallory@example.org")
    pair = await _planted(client, attacker, "/login")
    response = await client.post("/login", data={"email": mallory["email"], "password": PASSWORD,
                                                  "_csrf_token": pair["token"]}, headers=pair["headers"])
    assert response.status_code == 403 and "security check" in response.text
    assert client.cookies.get(cookies.SESSION) is None


async def test_a_planted_pair_cannot_send_a_residents_form(client, attacker):
    consultation, questions = await make_consultation("planted", kinds=["short_text"])
    page = f"/consultations/{consultation['slug']}/respond"
    pair = await _planted(client, attacker, page)
    response = await client.post(page, data={f"q{questions[0]['id']}": "forged", "_csrf_token": pair["token"]},
                                 headers=pair["headers"])
    assert response.status_code == 403
    # The resident's own form still goes through.
    own = await post_form(client, page, {f"q{questions[0]['id']}": "my own words"})
    assert own.status_code == 303


async def test_signing_in_gives_a_new_token_and_the_anonymous_one_stops_working(client):
    user = await make_user("officer")
    before = _form_token((await client.get("/login")).text)
    response = await client.post("/login", data={"email": user["email"], "password": PASSWORD, "_csrf_token": before})
    assert response.status_code == 303
    after = client.cookies.get(cookies.CSRF)
    assert after and after != before
    assert (await client.post("/logout", headers={"x-csrftoken": before})).status_code == 403
    assert (await client.post("/logout", headers={"x-csrftoken": after})).status_code == 303


async def test_a_made_up_visitor_cookie_is_replaced(client):
    await client.get("/login", headers={"cookie": f"{cookies.VISITOR}=chosen-by-attacker.0000"})
    assert client.cookies.get(cookies.VISITOR) not in (None, "chosen-by-attacker.0000")


async def test_in_production_every_cookie_has_the_host_prefix(app, settings):
    from engage.app import create_app

    secure = create_app(dataclasses.replace(settings, secure_cookies=True))
    user = await make_user("officer")
    async with AsyncTestClient(app=secure, base_url="https://testserver.local") as browser:
        browser.follow_redirects = False
        page = await browser.get("/login")
        set_cookies = page.headers.get_list("set-cookie")
        names = {c.split("=", 1)[0] for c in set_cookies}
        assert names == {"__Host-engage_csrf", "__Host-engage_visitor"}, names
        for header in set_cookies:
            attributes = {a.strip().split("=")[0].lower() for a in header.split(";")[1:]}
            assert {"secure", "path", "httponly"} <= attributes and "domain" not in attributes, header
            assert "Path=/;" in header or header.endswith("Path=/")
        response = await browser.post("/login", data={"email": user["email"], "password": PASSWORD,
                                                      "_csrf_token": _form_token(page.text)})
        assert response.status_code == 303
        assert any(c.startswith("__Host-engage_session=") for c in response.headers.get_list("set-cookie"))
        assert (await browser.get("/officer")).status_code == 200
