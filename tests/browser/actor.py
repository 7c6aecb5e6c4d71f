"""A person using the app: with a mouse, or with the keyboard alone.

With `keyboard=True` every step is Tab / Shift+Tab to the control, then Enter or Space (typing
text into fields, and the arrow keys inside a radio group, which is the only way a keyboard
picks one radio of several). Each Tab checks that focus is visible and never lost to the page
body; each htmx swap checks that focus landed somewhere sensible.
"""

from __future__ import annotations

import re

from tests.browser.conftest import FOCUS_STATE, block_page_scripts, run_axe

TAB_STATE = """([target]) => {
    const s = (%s)();
    const a = document.activeElement;
    s.isTarget = a === target;
    s.sameGroup = !!(a && target && a.type === 'radio' && a.name === target.name && a.form === target.form);
    s.before = !a || a === document.body || !!(a.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
    return s;
}""" % FOCUS_STATE

SETTLED = "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"


def describe(state: dict) -> str:
    if state.get("lost"):
        return "<body>"
    bits = [state["tag"]]
    if state.get("id"):
        bits.append(f"#{state['id']}")
    if state.get("type"):
        bits.append(f"[{state['type']}]")
    if state.get("text"):
        bits.append(f" {state['text'][:40]!r}")
    return "".join(bits)


class Actor:
    def __init__(self, page, *, js: bool, keyboard: bool):
        self.page, self.js, self.keyboard = page, js, keyboard
        self.presses = 0

    # Moving focus ---------------------------------------------------------------------------

    def tab_to(self, locator, *, group: bool = False) -> dict:
        """Tab (or Shift+Tab) until the control has focus, checking focus all the way."""
        locator.first.wait_for(state="attached")
        self.page.wait_for_load_state("load")  # styles applied: focus styles are what is checked
        handle = locator.first.element_handle()
        state = self.page.evaluate(TAB_STATE, [handle])
        key, pressed_from_body = None, False
        path: list[str] = []
        for _ in range(250):
            if state["isTarget"] or (group and state["sameGroup"]):
                return state
            want = "Tab" if state["before"] else "Shift+Tab"
            # From the page body the browser starts from its own place (say, a #fragment's target),
            # so the direction is settled by the first press; after that, turning back means the
            # control was passed over: it cannot be reached with the keyboard.
            if key is not None and want != key and not pressed_from_body:
                raise AssertionError(f"{key} went past {locator} without reaching it on {self.page.url}: {path[-8:]}")
            key, pressed_from_body = want, state["lost"]
            self.page.keyboard.press(key)
            self.presses += 1
            state = self.page.evaluate(TAB_STATE, [handle])
            path.append(describe(state))
            assert not state["lost"], f"{key} lost focus to the page body on {self.page.url}; path: {path[-8:]}"
            assert state["visible"], (
                f"focus is not visible on {describe(state)} at {self.page.url} (style {state['style']})")
        raise AssertionError(f"could not reach {locator} by keyboard on {self.page.url}: {path[-8:]}")

    def focused(self) -> dict:
        return self.page.evaluate(FOCUS_STATE)

    # Doing things ---------------------------------------------------------------------------

    def activate(self, locator, key: str = "Enter") -> None:
        """Follow a link or press a button."""
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press(key)
        else:
            locator.first.click()

    def fill(self, locator, text: str) -> None:
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.type(text)
        else:
            locator.first.fill(text)

    def choose(self, radio) -> None:
        """Select one radio of a group."""
        if not self.keyboard:
            radio.first.check()
            return
        self.tab_to(radio, group=True)
        handle = radio.first.element_handle()
        for _ in range(40):
            if handle.evaluate("el => el === document.activeElement"):
                break
            self.page.keyboard.press("ArrowDown")
        else:
            raise AssertionError(f"arrow keys never reached {radio}")
        if not handle.evaluate("el => el.checked"):
            self.page.keyboard.press("Space")
        assert handle.evaluate("el => el.checked"), f"{radio} was not selected"
        self._check_focus_visible()

    def tick(self, checkbox) -> None:
        if self.keyboard:
            self.tab_to(checkbox)
            self.page.keyboard.press("Space")
            assert checkbox.first.is_checked()
        else:
            checkbox.first.check()

    def select(self, select, label: str) -> None:
        """Pick an option of a <select>: typing its first letters, as a keyboard user does."""
        if self.keyboard:
            self.tab_to(select)
            self.page.keyboard.type(label[:8])
            chosen = select.first.evaluate("el => el.options[el.selectedIndex].text")
            assert chosen.startswith(label[:8]), f"typing chose {chosen!r}, not {label!r}"
        else:
            select.first.select_option(label=label)

    def submit(self, button, key: str = "Enter"):
        """Press a form's button and wait for the answer: a new page, or an htmx swap settled."""
        htmx = self.js and button.first.evaluate("b => !!(b.form && b.form.hasAttribute('hx-post'))")
        with self.page.expect_response(lambda r: r.request.method == "POST") as answer:
            if htmx:
                self.activate(button, key)
            else:
                with self.page.expect_navigation():
                    self.activate(button, key)
        self.settle()
        return answer.value

    def settle(self) -> None:
        self.page.wait_for_load_state()
        if self.js:
            self.page.wait_for_function(SETTLED)

    # Checks -----------------------------------------------------------------------------------

    def _check_focus_visible(self) -> None:
        state = self.focused()
        assert not state["lost"] and state["visible"], f"focus not visible: {describe(state)} {state}"

    def assert_focus_after_swap(self, selector: str, why: str) -> dict:
        """After an htmx swap: focus is not lost, and is on (or inside) the element expected."""
        state = self.focused()
        assert not state["lost"], f"focus was lost to the page body after {why} on {self.page.url}"
        inside = self.page.evaluate(
            "(sel) => [...document.querySelectorAll(sel)].some(el => el === document.activeElement"
            " || el.contains(document.activeElement))", selector)
        assert inside, f"after {why}, focus is on {describe(state)}, expected {selector}"
        return state

    def live_text(self) -> str:
        """What the page's live regions say now (role=status, role=alert, aria-live)."""
        return self.page.evaluate(
            "() => [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')]"
            ".map(el => el.textContent.trim()).filter(Boolean).join(' | ')")


# What every journey does with its actor, in one place.

def make_actor(new_context, js: bool, keyboard: bool) -> Actor:
    """A fresh context's page; without `js` the page's own scripts are blocked (a context with
    JavaScript off could not run axe-core)."""
    page = new_context().new_page()
    if not js:
        block_page_scripts(page)
    return Actor(page, js=js, keyboard=keyboard)


def checked(actor: Actor, label: str) -> None:
    """axe-core on the page as it is now, named with the mode it was reached in."""
    run_axe(actor.page, f"{label} ({'JavaScript on' if actor.js else 'scripts blocked'})")


def group(page, legend_start: str):
    """A fieldset by the start of its legend."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(legend_start)))


def follow_link(actor: Actor, link, url: str) -> None:
    """Activate a link (click or keyboard) and wait until its page has loaded and settled."""
    with actor.page.expect_navigation():
        actor.activate(link)
    actor.page.wait_for_url(url)
    actor.settle()
