"""Number, date and ranking questions in a real browser (issue 17): an officer builds one of each
and previews the consultation's public page before it opens; a resident answers them, first
wrongly (each error summary link lands on its field), then rightly. With the page's scripts on
and blocked, by keyboard alone and by pointer; axe-core on every page visited.

Scripts are blocked rather than switched off (as test_loop_journeys.py does), so that axe-core
can still run in the page."""

from __future__ import annotations

import re

import pytest

from tests.browser.actor import Actor, checked, group, make_actor
from tests.browser.conftest import CONTEXT_OPTIONS
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

RANKED = ["Street lighting", "Youth clubs", "More patrols"]


def add_question(actor: Actor, kind: str, text: str, fill: dict[str, str], choose: str | None = None) -> None:
    page = actor.page
    actor.activate(page.get_by_role("link", name="Add a question"))
    page.wait_for_url("**/questions/new")
    actor.choose(page.get_by_label(kind, exact=True))
    actor.activate(page.get_by_role("button", name="Continue"))
    page.wait_for_url("**/questions/new?kind=*")
    checked(actor, f"the {kind} question's settings")
    actor.fill(page.get_by_label("Question", exact=True), text)
    for label, value in fill.items():
        actor.fill(page.get_by_label(label, exact=True), value)
    if choose:
        actor.choose(page.get_by_label(choose, exact=True))
    actor.submit(page.get_by_role("button", name="Save question"))
    assert page.locator(".engage-question").filter(has_text=text).count() == 1, f"{kind} question missing"


def build(actor: Actor, title: str, live_server) -> str:
    """Build a consultation with the three kinds, preview its page, open it; its slug."""
    page = actor.page
    sign_in(actor, "officer")
    actor.activate(page.get_by_role("link", name="Consultations", exact=True))
    page.wait_for_url("**/officer/consultations")
    actor.activate(page.get_by_role("link", name="Create a consultation"))
    page.wait_for_url("**/officer/consultations/new")
    actor.fill(page.get_by_label("Title", exact=True), title)
    actor.fill(page.get_by_label("Summary", exact=True), "What should come first in your area?")
    actor.submit(page.get_by_role("button", name="Save", exact=True))
    show_url = page.url.split("#")[0]

    add_question(actor, "Number", "How many years have you lived here?",
                 {"Lowest number allowed (optional)": "0", "Highest number allowed (optional)": "120",
                  "After the box (optional)": "years"})
    add_question(actor, "Date", "When did you last feel unsafe?", {}, choose="Today or in the past")
    add_question(actor, "Ranking", "Put these in order", {"Answers people can choose": "\n".join(RANKED)})

    actor.activate(page.get_by_role("link", name="Before opening"))
    page.wait_for_url("**/plan")
    for label, value in (("Purpose", "Decide what comes first"), ("What is still open to change", "The order"),
                         ("What is not open to change", "The budget"), ("How responses will be used", "Read by the board"),
                         ("When the decision is expected", "2027-03-31"),
                         ("Equality impact assessment: summary", "No group is affected differently")):
        actor.fill(page.get_by_label(label, exact=True), value)
    actor.submit(page.get_by_role("button", name="Save", exact=True))
    assert page.url.split("#")[0] == show_url, page.url

    # The public page as residents will see it, before it opens.
    with page.expect_navigation():
        actor.activate(page.get_by_role("link", name="Preview the consultation's page"))
    page.wait_for_url("**/preview/landing")
    actor.settle()
    assert page.get_by_role("heading", name="Preview", exact=True).is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert "Decide what comes first" in page.locator("main").inner_text()
    assert page.title().startswith("Preview: ")
    checked(actor, "the consultation page's preview")
    with page.expect_navigation():
        actor.activate(page.get_by_role("link", name="Back to the consultation"))
    actor.settle()

    actor.submit(page.get_by_role("button", name="Open for responses"))
    assert page.locator(".govuk-tag").first.inner_text().strip() == "Open"
    return live_server.scalar("SELECT slug FROM surveys_consultation WHERE title = ?", title)


@pytest.mark.parametrize("js, keyboard", [(True, True), (False, False)], ids=["js-keyboard", "blocked-pointer"])
def test_officer_builds_number_date_and_ranking_questions_and_previews_the_page(new_context, live_server, js,
                                                                                 keyboard):
    actor = make_actor(new_context, js, keyboard)
    slug = build(actor, f"Priorities in order ({'js' if js else 'blocked'}-{'kb' if keyboard else 'ptr'})",
                 live_server)
    assert slug


@pytest.fixture(scope="module")
def open_slug(browser, live_server):
    """One consultation with the three kinds, built and opened by an officer (pointer, scripts on)."""
    context = browser.new_context(base_url=live_server.url, **CONTEXT_OPTIONS)
    context.set_default_timeout(15_000)
    try:
        return build(Actor(context.new_page(), js=True, keyboard=False), "Priorities for residents", live_server)
    finally:
        context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js-keyboard", "blocked-keyboard"])
def test_resident_answers_number_date_and_ranking_by_keyboard(new_context, live_server, open_slug, js):
    actor = make_actor(new_context, js, keyboard=True)
    page = actor.page
    page.goto(f"/consultations/{open_slug}/respond")
    assert "How many years" in page.content(), (page.url, page.title(), page.locator("main").inner_text()[:500])
    checked(actor, "the form with number, date and ranking questions")
    number = page.get_by_label(re.compile(r"1\. How many years"))
    date = group(page, "2. When did you last feel unsafe?")
    ranking = group(page, "3. Put these in order")

    # Wrong first: a word for a number, 31122026 typed as a year, the same position twice.
    actor.fill(number, "lots")
    actor.fill(date.get_by_label("Day"), "3")
    actor.fill(date.get_by_label("Month"), "2")
    actor.fill(date.get_by_label("Year"), "31122026")
    for label, position in zip(RANKED, ("1", "1", "2")):
        actor.select(ranking.get_by_label(label, exact=True), position)
    actor.submit(page.get_by_role("button", name="Send my response"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    texts = summary.get_by_role("link").all_inner_texts()
    assert texts == [
        "Your answer to 'How many years have you lived here?' must be a number, like 12",
        "Your answer to 'When did you last feel unsafe?' must include a year with 4 numbers, like 2026",
        "Give position 1 to only one answer for 'Put these in order'"], texts
    if actor.js:
        actor.assert_focus_after_swap(".govuk-error-summary", "sending answers with errors")
    checked(actor, "the form's error state")
    # What was typed is kept; the date's link lands on its first field, the ranking's on its first select.
    assert number.input_value() == "lots" and date.get_by_label("Year").input_value() == "31122026"
    for link, target in ((summary.get_by_role("link").nth(1), "Day"), (summary.get_by_role("link").nth(2), RANKED[0])):
        href = link.get_attribute("href")
        actor.activate(link)
        page.wait_for_function("(id) => document.activeElement && document.activeElement.id === id", arg=href[1:])
        assert actor.focused()["visible"]
        field = date.get_by_label("Day") if target == "Day" else ranking.get_by_label(target, exact=True)
        assert field.evaluate("el => el === document.activeElement"), target

    # Then right.
    number.fill("")
    actor.fill(number, "12")
    date.get_by_label("Year").fill("")
    actor.fill(date.get_by_label("Year"), "2024")
    for label, position in zip(RANKED, ("2", "3", "1")):
        actor.select(ranking.get_by_label(label, exact=True), position)
    actor.submit(page.get_by_role("button", name="Send my response"))
    page.wait_for_url(f"**/consultations/{open_slug}/thank-you")
    assert page.get_by_role("heading", name="Response sent").is_visible()
    checked(actor, "the thank-you page after number, date and ranking answers")

    rid = live_server.scalar("SELECT MAX(id) FROM surveys_response WHERE consultation = "
                             "(SELECT id FROM surveys_consultation WHERE slug = ?)", open_slug)
    rows = live_server.query("SELECT q.kind, a.choice, a.number, a.text FROM surveys_answer a JOIN surveys_question q "
                             "ON q.id = a.question WHERE a.response = ? ORDER BY q.position, a.number", rid)
    kinds = [(kind, number, text) for kind, _, number, text in rows]
    assert kinds == [("number", 12, None), ("date", None, "2024-02-03"), ("ranking", 1, None),
                     ("ranking", 2, None), ("ranking", 3, None)], rows
