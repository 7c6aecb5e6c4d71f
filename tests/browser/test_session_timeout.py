"""The idle sign-out warning (WCAG 2.2.1) in a real browser, on a server of its own whose sessions
end after 30 seconds idle (ENGAGE_SESSION_IDLE_MINUTES=0.5; the warning then comes 20 seconds
before, the least WCAG allows to answer it). By keyboard: the warning takes focus and keeps it,
"Stay signed in" extends the session past its first end, and a session left to run out signs the
officer out while the text typed into a form is kept and offered back after signing in again (in a
second session opened alongside).

The 30 seconds are not waited out: the test moves time on, the server's and the pages' together.
The server's sessions read their clock from a file the test writes (ENGAGE_TEST_SESSION_CLOCK,
honoured only by a test server: engage.auth.sessions.session_clock), and each page's timers run on
Playwright's clock (`clock.install`, then `clock.run_for`, which fires every timer due on the way,
each one-second tick of the warning's script as in real time). Waiting for real took 30 seconds of
the suite's time for the same checks."""

from __future__ import annotations

import os
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
    folder = tmp_path_factory.mktemp("short-session")
    with serve(template, folder / "server.log", ENGAGE_SESSION_IDLE_MINUTES=str(IDLE_SECONDS / 60),
               ENGAGE_TEST_SESSION_CLOCK=str(folder / "clock")) as server:
        server.session_clock = folder / "clock"
        yield server


class MovedTime:
    """Time moved on for the server's sessions and the pages' timers together, by as much for each."""

    def __init__(self, server, pages) -> None:
        self.file, self.pages, self.ahead = server.session_clock, pages, 0.0
        self._write()

    def _write(self) -> None:
        # Whole, in one rename: the server reads the file at every request.
        part = self.file.with_suffix(".part")
        part.write_text(repr(self.ahead))
        os.replace(part, self.file)

    def since(self, started: float) -> float:
        """Seconds since `started` (time.monotonic) by the moved clocks: the real ones plus those passed."""
        return time.monotonic() - started + self.ahead

    def pass_until(self, started: float, seconds: float) -> None:
        """Move time on until `seconds` have passed since `started` (nothing if they have already)."""
        step = seconds - self.since(started)
        if step <= 0:
            return
        self.ahead += step
        self._write()  # the server first: a page's timer firing on the way sees the server's time too
        for page in self.pages:
            page.clock.run_for(round(step * 1000))


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
        context.clock.install()  # the real time, until the test moves it on
    try:
        # The session left alone: signed in, a form opened and typed into, then not touched again.
        idle_page = contexts[1].new_page()
        idle_actor = Actor(idle_page, js=True, keyboard=True)
        idle_signed_at = sign_in(idle_actor)
        idle_page.goto("/officer/consultations/new")
        assert idle_page.url == server("/officer/consultations/new"), idle_page.url
        idle_page.evaluate(SIGNED_OUT_CLOCK)
        idle_actor.fill(idle_page.get_by_label("Title", exact=True), "Typed before the timeout")

        page = contexts[0].new_page()
        actor = Actor(page, js=True, keyboard=True)
        signed_at = sign_in(actor)
        page.goto("/officer/consultations/new")
        warning = page.get_by_role("alertdialog", name="You will be signed out soon")
        assert not warning.is_visible()
        actor.fill(page.get_by_label("Title", exact=True), "Kept")
        moved = MovedTime(server, [idle_page, page])

        # The warning comes before the sign-out, not at page load, and takes focus to its heading:
        # not yet 3 seconds before it is due, shown by 3 seconds after.
        moved.pass_until(signed_at, IDLE_SECONDS - WARN_BEFORE - 3)
        assert not warning.is_visible() and not page.evaluate(VISIBLE)
        moved.pass_until(signed_at, IDLE_SECONDS - WARN_BEFORE + 3)
        page.wait_for_function(VISIBLE)
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
        moved.pass_until(signed_at, IDLE_SECONDS + 2)
        page.goto("/officer/consultations/new")
        # Not sent to /login?next=/officer/consultations/new, which ends the same way.
        assert page.url == server("/officer/consultations/new"), page.url

        # Left alone, the other session has run out: the dialog says so, not before its time, and
        # the work typed is kept.
        page, actor, warning = idle_page, idle_actor, idle_page.get_by_role("alertdialog")
        page.wait_for_function("() => document.getElementById('timeout-warning-title').textContent"
                               " === 'You have been signed out'")
        assert page.evaluate("() => (window.signedOutAt - window.loadedAt) / 1000") >= IDLE_SECONDS - 3
        assert page.evaluate("() => document.activeElement.id") == "timeout-warning-title"
        run_axe(page, "the signed-out warning")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Back to the page"
        page.keyboard.press("Enter")
        assert not warning.is_visible() and page.evaluate("() => document.activeElement.name") == "title"
        moved.pass_until(idle_signed_at, IDLE_SECONDS + 1)  # the server's clock, not only the page's, has passed the end
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
