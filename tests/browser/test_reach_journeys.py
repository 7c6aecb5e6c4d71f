"""A resident answers in Urdu (right to left), in Polish and in Easy Read, in a real browser, with
JavaScript on and off and with the keyboard alone; the response records its language."""

from __future__ import annotations

import re

import pytest

from tests.browser.actor import Actor
from tests.browser.sweep import SEED_MARKS

pytestmark = pytest.mark.browser

OPEN_SLUG = "knife-crime-serious-violence-strategy"
RUNS = [(lang, js, keyboard) for lang in ("ur", "pl") for js in (True, False) for keyboard in (False, True)]


@pytest.mark.parametrize("lang, js, keyboard", RUNS,
                         ids=[f"{lang}-{'js' if js else 'no-js'}-{'keyboard' if kb else 'pointer'}" for lang, js, kb in RUNS])
def test_resident_answers_in_their_language(lang, js, keyboard, new_context, live_server):
    mark = SEED_MARKS[lang]
    page = new_context(js=js).new_page()
    actor = Actor(page, js=js, keyboard=keyboard)
    before = live_server.scalar("SELECT COUNT(*) FROM surveys_response WHERE language = ?", lang)

    page.goto(f"/consultations/{OPEN_SLUG}")
    actor.activate(page.get_by_role("link", name=re.compile(re.escape(" (Urdu)" if lang == "ur" else " (Polish)"))))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}?lang={lang}")
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ur" else None)
    actor.activate(page.get_by_role("button", name=f"{mark} Start now"))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}/respond?lang={lang}")

    def group(start: str):
        return page.get_by_role("group", name=re.compile("^" + re.escape(start)))

    # One required answer only: the rest come back with the error summary, in the language.
    actor.choose(group(f"1. {mark} Knife crime is a problem").get_by_label(f"{mark} Agree", exact=True))
    actor.submit(page.get_by_role("button", name=f"{mark} Send my response"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and f"{mark} There is a problem" in summary.inner_text()
    # Each message in the language too (the seed translated them), naming the question as the form shows it.
    assert f"{mark} Select an answer for '{mark} How safe do you feel" in summary.inner_text()
    assert page.locator("html").get_attribute("lang") == lang

    actor.choose(group(f"2. {mark} How safe do you feel").get_by_label(f"{mark} 4", exact=True))
    choice = group(f"4. {mark} Which one action")
    actor.choose(choice.get_by_role("radio").first)
    actor.submit(page.get_by_role("button", name=f"{mark} Send my response"))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}/thank-you?lang={lang}")
    assert page.get_by_role("heading", name=f"{mark} Response sent").is_visible()
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else None)
    assert live_server.scalar("SELECT COUNT(*) FROM surveys_response WHERE language = ?", lang) == before + 1
    page.close()


EASY_RUNS = [(js, keyboard) for js in (True, False) for keyboard in (False, True)]


@pytest.mark.parametrize("js, keyboard", EASY_RUNS, ids=[f"{'js' if js else 'scripts-blocked'}-{'keyboard' if kb else 'pointer'}"
                                                         for js, kb in EASY_RUNS])
def test_resident_answers_the_easy_read_version(js, keyboard, new_context, live_server):
    """From the consultation page's "Easy Read" link: large text, one idea per line, the picture
    beside its question with its alt text; axe finds nothing; the response records "easy-read"."""
    from tests.browser.conftest import block_page_scripts, run_axe
    from tests.browser.sweep import EASY_READ_ALT, EASY_READ_LINE

    page = new_context().new_page()
    if not js:
        block_page_scripts(page)  # the page's own scripts never run; axe still can
    actor = Actor(page, js=js, keyboard=keyboard)
    before = live_server.scalar("SELECT COUNT(*) FROM surveys_response WHERE language = ?", "easy-read")

    page.goto(f"/consultations/{OPEN_SLUG}")
    actor.activate(page.get_by_role("link", name="Easy Read", exact=True))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}?lang=easy-read")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Easy Read: ")
    run_axe(page, "Easy Read consultation page")
    actor.activate(page.get_by_role("button", name="Start now"))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}/respond?lang=easy-read")

    picture = page.get_by_role("img", name=EASY_READ_ALT)
    assert picture.is_visible()
    box = picture.bounding_box()
    first = page.locator(".engage-easy-read__question").first
    # Beside the question on a wide screen, and the text is large.
    assert box["x"] < first.locator(".engage-easy-read__field").bounding_box()["x"]
    line = first.locator(".engage-easy-read__line").nth(1)
    assert line.inner_text() == EASY_READ_LINE
    assert line.evaluate("e => getComputedStyle(e).display") == "block"
    assert float(page.locator(".engage-easy-read .govuk-radios__label").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    run_axe(page, "Easy Read form")

    def group(start: str):
        return page.get_by_role("group", name=re.compile("^" + re.escape(start)))

    actor.choose(group("1. Knife crime is a problem").get_by_label("Agree", exact=True))
    actor.submit(page.get_by_role("button", name="Send my response"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "There is a problem" in summary.inner_text()
    assert page.locator(".engage-easy-read").count() == 1  # still the Easy Read form
    run_axe(page, "Easy Read form with errors")
    actor.choose(group("2. How safe do you feel").get_by_label("4", exact=True))
    actor.choose(group("4. Which one action").get_by_role("radio").first)
    actor.submit(page.get_by_role("button", name="Send my response"))
    page.wait_for_url(f"**/consultations/{OPEN_SLUG}/thank-you?lang=easy-read")
    assert page.get_by_role("heading", name="Response sent").is_visible()
    assert live_server.scalar("SELECT COUNT(*) FROM surveys_response WHERE language = ?", "easy-read") == before + 1
    page.close()
