"""The polish a new user noticed on the officer side, and the staff-side WCAG fixes the server
makes: what each page, fragment and download says, through the app, on both engines."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

from engage.auth.current import CurrentUser
from engage.meetings import meetings, points
from engage.meetings.meetings import MeetingForm
from engage.meetings.points import PointForm
from tests.support import error_summary_links, make_consultation, make_user, post_form, sign_in

HTMX = {"hx-request": "true"}


async def actor_for(role: str, email: str) -> CurrentUser:
    user = await make_user(role, email)
    return CurrentUser(user["id"], user["email"], "", role)


async def a_meeting(officer: CurrentUser, **point) -> dict:
    m = await meetings.create(MeetingForm(kind="ward-meeting", title="Spinney Hills ward meeting",
                                          held_at="2024-03-01T18:00", wards=("spinney-hills", "stoneygate"),
                                          officer_id=str(officer.id)), officer)
    if point:
        await points.add(m, PointForm(raised_by="resident", **point), officer)
    return m


def title_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


# -- Polish --------------------------------------------------------------------------------------


async def test_outcomes_read_as_sentences_with_a_space_between_them(client):
    officer = await actor_for("officer", "o@example.org")
    await a_meeting(officer, text="Cars racing", ward="spinney-hills", themes=("serious-violence",),
                    outcome="Speed cameras fitted.", publishable=True, public_summary="Cars racing at night.")
    page = (await client.get("/you-said-we-did")).text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Ward: Spinney Hills. Priority:" in text
    assert "Spinney Hills.Priority" not in text


async def test_a_voice_card_names_its_ward(client):
    officer = await actor_for("officer", "o2@example.org")
    await a_meeting(officer, text="Drug dealing outside the shops", ward="spinney-hills")
    await sign_in(client, "officer")
    from engage.voices.tables import Voice

    voice = await Voice.select(Voice.id).where(Voice.ward == "spinney-hills").first().run()
    page = (await client.get(f"/officer/voices/{voice['id']}")).text
    heading = re.search(r'<h2[^>]*id="voice-\d+-heading".*?</h2>', page, re.S).group(0)
    assert "Spinney Hills" in heading and "spinney-hills" not in heading.replace('href="', "")


async def test_saving_an_empty_new_consultation_asks_only_for_a_title(client):
    await sign_in(client, "officer")
    response = await post_form(client, "/officer/consultations/new", {"title": "", "slug": "", "retention_days": "730"})
    assert response.status_code == 400
    assert error_summary_links(response.text) == [("#title", "Enter a title")]
    # A title with nothing to make an address from still needs one, and is told so.
    response = await post_form(client, "/officer/consultations/new", {"title": "???", "slug": "", "retention_days": "730"})
    assert [href for href, _ in error_summary_links(response.text)] == ["#slug"]
    assert "Enter a web address" in response.text


async def test_the_audit_trail_shows_a_list_as_a_list_and_a_change_as_old_to_new(client):
    await sign_in(client, "admin")
    officer = await actor_for("officer", "o3@example.org")
    m = await a_meeting(officer)
    form = meetings.form_from_row(m)
    form.title = "Spinney Hills ward meeting, March"
    await meetings.update(m, form, officer)
    page = (await client.get("/officer/admin/audit?entity=meeting")).text
    details = re.findall(r'<td class="govuk-table__cell engage-audit-detail">(.*?)</td>', page, re.S)
    created = next(d for d in details if "<strong>wards</strong>" in d)
    assert "spinney-hills, stoneygate" in created and "→" not in created
    changed = next(d for d in details if "<strong>title</strong>" in d and "→" in d)
    assert "Spinney Hills ward meeting → Spinney Hills ward meeting, March" in changed


async def test_officer_menu_marks_the_current_section(client):
    await sign_in(client, "officer")
    dashboard = (await client.get("/officer")).text
    assert re.search(r'<a class="govuk-service-navigation__link" href="/officer" aria-current="page">', dashboard)
    meetings_page = (await client.get("/officer/actions")).text
    current = re.findall(r'href="([^"]+)" aria-current="(?:page|true)"', meetings_page)
    assert current == ["/officer/meetings"]  # the actions page belongs to Meetings; only one item marked
    assert 'rel="icon" href="/static/images/favicon.svg"' in dashboard
    icon = await client.get("/static/images/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")


async def test_agree_disagree_answers_are_drawn_as_a_diverging_bar(client):
    from tests.integration.test_summaries_pages import seed

    data = await seed()
    await sign_in(client, "executive")
    html = (await client.get(f"/officer/summaries/consultations/{data['consultation']['id']}")).text
    chart = re.search(r'<svg class="sm-chart sm-diverging".*?</svg>', html, re.S)
    assert chart, "no diverging bar for the agree-disagree question"
    svg = chart.group(0)
    # 15 agree, 7 disagree of 22 with a view: disagreement to the left of the middle, agreement to the right.
    assert "Disagree 32%" in svg and "Agree 68%" in svg
    disagree = re.search(r'class="sm-diverging__disagree" x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    agree = re.search(r'class="sm-diverging__agree" x="([\d.]+)"', svg)
    middle = float(re.search(r'sm-diverging__middle" x1="([\d.]+)"', svg).group(1))
    assert float(disagree.group(1)) + float(disagree.group(2)) <= middle + 0.2 <= float(agree.group(1)) + 0.4


async def test_excel_exports_freeze_the_header_fit_the_columns_and_keep_dates_as_dates(client):
    from openpyxl import load_workbook

    officer = await actor_for("officer", "o4@example.org")
    due = dt.date.today() - dt.timedelta(days=20)
    await a_meeting(officer, text="Graffiti on the bridge", ward="spinney-hills", action="Clean the bridge",
                    owner="Leicester City Council", due_on=due.isoformat())
    from engage.voices.tables import Voice

    await Voice.update({Voice.reviewed_at: dt.datetime.now(dt.timezone.utc)}, force=True).run()  # exports hold reviewed voices
    await sign_in(client, "executive")
    wb = load_workbook(io.BytesIO((await client.get("/officer/summaries/follow-up.xlsx?from=2024-01-01")).content))
    sheet = wb["Overdue actions"]
    header_row = next(r for r in range(1, 6) if sheet.cell(row=r, column=1).value == "action")
    assert sheet.freeze_panes == f"A{header_row + 1}"
    cell = sheet.cell(row=header_row + 1, column=3)
    assert cell.is_date and cell.value.date() == due and cell.number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["A"].width >= len("Clean the bridge")
    assert sheet.column_dimensions["B"].width >= len("Leicester City Council")

    voices = load_workbook(io.BytesIO((await client.get("/officer/summaries/voices.xlsx?from=2024-01-01")).content))
    sheet = voices["Voices"]
    assert sheet.freeze_panes == "A3" and sheet.cell(row=2, column=2).value == "date"
    dated = sheet.cell(row=3, column=2)
    assert dated.is_date and dated.value.year == 2024 and dated.number_format == "dd/mm/yyyy hh:mm"
    assert sheet.column_dimensions["K"].width > 40


async def test_the_word_report_has_a_header_and_page_numbers(client):
    await sign_in(client, "executive")
    response = await client.get("/officer/summaries/report.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        names = docx.namelist()
        header = " ".join(docx.read(n).decode() for n in names if re.match(r"word/header\d*\.xml", n))
        footer = " ".join(docx.read(n).decode() for n in names if re.match(r"word/footer\d*\.xml", n))
    assert "priority review" in header
    assert "Page " in footer and " PAGE " in footer and " NUMPAGES " in footer


# -- WCAG, server side ---------------------------------------------------------------------------


async def test_summaries_filter_errors_show_with_javascript_and_keep_what_was_typed(client):
    await sign_in(client, "executive")
    query = "from=2025-03-01&to=2025-01-31"
    # Without JavaScript: the whole page, the error, and the From date the user typed (not the default).
    page = await client.get(f"/officer/summaries/priorities?{query}")
    assert title_of(page.text).startswith("Error: Priority review")
    assert error_summary_links(page.text) == [("#from", "The start date must be on or before the end date")]
    assert re.search(r'id="from" name="from" type="date" value="2025-03-01"', page.text)
    # With htmx the filter form asks for its results only: with a problem it gets the whole main,
    # error summary and form included, swapped in place of the main element.
    fragment = await client.get(f"/officer/summaries/priorities?{query}", headers={**HTMX, "hx-target": "summary-results"})
    assert fragment.headers["hx-retarget"] == "#main-content" and fragment.headers["hx-reswap"] == "outerHTML"
    assert fragment.text.lstrip().startswith("<main") and "govuk-error-summary" in fragment.text
    assert 'value="2025-03-01"' in fragment.text
    title = json.loads(fragment.headers["hx-trigger-after-swap"])["engage:title"]
    assert title.startswith("Error: Priority review")
    # A period that is fine still swaps only the results.
    good = await client.get("/officer/summaries/priorities?from=2024-01-01&to=2024-12-31",
                            headers={**HTMX, "hx-target": "summary-results"})
    assert "hx-retarget" not in good.headers and "<main" not in good.text and "govuk-error-summary" not in good.text
    # A date typed the British way (a browser without a date picker) is read as such.
    british = await client.get("/officer/summaries/priorities?from=1/4/2024&to=31/03/2025")
    assert "1 April 2024 to 31 March 2025" in british.text and "govuk-error-summary" not in british.text


async def test_the_printable_report_swaps_its_results_not_a_second_page(client):
    await sign_in(client, "executive")
    fragment = await client.get("/officer/summaries/report?ward=spinney-hills",
                                headers={**HTMX, "hx-target": "summary-results"})
    assert fragment.status_code == 200
    assert "<main" not in fragment.text and "govuk-header" not in fragment.text
    assert fragment.text.count('id="report-title"') == 1 and 'class="sm-filters"' not in fragment.text


async def test_meetings_filter_errors_show_with_javascript(client):
    await sign_in(client, "officer")
    query = "date_from=2024-03-31&date_to=2024-01-01"
    fragment = await client.get(f"/officer/meetings?{query}", headers={**HTMX, "hx-target": "results"})
    assert fragment.status_code == 400
    assert fragment.headers["hx-retarget"] == "#main-content"
    assert error_summary_links(fragment.text) == [("#date_to", "&#39;To&#39; must be the same as or after &#39;From&#39;")]
    assert 'value="2024-03-31"' in fragment.text
    assert json.loads(fragment.headers["hx-trigger-after-swap"])["engage:title"].startswith("Error: Meetings")


async def test_impossible_years_are_refused_and_british_dates_accepted(client):
    await sign_in(client, "officer")
    bad = await client.get("/officer/meetings?date_from=22026-12-31")
    assert bad.status_code == 400 and error_summary_links(bad.text)[0][0] == "#date_from"
    far = await client.get("/officer/meetings?date_from=2210-12-31")
    assert far.status_code == 400 and "between 2000 and 2100" in far.text
    assert (await client.get("/officer/meetings?date_from=31/12/2023")).status_code == 200
    response = await post_form(client, "/officer/consultations/new", {
        "title": "Year check", "slug": "", "retention_days": "730", "opens_at": "0202-12-31T09:00"})
    assert response.status_code == 400
    assert error_summary_links(response.text) == [("#opens_at", "Opening date must be between 2000 and 2100")]
    response = await post_form(client, "/officer/consultations/new", {
        "title": "Year check", "slug": "", "retention_days": "730", "opens_at": "31/12/2026 09:00"})
    assert response.status_code == 303
    edit = (await client.get(response.headers["location"].split("#")[0] + "/edit")).text
    assert 'value="2026-12-31T09:00"' in edit and 'max="2100-12-31T23:59"' in edit


async def test_a_signed_out_htmx_request_sends_the_window_to_sign_in(client):
    """After the idle sign-out, an htmx form on an open page must not swap the sign-in page into it."""
    response = await client.get("/officer/meetings?kind=jag", headers={
        **HTMX, "hx-target": "results", "hx-current-url": "http://testserver.local/officer/meetings?ward=abbey"})
    assert response.status_code == 401 and response.text == ""
    assert response.headers["hx-redirect"] == "/login?next=/officer/meetings%3Fward%3Dabbey"
    # Another site's address is never where sign-in sends people back to.
    response = await client.get("/officer/meetings", headers={**HTMX, "hx-current-url": "https://evil.example/x"})
    assert response.headers["hx-redirect"] == "/login?next=/officer/meetings"
    # Without htmx, the usual redirect.
    plain = await client.get("/officer/meetings")
    assert plain.status_code == 303 and plain.headers["location"] == "/login?next=/officer/meetings"


async def test_reorder_buttons_name_their_question_and_keep_focus_on_the_direction_pressed(client):
    await sign_in(client, "officer")
    c, questions = await make_consultation("reorder-labels", status="draft", kinds=["short_text", "yes_no", "rating"])
    page = (await client.get(f"/officer/consultations/{c['id']}")).text
    assert "Move down<span class=\"govuk-visually-hidden\"> question 1</span>" in page
    assert "Move up<span class=\"govuk-visually-hidden\"> question 2</span>" in page
    assert "Move down<span class=\"govuk-visually-hidden\"> question 2</span>" in page
    assert "Move up<span class=\"govuk-visually-hidden\"> question 3</span>" in page
    assert "question 1</span>" not in page.split('id="question-%d"' % questions[1]["id"])[1].split("</li>")[0]

    async def move(question: dict, direction: str) -> str:
        """The moved question's item in the fragment htmx swaps in."""
        response = await post_form(client, f"/officer/consultations/{c['id']}/questions/{question['id']}/move",
                                   {"direction": direction}, headers=HTMX)
        return response.text.split(f'id="question-{question["id"]}"')[1].split("</li>")[0]

    def focused(item: str) -> list[str]:
        return re.findall(r'data-move="(\w+)" data-focus-after-swap', item)

    item = await move(questions[0], "down")  # now second: both buttons, focus stays on "Move down"
    assert focused(item) == ["down"]
    assert 'Move down<span class="govuk-visually-hidden"> question 2</span>' in item
    item = await move(questions[0], "down")  # now last: "Move down" has gone, so focus goes to "Move up"
    assert focused(item) == ["up"]
    assert 'Move up<span class="govuk-visually-hidden"> question 3</span>' in item
    item = await move(questions[0], "up")
    assert focused(item) == ["up"]


async def test_pages_that_shared_a_title_have_their_own(client):
    await sign_in(client, "officer")
    c, questions = await make_consultation("titles", status="draft", kinds=["short_text"])
    paths = ["/officer/consultations/new", f"/officer/consultations/{c['id']}", f"/officer/consultations/{c['id']}/edit",
             f"/officer/consultations/{c['id']}/preview", f"/officer/consultations/{c['id']}/questions/new",
             f"/officer/consultations/{c['id']}/questions/{questions[0]['id']}/edit",
             f"/officer/consultations/{c['id']}/responses/new", "/officer/meetings/new"]
    titles = {path: title_of((await client.get(path)).text) for path in paths}
    assert len(set(titles.values())) == len(paths), titles
    other, _ = await make_consultation("titles-two", status="draft", kinds=["short_text"])
    assert title_of((await client.get(f"/officer/consultations/{other['id']}/edit")).text) != titles[paths[2]]
    # The two ways of typing in a paper or phone response are two pages, with two titles.
    live, _ = await make_consultation("titles-open", status="open", kinds=["short_text"])
    entry = [f"/officer/consultations/{live['id']}/paper/enter", f"/officer/consultations/{live['id']}/responses/new",
             f"/officer/consultations/{live['id']}/paper/enter?channel=phone",
             f"/officer/consultations/{live['id']}/responses/new?channel=phone"]
    pages = [await client.get(path) for path in entry]
    assert [p.status_code for p in pages] == [200] * 4
    assert len({title_of(p.text) for p in pages}) == 4, [title_of(p.text) for p in pages]
