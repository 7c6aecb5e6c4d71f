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
    re.compile(r"^/feed\.atom$"),  # the Atom feed (XML)
    re.compile(r"^/officer/framework/(periods/\{[^}]+\}/)?export$"),  # the framework as a YAML download
    re.compile(r"^/easy-read/images/"),  # an Easy Read picture (PNG or JPEG)
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
    errors: bool = True  # act shows errors (focus must go to the error summary, the title say "Error:")

    @property
    def modes(self) -> tuple[bool, ...]:
        """JavaScript on always; off too for residents' pages and error states, where it changes the page."""
        return (True, False) if self.role == "resident" or self.act else (True,)

    def address(self, ids: dict) -> str:
        return self.url.format(**ids)


def submit(button: str | re.Pattern, fill: dict[str, str] | None = None, expect: str = ".govuk-error-summary"):
    """Fill fields by label, press a button, wait for the error summary (or `expect`)."""

    def act(page):
        for label, value in (fill or {}).items():
            page.get_by_label(label, exact=True).fill(value)
        with page.expect_response(lambda r: r.request.method == "POST") as info:
            page.get_by_role("button", name=button, exact=isinstance(button, str)).first.click()
        page.locator(expect).first.wait_for()
        page.wait_for_load_state()
        return info.value

    return act


SETTLED = "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"


def filter_with(path: str, button: str = "Apply filters", fill: dict[str, str] | None = None,
                choose: dict[str, str] | None = None, expect: str = ".govuk-error-summary"):
    """Use a GET filter form (htmx swaps its results as fields change, or the button reloads the page):
    fill dates and choose options by label, press the button; the last response of `path` is the state."""

    def act(page):
        seen = []

        def note(response):
            if response.request.method == "GET" and path in response.url:
                seen.append(response)

        # Removed afterwards: the sweep's pages are kept from case to case, and a listener left on
        # one sent every later response of the page to Python.
        page.on("response", note)
        try:
            for label, value in (fill or {}).items():
                page.get_by_label(label, exact=True).fill(value)
            for label, option in (choose or {}).items():
                page.get_by_label(label, exact=True).select_option(label=option)
            page.get_by_role("button", name=button, exact=True).click()
            page.locator(expect).first.wait_for()
            page.wait_for_load_state("networkidle")
            page.wait_for_function(SETTLED)
        finally:
            page.remove_listener("response", note)
        return seen[-1]

    return act


R, O, E, A = "resident", "officer", "executive", "admin"
SEED_MARK = "اردو"  # what the seeded Urdu translation puts before each English text
SEED_MARKS = {"ur": SEED_MARK, "pl": "PL"}  # the seeded translations: a stand-in for a translator's words

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
    # Residents in Urdu, right to left (the seed pastes in a complete translation, as a translator's would be)
    Case("consultation-urdu", "/consultations/{slug:str}", R, "/consultations/{open_slug}?lang=ur", shot=True),
    Case("respond-urdu", "/consultations/{slug:str}/respond", R, "/consultations/{open_slug}/respond?lang=ur",
         shot=True),
    Case("respond-urdu-errors", "/consultations/{slug:str}/respond", R, "/consultations/{open_slug}/respond?lang=ur",
         act=submit(SEED_MARK + " Send my response"), shot=True),
    Case("thank-you-urdu", "/consultations/{slug:str}/thank-you", R, "/consultations/{open_slug}/thank-you?lang=ur"),
    # ... in Polish, left to right, with its error messages translated (the seed translates them too)
    Case("consultation-polish", "/consultations/{slug:str}", R, "/consultations/{open_slug}?lang=pl"),
    Case("respond-polish-errors", "/consultations/{slug:str}/respond", R, "/consultations/{open_slug}/respond?lang=pl",
         act=submit("PL Send my response")),
    # ... and the Easy Read version: large text, one idea per line, a picture beside a question
    Case("consultation-easy-read", "/consultations/{slug:str}", R, "/consultations/{open_slug}?lang=easy-read",
         shot=True),
    Case("respond-easy-read", "/consultations/{slug:str}/respond", R,
         "/consultations/{open_slug}/respond?lang=easy-read", shot=True),
    Case("respond-easy-read-errors", "/consultations/{slug:str}/respond", R,
         "/consultations/{open_slug}/respond?lang=easy-read", act=submit("Send my response")),
    Case("thank-you-easy-read", "/consultations/{slug:str}/thank-you", R,
         "/consultations/{open_slug}/thank-you?lang=easy-read"),
    Case("delete-my-response", "/delete-my-response", R, "/delete-my-response", shot=True),
    Case("delete-my-response-errors", "/delete-my-response", R, "/delete-my-response",
         act=submit("Delete my response", {"Receipt code": "NOPE"})),
    Case("you-said-we-did", "/you-said-we-did", R, "/you-said-we-did", shot=True),
    Case("decision", "/consultations/{slug:str}/decision", R, "/consultations/{closed_slug}/decision", shot=True),
    Case("archive", "/archive", R, "/archive", shot=True),
    Case("archive-filtered", "/archive", R, "/archive?ward=castle&year=2099&q=parks"),
    Case("follow-my-response", "/follow-my-response", R, "/follow-my-response", shot=True),
    Case("follow-my-response-errors", "/follow-my-response", R, "/follow-my-response",
         act=submit("Continue", {"Receipt code": "NOPE"})),
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
    Case("consultation-plan", "/officer/consultations/{consultation_id:int}/plan", O,
         "/officer/consultations/{open_id}/plan", shot=True),
    Case("consultation-plan-errors", "/officer/consultations/{consultation_id:int}/plan", O,
         "/officer/consultations/{open_id}/plan", act=submit("Save", {"Purpose": ""})),
    Case("consultation-publish", "/officer/consultations/{consultation_id:int}/publish", O,
         "/officer/consultations/{closed_id}/publish"),
    Case("consultation-decision", "/officer/consultations/{consultation_id:int}/decision", O,
         "/officer/consultations/{closed_id}/decision", shot=True),
    Case("consultation-decision-action", "/officer/consultations/{consultation_id:int}/decision/actions/{action_id:int}", O,
         "/officer/consultations/{closed_id}/decision/actions/{action_id}"),
    Case("consultation-preview", "/officer/consultations/{consultation_id:int}/preview", O,
         "/officer/consultations/{open_id}/preview"),
    Case("consultation-preview-landing", "/officer/consultations/{consultation_id:int}/preview/landing", O,
         "/officer/consultations/{open_id}/preview/landing", shot=True),
    Case("question-new-number", "/officer/consultations/{consultation_id:int}/questions/new", O,
         "/officer/consultations/{open_id}/questions/new?kind=number"),
    Case("question-new-date-errors", "/officer/consultations/{consultation_id:int}/questions/new", O,
         "/officer/consultations/{open_id}/questions/new?kind=date",
         act=submit("Save question")),
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
    Case("translations", "/officer/consultations/{consultation_id:int}/translations", O,
         "/officer/consultations/{open_id}/translations", shot=True),
    Case("translation-edit", "/officer/consultations/{consultation_id:int}/translations/{code:str}", O,
         "/officer/consultations/{open_id}/translations/pl", shot=True),
    Case("translation-shared", "/officer/translations/{code:str}", O, "/officer/translations/ar"),
    Case("easy-read-edit", "/officer/consultations/{consultation_id:int}/easy-read", O,
         "/officer/consultations/{open_id}/easy-read", shot=True),
    Case("easy-read-picture-errors", "/officer/consultations/{consultation_id:int}/easy-read", O,
         "/officer/consultations/{open_id}/easy-read", act=submit("Save the picture for question 2")),
    Case("paper", "/officer/consultations/{consultation_id:int}/paper", O, "/officer/consultations/{open_id}/paper"),
    Case("paper-form", "/officer/consultations/{consultation_id:int}/paper/form", O,
         "/officer/consultations/{open_id}/paper/form?copies=2&lang=ur", shot=True),
    Case("paper-form-easy-read", "/officer/consultations/{consultation_id:int}/paper/form", O,
         "/officer/consultations/{open_id}/paper/form?copies=1&lang=easy-read"),
    Case("paper-form-large", "/officer/consultations/{consultation_id:int}/paper/form", O,
         "/officer/consultations/{open_id}/paper/form?copies=1&large=1"),
    Case("poster", "/officer/consultations/{consultation_id:int}/paper/poster", O,
         "/officer/consultations/{open_id}/paper/poster", shot=True),
    Case("paper-enter", "/officer/consultations/{consultation_id:int}/paper/enter", O,
         "/officer/consultations/{open_id}/paper/enter?channel=paper", shot=True),
    Case("paper-enter-errors", "/officer/consultations/{consultation_id:int}/paper/enter", O,
         "/officer/consultations/{open_id}/paper/enter?channel=paper",
         act=submit("Save the response", {"Code printed on the form": "NOPE-NOPE"})),
    Case("phone-enter", "/officer/consultations/{consultation_id:int}/paper/enter", O,
         "/officer/consultations/{open_id}/paper/enter?channel=phone"),
    Case("paper-receipt", "/officer/consultations/{consultation_id:int}/paper/receipt", O,
         "/officer/consultations/{open_id}/paper/receipt?key={paper_key}"),
    Case("voices", "/officer/voices", O, "/officer/voices", shot=True),
    Case("voice", "/officer/voices/{voice_id:int}", O, "/officer/voices/{voice_id}", shot=True),
    Case("voice-errors", "/officer/voices/{voice_id:int}", O, "/officer/voices/{voice_id}",
         act=submit(re.compile(r"^Add tag"))),
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
    # A filter changed on the report: its results, not a second page inside it (one main, one h1).
    Case("summaries-report-filtered", "/officer/summaries/report", E, "/officer/summaries/report",
         act=filter_with("/officer/summaries/report", choose={"Ward": "Spinney Hills"}, expect="#report-title"),
         errors=False),
    Case("summaries-priorities-errors", "/officer/summaries/priorities", E, "/officer/summaries/priorities",
         act=filter_with("/officer/summaries/priorities", fill={"From": "2025-03-01", "To": "2025-01-31"})),
    Case("reach", "/officer/reach", E, "/officer/reach", shot=True),
    Case("reach-errors", "/officer/reach", E, "/officer/reach?from=not-a-date"),
    Case("summaries-consultation", "/officer/summaries/consultations/{consultation_id:int}", E,
         "/officer/summaries/consultations/{closed_id}", shot=True),
    Case("meetings-executive", "/officer/meetings", E, "/officer/meetings"),
    Case("meetings-filter-errors", "/officer/meetings", E, "/officer/meetings",
         act=filter_with("/officer/meetings", fill={"From": "2024-03-31", "To": "2024-01-01"})),
    Case("meeting-show-executive", "/officer/meetings/{meeting_id:int}", E, "/officer/meetings/{meeting_id}"),
    Case("actions-overview", "/officer/actions/overview", E, "/officer/actions/overview"),
    Case("forbidden", "/officer/consultations", E, "/officer/consultations", status=403, shot=True),
    # Administrators
    Case("users", "/officer/admin/users", A, "/officer/admin/users", shot=True),
    Case("admin-jobs", "/officer/admin/jobs", A, "/officer/admin/jobs"),
    Case("admin-outbox", "/officer/admin/outbox", A, "/officer/admin/outbox", shot=True),
    Case("users-errors", "/officer/admin/users", A, "/officer/admin/users", act=submit("Add user")),
    Case("audit", "/officer/admin/audit", A, "/officer/admin/audit", shot=True),
    Case("totp-on", "/officer/account/totp", A, "/officer/account/totp"),
    Case("privacy-access", "/officer/privacy/access", A, "/officer/privacy/access"),
    Case("framework", "/officer/framework", A, "/officer/framework", shot=True),
    Case("framework-entry", "/officer/framework/entries/{entry_id:int}", A, "/officer/framework/entries/{entry_id}?retagging=1"),  # with the banner an edit leaves
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
        "action_id": one("SELECT a.id FROM surveys_followup_action a JOIN surveys_decision d ON a.decision = d.id "
                         "JOIN surveys_consultation c ON d.consultation = c.id WHERE c.slug = ?", closed_slug),
        "paper_key": "paper:" + one("SELECT form_code FROM surveys_assistance WHERE form_code IS NOT NULL LIMIT 1"),
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
        # The published consultation's decision, with a follow-up action, published as an officer would.
        closed_id = server.scalar("SELECT id FROM surveys_consultation WHERE slug = ?", "community-safety-priorities-2024")
        response = post(f"/officer/consultations/{closed_id}/decision", {
            "heard": "Most of you put knife crime and anti-social behaviour first.",
            "decision": "The partnership keeps both as priorities for 2025.", "decided_on": "2025-01-15",
            "decided_by": "Safer Leicester Partnership Executive", "changes": "Two more youth outreach workers."})
        assert response.status_code == 303, response.text
        response = post(f"/officer/consultations/{closed_id}/decision/actions", {
            "description": "Recruit two youth outreach workers", "owner": "Leicester City Council",
            "owner_user": str(officer_id), "due_on": "2025-06-30", "status": "in-progress", "progress": "One in post"})
        assert response.status_code == 303, response.text
        response = post(f"/officer/consultations/{closed_id}/decision/publish", {})
        assert response.status_code == 303, response.text

        # Urdu and Polish translations, pasted into the officer's translation pages, and one paper form entered.
        open_id = server.scalar("SELECT id FROM surveys_consultation WHERE slug = ?",
                                "knife-crime-serious-violence-strategy")
        for code, mark in SEED_MARKS.items():
            for page in (f"/officer/consultations/{open_id}/translations/{code}", f"/officer/translations/{code}"):
                response = post(page, translation_of(http.get(page).text, mark))
                assert response.status_code == 303, response.text
        # The Easy Read version: each question's English with a second line, and a picture for the first.
        page = f"/officer/consultations/{open_id}/easy-read"
        response = post(page, easy_read_of(http.get(page).text))
        assert response.status_code == 303, response.text
        first_question = server.scalar("SELECT id FROM surveys_question WHERE consultation = ? ORDER BY position, id "
                                       "LIMIT 1", open_id)
        response = http.post(f"{page}/images/{first_question}", files={"image": ("knife.png", easy_read_picture(),
                                                                                 "image/png")},
                             data={"_csrf_token": http.cookies.get("engage_csrf"), "alt": EASY_READ_ALT})
        assert response.status_code == 303, response.text
        form = http.get(f"/officer/consultations/{open_id}/paper/form?copies=1").text
        code = re.search(r'engage-receipt" dir="ltr">([A-Z0-9]{4}-[A-Z0-9]{4})<', form).group(1)
        entry = http.get(f"/officer/consultations/{open_id}/paper/enter?channel=paper").text
        answers = {}  # the first choice of every question with choices, as the form was ticked
        for name, value in re.findall(r'<input class="govuk-radios__input"[^>]*name="(q\d+)" type="radio" value="([^"]+)"',
                                      entry):
            answers.setdefault(name, value)
        response = post(f"/officer/consultations/{open_id}/paper/enter",
                        {"channel": "paper", "form_code": code, "form_language": "ur", "interpreter": "ur", **answers})
        assert response.status_code == 303, response.text


EASY_READ_LINE = "We want to know what you think."  # the second line the seed gives each Easy Read question
EASY_READ_ALT = "A person speaking at a community meeting"


def easy_read_of(html: str) -> list[tuple[str, str]]:
    """The Easy Read form filled in: the title marked, each question its English and a second line."""
    import html as entities

    fields = [("key", entities.unescape(k)) for k in re.findall(r'name="key" value="([^"]*)"', html)]
    keys = [k for _, k in fields]
    for name, english in re.findall(r'name="(s\d+)" value="([^"]*)"', html):
        english = entities.unescape(english)
        key = keys[int(name[1:])]
        text = f"Easy Read: {english}" if key == "title" else (
            f"{english}\n{EASY_READ_LINE}" if key.endswith(".text") else english)
        fields += [(name, english), ("t" + name[1:], text)]
    return fields


def easy_read_picture() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 180), (255, 255, 255))
    ImageDraw.Draw(image).ellipse((70, 30, 170, 130), fill=(29, 112, 184))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def translation_of(html: str, mark: str) -> list[tuple[str, str]]:
    """The translation form filled in: every English text, marked as the Urdu (a stand-in for a translator's)."""
    import html as entities

    fields = [("key", entities.unescape(k)) for k in re.findall(r'name="key" value="([^"]*)"', html)]
    for name, english in re.findall(r'name="(s\d+)" value="([^"]*)"', html):
        fields.append((name, entities.unescape(english)))
        fields.append(("t" + name[1:], f"{mark} {entities.unescape(english)}"))
    return fields
