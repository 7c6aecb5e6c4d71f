"""Staff-side behaviour that only shows in a browser: focus after reordering questions, focus and
title after htmx errors, the summaries sub-navigation's target size at 320px, the officer menu
on one line with the current page marked, and an expired session met by an htmx form."""

from __future__ import annotations

import re

import pytest

from tests.browser.checks import assert_focus_on_error_summary
from tests.browser.conftest import SCRIPTS_RAN

pytestmark = pytest.mark.browser

SETTLED = "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"


def _post(page, url: str, data: dict):
    """A form POST with the page's cookies and CSRF token (setting up data the test needs)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"].endswith("engage_csrf"))
    return page.request.post(url, form={**data, "_csrf_token": token}, max_redirects=0)


def _draft_with_questions(page, title: str, n: int = 3) -> str:
    page.goto("/officer")
    made = _post(page, "/officer/consultations/new", {"title": title, "slug": "", "retention_days": "730"})
    assert made.status == 303, made.text()
    show = made.headers["location"].split("#")[0]
    for i in range(1, n + 1):
        added = _post(page, f"{show}/questions/new", {"kind": "short_text", "text": f"Question text {i}"})
        assert added.status == 303, added.text()
    return show


def test_reorder_keeps_focus_on_the_direction_pressed_and_names_the_right_question(signed_in):
    page = signed_in("officer").new_page()
    try:
        show = _draft_with_questions(page, "Reorder focus (browser)")
        page.goto(show)
        page.wait_for_function(SCRIPTS_RAN)
        first = page.locator(".engage-question").first
        down = first.get_by_role("button", name="Move down question 1", exact=True)
        down.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('engage-live').textContent.includes('moved')")
        page.wait_for_function(SETTLED)
        # The moved question is now second: focus is on its "Move down", named for question 2.
        focused = page.evaluate("() => ({move: document.activeElement.dataset.move, text: document.activeElement.innerText})")
        assert focused["move"] == "down", f"focus went to {focused} after pressing Move down"
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Move down question 2"
        labels = page.locator(".engage-question").nth(2).get_by_role("button").all_inner_texts()
        assert any("question 3" in label for label in labels) and not any("question 1" in label for label in labels)
    finally:
        page.close()


def test_a_voice_review_error_moves_focus_to_its_summary(signed_in, live_server):
    page = signed_in("officer").new_page()
    try:
        voice_id = live_server.scalar("SELECT id FROM voices_voice ORDER BY id LIMIT 1")
        page.goto(f"/officer/voices/{voice_id}")
        page.wait_for_function(SCRIPTS_RAN)
        page.get_by_role("button", name=re.compile(r"^Add tag")).click()
        assert_focus_on_error_summary(page, "a voice's Add tag with no theme")
        # Fixed, the error goes and so does "Error:" in the title.
        page.locator(f"#add-{voice_id}").select_option(index=1)
        page.get_by_role("button", name=re.compile(r"^Add tag")).click()
        page.wait_for_function("() => !document.title.startsWith('Error:')")
    finally:
        page.close()


def test_summaries_filter_error_with_javascript_then_fixed(signed_in):
    page = signed_in("executive").new_page()
    try:
        page.goto("/officer/summaries/priorities")
        page.wait_for_function(SCRIPTS_RAN)
        page.get_by_label("To", exact=True).fill("2025-01-31")
        page.get_by_label("From", exact=True).fill("2025-03-01")
        page.get_by_role("button", name="Apply filters").click()
        assert_focus_on_error_summary(page, "the priority review's filters")
        assert page.get_by_label("From", exact=True).input_value() == "2025-03-01"
        # The results never quietly show another period: the heading is not of a period nobody asked for.
        page.get_by_label("From", exact=True).fill("2024-03-01")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_function("() => !document.querySelector('.govuk-error-summary')")
        page.wait_for_function(SETTLED)
        assert page.locator("#results-heading").inner_text().startswith("1 March 2024 to 31 January 2025")
        assert not page.title().startswith("Error:") and page.locator(".govuk-error-message").count() == 0
    finally:
        page.close()


def test_summaries_sub_navigation_targets_are_24px_at_320px(signed_in):
    page = signed_in("executive").new_page()
    try:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto("/officer/summaries/priorities")
        heights = page.locator(".sm-subnav__item a").evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
        assert heights and min(heights) >= 24, heights
    finally:
        page.close()


def test_officer_menu_is_one_line_on_a_desktop_and_marks_the_current_page(signed_in):
    page = signed_in("admin").new_page()  # the admin has the most items
    try:
        page.set_viewport_size({"width": 1024, "height": 768})
        page.goto("/officer/summaries/emerging")
        items = page.locator("#officer-navigation > li").evaluate_all(
            "items => items.map(li => Math.round(li.getBoundingClientRect().top))")
        assert len(set(items)) == 1, f"the officer menu wraps onto {len(set(items))} lines at 1024px"
        current = page.get_by_role("navigation", name="Officer menu").locator("[aria-current]")
        assert current.count() == 1 and current.inner_text() == "Summaries"
        # On a phone the menu folds behind a button.
        page.set_viewport_size({"width": 320, "height": 640})
        toggle = page.get_by_role("button", name="Menu")
        # GOV.UK Frontend's script shows the button once it has started: wait for it, not a race.
        page.wait_for_function(SCRIPTS_RAN)
        toggle.wait_for(state="visible", timeout=5000)
        assert toggle.is_visible() and not page.get_by_role("link", name="Framework").is_visible()
        toggle.click()
        assert page.get_by_role("link", name="Framework").is_visible()
    finally:
        page.close()


def test_an_expired_session_sends_an_htmx_form_to_the_sign_in_page_not_into_the_page(browser, live_server):
    from tests.browser.conftest import CONTEXT_OPTIONS, sign_in

    context = browser.new_context(base_url=live_server.url, **CONTEXT_OPTIONS)
    try:
        page = context.new_page()
        sign_in(page, live_server, "officer")
        page.goto("/officer/meetings")
        page.wait_for_function(SCRIPTS_RAN)
        # The session ends (as after the idle timeout) while the page is open.
        context.clear_cookies(name=re.compile("session"))
        page.get_by_label("Kind").select_option(index=1)
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"/login\?next="))
        assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
        assert page.locator("main").count() == 1 and page.get_by_role("banner").count() == 1
        assert "next=/officer/meetings" in page.url
    finally:
        context.close()


def test_typing_a_date_into_a_date_field_keeps_a_four_digit_year(signed_in):
    """Typed day, month and year run on (31122026): the year stops at four digits, never 22026."""
    page = signed_in("officer").new_page()
    try:
        page.goto("/officer/meetings")
        field = page.get_by_label("From", exact=True)
        field.focus()  # on the day, the first part of a British date
        page.keyboard.type("31122026")
        # The parts' order is the browser's locale (headless Chromium here uses month first), but
        # however the digits fall, the year is 2026: without the field's max it became 22026.
        assert field.input_value().startswith("2026-"), field.input_value()
        hint = page.locator("#date_from-hint").inner_text()
        assert "31/01/2024" in hint  # the example is written the way the field shows a date
    finally:
        page.close()
