"""What residents, officers and the executive come to do, start to finish, in a real browser:
with JavaScript on and off, and with a mouse or with the keyboard alone (see actor.py)."""

from __future__ import annotations

import re

import pytest

from tests.browser.actor import Actor, group
from tests.browser.conftest import ACCOUNTS, DEMO_PASSWORD, screenshot

pytestmark = pytest.mark.browser

MODES = [(js, keyboard) for keyboard in (False, True) for js in (True, False)]
MODE_IDS = [f"{'js' if js else 'no-js'}-{'keyboard' if keyboard else 'pointer'}" for js, keyboard in MODES]
OPEN_SLUG = "knife-crime-serious-violence-strategy"
RECEIPT = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


@pytest.fixture(params=MODES, ids=MODE_IDS)
def actor(request, new_context):
    js, keyboard = request.param
    page = new_context(js=js).new_page()
    yield Actor(page, js=js, keyboard=keyboard)


def sign_in(actor: Actor, role: str) -> None:
    page = actor.page
    page.goto("/login")
    actor.fill(page.get_by_label("Email address"), ACCOUNTS[role])
    actor.fill(page.get_by_label("Password", exact=True), DEMO_PASSWORD)
    actor.submit(page.get_by_role("button", name="Sign in"))
    assert page.url.endswith("/officer"), page.url


def test_resident_answers_a_consultation(actor):
    page = actor.page
    page.goto("/")
    actor.activate(page.get_by_role("link", name="Knife Crime & Serious Violence Strategy"))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}")
    actor.activate(page.get_by_role("button", name="Start now"))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}/respond")

    # Answer the first question only, and send: two required questions are missing.
    actor.choose(group(page, "1. Knife crime is a problem").get_by_label("Agree", exact=True))
    actor.submit(page.get_by_role("button", name="Send my response"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    if not actor.js:  # an htmx swap replaces the main element only, so the title stays
        assert page.title().startswith("Error:")
    assert "There is a problem" in actor.live_text()  # the summary is role=alert: announced
    if actor.js:
        actor.assert_focus_after_swap(".govuk-error-summary", "sending a form with errors")
    links = summary.get_by_role("link")
    assert links.count() == 2, links.all_inner_texts()
    assert group(page, "1. Knife crime is a problem").get_by_label("Agree", exact=True).is_checked()

    # The summary's first link takes focus to the question it names.
    target = links.first.get_attribute("href")
    actor.activate(links.first)
    page.wait_for_function("(id) => document.activeElement && document.activeElement.id === id", arg=target[1:])
    state = actor.focused()
    assert state["id"] == target[1:] and state["visible"], state

    actor.choose(group(page, "2. How safe do you feel").get_by_label("4", exact=True))
    choice = group(page, "4. Which one action")
    actor.choose(choice.get_by_label("Other"))
    actor.fill(choice.get_by_label("Please specify"), "Mentoring by people who have been there")
    actor.fill(page.get_by_label(re.compile(r"6\. Is there anything else")), "More lighting on the canal path.")
    actor.submit(page.get_by_role("button", name="Send my response"), key="Space")

    page.wait_for_url(f"**/consultations/{OPEN_SLUG}/thank-you")
    assert page.get_by_role("heading", name="Response sent").is_visible()
    assert RECEIPT.match(page.locator(".engage-receipt").inner_text().strip())
    if actor.js:  # focus moved to the new page's heading, which screen readers then read out
        actor.assert_focus_after_swap("h1", "sending the response")
    screenshot(page, f"journey-resident-receipt-{'js' if actor.js else 'no-js'}")


QUESTIONS = [  # (kind label on the "What kind of question?" page, question text, answers if it has any)
    ("Short text", "What is your favourite local park?", None),
    ("Long text", "What would make the park feel safer?", None),
    ("Single choice", "When do you use the park most?", "Mornings\nAfternoons\nEvenings"),
    ("Multiple choice", "Which facilities do you use?", "Playground\nSports pitches\nCafe"),
    ("Agree-disagree scale", "The park is well lit at night", None),
    ("Rating 1 to 5", "How clean is the park?", None),
    ("Yes, no or don't know", "Have you reported a problem in the park?", None),
    ("Ward", "Which ward do you live in?", None),
    ("Postcode", "What is your postcode?", None),
]


def test_officer_builds_a_consultation_and_logs_a_meeting(actor, live_server):
    page = actor.page
    mode = f"{'js' if actor.js else 'nojs'}-{'kb' if actor.keyboard else 'ptr'}"
    sign_in(actor, "officer")

    actor.activate(page.get_by_role("link", name="Consultations", exact=True))
    page.wait_for_url("**/officer/consultations")
    actor.activate(page.get_by_role("link", name="Create a consultation"))
    page.wait_for_url("**/officer/consultations/new")
    title = f"Parks and open spaces ({mode})"
    actor.fill(page.get_by_label("Title", exact=True), title)
    actor.fill(page.get_by_label("Summary", exact=True), "How safe do our parks feel?")
    actor.submit(page.get_by_role("button", name="Save", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == title, page.url
    show_url = page.url.split("#")[0]

    for kind, text, answers in QUESTIONS:
        actor.activate(page.get_by_role("link", name="Add a question"))
        page.wait_for_url("**/questions/new")
        actor.choose(page.get_by_label(kind, exact=True))
        actor.activate(page.get_by_role("button", name="Continue"))
        page.wait_for_url("**/questions/new?kind=*")
        actor.fill(page.get_by_label("Question", exact=True), text)
        if answers:
            actor.fill(page.get_by_label("Answers people can choose"), answers)
        actor.submit(page.get_by_role("button", name="Save question"))
        assert page.url.split("#")[0] == show_url, page.url
        assert page.locator(".engage-question").filter(has_text=text).count() == 1, f"{kind} question missing"
    assert page.locator(".engage-question").count() == len(QUESTIONS)

    # Reorder: the last question up one place. With htmx, focus stays on the moved question's
    # button and the new position is announced.
    last = page.locator(".engage-question").last
    actor.submit(last.get_by_role("button", name=re.compile("^Move up")))
    assert page.locator(".engage-question").nth(len(QUESTIONS) - 2).inner_text().find(QUESTIONS[-1][1]) >= 0
    if actor.js:
        actor.assert_focus_after_swap("[data-move]", "moving a question")
        page.wait_for_function("() => document.getElementById('engage-live').textContent.includes('moved')")
        assert f"Question moved to position {len(QUESTIONS) - 1} of {len(QUESTIONS)}" in actor.live_text()

    # What residents are told before it opens (surveys.plan): it cannot open without this.
    actor.activate(page.get_by_role("link", name="Before opening"))
    page.wait_for_url("**/plan")
    for label, value in (("Purpose", "Decide where park patrols go"), ("What is still open to change", "Which parks"),
                         ("What is not open to change", "The budget"), ("How responses will be used", "Read by the board"),
                         ("When the decision is expected", "2027-03-31"),
                         ("Equality impact assessment: summary", "No group is affected differently")):
        actor.fill(page.get_by_label(label, exact=True), value)
    actor.submit(page.get_by_role("button", name="Save", exact=True))
    assert page.url.split("#")[0] == show_url, page.url

    actor.submit(page.get_by_role("button", name="Open for responses"))
    assert page.locator(".govuk-tag").first.inner_text().strip() == "Open"
    screenshot(page, f"journey-officer-consultation-{mode}")

    # A meeting, and what was raised at it.
    actor.activate(page.get_by_role("link", name="Meetings", exact=True))
    page.wait_for_url("**/officer/meetings")
    actor.activate(page.get_by_role("link", name="Record a meeting"))
    page.wait_for_url("**/officer/meetings/new")
    actor.choose(page.get_by_label("Ward meeting", exact=True))
    meeting = f"Braunstone ward meeting ({mode})"
    actor.fill(page.get_by_label("Title", exact=True), meeting)
    if actor.keyboard:
        # Day and month in the locale's order; the year is four digits (the field's max), so the
        # browser moves on to the time by itself.
        actor.fill(page.get_by_label("Date and time"), "03052024")
        page.keyboard.type("1830")
        assert re.match(r"2024-0[35]-0[35]T18:30", page.get_by_label("Date and time").input_value())
    else:
        page.get_by_label("Date and time").fill("2024-03-05T18:30")
    actor.submit(page.get_by_role("button", name="Save and add points"))
    assert page.get_by_role("heading", level=1).inner_text() == meeting

    points = ["Cars racing on Narborough Road at night", "Broken street lights by the Co-op",
              "Young people have nowhere to go after school"]
    for n, text in enumerate(points, start=1):
        actor.fill(page.get_by_label("What was raised", exact=True), text)
        actor.select(page.get_by_label("Who raised it"), "Resident")
        actor.submit(page.get_by_role("button", name="Add point"))
        assert page.locator("#points li").filter(has_text=text).count() == 1, f"point {n} missing"
        if actor.js:
            # htmx: focus goes back to the text box for the next point, and the count is announced.
            actor.assert_focus_after_swap("#point-text", f"adding point {n}")
            assert f"Point {n} added" in actor.live_text()
        else:
            # A new page, at #add-point: the browser starts the next Tab from the form. (The text
            # box's autofocus does not apply: browsers skip autofocus when the address has a #target.)
            assert page.evaluate("location.hash") == "#add-point"
            if actor.keyboard:
                page.keyboard.press("Tab")
                assert actor.focused()["id"] == "point-text", actor.focused()
    assert page.get_by_role("heading", name=re.compile(r"What was raised \(3 points\)")).is_visible()
    screenshot(page, f"journey-officer-meeting-{mode}")


def test_executive_reads_a_summary_and_downloads_exports(actor, tmp_path):
    page = actor.page
    sign_in(actor, "executive")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    actor.activate(page.get_by_role("link", name="Summaries", exact=True))
    page.wait_for_url("**/officer/summaries")
    actor.activate(page.get_by_role("link", name="Priority review"))
    page.wait_for_url("**/officer/summaries/priorities*")
    assert page.locator("table").count() >= 1

    with page.expect_download() as download:
        actor.activate(page.get_by_role("link", name="Every table as an Excel workbook"))
    workbook = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook)
    assert workbook.suffix == ".xlsx" and workbook.read_bytes()[:2] == b"PK", workbook

    csv_link = page.get_by_role("link", name=re.compile(r"\(CSV\)$")).first
    with page.expect_download() as download:
        actor.activate(csv_link)
    table = tmp_path / download.value.suggested_filename
    download.value.save_as(table)
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    assert table.suffix == ".csv" and len(lines) >= 2 and "," in lines[0], lines[:3]


def test_officer_downloads_consultation_responses(actor):
    page = actor.page
    sign_in(actor, "officer")
    actor.activate(page.get_by_role("link", name="Consultations", exact=True))
    page.wait_for_url("**/officer/consultations")
    actor.activate(page.get_by_role("link", name="Community Safety Priorities Review 2024"))
    page.wait_for_url("**/officer/consultations/*")
    with page.expect_download() as download:
        actor.activate(page.get_by_role("link", name="Download responses (CSV)"))
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) > 300 and "," in lines[0]
