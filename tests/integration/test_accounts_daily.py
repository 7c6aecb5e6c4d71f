"""Account basics an officer needs every day: recovery codes for a lost phone, a QR code to enrol
the authenticator, an admin reset that forces a new password, new accounts that start read-only,
and an idle sign-out that warns first and never loses typed work."""

from __future__ import annotations

import re
import time

from tests.support import PASSWORD, make_user, post_form, sign_in


def codes_on(html: str) -> list[str]:
    return re.findall(r'<code class="engage-token">([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})</code>', html)


async def enrol(client) -> tuple[dict, list[str]]:
    """An officer turns on two-step sign-in through the pages and gets their recovery codes."""
    import pyotp

    user = await sign_in(client, "officer")
    page = await client.get("/officer/account/totp")
    assert page.status_code == 200
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    response = await post_form(client, "/officer/account/totp", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return {**user, "secret": secret}, codes_on(response.text)


async def start_sign_in(client, email: str) -> str:
    client.cookies.clear()
    response = await post_form(client, "/login", {"email": email, "password": PASSWORD})
    return re.search(r'name="challenge" value="([^"]+)"', response.text).group(1)


async def test_the_enrolment_page_shows_a_qr_code_drawn_on_the_server(client):
    await sign_in(client, "officer")
    page = await client.get("/officer/account/totp")
    svg = re.search(r'<div class="engage-totp-qr">(<svg.*?</svg>)</div>', page.text, re.S)
    assert svg and 'role="img"' in svg.group(1) and "<path" in svg.group(1)
    assert "<title>QR code for your authenticator app</title>" in svg.group(1)
    assert 'id="totp-secret"' in page.text  # the typed key stays for anyone who cannot scan


async def test_ten_recovery_codes_are_shown_once_stored_hashed_and_each_signs_in_once(client):
    from engage.auth.tables import RecoveryCode

    user, codes = await enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = await RecoveryCode.select(RecoveryCode.code_hash).where(RecoveryCode.user == user["id"]).run()
    assert len(stored) == 10
    assert not {c.replace("-", "") for c in codes} & {r["code_hash"] for r in stored}  # never in the clear
    later = await client.get("/officer/account/totp")
    assert not codes_on(later.text) and "10 unused recovery codes of 10" in later.text

    challenge = await start_sign_in(client, user["email"])
    typed = codes[3].lower().replace("-", " ")  # case and separators do not matter
    response = await post_form(client, "/login/code", {"challenge": challenge, "recovery_code": typed})
    assert response.status_code == 303, response.text
    assert "9 unused recovery codes" in (await client.get("/officer/account/totp")).text

    challenge = await start_sign_in(client, user["email"])
    again = await post_form(client, "/login/code", {"challenge": challenge, "recovery_code": codes[3]})
    assert again.status_code == 400 and "recovery codes that has not been used" in again.text
    assert (await client.get("/officer/account")).status_code == 303  # not signed in


async def test_new_recovery_codes_replace_the_old_ones(client):
    user, codes = await enrol(client)
    response = await post_form(client, "/officer/account/totp/recovery-codes", {})
    fresh = codes_on(response.text)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    challenge = await start_sign_in(client, user["email"])
    old = await post_form(client, "/login/code", {"challenge": challenge, "recovery_code": codes[0]})
    assert old.status_code == 400
    ok = await post_form(client, "/login/code", {"challenge": challenge, "recovery_code": fresh[0]})
    assert ok.status_code == 303


async def test_an_admin_reset_shows_a_temporary_password_once_and_forces_a_change_at_next_sign_in(client):
    officer = await make_user("officer", "worker@example.org")
    await sign_in(client, "admin")
    response = await post_form(client, f"/officer/admin/users/{officer['id']}/reset-password", {})
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    temporary = re.search(r'id="temporary-password">([^<]+)<', response.text).group(1)
    assert "Must choose a new password" in response.text

    client.cookies.clear()
    assert (await post_form(client, "/login", {"email": officer["email"], "password": PASSWORD})).status_code == 400
    signed = await post_form(client, "/login", {"email": officer["email"], "password": temporary})
    assert signed.status_code == 303
    anywhere = await client.get("/officer/voices")
    assert anywhere.status_code == 303 and anywhere.headers["location"] == "/officer/account/password?required=1"
    page = await client.get("/officer/account/password?required=1")
    assert "Choose a new password" in page.text
    changed = await post_form(client, "/officer/account/password",
                              {"current_password": temporary, "new_password": "a brand new long passphrase 42"})
    assert changed.status_code == 303
    assert (await client.get("/officer/voices")).status_code == 200


async def test_a_new_account_defaults_to_the_least_privileged_role_with_a_success_message(client):
    await sign_in(client, "admin")
    form = await client.get("/officer/admin/users")
    assert re.search(r'<option value="executive"\s+selected', form.text)
    response = await post_form(client, "/officer/admin/users",
                               {"email": "new.person@example.org", "password": "a temporary passphrase 99"})
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Account added for new.person@example.org as Executive" in page.text
    from engage.auth.tables import User

    row = await User.select(User.role, User.must_change_password).where(User.email == "new.person@example.org").first()
    assert row == {"role": "executive", "must_change_password": True}


async def test_pages_say_when_the_idle_session_ends_and_stay_signed_in_restarts_the_clock(client):
    await sign_in(client, "officer")
    page = await client.get("/officer")
    assert 'id="session-ends"' in page.text and "you will be signed out at" in page.text
    assert 'id="timeout-warning"' in page.text and "Stay signed in" in page.text
    response = await post_form(client, "/officer/session/keep-alive", {}, headers={"accept": "application/json"})
    assert response.status_code == 200
    assert abs(response.json()["ends_at"] - (time.time() + 30 * 60)) < 5
    plain = await post_form(client, "/officer/session/keep-alive", {"next": "/officer/voices"})
    assert plain.status_code == 303 and plain.headers["location"] == "/officer/voices"


async def test_a_form_sent_after_the_session_ran_out_is_kept_and_sent_after_signing_in_again(client):
    from engage.auth.sessions import destroy_session

    officer = await sign_in(client, "officer")
    await client.get("/officer")
    # The session runs out while the officer types a new consultation's details.
    from engage.auth import cookies

    session_id = client.cookies.get(cookies.SESSION)
    await destroy_session(client.app.state.store, session_id)
    response = await post_form(client, "/officer/consultations/new",
                               {"title": "Kept while signed out", "summary": "Typed before the timeout"})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/login?next=/officer/session/kept/") and "timed_out=1" in location
    login = await client.get(location)
    assert "What you typed has been kept" in login.text
    signed = await post_form(client, "/login", {"email": officer["email"], "password": PASSWORD,
                                                "next": re.search(r'name="next" value="([^"]+)"', login.text).group(1)})
    kept = await client.get(signed.headers["location"])
    assert kept.status_code == 200 and "Kept while signed out" in kept.text
    assert 'action="/officer/consultations/new"' in kept.text
    # Another browser, even signed in as the same officer, cannot read it.
    client.cookies.clear()
    assert (await post_form(client, "/login", {"email": officer["email"], "password": PASSWORD})).status_code == 303
    assert (await client.get(signed.headers["location"])).status_code == 404


async def test_an_htmx_form_sent_after_the_session_ran_out_loads_the_sign_in_page_whole(client):
    from engage.auth import cookies
    from engage.auth.sessions import destroy_session

    await sign_in(client, "officer")
    await client.get("/officer")
    await destroy_session(client.app.state.store, client.cookies.get(cookies.SESSION))
    response = await post_form(client, "/officer/voices/1/tags", {"decision": "add", "entry_id": "1"},
                               headers={"hx-request": "true"})
    assert response.status_code == 401
    assert response.headers["hx-redirect"].startswith("/login?next=/officer/session/kept/")


async def test_a_short_idle_session_is_kept_alive_by_use_and_warned_twenty_seconds_before(app, settings):
    """A session of 30 seconds idle (ENGAGE_SESSION_IDLE_MINUTES=0.5): the last-seen time is written often
    enough that an officer at work is never signed out, and the warning leaves 20 seconds to answer."""
    import dataclasses
    import json

    from litestar.testing import AsyncTestClient

    from engage.app import create_app
    from engage.auth import cookies
    from engage.auth.sessions import _key

    # An app of its own: the session policy is handed to the sign-in middleware when the app is built.
    short = create_app(dataclasses.replace(settings, session_idle_minutes=0.5))
    async with AsyncTestClient(app=short, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        await sign_in(client, "officer")
        page = await client.get("/officer")
        assert 'data-warn-before="20"' in page.text and 'data-idle="30"' in page.text
        assert ">20 seconds</span>" in page.text
        store, key = short.state.store, _key(client.cookies.get(cookies.SESSION))

        async def later(seconds: int) -> None:
            data = json.loads(await store.get(key))
            data["seen"] -= seconds
            data["created"] -= seconds
            await store.set(key, json.dumps(data).encode(), 3600)

        for _ in range(3):  # a request every 20 seconds for a minute: twice the idle time, never idle
            await later(20)
            assert (await client.get("/officer")).status_code == 200
        await later(31)  # then nothing for longer than the idle time
        assert (await client.get("/officer")).status_code == 303


def test_a_thirty_minute_session_warns_two_minutes_before():
    from engage.auth.sessions import SessionPolicy

    policy = SessionPolicy(idle_seconds=30 * 60, absolute_seconds=12 * 3600)
    assert (policy.warn_before, policy.renew_after) == (120, 60)


def test_the_idle_time_may_be_part_of_a_minute_but_not_under_half_of_one(monkeypatch):
    import pytest

    from engage.settings import Settings, SettingsError

    monkeypatch.setenv("ENGAGE_SESSION_IDLE_MINUTES", "0.75")
    assert Settings.from_env().session_idle_minutes == 0.75
    for bad in ("0.2", "0", "soon"):
        monkeypatch.setenv("ENGAGE_SESSION_IDLE_MINUTES", bad)
        with pytest.raises(SettingsError, match="ENGAGE_SESSION_IDLE_MINUTES"):
            Settings.from_env()


async def test_the_accessibility_statement_names_the_one_gap_in_the_idle_warning(client):
    """It says only what is true: with JavaScript off there is no warning before the idle sign-out."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (await client.get("/accessibility")).text))
    assert "with JavaScript turned off there is no warning (WCAG success criterion 2.2.1)" in text
    assert "every error a form can show" not in text


async def test_a_recovery_code_sent_thirty_times_at_once_signs_in_once(app):
    """Single use must hold under a burst: thirty sign-ins racing with the same code spend it once."""
    import asyncio

    from engage.auth import recovery

    officer = await make_user("officer", "racer@example.org")
    code = (await recovery.make_codes(officer["id"]))[0]
    results = await asyncio.gather(*(recovery.use_code(officer["id"], code) for _ in range(30)))
    assert results.count(True) == 1
    assert await recovery.unused(officer["id"]) == 9
