"""Every page, for each kind of user, with and without JavaScript, in normal and error states:
no WCAG 2.2 A/AA violation found by axe-core, valid HTML (html-validate), one banner, main and
footer, no sideways scrolling at 320px nor a cut-off table at 1280px, focus on the error summary
after errors (and "Error:" in the title), no text in the browser's serif font; a screenshot when a
check fails (and of the main pages with ENGAGE_TEST_SCREENSHOTS=1)."""

from __future__ import annotations

import pytest

from tests.browser.checks import assert_focus_on_error_summary, assert_landmarks, assert_reflows, assert_sans_serif
from tests.browser.conftest import SCRIPTS_RAN, assert_valid_html, block_page_scripts, run_axe, screenshot
from tests.browser.sweep import CASES, ids

pytestmark = pytest.mark.browser

_ids: dict | None = None


@pytest.fixture
def page_ids(live_server) -> dict:
    global _ids
    if _ids is None:
        _ids = ids(live_server)
    return _ids


@pytest.fixture(scope="module")
def open_pages(browser, live_server, signed_in):
    """One open page per role and JavaScript mode, kept for the module and sent from case to case as a
    user would click from page to page: a new page costs Chromium a renderer process (a quarter of a
    second, a fifth of a case). Residents' pages lose their cookies (a language chosen, a receipt)
    before each case, so every resident case starts as a first visit."""
    from tests.browser.conftest import CONTEXT_OPTIONS

    resident = browser.new_context(base_url=live_server.url, **CONTEXT_OPTIONS)
    resident.set_default_timeout(15_000)
    pages: dict[tuple[str, bool], object] = {}

    def get(role: str, js: bool):
        if role == "resident":
            resident.clear_cookies()
        if (role, js) not in pages:
            page = (resident if role == "resident" else signed_in(role)).new_page()
            if not js:
                # The page's own scripts blocked (a context with JavaScript off could not run axe-core).
                block_page_scripts(page)
            pages[role, js] = page
        return pages[role, js]

    yield get
    for page in pages.values():
        page.close()
    resident.close()


RUNS = [(case, js) for case in CASES for js in case.modes]


@pytest.mark.parametrize("case, js", RUNS, ids=[f"{c.name}-{'js' if js else 'no-js'}" for c, js in RUNS])
def test_page(case, js, open_pages, page_ids, html_validator):
    page = open_pages(case.role, js)
    try:
        response = page.goto(case.address(page_ids))
        assert response is not None and response.status == case.status, (
            f"{case.name}: {page.url} answered {response and response.status}, expected {case.status}")
        page.wait_for_load_state("load")
        if js:
            page.wait_for_function(SCRIPTS_RAN)
        else:  # the page's own scripts were blocked, so engage.js never marked the body
            assert not page.evaluate(SCRIPTS_RAN), (
                f"{case.name}: the page's scripts ran with scripts blocked")
        document = response
        label = f"{case.name} ({'JavaScript on' if js else 'JavaScript off'})"
        if case.act:
            document = case.act(page)
            if case.errors and js:
                assert_focus_on_error_summary(page, label)
            elif case.errors:
                assert page.title().startswith("Error:"), f"the title on {label} is {page.title()!r}"
        run_axe(page, label)
        assert_landmarks(page, label)
        assert_sans_serif(page, label)
        if "text/html" in (document.headers.get("content-type") or ""):
            # What the server sent (a whole page, or the htmx fragment an error state swapped in),
            # not the browser's repaired DOM.
            assert_valid_html(html_validator, document.text(), label)
        if js and case.shot:
            screenshot(page, case.name)  # for review, with ENGAGE_TEST_SCREENSHOTS=1
        assert_reflows(page, label)
    except Exception:
        screenshot(page, f"FAILED-{case.name}-{'js' if js else 'no-js'}", always=True)
        raise
