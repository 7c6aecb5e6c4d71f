"""Two-step sign-in: optional for officers, required for admins, checked before any session exists."""

from __future__ import annotations

import re

from engage.auth.sessions import COOKIE_NAME
from tests.support import PASSWORD, enable_totp, make_user, post_form, sign_in, totp_code


def _challenge(html: str) -> str:
    return re.search(r'name="challenge" value="([^"]+)"', html).group(1)


def _secret(html: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


async def test_an_officer_turns_it_on_after_proving_a_code_then_signs_in_with_it(client, app):
    from litestar.testing import AsyncTestClient

    user = await sign_in(client, "officer")
    page = await client.get("/officer/account/totp")
    assert page.status_code == 200 and "optional" in page.text
    secret = _secret(page.text)
    assert f"otpauth://totp/engage:{user['email'].replace('@', '%40')}" in page.text and secret in page.text
    wrong = await post_form(client, "/officer/account/totp", {"code": "000000"})
    assert wrong.status_code == 400 and "6-digit code" in wrong.text
    done = await post_form(client, "/officer/account/totp", {"code": totp_code(secret)})
    assert done.status_code == 200 and "Your recovery codes" in done.text
    assert "Two-step sign-in</dt><dd class=\"govuk-summary-list__value\">On" in (await client.get("/officer/account")).text

    async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
        other.follow_redirects = False
        step = await post_form(other, "/login", {"email": user["email"], "password": PASSWORD})
        assert step.status_code == 200 and "Enter your sign-in code" in step.text
        assert other.cookies.get(COOKIE_NAME) is None  # no session until the code is right
        assert (await other.get("/officer")).status_code == 303
        bad = await post_form(other, "/login/code", {"challenge": _challenge(step.text), "code": "123456"})
        assert bad.status_code == 400 and other.cookies.get(COOKIE_NAME) is None
        good = await post_form(other, "/login/code", {"challenge": _challenge(step.text),
                                                      "code": totp_code(secret, offset_steps=1)})
        assert good.status_code == 303 and other.cookies.get(COOKIE_NAME)
        assert (await other.get("/officer")).status_code == 200


async def test_the_seed_is_kept_sealed_so_a_copy_of_the_database_gives_no_second_factor(client, app):
    from engage.auth.tables import User
    from engage.security import totp

    user = await sign_in(client, "officer")
    secret = _secret((await client.get("/officer/account/totp")).text)
    assert (await post_form(client, "/officer/account/totp", {"code": totp_code(secret)})).status_code == 200

    stored = (await User.select(User.totp_secret).where(User.id == user["id"]).first())["totp_secret"]
    assert stored and secret not in stored and secret.lower() not in stored.lower()
    assert await totp.secret_for(user["id"], app.state.settings.secret_key) == secret
    assert await totp.secret_for(user["id"], "another-deployment-secret-key-0123456789") is None


async def test_a_code_cannot_be_used_twice(client, app):
    from litestar.testing import AsyncTestClient

    user = await make_user("officer")
    secret = await enable_totp(user["id"])
    code = totp_code(secret)
    step = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    assert (await post_form(client, "/login/code", {"challenge": _challenge(step.text), "code": code})).status_code == 303
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
        other.follow_redirects = False
        step = await post_form(other, "/login", {"email": user["email"], "password": PASSWORD})
        replay = await post_form(other, "/login/code", {"challenge": _challenge(step.text), "code": code})
        assert replay.status_code == 400 and other.cookies.get(COOKIE_NAME) is None


async def test_wrong_codes_are_throttled_like_passwords(client):
    user = await make_user("officer")
    secret = await enable_totp(user["id"])
    statuses = []
    for _ in range(3):
        step = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
        assert step.status_code == 200
        for _ in range(2):
            statuses.append((await post_form(client, "/login/code", {"challenge": _challenge(step.text),
                                                                     "code": "000000"})).status_code)
    assert statuses == [400, 400, 400, 400, 400, 429]
    # After five failures the right password and the right code still wait out the window.
    step = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    assert step.status_code == 429
    assert client.cookies.get(COOKIE_NAME) is None
    assert totp_code(secret)


async def test_a_challenge_allows_only_a_few_wrong_codes(client, settings, app, monkeypatch):
    user = await make_user("officer")
    await enable_totp(user["id"])
    # Only this test may loosen the account limit: the app is shared by every test on this worker.
    monkeypatch.setattr(app.state.throttle, "per_account", type(app.state.throttle.per_account)(100, 900))
    step = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    challenge = _challenge(step.text)
    for _ in range(5):
        response = await post_form(client, "/login/code", {"challenge": challenge, "code": "000000"})
    assert "Sign in again" in response.text
    gone = await post_form(client, "/login/code", {"challenge": challenge, "code": "000000"})
    assert "took too long" in gone.text


async def test_an_admin_without_it_is_sent_to_set_it_up_first_and_it_cannot_be_turned_off(client):
    user = await sign_in(client, "admin", totp=False)
    for path in ("/officer", "/officer/admin/users", "/officer/consultations", "/officer/privacy/access"):
        response = await client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/officer/account/totp?next=")
    response = await post_form(client, "/officer/admin/users", {"email": "x@example.org", "role": "admin",
                                                                "password": "a long enough password"})
    assert response.status_code == 303 and response.headers["location"].startswith("/officer/account/totp")
    page = await client.get("/officer/account/totp?next=/officer/admin/users")
    assert page.status_code == 200  # the set-up page itself is reachable: no loop
    assert "Administrator accounts must use two-step sign-in" in page.text
    secret = _secret(page.text)
    done = await post_form(client, "/officer/account/totp", {"code": totp_code(secret), "next": "/officer/admin/users"})
    # The recovery codes are shown once, then the admin carries on to where they were going.
    assert done.status_code == 200 and 'href="/officer/admin/users">I have saved my recovery codes' in done.text
    assert (await client.get("/officer/admin/users")).status_code == 200
    off = await post_form(client, "/officer/account/totp/disable", {"code": totp_code(secret, 1)})
    assert off.status_code == 400 and "must keep" in off.text
    assert user


async def test_an_officer_can_turn_it_off_with_a_code(client):
    user = await sign_in(client, "officer", totp=True)
    off = await post_form(client, "/officer/account/totp/disable", {"code": "000000"})
    assert off.status_code == 400
    off = await post_form(client, "/officer/account/totp/disable", {"code": totp_code(user["totp_secret"], 1)})
    assert off.status_code == 303
    from engage.auth.tables import User

    row = await User.select(User.totp_secret).where(User.id == user["id"]).first()
    assert row["totp_secret"] is None
