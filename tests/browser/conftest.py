"""Browser tests: a real Chromium (Debian's, never a downloaded one) driving the real server.

Each xdist worker serves the app with `engage serve` on its own free port, against its own
SQLite copy of one demo database (made once per test run with `engage demo`). Chromium is
Debian's headless shell of Chromium (/usr/bin/chromium-headless-shell; ENGAGE_TEST_CHROMIUM names
another, such as /usr/bin/chromium); where it is missing the browser tests are skipped
locally and fail in CI (CI=true), like the PostgreSQL tests. `.ci/run` installs it.

Pages are checked with axe-core (vendored in tests/browser/vendor/) and html-validate (npm,
tools/browser/, installed by `npm ci` there). Screenshots go to test-artifacts/screenshots/: of a failing
test's pages, and of the main pages with ENGAGE_TEST_SCREENSHOTS=1.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import weakref
from pathlib import Path

import pytest

# The demo database, made once per run: tests/support_demo.py (the console tests share it).
from tests.support_demo import DEMO_PASSWORD, FAST_TMP, demo_template, engage_env
from tests.support import free_port

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
IN_CI = os.environ.get("CI", "").lower() == "true"
# The headless shell is Chromium's engine (Blink, V8, the same layout and accessibility tree) without
# the desktop browser around it, built for automation: the page sweep took about a third less of
# Chromium's CPU in it than in the full browser in headless mode (about 90 s against 135 s) and every
# check gave the same result. --in-process-gpu: the compositor's display side runs as a thread of
# the browser process instead of a gpu-process of its own (software drawing either way, --disable-gpu):
# the browser tests' browser and gpu-process CPU went from 74 s to 70 s, every check the same.
CHROMIUM = os.environ.get("ENGAGE_TEST_CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--in-process-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ACCOUNTS = {"admin": "admin@engage.example", "officer": "officer@engage.example",
            "executive": "executive@engage.example"}
AXE_JS = HERE / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The one axe-core finding accepted, each exactly: (rule, element selector, whole failure text).
AXE_EXCEPTIONS = [
    # GOV.UK Frontend's conditional reveal ("Other, please specify") puts aria-expanded on the radio
    # that reveals it. ARIA 1.2 does not list aria-expanded for radios, but GOV.UK keeps it on purpose:
    # screen readers announce it and their research found it helps (alphagov/govuk-frontend#979,
    # #2823; https://accessibility.blog.gov.uk/2021/09/21/an-update-on-the-accessibility-of-conditionally-revealed-questions/).
    ("aria-allowed-attr", ".govuk-radios__input[aria-controls]",
     'Fix all of the following: ARIA attribute is not allowed: aria-expanded="false"'),
    ("aria-allowed-attr", ".govuk-radios__input[aria-controls]",
     'Fix all of the following: ARIA attribute is not allowed: aria-expanded="true"'),
]
TOOLS = ROOT / "tools" / "browser"
VALIDATOR_JS = TOOLS / "validate-html.cjs"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# The page's own scripts: blocked to see a page as a browser without JavaScript would, while
# still letting the test run axe-core in it (a context with JavaScript off cannot run axe).
# URLPattern syntax (any address ending .js under these folders, with any query).
PAGE_SCRIPTS = ["*://*:*/static/js/*.js", "*://*:*/static/vendor/*.js"]
# True once the page's own scripts have run: engage.js marks the body (GOV.UK Frontend's styles for
# scripted components key on it), so false all along where PAGE_SCRIPTS are blocked.
SCRIPTS_RAN = "() => document.body.classList.contains('govuk-frontend-supported')"


def unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (browser tests must run in CI; .ci/run installs what they need)")
    pytest.skip(reason)


# Scheduling ----------------------------------------------------------------------------------

# tests/conftest.py makes each browser module one xdist group (one worker runs it whole). The sweep
# (test_pages.py) is a third of the browser tests' CPU on its own: as one group it kept one worker
# busy while the other ran out of work. Split by role, each half signs in only the roles it needs.
SWEEP_GROUPS = {"resident": "residents-executives", "executive": "residents-executives",
                "officer": "officers-admins", "admin": "officers-admins"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith("tests/browser/test_pages.py::") and hasattr(item, "callspec"):
            group = "tests/browser/test_pages.py-" + SWEEP_GROUPS[item.callspec.params["case"].role]
        elif item.nodeid.startswith("tests/browser/test_journeys.py::"):
            # The longest journeys module (16 tests, no module-scoped state but Chromium): a group per journey.
            group = "tests/browser/test_journeys.py-" + item.originalname
        else:
            continue
        item.own_markers[:] = [mark for mark in item.own_markers if mark.name != "xdist_group"]
        item.add_marker(pytest.mark.xdist_group(group))


# The server ----------------------------------------------------------------------------------


class LiveServer:
    def __init__(self, url: str, database: Path, process: subprocess.Popen, log: Path):
        self.url, self.database, self.process, self.log = url, database, process, log
        self.used_totp_steps: set[tuple[str, int]] = set()  # (the account's secret, time step)
        self.admin_totp_secret: str | None = None

    def __call__(self, path: str) -> str:
        return self.url + path

    def query(self, sql: str, *args) -> list[tuple]:
        """Read the server's database directly: ids and slugs for the pages under test."""
        import sqlite3

        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute(sql, args).fetchall()

    def scalar(self, sql: str, *args):
        rows = self.query(sql, *args)
        return rows[0][0] if rows else None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium-headless-shell)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    return CHROMIUM


@contextlib.contextmanager
def serve(template: Path, log: Path, **extra_env: str):
    """`engage serve` on a free port against a copy of the demo database, stopped afterwards.
    `extra_env` adds settings (say a short ENGAGE_SESSION_IDLE_MINUTES for a server of its own)."""
    workdir = Path(tempfile.mkdtemp(prefix="engage-browser-", dir=FAST_TMP))
    database = workdir / "engage.sqlite"
    shutil.copy(template, database)
    env = {**engage_env(database), "ENGAGE_SECRET_KEY": secrets.token_urlsafe(48),
           # The tests sign in many times and send many forms from one address.
           "ENGAGE_LOGIN_ATTEMPTS_PER_ACCOUNT": "10000", "ENGAGE_LOGIN_ATTEMPTS_PER_CLIENT": "10000",
           "ENGAGE_API_SUBMISSIONS_PER_MINUTE": "10000",
           "ENGAGE_FORM_SUBMISSIONS_PER_MINUTE": "10000", "ENGAGE_ERASURE_ATTEMPTS_PER_HOUR": "10000", **extra_env}
    process = None
    try:
        for _attempt in range(3):
            port = free_port()
            with open(log, "ab") as out:
                process = subprocess.Popen([sys.executable, "-m", "engage", "serve", "--port", str(port)], env=env,
                                           stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                           preexec_fn=_die_with_parent)
            if _wait_healthy(f"http://127.0.0.1:{port}", process):
                break
            process.kill()
            process.wait()
            process = None
        if process is None:
            raise AssertionError(f"engage serve did not start:\n{log.read_text()}")
        yield LiveServer(f"http://127.0.0.1:{port}", database, process, log)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server(chromium_path, tmp_path_factory):
    template = demo_template(tmp_path_factory)
    with serve(template, tmp_path_factory.mktemp("server") / "server.log") as server:
        seed_extra_data(server)
        yield server


def add_account(server: LiveServer, email: str, role: str = "officer") -> str:
    """A new account of the server's own, for a journey that changes it (two-step sign-in, say) and
    so must not touch the demo accounts other tests sign in with. Its password is returned."""
    from tests.conftest import run_engage  # in this process: a subprocess cost ~3 s of start-up

    run_engage("createuser", "--email", email, "--role", role, "--name", email.split("@")[0].title(),
               url=f"sqlite:///{server.database}", env={"ENGAGE_PASSWORD": DEMO_PASSWORD})
    return DEMO_PASSWORD


def _die_with_parent() -> None:
    """In the server's process: exit if the test worker dies without tearing down (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# Generous: on this two-core machine under other engineers' load `engage serve` took 46 s to answer
# (measured at load average 14); at 60 s every browser test failed at set-up under load 18.
def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 180) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    return False


def seed_extra_data(server: LiveServer) -> None:
    """Records the demo does not make but pages need (hook for data the sweep must reach)."""
    from tests.browser import sweep

    sweep.seed(server)


# The browser ---------------------------------------------------------------------------------


class _Chromium:
    """One Playwright and one Chromium per xdist worker, started by the first browser test and kept
    across browser modules (each start cost ~3 s of CPU in node and Chromium; a dozen modules
    started one each). While Playwright's sync API is running, its event loop counts as the
    thread's running loop, and pytest-asyncio cannot run an async test after it: so Chromium is
    stopped before the first test outside tests/browser/ a worker gets next (and at the end)."""

    playwright = None
    instance = None

    @classmethod
    def get(cls, config, executable: str):
        if cls.instance is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            cls.instance = cls.playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            if not config.pluginmanager.has_plugin("engage-browser-stop"):
                config.pluginmanager.register(_StopChromium(), "engage-browser-stop")
        return cls.instance

    @classmethod
    def stop(cls) -> None:
        if cls.instance is not None:
            _signed_in.clear()
            cls.instance.close()
            cls.playwright.stop()
            cls.instance = cls.playwright = None


class _StopChromium:
    """Registered as a plugin, not a conftest hook: it must also see the tests outside tests/browser/."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        if not Path(item.path).is_relative_to(HERE):
            _Chromium.stop()

    def pytest_sessionfinish(self):
        _Chromium.stop()


@pytest.fixture(scope="module")
def browser(chromium_path, request):
    return _Chromium.get(request.config, chromium_path)


CONTEXT_OPTIONS = {"viewport": {"width": 1024, "height": 768}, "locale": "en-GB", "timezone_id": "Europe/London",
                   "reduced_motion": "reduce"}


@pytest.fixture
def new_context(browser, live_server, request):
    """Make a fresh context (its own cookies), closed after the test (screenshots first if it failed)."""
    made = []

    def make(js: bool = True, **options):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=js, accept_downloads=True,
                                      **{**CONTEXT_OPTIONS, **options})
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    yield make
    if failed(request):
        shoot_failure(request, [page for context in made for page in context.pages])
    for context in made:
        context.close()


# The signed-in contexts, per role, of the worker's Chromium (they end with it).
_signed_in: dict[str, object] = {}


@pytest.fixture(scope="module")
def signed_in(browser, live_server):
    """A signed-in context per role (JavaScript on), kept while the worker's Chromium runs: signed
    in once, not once per module (each sign-in cost a page, a password hash and, for the admin, a
    two-step code, for which it could wait a 30-second step). Tests using it must not sign out or
    change the account; they open and close their own pages."""

    def get(role: str):
        context = _signed_in.get(role)
        if context is None or context.browser is not browser:  # Chromium was restarted since
            context = browser.new_context(base_url=live_server.url, accept_downloads=True, **CONTEXT_OPTIONS)
            context.set_default_timeout(15_000)
            page = context.new_page()
            sign_in(page, live_server, role)
            page.close()
            _signed_in[role] = context
        return context

    return get


def totp_code(server: LiveServer, secret: str) -> str:
    """A code for a time step not used yet by this account: the server takes a code of this step or
    either neighbour, each once per account (engage.security.totp.accept_code). Tests sign in often;
    when an account has used all three, wait for the next step."""
    import pyotp

    totp = pyotp.TOTP(secret)
    for offset in (0, 1, -1):
        step = int(time.time() // 30) + offset
        if (secret, step) not in server.used_totp_steps:
            server.used_totp_steps.add((secret, step))
            return totp.at(step * 30 + 1)
    time.sleep(31 - time.time() % 30)
    return totp_code(server, secret)


def sign_in(page, server: LiveServer, role: str) -> None:
    """Sign in with the mouse and the demo password; admins set up or use two-step sign-in."""
    page.goto("/login")
    page.get_by_label("Email address").fill(ACCOUNTS[role])
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if page.locator("input[name=challenge]").count():
        page.get_by_label("Code", exact=True).fill(totp_code(server, server.admin_totp_secret))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    if page.locator("#totp-secret").count():
        server.admin_totp_secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.get_by_label("Code from your app").fill(totp_code(server, server.admin_totp_secret))
        page.get_by_role("button", name="Turn on two-step sign-in").click()
        page.wait_for_load_state()
    assert page.url.startswith(server.url + "/officer"), f"{role} did not sign in: {page.url}"


def block_page_scripts(page) -> None:
    """The page's own scripts (PAGE_SCRIPTS) never load in this page, at every address it goes to from now on.

    Blocked by Chromium itself (DevTools' Network.setBlockedURLs), not by a Playwright route: a route
    sends every request of the page through Playwright's driver and turns off the browser's cache, so
    each page fetched its styles, fonts and images again: about 70 ms of CPU a page (browser, network
    service, driver and server), measured over 40 pages with axe-core."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setBlockedURLs",
                 {"urlPatterns": [{"urlPattern": pattern, "block": True} for pattern in PAGE_SCRIPTS]})


# Checks --------------------------------------------------------------------------------------


@functools.cache
def axe_source() -> str:
    return AXE_JS.read_text()


_axe_contexts: weakref.WeakSet = weakref.WeakSet()


def run_axe(page, label: str) -> None:
    """axe-core on the page as it is now: no WCAG 2.0/2.1/2.2 A or AA violation.

    The first check in a context also makes axe-core an init script of the context: defined in each
    page it opens from then on, before the page's own scripts, so it is not sent (650 kB) and
    compiled again for every page checked. It only defines `axe`, run here on the page as it is
    now (htmx swaps included). Neither an init script nor an evaluated script is a <script>
    element, so the CSP (scripts from 'self' only) applies to neither."""
    context = page.context
    if context not in _axe_contexts:
        context.add_init_script(script=axe_source())
        _axe_contexts.add(context)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):  # a page opened before the first check
        page.evaluate(axe_source())
    violations = page.evaluate("""async ([tags, exceptions]) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        const excepted = (rule, node) => exceptions.some(([id, selector, summary]) => id === rule
            && document.querySelector(node.target.join(' '))?.matches(selector)
            && node.failureSummary.replace(/\\s+/g, ' ').trim() === summary);
        return result.violations
            .map(v => ({...v, nodes: v.nodes.filter(n => !excepted(v.id, n))}))
            .filter(v => v.nodes.length)
            .map(v => ({id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' '))}));
    }""", [WCAG_TAGS, AXE_EXCEPTIONS])
    assert not violations, f"axe-core found WCAG violations on {label} ({page.url}):\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


class HtmlValidator:
    """html-validate in one long-lived node process (see tools/browser/validate-html.cjs)."""

    def __init__(self):
        self.process = subprocess.Popen(["node", str(VALIDATOR_JS)], cwd=TOOLS, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lock = threading.Lock()

    def check(self, html: str, label: str) -> list[dict]:
        with self.lock:
            self.process.stdin.write(json.dumps({"id": label, "html": html}) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"html-validate stopped: {self.process.stderr.read()}")
        reply = json.loads(line)
        if "error" in reply:
            raise AssertionError(f"html-validate failed on {label}: {reply['error']}")
        return [m for m in reply["messages"] if m["severity"] >= 2]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def html_validator(chromium_path):
    if not (TOOLS / "node_modules" / "html-validate").exists() or not shutil.which("node"):
        unavailable("html-validate is not installed: run `npm ci --ignore-scripts` in tools/browser")
    validator = HtmlValidator()
    yield validator
    validator.close()


def assert_valid_html(validator: HtmlValidator, html: str, label: str) -> None:
    errors = validator.check(html, label)
    lines = html.splitlines()
    assert not errors, f"invalid HTML on {label}:\n" + "\n".join(
        f"- line {e['line']}:{e['column']} [{e['rule']}] {e['message']}\n    "
        f"{lines[e['line'] - 1].strip()[:200] if 0 < e['line'] <= len(lines) else ''}" for e in errors)


# Screenshots for review only when asked for (ENGAGE_TEST_SCREENSHOTS=1): a full-page shot cost
# Chromium ~0.3 s of CPU, and no check reads them. A failing browser test always leaves one of
# each page it had open (pytest_runtest_makereport below, and test_pages.py), to see what failed.
SCREENSHOTS_WANTED = os.environ.get("ENGAGE_TEST_SCREENSHOTS", "") not in ("", "0")


def screenshot(page, name: str, always: bool = False) -> Path | None:
    if not (always or SCREENSHOTS_WANTED):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can see whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


def shoot_failure(request, pages) -> None:
    """A screenshot of each page still open when a test failed (test-artifacts/screenshots/FAILED-...)."""
    for n, page in enumerate(pages):
        with contextlib.suppress(Exception):  # a page already closed, or Chromium gone: the failure is what matters
            if not page.is_closed():
                screenshot(page, f"FAILED-{request.node.name}-{n}", always=True)


FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return {lost: true};
    const visible = (node, pseudo) => {
        const s = getComputedStyle(node, pseudo);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
            && !/rgba\\(.*,\\s*0\\)$|transparent/.test(s.outlineColor);
        return {outline, shadow: s.boxShadow !== 'none', background: s.backgroundColor};
    };
    let shown = visible(el, null);
    // GOV.UK radios and checkboxes hide the input and draw its focus ring on the label.
    if (el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels && el.labels[0]) {
        shown = visible(el.labels[0], '::before');
    }
    // A date or time field's calendar button is inside the browser's own shadow DOM: the field
    // itself no longer matches :focus, and Chromium draws its own focus ring round the button.
    if (el.matches('input[type=date], input[type=datetime-local], input[type=time]') && !el.matches(':focus')) {
        shown = {outline: true, shadow: false, background: 'browser focus ring on the calendar button'};
    }
    const text = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().replace(/\\s+/g, ' ');
    return {lost: false, tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
            type: el.getAttribute('type') || '', text: text.slice(0, 80), focusVisible: el.matches(':focus-visible'),
            visible: shown.outline || shown.shadow, style: shown};
}"""


def focus_state(page) -> dict:
    return page.evaluate(FOCUS_STATE)
