"""Checks every page of the sweep gets besides axe-core and html-validate, for what an audit
found axe does not: sideways scrolling at 320px (WCAG 1.4.10) and cut-off tables on a desktop,
focus after a form shows errors (2.4.3, 3.3.1), one banner, main and footer (1.3.1), and no text
falling back to the browser's serif font (chart labels and rendered Markdown once did)."""

from __future__ import annotations

REFLOW_WIDTH, DESKTOP_WIDTH = 320, 1280

# Elements sticking out past the right edge of the page (not inside a scrolling box, which is how
# wide data tables are allowed to scroll, WCAG 1.4.10's exception), as short descriptions.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
        for (let node = el.parentElement; node; node = node.parentElement) {
            const s = getComputedStyle(node);
            if (['auto', 'scroll'].includes(s.overflowX) && node.scrollWidth > node.clientWidth) return true;
        }
        return false;
    };
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' "' + (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1 || !el.checkVisibility() || scrolls(el)) continue;
        if (el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1 && !scrolls(el.parentElement)) continue;
        out.push(describe(el) + ' ends at ' + Math.round(box.right) + 'px');
        if (out.length >= 8) break;
    }
    return {pageWidth: document.documentElement.scrollWidth, width, out};
}"""

# Scrolling table boxes that need scrolling: on a desktop every column should be in view.
SCROLL_BOXES = """() => document.querySelectorAll('.sm-scroll, [role=region][tabindex="0"]').length"""
CUT_TABLES = """() => [...document.querySelectorAll('.sm-scroll, [role=region][tabindex="0"]')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => (el.getAttribute('aria-label') || el.id) + ': ' + el.scrollWidth + 'px of content in ' + el.clientWidth + 'px')"""


def assert_reflows(page, label: str) -> None:
    """Nothing scrolls sideways at 320px (as at 400% zoom on a 1280px screen); at 1280px no table is cut."""
    size = page.viewport_size
    try:
        # Only a page with a scrolling table box is laid out again at 1280px: each resize costs
        # Chromium a layout of the whole page, and without such a box there is nothing to cut off.
        if page.evaluate(SCROLL_BOXES):
            page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 800})
            cut = page.evaluate(CUT_TABLES)
            assert not cut, f"tables cut off at {DESKTOP_WIDTH}px on {label} ({page.url}):\n- " + "\n- ".join(cut)
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        found = page.evaluate(OVERFLOWING)
        assert found["pageWidth"] <= found["width"] + 1 and not found["out"], (
            f"{label} ({page.url}) scrolls sideways at {REFLOW_WIDTH}px: the page is {found['pageWidth']}px wide.\n- "
            + "\n- ".join(found["out"]))
    finally:
        page.set_viewport_size(size)


def assert_landmarks(page, label: str) -> None:
    """One banner, one main and one footer (contentinfo): a page nested in a page has two."""
    counts = {role: page.get_by_role(role).count() for role in ("banner", "main", "contentinfo")}
    assert counts == {"banner": 1, "main": 1, "contentinfo": 1}, f"landmarks on {label} ({page.url}): {counts}"
    assert page.locator("h1").count() == 1, f"{label} ({page.url}) has {page.locator('h1').count()} h1 headings"


FOCUSED_SUMMARY = "() => !!(document.activeElement && document.activeElement.closest('.govuk-error-summary'))"
FOCUSED = ("() => { const a = document.activeElement; return a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '')"
           " + (a.className ? '.' + a.className : '') : 'nothing'; }")


def assert_focus_on_error_summary(page, label: str) -> None:
    """After a form shows errors (a whole page or an htmx swap), focus is on the error summary,
    and the page title starts "Error:" as it does without JavaScript."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(FOCUSED_SUMMARY, timeout=5_000)
    except PlaywrightTimeout:
        raise AssertionError(f"focus after the errors on {label} ({page.url}) is on {page.evaluate(FOCUSED)}, "
                             "not the error summary") from None
    try:
        page.wait_for_function("() => document.title.startsWith('Error:')", timeout=5_000)
    except PlaywrightTimeout:
        raise AssertionError(f"the title on {label} ({page.url}) is {page.title()!r}: it should start 'Error:'") from None


# Text whose font has no sans-serif (or monospace, for code) in its family list: the browser's
# default serif font shows through, as it did for chart labels and rendered Markdown.
SERIF_TEXT = """() => {
    const out = [];
    const fine = /sans-serif|monospace|system-ui/;
    for (const el of document.querySelectorAll('body *')) {
        const text = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        if (!text || !el.checkVisibility()) continue;
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;  // visually hidden, for screen readers: no font is seen
        const family = getComputedStyle(el).fontFamily;
        if (!fine.test(family)) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' (' + family + '): '
            + el.textContent.trim().slice(0, 30));
        if (out.length >= 5) break;
    }
    return out;
}"""


def assert_sans_serif(page, label: str) -> None:
    serif = page.evaluate(SERIF_TEXT)
    assert not serif, f"text on {label} ({page.url}) falls back to a serif font:\n" + "\n".join(serif)
