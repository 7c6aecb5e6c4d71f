"""Every page the app has, as concrete addresses for each kind of user, in normal and error states.

`CASES` maps the app's GET route templates (exactly as `app.routes` spells them) to URLs made
from the demo data's ids and slugs. test_routes_covered.py fails when a GET route is neither
here nor in `NOT_PAGES`, so a new page must be added to the sweep (axe-core, html-validate and
a screenshot) before its branch goes green.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

# GET routes that are not HTML pages: files, the schema, health, JSON and downloads.
NOT_PAGES = [
    re.compile(r"^/static/"),
    re.compile(r"^/schema(/|$)"),
    re.compile(r"^/health$"),
    re.compile(r"^/api/"),
    re.compile(r"\.(csv|xlsx|docx)$"),
    re.compile(r"^/officer/framework/(periods/\{[^}]+\}/)?export$"),  # the framework as a YAML download
]


def is_page(route: str) -> bool:
    return not any(pattern.search(route) for pattern in NOT_PAGES)


@dataclass(frozen=True)
class Case:
    name: str  # test id and screenshot name
    route: str  # the route template in app.routes
    role: str  # resident (signed out), officer, executive or admin
    url: str  # with {placeholders} from ids()
    act: Callable | None = None  # puts the page into its error state; returns the response to validate
    status: int = 200  # of the page's document (before act)
    shot: bool = False  # save a screenshot for review (the main pages)

    @property
    def modes(self) -> tuple[bool, ...]:
        """JavaScript on always; off too for residents' pages and error states, where it changes the page."""
        return (True, False) if self.role == "resident" or self.act else (True,)

    def address(self, ids: dict) -> str:
        return self.url.format(**ids)


def submit(button: str, fill: dict[str, str] | None = None, expect: str = ".govuk-error-summary"):
    """Fill fields by label, press a button, wait for the error summary (or `expect`)."""

    def act(page):
        for label, value in (fill or {}).items():
            page.get_by_label(label, exact=True).fill(value)
        with page.expect_response(lambda r: r.request.method == "POST") as info:
            page.get_by_role("button", name=button, exact=True).first.click()
        page.locator(expect).first.wait_for()
        page.wait_for_load_state()
        return info.value

    return act


R, O, E, A = "resident", "officer", "executive", "admin"

CASES: list[Case] = [
    # Residents
    Case("home", "/", R, "/", shot=True),
    Case("consultation-open", "/consultations/{slug:str}", R, "/consultations/{open_slug}", shot=True),
    Case("consultation-results", "/consultations/{slug:str}", R, "/consultations/{closed_slug}", shot=True),
    Case("respond", "/consultations/{slug:str}/respond", R, "/consultations/{open_slug}/respond", shot=True),
    Case("respond-errors", "/consultations/{slug:str}/respond", R, "/consultations/{open_slug}/respond",
         act=submit("Send my response"), shot=True),
    Case("respond-closed", "/consultations/{slug:str}/respond", R, "/consultations/{closed_slug}/respond", status=409),
    Case("thank-you", "/consultations/{slug:str}/thank-you", R, "/consultations/{open_slug}/thank-you", shot=True),
    Case("delete-my-response", "/delete-my-response", R, "/delete-my-response", shot=True),
    Case("delete-my-response-errors", "/delete-my-response", R, "/delete-my-response",
         act=submit("Delete my response", {"Receipt code": "NOPE"})),
    Case("you-said-we-did", "/you-said-we-did", R, "/you-said-we-did", shot=True),
    Case("accessibility", "/accessibility", R, "/accessibility", shot=True),
    Case("privacy", "/privacy", R, "/privacy"),
    Case("not-found", "/consultations/{slug:str}", R, "/consultations/no-such-consultation", status=404, shot=True),
    Case("login", "/login", R, "/login"),
    Case("login-errors", "/login", R, "/login",
         act=submit("Sign in", {"Email address": "officer@engage.example", "Password": "wrong password"}), shot=True),
    Case("login-empty", "/login", R, "/login", act=submit("Sign in")),
    # Officers
    Case("officer-home", "/", O, "/"),
    Case("dashboard-officer", "/officer", O, "/officer", shot=True),
    Case("account-officer", "/officer/account", O, "/officer/account"),
    Case("account-password", "/officer/account/password", O, "/officer/account/password"),
    Case("account-password-errors", "/officer/account/password", O, "/officer/account/password",
         act=submit("Change password")),
    Case("totp-enrol", "/officer/account/totp", O, "/officer/account/totp"),
    Case("totp-enrol-errors", "/officer/account/totp", O, "/officer/account/totp",
         act=submit("Turn on two-step sign-in", {"Code from your app": "000000"})),
    Case("consultations", "/officer/consultations", O, "/officer/consultations", shot=True),
    Case("consultation-new", "/officer/consultations/new", O, "/officer/consultations/new"),
    Case("consultation-new-errors", "/officer/consultations/new", O, "/officer/consultations/new", act=submit("Save"), shot=True),
    Case("consultation-show", "/officer/consultations/{consultation_id:int}", O, "/officer/consultations/{open_id}", shot=True),
    Case("consultation-show-closed", "/officer/consultations/{consultation_id:int}", O,
         "/officer/consultations/{closed_id}"),
    Case("consultation-edit", "/officer/consultations/{consultation_id:int}/edit", O,
         "/officer/consultations/{open_id}/edit"),
    Case("consultation-edit-errors", "/officer/consultations/{consultation_id:int}/edit", O,
         "/officer/consultations/{open_id}/edit", act=submit("Save", {"Title": ""})),
    Case("consultation-preview", "/officer/consultations/{consultation_id:int}/preview", O,
         "/officer/consultations/{open_id}/preview"),
    Case("consultation-history", "/officer/consultations/{consultation_id:int}/history", O,
         "/officer/consultations/{open_id}/history"),
    Case("question-choose-kind", "/officer/consultations/{consultation_id:int}/questions/new", O,
         "/officer/consultations/{open_id}/questions/new"),
    Case("question-new", "/officer/consultations/{consultation_id:int}/questions/new", O,
         "/officer/consultations/{open_id}/questions/new?kind=single_choice", shot=True),
    Case("question-new-errors", "/officer/consultations/{consultation_id:int}/questions/new", O,
         "/officer/consultations/{open_id}/questions/new?kind=single_choice", act=submit("Save question")),
    Case("question-edit", "/officer/consultations/{consultation_id:int}/questions/{question_id:int}/edit", O,
         "/officer/consultations/{open_id}/questions/{question_id}/edit"),
    Case("response-entry", "/officer/consultations/{consultation_id:int}/responses/new", O,
         "/officer/consultations/{open_id}/responses/new"),
    Case("voices", "/officer/voices", O, "/officer/voices", shot=True),
    Case("voice", "/officer/voices/{voice_id:int}", O, "/officer/voices/{voice_id}", shot=True),
    Case("voices-filtered", "/officer/voices", O, "/officer/voices?flag=none&assigned=nobody"),
    Case("framework-retag", "/officer/framework/retag", A, "/officer/framework/retag"),
    Case("kept-work-gone", "/officer/session/kept/{key:str}", O, "/officer/session/kept/no-such-work", status=404),
    Case("privacy-erase", "/officer/privacy/erase", O, "/officer/privacy/erase"),
    Case("meetings", "/officer/meetings", O, "/officer/meetings", shot=True),
    Case("meeting-new", "/officer/meetings/new", O, "/officer/meetings/new", shot=True),
    Case("meeting-new-errors", "/officer/meetings/new", O, "/officer/meetings/new", act=submit("Save and add points")),
    Case("meeting-show", "/officer/meetings/{meeting_id:int}", O, "/officer/meetings/{meeting_id}", shot=True),
    Case("meeting-point-errors", "/officer/meetings/{meeting_id:int}", O, "/officer/meetings/{meeting_id}",
         act=submit("Add point")),
    Case("meeting-edit", "/officer/meetings/{meeting_id:int}/edit", O, "/officer/meetings/{meeting_id}/edit"),
    Case("meeting-point-edit", "/officer/meetings/{meeting_id:int}/points/{point_id:int}/edit", O,
         "/officer/meetings/{meeting_id}/points/{point_id}/edit"),
    Case("meeting-import", "/officer/meetings/{meeting_id:int}/import", O, "/officer/meetings/{meeting_id}/import"),
    Case("meeting-import-errors", "/officer/meetings/{meeting_id:int}/import", O,
         "/officer/meetings/{meeting_id}/import", act=submit("Import points")),
    Case("actions", "/officer/actions", O, "/officer/actions", shot=True),
    # Executives
    Case("dashboard-executive", "/officer", E, "/officer", shot=True),
    Case("account-executive", "/officer/account", E, "/officer/account"),
    Case("summaries", "/officer/summaries", E, "/officer/summaries", shot=True),
    Case("summaries-priorities", "/officer/summaries/priorities", E, "/officer/summaries/priorities", shot=True),
    Case("summaries-emerging", "/officer/summaries/emerging", E, "/officer/summaries/emerging", shot=True),
    Case("summaries-follow-up", "/officer/summaries/follow-up", E, "/officer/summaries/follow-up", shot=True),
    Case("summaries-report", "/officer/summaries/report", E, "/officer/summaries/report", shot=True),
    Case("summaries-consultation", "/officer/summaries/consultations/{consultation_id:int}", E,
         "/officer/summaries/consultations/{closed_id}", shot=True),
    Case("meetings-executive", "/officer/meetings", E, "/officer/meetings"),
    Case("meeting-show-executive", "/officer/meetings/{meeting_id:int}", E, "/officer/meetings/{meeting_id}"),
    Case("actions-overview", "/officer/actions/overview", E, "/officer/actions/overview"),
    Case("forbidden", "/officer/consultations", E, "/officer/consultations", status=403, shot=True),
    # Administrators
    Case("users", "/officer/admin/users", A, "/officer/admin/users", shot=True),
    Case("admin-jobs", "/officer/admin/jobs", A, "/officer/admin/jobs"),
    Case("users-errors", "/officer/admin/users", A, "/officer/admin/users", act=submit("Add user")),
    Case("audit", "/officer/admin/audit", A, "/officer/admin/audit", shot=True),
    Case("totp-on", "/officer/account/totp", A, "/officer/account/totp"),
    Case("privacy-access", "/officer/privacy/access", A, "/officer/privacy/access"),
    Case("framework", "/officer/framework", A, "/officer/framework", shot=True),
    Case("framework-entry", "/officer/framework/entries/{entry_id:int}", A, "/officer/framework/entries/{entry_id}"),
    Case("framework-entry-new", "/officer/framework/entries/new", A, "/officer/framework/entries/new"),
    Case("framework-period", "/officer/framework/periods/{period_id:int}", A,
         "/officer/framework/periods/{period_id}"),
    Case("framework-new-period", "/officer/framework/new-period", A, "/officer/framework/new-period"),
    Case("framework-import", "/officer/framework/import", A, "/officer/framework/import"),
]


def ids(server) -> dict:
    """Concrete ids and slugs for the placeholders, read from the server's database."""
    def one(sql: str, *args):
        value = server.scalar(sql, *args)
        assert value is not None, f"the browser-test data has nothing for: {sql}"
        return value

    open_slug = "knife-crime-serious-violence-strategy"
    closed_slug = "community-safety-priorities-2024"
    open_id = one("SELECT id FROM surveys_consultation WHERE slug = ?", open_slug)
    return {
        "open_slug": open_slug, "closed_slug": closed_slug, "open_id": open_id,
        "closed_id": one("SELECT id FROM surveys_consultation WHERE slug = ?", closed_slug),
        "question_id": one("SELECT id FROM surveys_question WHERE consultation = ? ORDER BY id LIMIT 1", open_id),
        "voice_id": one("SELECT id FROM voices_voice ORDER BY id LIMIT 1"),
        "entry_id": one("SELECT id FROM framework_entry ORDER BY id LIMIT 1"),
        "period_id": one("SELECT id FROM framework_period ORDER BY id LIMIT 1"),
        "meeting_id": one("SELECT id FROM meetings_meeting WHERE title = ?", SEED_MEETING),
        "point_id": one("SELECT p.id FROM meetings_feedback_point p JOIN meetings_meeting m ON p.meeting = m.id "
                        "WHERE m.title = ? ORDER BY p.id LIMIT 1", SEED_MEETING),
    }


SEED_MEETING = "Belgrave ward meeting (browser tests)"


def seed(server) -> None:
    """Data the demo does not make: a meeting with points, entered as the officer would."""
    import httpx

    from tests.browser.conftest import ACCOUNTS, DEMO_PASSWORD

    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as http:
        def post(url: str, data: dict | list) -> httpx.Response:
            token = http.cookies.get("engage_csrf")
            fields: dict[str, list[str]] = {"_csrf_token": [token]}
            for key, value in (data.items() if isinstance(data, dict) else data):
                fields.setdefault(key, []).append(value)
            return http.post(url, data=fields)

        http.get("/login")
        response = post("/login", {"email": ACCOUNTS["officer"], "password": DEMO_PASSWORD})
        assert response.status_code == 303, response.text
        officer_id = server.scalar("SELECT id FROM engage_user WHERE email = ?", ACCOUNTS["officer"])
        response = post("/officer/meetings/new", [
            ("kind", "ward-meeting"), ("title", SEED_MEETING), ("held_at", "2024-03-05T18:30"),
            ("venue", "Belgrave Neighbourhood Centre"),
            ("officer_id", str(officer_id)), ("attendees", "23"), ("organisations", "Leicestershire Police"),
            ("notes", "Quarterly ward meeting.")])
        assert response.status_code == 303, response.text
        meeting = response.headers["location"].split("#")[0]
        for text in ("Off-road bikes on the estate every evening", "Drug dealing by the shops on Belgrave Road"):
            response = post(f"{meeting}/points", {"text": text, "raised_by": "resident"})
            assert response.status_code == 303, response.text
