"""Accounts in a browser, by keyboard alone, with axe-core on every page visited: an officer turns
on two-step sign-in from the server-drawn QR code, is shown ten recovery codes once, signs in with
one instead of the app, is refused the same code again, and makes new codes that end the old ones."""

from __future__ import annotations

import re

import pytest

from tests.browser.actor import Actor
from tests.browser.checks import assert_focus_on_error_summary
from tests.browser.conftest import add_account, run_axe, totp_code

pytestmark = pytest.mark.browser

CODE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$")


def keyboard_sign_in(actor: Actor, email: str, password: str) -> None:
    page = actor.page
    page.goto("/login")
    run_axe(page, "sign in")
    actor.fill(page.get_by_label("Email address"), email)
    actor.fill(page.get_by_label("Password", exact=True), password)
    actor.submit(page.get_by_role("button", name="Sign in"))


def keyboard_sign_out(actor: Actor) -> None:
    actor.submit(actor.page.get_by_role("button", name="Sign out"))
    assert "/login?signed_out=1" in actor.page.url
    run_axe(actor.page, "signed out")


def use_recovery_code(actor: Actor, code: str) -> None:
    """On the sign-in code page: open "I have lost my phone" and send a recovery code."""
    page = actor.page
    assert page.get_by_role("heading", level=1).inner_text() == "Enter your sign-in code"
    run_axe(page, "sign-in code")
    actor.activate(page.locator("summary", has_text="I have lost my phone: use a recovery code"))
    actor.fill(page.get_by_label("Recovery code"), code)
    actor.submit(page.get_by_role("button", name="Sign in with a recovery code"))


def codes_shown(page) -> list[str]:
    return [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]


def test_recovery_codes_shown_once_sign_in_once_and_renewed_by_keyboard(new_context, live_server):
    email = "recovery.journey@engage.example"
    password = add_account(live_server, email)
    page = new_context().new_page()
    actor = Actor(page, js=True, keyboard=True)

    keyboard_sign_in(actor, email, password)
    assert page.url.startswith(live_server.url + "/officer")
    run_axe(page, "officer home")
    actor.activate(page.get_by_role("link", name="Your account"))
    page.wait_for_url("**/officer/account")
    run_axe(page, "your account")
    actor.activate(page.get_by_role("link", name="Set up two-step sign-in"))
    page.wait_for_url("**/officer/account/totp")

    # The QR code is drawn on the server, named for a screen reader, and the key is also written out.
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.count() == 1 and qr.evaluate("el => el.tagName.toLowerCase()") == "svg"
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    run_axe(page, "two-step sign-in set-up")
    actor.fill(page.get_by_label("Code from your app"), totp_code(live_server, secret))
    actor.submit(page.get_by_role("button", name="Turn on two-step sign-in"))

    # Ten codes, shown this once.
    assert page.title().startswith("Your recovery codes")
    assert page.get_by_role("alert").inner_text().count("Two-step sign-in is on")
    codes = codes_shown(page)
    assert len(codes) == 10 and len(set(codes)) == 10 and all(CODE.match(c) for c in codes), codes
    run_axe(page, "recovery codes")
    saved = page.get_by_role("link", name="I have saved my recovery codes")
    onward = saved.get_attribute("href")
    actor.activate(saved)
    # Wait for the link's page itself: the recovery codes page is already loaded, so waiting for a
    # load state returned at once and the next goto raced the link's navigation.
    page.wait_for_url(live_server.url + onward)
    page.goto("/officer/account/totp")
    assert not codes_shown(page) and not any(c in page.content() for c in codes)
    assert "You have 10 unused recovery codes of 10" in page.locator("#recovery-left").inner_text()
    run_axe(page, "two-step sign-in is on")
    keyboard_sign_out(actor)

    # Signed in with a recovery code instead of the app: lower case and spaces are fine.
    keyboard_sign_in(actor, email, password)
    use_recovery_code(actor, codes[0].lower().replace("-", " "))
    # The sign-in pages live under /officer too: wait for the redirect's end, not a prefix of it,
    # or the next navigation races the redirect ("interrupted by another navigation").
    page.wait_for_url(live_server.url + "/officer")
    keyboard_sign_out(actor)

    # The same code a second time is refused, with the error summary focused.
    keyboard_sign_in(actor, email, password)
    use_recovery_code(actor, codes[0])
    assert_focus_on_error_summary(page, "a used recovery code")
    assert "recovery codes that has not been used" in page.locator(".govuk-error-summary").inner_text()
    run_axe(page, "a used recovery code refused")
    actor.fill(page.get_by_label("Recovery code"), codes[1])
    actor.submit(page.get_by_role("button", name="Sign in with a recovery code"))
    page.wait_for_url(live_server.url + "/officer")

    # New codes replace the old: an old unused one no longer signs in, a new one does.
    page.goto("/officer/account/totp")
    assert "You have 8 unused recovery codes of 10" in page.locator("#recovery-left").inner_text()
    actor.submit(page.get_by_role("button", name="Make new recovery codes"))
    fresh = codes_shown(page)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert "Your earlier recovery codes no longer work" in page.locator("main").inner_text()
    run_axe(page, "new recovery codes")
    keyboard_sign_out(actor)
    keyboard_sign_in(actor, email, password)
    use_recovery_code(actor, codes[2])
    assert page.title().startswith("Error:")
    actor.fill(page.get_by_label("Recovery code"), fresh[0])
    actor.submit(page.get_by_role("button", name="Sign in with a recovery code"))
    assert page.url.startswith(live_server.url + "/officer"), page.url
