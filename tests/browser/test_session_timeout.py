"""The idle sign-out warning (WCAG 2.2.1) in a real browser, on a server of its own whose sessions
end after 30 seconds idle (ENGAGE_SESSION_IDLE_MINUTES=0.5; the warning then comes 20 seconds
before, the least WCAG allows to answer it). By keyboard: the warning takes focus and keeps it,
"Stay signed in" extends the session past its first end, and a session left to run out signs the
officer out while the text typed into a form is kept and offered back after signing in again (in a
second session opened alongside, so the 30 seconds are waited out once)."""

from __future__ import annotations

import time

import pytest

from tests.browser.actor import Actor
from tests.browser.conftest import ACCOUNTS, DEMO_PASSWORD, demo_template, run_axe, serve

pytestmark = pytest.mark.browser

IDLE_SECONDS = 30
WARN_BEFORE = 20
VISIBLE = "() => !document.getElementById('timeout-warning').hidden"


@pytest.fixture(scope="module")
def short_session_server(chromium_path, tmp_path_factory):
    template = demo_template(tmp_path_factory)
    with serve(template, tmp_path_factory.mktemp("short-session") / "server.log",
               ENGAGE_SESSION_IDLE_MINUTES=str(IDLE_SECONDS / 60)) as server:
        yield server


def sign_in(actor: Actor) -> float:
    page = actor.page
    page.goto("/login")
    actor.fill(page.get_by_label("Email address"), ACCOUNTS["officer"])
    actor.fill(page.get_by_label("Password", exact=True), DEMO_PASSWORD)
    actor.submit(page.get_by_role("button", name="Sign in"))
    assert "/officer" in page.url and "/login" not in page.url, page.url
    return time.monotonic()


# Run in a page when it has loaded: notes, by the page's own clock, when its dialog says the session
# has run out (window.signedOutAt), so a page looked at only later can still show it did not come early.
SIGNED_OUT_CLOCK = """() => {
    window.loadedAt = performance.now();
    const title = document.getElementById('timeout-warning-title');
    new MutationObserver(() => {
        if (window.signedOutAt === undefined && title.textContent === 'You have been signed out') {
            window.signedOutAt = performance.now();
        }
    }).observe(title, {childList: true, characterData: true, subtree: true});
}"""


def focus_in_warning(page) -> bool:
    return page.evaluate("() => document.getElementById('timeout-warning').contains(document.activeElement)")


def test_the_idle_warning_extends_the_session_and_a_timed_out_form_is_kept(browser, short_session_server):
    """Two sessions side by side, so the suite waits out 30 seconds once, not twice: in the first the
    warning is answered and the session outlives its first end; the second, opened just before, is
    left alone and runs out meanwhile (its page notes when, by its own clock, for the check below)."""
    from tests.browser.conftest import CONTEXT_OPTIONS

    server = short_session_server
    contexts = [browser.new_context(base_url=server.url, **CONTEXT_OPTIONS) for _ in range(2)]
    for context in contexts:
        context.set_default_timeout(15_000)
    try:
        # The session left alone: signed in, a form opened and typed into, then not touched again.
        idle_page = contexts[1].new_page()
        idle_actor = Actor(idle_page, js=True, keyboard=True)
        sign_in(idle_actor)
        idle_page.goto("/officer/consultations/new")
        assert idle_page.url.endswith("/officer/consultations/new"), idle_page.url
        idle_page.evaluate(SIGNED_OUT_CLOCK)
        idle_actor.fill(idle_page.get_by_label("Title", exact=True), "Typed before the timeout")

        page = contexts[0].new_page()
        actor = Actor(page, js=True, keyboard=True)
        signed_at = sign_in(actor)
        page.goto("/officer/consultations/new")
        warning = page.get_by_role("alertdialog", name="You will be signed out soon")
        assert not warning.is_visible()
        actor.fill(page.get_by_label("Title", exact=True), "Kept")

        # The warning comes before the sign-out, not at page load, and takes focus to its heading.
        page.wait_for_function(VISIBLE, timeout=(IDLE_SECONDS + 5) * 1000)
        waited = time.monotonic() - signed_at
        assert IDLE_SECONDS - WARN_BEFORE - 3 <= waited <= IDLE_SECONDS - WARN_BEFORE + 3, waited
        assert warning.is_visible()
        assert page.evaluate("() => document.activeElement.id") == "timeout-warning-title"
        assert "signed out in" in warning.inner_text()
        run_axe(page, "the idle warning")
        # Focus stays in the dialog while it is open: Tab and Shift+Tab go to its button.
        page.keyboard.press("Shift+Tab")
        assert focus_in_warning(page)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Stay signed in"
        with page.expect_response("**/officer/session/keep-alive"):
            page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('timeout-warning').hidden")
        # Back where the officer was typing, with the text still there, and told so.
        assert page.evaluate("() => document.activeElement.name") == "title"
        assert page.get_by_label("Title", exact=True).input_value() == "Kept"
        assert "You are still signed in" in actor.live_text()

        # Past the session's first end, a request still finds the officer signed in.
        time.sleep(max(0.0, signed_at + IDLE_SECONDS + 2 - time.monotonic()))
        page.goto("/officer/consultations/new")
        assert page.url.endswith("/officer/consultations/new"), page.url

        # Left alone, the other session has run out: the dialog says so, not before its time, and
        # the work typed is kept.
        page, actor, warning = idle_page, idle_actor, idle_page.get_by_role("alertdialog")
        page.wait_for_function("() => document.getElementById('timeout-warning-title').textContent"
                               " === 'You have been signed out'", timeout=(IDLE_SECONDS + 5) * 1000)
        assert page.evaluate("() => (window.signedOutAt - window.loadedAt) / 1000") >= IDLE_SECONDS - 3
        assert page.evaluate("() => document.activeElement.id") == "timeout-warning-title"
        run_axe(page, "the signed-out warning")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Back to the page"
        page.keyboard.press("Enter")
        assert not warning.is_visible() and page.evaluate("() => document.activeElement.name") == "title"
        time.sleep(1)  # the server's clock, not only the page's, has passed the end
        actor.submit(page.get_by_role("button", name="Save", exact=True))
        assert "/login" in page.url and "timed_out=1" in page.url, page.url
        assert "What you typed has been kept" in page.locator("main").inner_text()
        run_axe(page, "sign in after a timeout")
        actor.fill(page.get_by_label("Email address"), ACCOUNTS["officer"])
        actor.fill(page.get_by_label("Password", exact=True), DEMO_PASSWORD)
        actor.submit(page.get_by_role("button", name="Sign in"))
        assert "/officer/session/kept/" in page.url, page.url
        assert "Typed before the timeout" in page.locator("#kept-fields").inner_text()
        run_axe(page, "what was typed, kept")
        actor.submit(page.get_by_role("button", name="Send it now"))
        assert page.get_by_role("heading", level=1).inner_text() == "Typed before the timeout", page.url
    finally:
        for context in contexts:
            context.close()
