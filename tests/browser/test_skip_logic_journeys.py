"""Skip logic, start to finish in a real browser, by keyboard alone: an officer shows a question only
after "Yes" to an earlier one and opens the consultation; a resident answers it with the page's
scripts on (the question appears when Yes is chosen, and its position is announced) and blocked
(every question shows, with a line saying when to answer it, and an answer to a question whose
condition is not met is thrown away by the server). axe-core on every page visited.

"Blocked" as in test_loop_journeys.py: the page's own scripts are refused, so axe-core still runs."""

from __future__ import annotations

import re

import pytest

from tests.browser.actor import Actor, checked, follow_link, group, make_actor
from tests.browser.conftest import ACCOUNTS, DEMO_PASSWORD, assert_valid_html, screenshot

pytestmark = pytest.mark.browser

REPORTED = "Have you reported a crime in the last year?"
HOW = "How were you treated when you reported it?"
INSTRUCTION = "Answer this only if you answered 'Yes' to question 1."


@pytest.fixture(params=[True, False], ids=["js-keyboard", "scripts-blocked-keyboard"])
def js(request):
    return request.param


def build_consultation(actor: Actor, title: str) -> str:
    """The officer's part: a consultation whose second question is asked only after "Yes"; its slug."""
    page = actor.page
    page.goto("/login")
    actor.fill(page.get_by_label("Email address"), ACCOUNTS["officer"])
    actor.fill(page.get_by_label("Password", exact=True), DEMO_PASSWORD)
    actor.submit(page.get_by_role("button", name="Sign in"))
    page.goto("/officer/consultations/new")
    actor.fill(page.get_by_label("Title", exact=True), title)
    actor.fill(page.get_by_label("Summary", exact=True), "Reporting crime")
    actor.submit(page.get_by_role("button", name="Save", exact=True))
    show_url = page.url.split("#")[0]

    for kind, text in (("Yes, no or don't know", REPORTED), ("Long text", HOW)):
        follow_link(actor, page.get_by_role("link", name="Add a question"), "**/questions/new")
        actor.choose(page.get_by_label(kind, exact=True))
        follow_link(actor, page.get_by_role("button", name="Continue"), "**/questions/new?kind=*")
        actor.fill(page.get_by_label("Question", exact=True), text)
        if text == HOW:
            # The condition: shown only after "Yes" to question 1 (GOV.UK's conditional reveal).
            actor.choose(group(page, "When should people see this question?").get_by_role(
                "radio", name=re.compile(r"^Only when the answer to question 1 ")))
            answers = group(page, "Show it when the answer to question 1 is")
            assert answers.is_visible()
            actor.tick(answers.get_by_label("Yes", exact=True))
            checked(actor, "the question form with a condition")
        actor.submit(page.get_by_role("button", name="Save question"))
        assert page.url.split("#")[0] == show_url, page.url
    listed = page.locator(".engage-question").filter(has_text=HOW)
    assert listed.locator(".engage-question__condition").inner_text() == "Shown when question 1 is 'Yes'"
    checked(actor, "the consultation with a condition listed")

    # A move that would put question 2 above the question that decides it is refused, and says why.
    actor.submit(listed.get_by_role("button", name=re.compile("^Move up")))
    assert "Question 1 decides when question 2 is shown" in page.locator("#questions-error").inner_text()
    if actor.js:
        actor.assert_focus_after_swap(".govuk-error-summary", "a refused move")
    checked(actor, "a refused move")
    assert [t.split("\n")[0] for t in page.locator(".engage-question").all_inner_texts()][0].startswith("1. " + REPORTED)

    page.goto(show_url + "/plan")
    for label, value in (("Purpose", "Improve how reports are handled"), ("What is still open to change", "The process"),
                         ("What is not open to change", "The law"), ("How responses will be used", "Read by the board"),
                         ("When the decision is expected", "2027-03-31"),
                         ("Equality impact assessment: summary", "No group is affected differently")):
        actor.fill(page.get_by_label(label, exact=True), value)
    actor.submit(page.get_by_role("button", name="Save", exact=True))
    actor.submit(page.get_by_role("button", name="Open for responses"))
    assert page.locator(".govuk-tag").first.inner_text().strip() == "Open"
    return page.locator('.govuk-summary-list a[href^="/consultations/"]').first.get_attribute("href").rsplit("/", 1)[1]


def answers_to(live_server, text: str) -> list[str | None]:
    return [row[0] for row in live_server.query(
        "SELECT a.text FROM surveys_answer a JOIN surveys_question q ON q.id = a.question WHERE q.text = ? "
        "AND q.consultation = (SELECT MAX(consultation) FROM surveys_question WHERE text = ?)", text, text)]


def test_officer_sets_skip_logic_and_a_resident_answers_with_and_without_scripts(js, new_context, live_server,
                                                                                 html_validator):
    title = f"Reporting crime ({'js' if js else 'blocked'})"
    slug = build_consultation(make_actor(new_context, js, True), title)

    resident = make_actor(new_context, js, True)
    page = resident.page
    sent = page.goto(f"/consultations/{slug}/respond")
    assert_valid_html(html_validator, sent.text(), "the form with skip logic")
    resident.settle()
    how = page.get_by_role("textbox", name=re.compile(r"^2\. " + re.escape(HOW)), include_hidden=True)
    assert how.count() == 1
    if js:
        assert not how.is_visible()  # hidden, and so out of the Tab order, until "Yes"
        checked(resident, "the form before its condition is met")
        resident.choose(group(page, "1. " + REPORTED).get_by_label("Yes", exact=True))
        how.wait_for(state="visible")
        page.wait_for_function("() => document.getElementById('engage-live').textContent.includes('Question 2')")
        assert "Question 2 is now shown below." in resident.live_text()
        assert INSTRUCTION in page.locator(".engage-conditional .govuk-hint").first.inner_text()
        checked(resident, "the form with the question revealed")
        # Changing the answer hides it again; "Yes" brings it back.
        resident.choose(group(page, "1. " + REPORTED).get_by_label("No", exact=True))
        how.wait_for(state="hidden")
        resident.choose(group(page, "1. " + REPORTED).get_by_label("Yes", exact=True))
        how.wait_for(state="visible")
        resident.fill(how, "Kindly, and they called me back")
        screenshot(page, "skip-logic-form-js")
    else:
        assert how.is_visible()
        assert INSTRUCTION in page.locator(".engage-conditional .govuk-hint").first.inner_text()
        checked(resident, "the form with every question and its instruction")
        resident.choose(group(page, "1. " + REPORTED).get_by_label("No", exact=True))
        resident.fill(how, "Filled in although I answered No")
        screenshot(page, "skip-logic-form-no-js")
    resident.submit(page.get_by_role("button", name="Send my response"))
    page.wait_for_url(f"**/consultations/{slug}/thank-you")
    checked(resident, "the thank-you page")
    if js:
        assert answers_to(live_server, HOW) == ["Kindly, and they called me back"]
    else:
        assert answers_to(live_server, HOW) == []  # its condition was not met: thrown away
