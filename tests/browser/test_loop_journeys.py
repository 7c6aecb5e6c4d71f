"""Closing the loop, start to finish in a real browser: a resident answers, keeps the receipt code
and follows the response to see where the consultation has got to; a resident finds a closed
consultation in the archive by its filters and reads the decision and how its follow-up actions
are going. By mouse and by keyboard alone, with the page's scripts on and off; axe-core on every
page visited.

"Off" blocks the page's own scripts rather than switching JavaScript off in the context, as
test_pages.py does: a context with JavaScript off could not run axe-core in the page."""

from __future__ import annotations

import re

import pytest

from tests.browser.actor import checked, follow_link, group, make_actor

pytestmark = pytest.mark.browser

MODES = [(js, keyboard) for keyboard in (False, True) for js in (True, False)]
MODE_IDS = [f"{'js' if js else 'no-js'}-{'keyboard' if keyboard else 'pointer'}" for js, keyboard in MODES]
OPEN_SLUG = "knife-crime-serious-violence-strategy"
OPEN_TITLE = "Knife Crime & Serious Violence Strategy"
CLOSED_SLUG = "community-safety-priorities-2024"  # its decision is published by sweep.seed
CLOSED_TITLE = "Community Safety Priorities Review 2024"
ACTION = "Recruit two youth outreach workers"
RECEIPT = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


@pytest.fixture(params=MODES, ids=MODE_IDS)
def actor(request, new_context):
    js, keyboard = request.param
    yield make_actor(new_context, js, keyboard)


def test_resident_follows_their_response_with_the_receipt_code(actor, live_server):
    page = actor.page
    page.goto(f"/consultations/{OPEN_SLUG}")
    checked(actor, "the open consultation")
    follow_link(actor, page.get_by_role("button", name="Start now"), f"**/consultations/{OPEN_SLUG}/respond")
    checked(actor, "the questions")
    actor.choose(group(page, "1. Knife crime is a problem").get_by_label("Agree", exact=True))
    actor.choose(group(page, "2. How safe do you feel").get_by_label("3", exact=True))
    actor.choose(group(page, "4. Which one action").get_by_role("radio").first)
    actor.submit(page.get_by_role("button", name="Send my response"))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}/thank-you")
    receipt = page.locator(".engage-receipt").inner_text().strip()
    assert RECEIPT.match(receipt), receipt
    checked(actor, "the thank-you page")

    # The receipt code kept; later, the resident follows the response from the link given.
    follow_link(actor, page.get_by_role("link", name="follow your response"), "**/follow-my-response")
    checked(actor, "follow my response")
    field = page.get_by_label("Receipt code")

    # A code mistyped gets an error that says what to do, and the code comes back to be fixed.
    actor.fill(field, "ABCD-EFGH")
    actor.submit(page.get_by_role("button", name="Continue"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "12 letters and numbers" in summary.inner_text()
    assert page.title().startswith("Error:")
    checked(actor, "follow my response, code mistyped")

    actor.fill(page.get_by_label("Receipt code"), receipt.lower())  # typed in lower case: still found
    actor.submit(page.get_by_role("button", name="Continue"))
    assert not page.locator(".govuk-error-summary").count()
    assert page.get_by_role("heading", level=1).inner_text() == OPEN_TITLE
    assert page.locator("#stage").inner_text() == "Open for responses"
    assert page.locator("[aria-current=step]").inner_text().startswith("Open for responses")
    checked(actor, "the response's stage")

    # From there, one email when the decision is published: the address kept apart, to be deleted.
    consultation = live_server.scalar("SELECT id FROM surveys_consultation WHERE slug = ?", OPEN_SLUG)
    address = f"loop-{'js' if actor.js else 'nojs'}-{'kb' if actor.keyboard else 'ptr'}@example.org"
    actor.fill(page.get_by_label("Email address"), address)
    actor.submit(page.get_by_role("button", name="Email me once"))
    checked(actor, "asked to be told of the decision")
    assert live_server.scalar("SELECT COUNT(*) FROM surveys_decision_follower WHERE consultation = ? AND email = ?",
                              consultation, address) == 1


def test_resident_finds_a_decision_in_the_archive_and_reads_its_actions(actor, live_server):
    page = actor.page
    page.goto("/")
    follow_link(actor, page.get_by_role("link", name=re.compile("closed consultations", re.I)).first, "**/archive*")
    assert page.url.endswith("/archive"), page.url
    checked(actor, "the archive")
    closes = str(live_server.scalar("SELECT closes_at FROM surveys_consultation WHERE slug = ?", CLOSED_SLUG))
    year = closes[:4]

    # Words that match nothing: none found, and the way out is offered.
    actor.fill(page.get_by_label("Search"), "zebra crossings on the moon")
    follow_link(actor, page.get_by_role("button", name="Apply filters"), "**/archive?*")
    assert page.locator("#archive-count").inner_text() == "0 consultations match your filters"
    assert page.get_by_text("No closed consultations match").is_visible()
    checked(actor, "the archive, nothing found")
    follow_link(actor, page.get_by_role("link", name="Clear filters"), "**/archive")

    # Priority, year and words together narrow it to the one consultation.
    # The priority by its name in the partnership's framework, as the resident reads it in the list.
    priority = page.locator("#priority option[value=serious-violence-exploitation]").inner_text().strip()
    assert "Violence" in priority, priority
    actor.select(page.get_by_label("Priority"), priority)
    actor.select(page.get_by_label("Year closed"), year)
    actor.fill(page.get_by_label("Search"), "priorities")
    follow_link(actor, page.get_by_role("button", name="Apply filters"), "**/archive?*")
    assert "priority=serious-violence-exploitation" in page.url and f"year={year}" in page.url, page.url
    cards = page.locator("#archive-results > li")
    assert cards.count() == 1, cards.all_inner_texts()
    assert CLOSED_TITLE in cards.first.inner_text()
    assert page.get_by_label("Priority").input_value() == "serious-violence-exploitation"  # the filters stay set
    checked(actor, "the archive, filtered")

    follow_link(actor, cards.first.get_by_role("link", name=f"Decision on {CLOSED_TITLE}"),
                f"**/consultations/{CLOSED_SLUG}/decision")
    assert page.get_by_role("heading", level=1).inner_text() == "We asked, you said, we did"
    assert "keeps both as priorities for 2025" in page.locator("main").inner_text()
    assert page.locator("#decided-by").inner_text() == "Safer Leicester Partnership Executive"
    table = page.get_by_role("table", name=re.compile("^Follow-up actions"))
    row = table.get_by_role("row").filter(has_text=ACTION)
    assert row.count() == 1
    cells = row.get_by_role("cell").all_inner_texts()
    assert "Latest: One in post" in cells[0] and cells[1] == "Leicester City Council", cells
    assert "30 June 2025" in cells[2] and cells[3].startswith("In progress"), cells
    checked(actor, "the decision page")

    # And back to the rest of the archive from the decision.
    follow_link(actor, page.get_by_role("link", name="See other closed consultations and decisions"), "**/archive")
