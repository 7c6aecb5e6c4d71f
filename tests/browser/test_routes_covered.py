"""Every HTML page the app serves is in the browser sweep (tests/browser/sweep.py).

The GET routes come from the Litestar app itself (create_app().routes), listed in a child
process so this worker's database binding is left alone. Needs no browser, so it runs (and
fails on a new, unswept page) even where Chromium is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.browser.sweep import CASES, NOT_PAGES, is_page

LIST_ROUTES = """
import json
from litestar.routes import HTTPRoute
from engage.app import create_app
from engage.settings import Settings
app = create_app(Settings(env="test", secret_key="x" * 48, database_url="sqlite:///unused-route-listing.sqlite"))
print(json.dumps(sorted({r.path for r in app.routes if isinstance(r, HTTPRoute)
                         for h in r.route_handlers if "GET" in h.http_methods})))
"""


def get_routes() -> list[str]:
    result = subprocess.run([sys.executable, "-c", LIST_ROUTES], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PICCOLO_CONF": "engage.piccolo_conf"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_page_is_swept():
    routes = get_routes()
    assert "/" in routes and "/accessibility" in routes, routes
    swept = {case.route for case in CASES}
    missing = [route for route in routes if is_page(route) and route not in swept]
    assert not missing, (
        "GET routes not covered by the browser sweep: add a Case for each to tests/browser/sweep.py (with "
        "demo-data ids for its placeholders), or, if it is not an HTML page, a pattern to NOT_PAGES:\n  "
        + "\n  ".join(missing))
    stale = sorted(swept - set(routes))
    assert not stale, f"sweep cases name routes the app no longer has: {stale}"


def test_non_page_allowlist_stays_small():
    # Files, the schema, health, JSON and downloads only: a pattern that swallowed pages would
    # quietly take them out of the sweep.
    assert len(NOT_PAGES) <= 8
    for page in ("/", "/accessibility", "/login", "/officer", "/officer/summaries", "/officer/meetings",
                 "/consultations/{slug:str}/respond"):
        assert is_page(page), page
