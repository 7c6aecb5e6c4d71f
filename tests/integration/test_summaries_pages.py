"""Summaries through the app, on both engines, with known data: the numbers on the pages, in the
exports and in the API are the numbers in the data; small equality counts are suppressed
everywhere; flagged, unreviewed and original text never leaves; executives read and change nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from tests.support import sign_in

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
FLAGGED = "FLAGGEDSECRET my partner hurts me"
UNREVIEWED = "UNREVIEWEDWORDS knife crime near the shops"
ORIGINAL = "ORIGINALNAME Jane Doe saw knives"
FORMULA = "=HYPERLINK(\"http://evil.example\") knife crime"


async def _entry_ids() -> dict[str, int]:
    from engage.framework.services import current_period, entries

    period = await current_period()
    return {r["slug"]: r["id"] for r in await entries(period["id"])}


async def seed() -> dict:
    """Known voices, tags, a consultation with answers, and 'About you' rows."""
    from engage.voices.tables import MachineTag, TagDecision, Voice
    from surveys.tables import AboutYou, Answer, Response
    from tests.support import make_consultation

    ids = await _entry_ids()
    c, questions = await make_consultation("summary-test", status="closed",
                                           kinds=["agree_scale", "long_text", "ward"])
    agree, free, ward_q = questions
    n = {"voice": 0}

    async def voice(text, *, redacted=None, days_ago=5, sentiment="negative", ward="castle", channel="online",
                    tags=(), reviewed=True, flagged=False, phrases=(), consultation=None):
        n["voice"] += 1
        at = NOW - dt.timedelta(days=days_ago)
        rows = await Voice.insert(Voice(
            source="feedback_point", source_id=n["voice"], source_key=f"feedback_point:{n['voice']}",
            channel=channel, ward=ward, occurred_at=at, text=text, redacted=redacted if redacted is not None else text,
            sentiment=sentiment, polarity=-0.5 if sentiment == "negative" else 0.5, key_phrases=list(phrases),
            safeguarding=flagged, safeguarding_status="open" if flagged else "",
            reviewed_at=at + dt.timedelta(hours=1) if reviewed else None, analysed_at=at, created_at=at,
            consultation_id=consultation)).returning(Voice.id).run()
        vid = rows[0]["id"]
        for slug in tags:
            await MachineTag.insert(MachineTag(voice=vid, entry=ids[slug], confidence=0.9)).run()
        return vid

    # Serious violence this period: 8 negative, 2 neutral, 2 positive (reviewed), 1 unreviewed.
    for i, s in enumerate(["negative"] * 8 + ["neutral"] * 2 + ["positive"] * 2):
        await voice(f"Young people carry knives near the park, report {i}", sentiment=s, tags=["serious-violence"],
                    ward="castle" if i < 7 else "abbey")
    await voice(UNREVIEWED, tags=["serious-violence"], reviewed=False)
    await voice(ORIGINAL, redacted="[name] saw knives near the school", tags=["serious-violence"], ward="abbey")
    await voice(FORMULA, tags=["serious-violence"], ward="abbey", sentiment="neutral")
    # ... and 3 in the previous period.
    for i in range(3):
        await voice(f"Stabbing last year {i}", days_ago=400, tags=["serious-violence"])
    # A safeguarding flag: counted nowhere, shown nowhere.
    await voice(FLAGGED, tags=["serious-violence"], flagged=True, reviewed=False)
    # A machine tag an officer rejected, and one they added.
    rejected = await voice("Racist abuse shouted, or so the machine thought", tags=["hate-crime"], sentiment="neutral")
    await TagDecision.insert(TagDecision(voice=rejected, entry=ids["hate-crime"], decision="reject"),
                             TagDecision(voice=rejected, entry=ids["mental-health"], decision="add")).run()
    # Nothing in the plan covers e-scooters: an emerging issue.
    for i in range(4):
        await voice(f"Scooters on the pavement nearly hit my child {i}", tags=[], phrases=["scooters", "pavement"],
                    ward=["castle", "abbey", "fosse", "castle"][i])

    # The consultation: 25 responses; agree 15, disagree 7, no answer 3.
    answers = ["agree"] * 15 + ["disagree"] * 7 + [None] * 3
    for i, choice in enumerate(answers):
        rows = await Response.insert(Response(
            consultation=c["id"], receipt_hash=f"TEST-{i:04d}-AAAA", submission_key=f"test:{i}",
            channel="paper" if i < 5 else "online", submitted_at=NOW - dt.timedelta(days=3))).returning(
            Response.id).run()
        rid = rows[0]["id"]
        if choice:
            await Answer.insert(Answer(response=rid, question=agree["id"], choice=choice)).run()
        await Answer.insert(Answer(response=rid, question=ward_q["id"], choice="castle" if i < 12 else "abbey")).run()
    # About you: 30 people. Sex: 20 female, 7 male, 3 prefer not. Disability: 10/10/10, none blank,
    # so hiding only "Not answered" (0) would not be enough: one of the tens goes too.
    for i in range(30):
        await AboutYou.insert(AboutYou(
            consultation=c["id"], submitted_month=NOW.date().replace(day=1),
            sex="female" if i < 20 else ("male" if i < 27 else "prefer-not"),
            disability=["yes", "no", "prefer-not"][i % 3])).run()
    return {"consultation": c}


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"no table {table_id}"
    return match.group(0)


def _row(table_html: str, header: str) -> list[str]:
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S):
        th = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if th and re.sub(r"<[^>]+>", "", th.group(1)).strip() == header:
            return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", td)).strip()
                    for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    raise AssertionError(f"no row {header!r}")


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


async def test_priority_review_numbers_match_the_data_everywhere(client):
    await seed()
    await sign_in(client, "executive")
    page = await client.get("/officer/summaries/priorities")
    assert page.status_code == 200
    html = page.text
    themes = _table(html, "table-themes-serious-violence-exploitation")
    row = _row(themes, "Serious violence")
    # 12 reviewed + 1 unreviewed + ORIGINAL + FORMULA = 15 this period (the flagged one is not counted); 3 before.
    assert row[0] == "15" and row[1] == "3"
    assert "8 negative" not in row[3] and "10 negative, 3 neutral, 2 positive" in row[3]
    assert row[5].startswith("Castle (8)")
    assert _row(_table(html, "table-cross-cutting"), "Mental Health")[0] == "1"  # the officer's addition
    assert _row(_table(html, "table-themes-community-cohesion"), "Hate Crime")[0] == "0"  # rejected

    exported = _csv((await client.get("/officer/summaries/priorities.csv?table=themes")).text)
    sv = next(r for r in exported if r[2] == "Serious violence")
    assert sv[3:5] == ["15", "3"]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO((await client.get("/officer/summaries/priorities.xlsx")).content))
    sheet = wb["Delivery themes"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert any(r[2] == "Serious violence" and r[3] == 15 and r[4] == 3 for r in values)

    api = (await client.get("/api/summaries/priorities")).json()
    p = next(p for p in api["priorities"] if p["slug"] == "serious-violence-exploitation")
    t = next(t for t in p["themes"] if t["slug"] == "serious-violence")
    assert (t["voices"], t["previous"], t["sentiment"]["negative"]) == (15, 3, 10)


async def test_emerging_issues_find_what_no_theme_covers(client):
    await seed()
    await sign_in(client, "officer")
    html = (await client.get("/officer/summaries/emerging")).text
    table = _table(html, "table-emerging")
    row = _row(table, "scooters")
    assert row[1] == "4" and row[3] == "3"  # four voices, three wards
    assert "Scooters on the pavement" in html
    api = (await client.get("/api/summaries/emerging")).json()
    issue = next(i for i in api["issues"] if i["issue"] == "scooters")
    assert issue["voices"] == 4 and issue["wards"] == 3 and len(issue["examples"]) == 3


async def test_consultation_summary_counts_and_suppression_everywhere(client):
    data = await seed()
    cid = data["consultation"]["id"]
    await sign_in(client, "executive")
    html = (await client.get(f"/officer/summaries/consultations/{cid}")).text
    assert 'id="stat-responses">25<' in html
    question = re.search(r'<table[^>]*id="table-question-\d+".*?</table>', html, re.S).group(0)
    assert _row(question, "Agree")[:2] == ["15", "60%"]
    assert _row(question, "Disagree")[0] == "7"
    assert _row(question, "Don&#39;t know")[0] == "0"  # shown, not hidden
    assert _row(question, "Not answered")[:2] == ["3", "12%"]
    assert _row(_table(html, "table-channels"), "Paper form")[0] == "5"

    sex = _table(html, "table-equality-sex")
    assert _row(sex, "Female")[0] == "20"
    assert _row(sex, "Male")[0] == "fewer than 10" and _row(sex, "Prefer not to say")[0] == "fewer than 10"
    disability = _table(html, "table-equality-disability")
    # "Not answered" (0) is under 10; one of the tens is hidden only to protect it, and says so.
    assert disability.count("fewer than 10") == 1 and disability.count("[c]") == 1
    assert _row(_table(html, "table-wards"), "Castle")[0] == "12"
    assert _row(_table(html, "table-wards"), "Fosse")[0] == "fewer than 10"

    rows = _csv((await client.get(f"/officer/summaries/consultations/{cid}/export.csv?table=who-we-heard-from")).text)
    male = next(r for r in rows if r[1] == "Male")
    assert male[2] == "fewer than 10"
    assert [r[2] for r in rows if r[0].startswith("Do you have") and not r[2].isdigit()] == ["[c]", "fewer than 10"]
    assert any("[c] hidden to stop a smaller number being worked out" in r[0] for r in rows)  # the footnote
    assert "7" not in [r[2] for r in rows if r[1] == "Male"]

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO((await client.get(f"/officer/summaries/consultations/{cid}/export.xlsx")).content))
    cells = [[c.value for c in r] for r in wb["Who we heard from"].iter_rows()]
    assert ["What is your sex?", "Male", "fewer than 10"] == [cells[i][:3] for i in range(len(cells))
                                                               if cells[i][1] == "Male"][0]
    questions = [[c.value for c in r] for r in wb["Closed questions"].iter_rows()]
    assert any(r[1] == "Agree" and r[2] == 15 for r in questions)

    api = (await client.get(f"/api/summaries/consultations/{cid}")).json()
    sex_api = next(q for q in api["who_we_heard_from"] if q["field"] == "sex")
    male_api = next(a for a in sex_api["answers"] if a["answer"] == "Male")
    assert male_api["people"] == {"value": None, "suppressed": True, "display": "fewer than 10"}
    assert api["responses"] == 25


async def test_flagged_unreviewed_and_original_text_never_leave(client):
    data = await seed()
    cid = data["consultation"]["id"]
    await sign_in(client, "executive")
    paths = ["/officer/summaries/priorities", "/officer/summaries/emerging", "/officer/summaries/report",
             f"/officer/summaries/consultations/{cid}", "/officer/summaries/voices.csv",
             "/officer/summaries/priorities.csv?table=quotes", "/api/summaries/priorities", "/api/summaries/emerging",
             "/api/summaries/voices?limit=1000", f"/api/summaries/consultations/{cid}"]
    for path in paths:
        body = (await client.get(path)).text
        for secret in ("FLAGGEDSECRET", "UNREVIEWEDWORDS", "ORIGINALNAME", "Jane Doe"):
            assert secret not in body, (path, secret)
    from openpyxl import load_workbook

    for path in ("/officer/summaries/voices.xlsx", "/officer/summaries/priorities.xlsx", "/officer/summaries/report.xlsx"):
        wb = load_workbook(io.BytesIO((await client.get(path)).content))
        text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
        for secret in ("FLAGGEDSECRET", "UNREVIEWEDWORDS", "ORIGINALNAME"):
            assert secret not in text, (path, secret)
    voices = _csv((await client.get("/officer/summaries/voices.csv")).text)
    assert any("[name] saw knives" in r[-1] for r in voices)
    formula = [r for r in voices if "HYPERLINK" in r[-1]]
    assert formula and formula[0][-1].startswith("'=")  # neutralised
    wb = load_workbook(io.BytesIO((await client.get("/officer/summaries/voices.xlsx")).content))
    cell = next(c for row in wb["Voices"].iter_rows() for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and str(cell.value).startswith("'=")


async def test_executive_reads_but_changes_nothing_and_residents_sign_in(client):
    await seed()
    anonymous = await client.get("/officer/summaries/priorities")
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]
    assert (await client.get("/api/summaries/priorities")).status_code == 401
    await sign_in(client, "executive")
    for path in ("/officer/summaries", "/officer/summaries/priorities", "/officer/summaries/emerging",
                 "/officer/summaries/follow-up", "/officer/summaries/report"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "style=" not in response.text  # the CSP forbids inline styles
        assert "<script>" not in response.text
    from tests.support import post_form

    assert (await post_form(client, "/officer/summaries/priorities", {})).status_code in (403, 405)
    assert (await post_form(client, "/officer/consultations/new", {"title": "x"})).status_code == 403


async def test_filters_htmx_fragment_and_shareable_address(client):
    await seed()
    await sign_in(client, "officer")
    url = "/officer/summaries/priorities?ward=abbey&channel=online"
    full = await client.get(url)
    assert 'name="ward"' in full.text and 'value="abbey" selected' in full.text
    themes = _table(full.text, "table-themes-serious-violence-exploitation")
    assert _row(themes, "Serious violence")[0] == "7"  # the abbey ones: 5 + ORIGINAL + FORMULA
    fragment = await client.get(url, headers={"HX-Request": "true", "HX-Target": "summary-results"})
    assert "<html" not in fragment.text and "table-themes-serious-violence-exploitation" in fragment.text
    assert "HX-Request" in fragment.headers.get("vary", "")
    bad = await client.get("/officer/summaries/priorities?from=not-a-date")
    assert bad.status_code == 200 and "Enter the start date as a real date" in bad.text
    assert 'hx-push-url="true"' in full.text and 'method="get"' in full.text
    # The same filters through the API.
    api = (await client.get("/api/summaries/priorities?ward=abbey&channel=online")).json()
    assert api["total"]["voices"] == 8  # those 7 and one of the scooter voices


async def test_published_results_on_the_residents_page_are_suppressed_and_quote_only_reviewed_text(client):
    from engage.voices.tables import MachineTag, Voice
    from surveys.consultations import change_status, get

    c = (await seed())["consultation"]
    closed = await client.get(f"/consultations/{c['slug']}")
    assert closed.status_code == 200 and "results-question" not in closed.text
    ids = await _entry_ids()
    comments = [(f"REVIEWEDQUOTE {i} knives near the park", True, False) for i in range(12)]
    comments += [(UNREVIEWED, False, False), (FLAGGED, False, True)]
    for i, (text, reviewed, flagged) in enumerate(comments):
        rows = await Voice.insert(Voice(
            source="answer", source_id=1000 + i, source_key=f"answer:{1000 + i}", channel="online", ward="castle",
            occurred_at=NOW, text=text, redacted=text, sentiment="negative", polarity=-0.5, key_phrases=[],
            safeguarding=flagged, safeguarding_status="open" if flagged else "",
            reviewed_at=NOW if reviewed else None, analysed_at=NOW, created_at=NOW,
            consultation_id=c["id"])).returning(Voice.id).run()
        await MachineTag.insert(MachineTag(voice=rows[0]["id"], entry=ids["serious-violence"], confidence=0.9)).run()
    _, refused = await change_status(await get(c["id"]), "publish")
    assert refused is None

    html = (await client.get(f"/consultations/{c['slug']}")).text

    agree = _table(html, "results-question-1")
    assert _row(agree, "Agree") == ["15", "60%"]
    # 7 and 3 are under 10; so is every empty point of the scale.
    assert _row(agree, "Disagree") == ["fewer than 10", ""]
    assert _row(agree, "Not answered") == ["fewer than 10", ""]
    assert _row(agree, "Strongly agree") == ["fewer than 10", ""]
    wards = _table(html, "results-question-3")
    assert _row(wards, "Castle") == ["12", "48%"] and _row(wards, "Abbey") == ["13", "52%"]
    # 12 reviewed and 1 unreviewed comment are counted; the flagged one is not.
    assert _row(_table(html, "results-themes-table"), "Serious violence") == ["13"]
    assert "REVIEWEDQUOTE" in html
    assert "UNREVIEWEDWORDS" not in html and "FLAGGEDSECRET" not in html
    assert "Female" not in html  # equality answers stay on officer pages

    # An officer flags a quoted comment after publication: it leaves the public page at once.
    quoted = re.findall(r"REVIEWEDQUOTE \d+", html)
    assert quoted
    await Voice.update({Voice.safeguarding: True, Voice.safeguarding_status: "open"}).where(
        Voice.text.like(f"{quoted[0]} %")).run()
    again = (await client.get(f"/consultations/{c['slug']}")).text
    assert f"{quoted[0]} " not in again
    assert _row(_table(again, "results-themes-table"), "Serious violence") == ["12"]


async def test_the_report_downloads_as_a_word_document_holding_the_page_numbers_and_only_safe_text(client):
    from docx import Document

    await seed()
    await sign_in(client, "executive")
    response = await client.get("/officer/summaries/report.docx")
    assert response.status_code == 200
    assert "wordprocessingml" in response.headers["content-type"]
    assert 'filename="priority-review-report.docx"' in response.headers["content-disposition"]

    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:2] == ["Priority review", "Overview"]
    assert "2. Serious Violence & Exploitation" in headings  # one page per priority
    assert all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in doc.tables)  # header rows marked
    rows = [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
    serious = next(r for r in rows if r[0] == "Serious violence")
    assert serious[1:3] == ["15", "3"]  # as on the page: 15 this period, 3 before
    text = " ".join(p.text for p in doc.paragraphs) + " ".join(" ".join(r) for r in rows)
    assert "Young people carry knives near the park" in text  # a reviewed quote, as on the page
    for secret in ("FLAGGEDSECRET", "UNREVIEWEDWORDS", "ORIGINALNAME", "Jane Doe"):
        assert secret not in text, secret


async def test_a_count_hidden_only_to_protect_another_reads_c_never_fewer_than_10(client):
    """Issue 12, item 1: the published page said "fewer than 10" for answers given by 26, 38 and 35
    people, and "Who we heard from" said "Male: fewer than 10" of 66 men. A cell hidden only so that
    a small one cannot be worked out from the total is "[c]", with a footnote, on every page,
    export and API answer; cells under 10 still read "fewer than 10"."""
    from surveys.consultations import change_status, get
    from surveys.tables import AboutYou, Answer, Response
    from tests.support import make_consultation

    c, (q,) = await make_consultation("secondary", status="closed", kinds=["yes_no"])
    answers = ["yes"] * 26 + ["no"] * 38 + ["dont-know"] * 35 + [None] * 4
    rows = await Response.insert(*[Response(consultation=c["id"], receipt_hash=f"h{i}", submission_key=f"s:{i}",
                                            channel="online", submitted_at=NOW - dt.timedelta(days=2))
                                   for i in range(len(answers))]).returning(Response.id).run()
    await Answer.insert(*[Answer(response=r["id"], question=q["id"], choice=a)
                          for r, a in zip(rows, answers) if a]).run()
    sexes = ["female"] * 90 + ["male"] * 66 + ["prefer-not"] * 4 + [None] * 70
    await AboutYou.insert(*[AboutYou(consultation=c["id"], submitted_month=NOW.date().replace(day=1), sex=s)
                            for s in sexes]).run()

    await sign_in(client, "executive")
    html = (await client.get(f"/officer/summaries/consultations/{c['id']}")).text
    sex = _table(html, "table-equality-sex")
    assert _row(sex, "Male")[0] == "[c]" and _row(sex, "Prefer not to say")[0] == "fewer than 10"
    assert _row(sex, "Female")[0] == "90" and _row(sex, "Not answered")[0] == "70"
    assert "[c]: hidden to stop a smaller number being worked out" in html
    rows_csv = _csv((await client.get(f"/officer/summaries/consultations/{c['id']}/export.csv"
                                      "?table=who-we-heard-from")).text)
    assert next(r for r in rows_csv if r[1] == "Male")[2] == "[c]"
    api = (await client.get(f"/api/summaries/consultations/{c['id']}")).json()
    male = next(a for q_ in api["who_we_heard_from"] if q_["field"] == "sex" for a in q_["answers"]
                if a["answer"] == "Male")
    assert male["people"] == {"value": None, "suppressed": True, "display": "[c]"}
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO((await client.get(f"/officer/summaries/consultations/{c['id']}/export.xlsx")).content))
    sheet = [[v.value for v in r] for r in wb["Who we heard from"].iter_rows()]
    assert [r[2] for r in sheet if r[1] == "Male"] == ["[c]"]

    _, refused = await change_status(await get(c["id"]), "publish")
    assert refused is None
    public = (await client.get(f"/consultations/{c['slug']}")).text
    table = _table(public, "results-question-1")
    assert _row(table, "Yes") == ["[c]", ""]  # 26 people: hidden to protect the 4, and never "fewer than 10"
    assert _row(table, "No") == ["38", "37%"] and _row(table, "Don&#39;t know") == ["35", "34%"]
    assert _row(table, "Not answered") == ["fewer than 10", ""]
    assert 'id="results-secondary-note"' in public and "It is not itself a small number" in public


BAD_PERIODS = {"to=9999-12-31": "end date between", "from=0001-01-01": "start date between",
               "from=garbage": "start date as a real date", "from=2024-05-01&to=2024-04-01": "on or before the end date",
               "to=31/02/2024": "end date as a real date", "to=22026-12-31": "end date as a real date"}


async def test_an_invalid_period_gets_a_clear_error_never_a_500(client):
    """Issue 12, item 4: `?to=9999-12-31` gave a 500 on the priority review, the report, the Word
    report and the API. Pages show the problem in their error summary (and the default period);
    downloads and the API refuse with 400 and say what is wrong."""
    c = (await seed())["consultation"]
    await sign_in(client, "executive")
    pages = ["/officer/summaries/priorities", "/officer/summaries/report", "/officer/summaries/emerging",
             "/officer/summaries/follow-up", f"/officer/summaries/consultations/{c['id']}"]
    downloads = ["/officer/summaries/report.docx", "/officer/summaries/report.xlsx", "/officer/summaries/priorities.csv",
                 "/officer/summaries/priorities.xlsx", "/officer/summaries/voices.csv", "/officer/summaries/voices.xlsx",
                 f"/officer/summaries/consultations/{c['id']}/export.csv"]
    api = ["/api/summaries/priorities", "/api/summaries/emerging", "/api/summaries/follow-up",
           f"/api/summaries/consultations/{c['id']}", "/api/summaries/voices"]
    for query, message in BAD_PERIODS.items():
        for path in pages:
            page = await client.get(f"{path}?{query}")
            assert page.status_code == 200, (path, query, page.status_code)
            assert "govuk-error-summary" in page.text and message in page.text, (path, query)
        for path in downloads:
            got = await client.get(f"{path}?{query}")
            assert got.status_code == 400 and message in got.text, (path, query, got.status_code)
        for path in api:
            got = await client.get(f"{path}?{query}")
            assert got.status_code == 400, (path, query, got.status_code)
            assert message in got.json()["detail"], (path, query)
    assert (await client.get("/api/summaries/priorities?from=2024-01-01&to=2024-12-31")).status_code == 200


async def test_a_consultation_opening_on_the_first_day_of_year_one_still_has_a_summary(client):
    from surveys.tables import Consultation

    c = (await seed())["consultation"]
    await Consultation.update({Consultation.opens_at: dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)}).where(
        Consultation.id == c["id"]).run()
    await sign_in(client, "executive")
    page = await client.get(f"/officer/summaries/consultations/{c['id']}")
    assert page.status_code == 200 and 'id="stat-responses">25<' in page.text
    assert (await client.get(f"/api/summaries/consultations/{c['id']}")).status_code == 200
    link = re.search(r'href="(/officer/summaries/voices\.csv\?[^"]+)"', page.text).group(1).replace("&amp;", "&")
    assert (await client.get(link)).status_code == 200  # its comments download works too
