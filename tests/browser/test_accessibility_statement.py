"""The accessibility statement: linked from every page, and saying what the regulations ask
(the standard it meets, how far, what is not accessible, how to get help, how to complain)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

REQUIRED_SECTIONS = [
    "How accessible this service is",
    "Compliance status",
    "Non-accessible content",
    "Feedback and contact information",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Preparation of this statement",
]


def test_statement_is_complete(new_context):
    page = new_context(js=False).new_page()
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    page.wait_for_url("**/accessibility")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"

    headings = [h.strip() for h in page.get_by_role("heading", level=2).all_inner_texts()]
    missing = [s for s in REQUIRED_SECTIONS if s not in headings]
    assert not missing, f"accessibility statement lacks sections: {missing} (has {headings})"

    text = re.sub(r"\s+", " ", page.locator("main").inner_text())
    assert re.search(r"WCAG\)? version 2\.2 to level AA|version 2\.2 AA", text), "must name WCAG 2.2 AA"
    assert re.search(r"(fully|partially|not) compliant", text), "must give a compliance status"
    assert "Equality and Human Rights Commission" in text and "Equality Advisory and Support Service" in text
    assert "Public Sector Bodies (Websites and Mobile Applications)" in text
    assert re.search(r"contact", text, re.I) and re.search(r"\d+ working days", text), "must say how to get help"
    assert re.search(r"prepared on \d{1,2} \w+ \d{4}", text), "must say when it was prepared"


@pytest.mark.parametrize("path", ["/", "/login", "/consultations/knife-crime-serious-violence-strategy/respond",
                                  "/no-such-page"])
def test_statement_is_linked_from_every_kind_of_page(new_context, path):
    page = new_context(js=False).new_page()
    page.goto(path)
    link = page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement")
    assert link.get_attribute("href") == "/accessibility"
