"""The number, date and ranking kinds (issue 17): built in the builder with their settings,
answered rightly and wrongly through the residents' form and the JSON API, stored, and shown in
the results, the published results and the responses export."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from tests.support import error_summary_links as links_in_html, make_consultation, post_form, sign_in


def error_summary_links(html_text: str) -> list[tuple[str, str]]:
    return [(href, html.unescape(text)) for href, text in links_in_html(html_text)]


async def post(client, url: str, data=None, **kwargs):
    return await post_form(client, url, data or {}, follow_redirects=False, **kwargs)


def kinds_of(questions: list[dict]) -> dict[str, dict]:
    return {q["kind"]: q for q in questions}


def option_id(question: dict, label: str) -> str:
    return next(o["id"] for o in question["options"] if o["label"] == label)


async def stored(question_id: int) -> list[tuple]:
    from surveys.tables import Answer

    rows = await Answer.select(Answer.choice, Answer.number, Answer.text).where(
        Answer.question == question_id).order_by(Answer.id).run()
    return [(r["choice"], r["number"], r["text"]) for r in rows]


async def response_count() -> int:
    from surveys.tables import Response

    return await Response.count()


async def empty(slug: str, status: str = "draft") -> dict:
    from surveys.consultations import get
    from surveys.tables import Consultation

    rows = await Consultation.insert(Consultation(slug=slug, title=f"Consultation {slug}", status=status)).returning(
        Consultation.id).run()
    return await get(rows[0]["id"])


# The builder ---------------------------------------------------------------------------------


async def test_an_officer_builds_number_date_and_ranking_questions_with_their_settings(client):
    await sign_in(client, "officer")
    c = await empty("build-kinds")
    base = f"/officer/consultations/{c['id']}/questions/new"
    choose = await client.get(base)
    for label in ("Number", "Date", "Ranking"):
        assert label in choose.text
    page = await client.get(f"{base}?kind=number")
    for field in ("number_min", "number_max", "number_prefix", "number_suffix", "number_whole"):
        assert f'name="{field}"' in page.text
    page = await client.get(f"{base}?kind=date")
    for field in ("date_when", "date_min-day", "date_min-month", "date_min-year", "date_max-year"):
        assert f'name="{field}"' in page.text
    page = await client.get(f"{base}?kind=ranking")
    assert 'name="rank_top"' in page.text and 'name="allow_other"' not in page.text

    answers = [
        {"kind": "number", "text": "How much do you spend?", "required": "yes", "number_min": "0",
         "number_max": "1,000", "number_prefix": "£", "number_whole": "no"},
        {"kind": "date", "text": "When did it happen?", "required": "no", "date_when": "not_future",
         "date_min-day": "1", "date_min-month": "1", "date_min-year": "2020"},
        {"kind": "ranking", "text": "Rank these", "required": "yes", "new_options": "Alpha\nBravo\nCharlie\nDelta",
         "rank_top": "2", "allow_other": "yes"},
    ]
    for data in answers:
        response = await post(client, base, data)
        assert response.status_code == 303, response.text[:3000]
    from surveys.builder import questions_for

    k = kinds_of(await questions_for(c["id"]))
    assert k["number"]["settings"] == {"min": "0", "max": "1000", "prefix": "£", "suffix": "", "decimals": 2}
    assert k["date"]["settings"] == {"when": "not_future", "min": "2020-01-01", "max": None}
    assert k["ranking"]["settings"] == {"top": 2}
    assert k["ranking"]["allow_other"] is False  # a ranking has no "Other"
    assert [o["label"] for o in k["ranking"]["options"]] == ["Alpha", "Bravo", "Charlie", "Delta"]

    # Editing shows the saved settings again.
    edit = await client.get(f"/officer/consultations/{c['id']}/questions/{k['date']['id']}/edit")
    assert re.search(r'name="date_min-year"[^>]*value="2020"', edit.text)
    edit = await client.get(f"/officer/consultations/{c['id']}/questions/{k['number']['id']}/edit")
    assert re.search(r'name="number_max"[^>]*value="1000"', edit.text)
    assert re.search(r'name="number_whole" type="radio" value="no" checked', edit.text)

    preview = await client.get(f"/officer/consultations/{c['id']}/preview")
    q = k["number"]["id"]
    assert f'id="q{q}" name="q{q}"' in preview.text and 'inputmode="decimal"' in preview.text
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in preview.text
    d = k["date"]["id"]
    for part in ("day", "month", "year"):
        assert f'name="q{d}-{part}"' in preview.text
    r = k["ranking"]
    assert f'name="q{r["id"]}-{option_id(r, "Delta")}"' in preview.text
    assert "Choose your top 2" in preview.text


@pytest.mark.parametrize("kind, data, field, message", [
    ("number", {"number_min": "ten"}, "number_min", "Lowest number must be a number, like 0"),
    ("number", {"number_min": "10", "number_max": "5"}, "number_max",
     "Highest number must be the same as or more than the lowest number"),
    ("number", {"number_max": "2.5"}, "number_max", "Highest number must be a whole number, as the answers must be"),
    ("date", {"date_min-day": "31", "date_min-month": "2", "date_min-year": "2025"}, "date_min",
     "Earliest date must be a real date"),
    ("date", {"date_max-day": "1", "date_max-month": "2"}, "date_max", "Latest date must include a year"),
    ("ranking", {"rank_top": "9"}, "rank_top",
     "How many to rank must be a whole number from 1 to 3, or leave it blank to rank them all"),
])
async def test_settings_with_mistakes_are_refused_with_a_link_to_the_field(client, kind, data, field, message):
    await sign_in(client, "officer")
    c = await empty("bad-settings")
    form = {"kind": kind, "text": "A question", "required": "no", "new_options": "A\nB\nC", **data}
    response = await post(client, f"/officer/consultations/{c['id']}/questions/new", form)
    assert response.status_code == 400
    assert (f"#{field}", message) in error_summary_links(response.text)
    assert f'id="{field}"' in response.text  # the link lands on the field
    from surveys.builder import questions_for

    assert await questions_for(c["id"]) == []


# Answering through the residents' form --------------------------------------------------------


async def test_good_answers_to_each_new_kind_are_stored(client):
    c, qs = await make_consultation(slug="answer-kinds", kinds=["number", "date", "ranking"], required=True)
    k = kinds_of(qs)
    number, date, ranking = k["number"]["id"], k["date"]["id"], k["ranking"]
    knife, drugs, asb = (option_id(ranking, label) for label in ("Knife crime", "Drugs", "Anti-social behaviour"))
    form = await client.get(f"/consultations/{c['slug']}/respond")
    assert form.status_code == 200 and 'inputmode="numeric"' in form.text and "years" in form.text
    response = await post(client, f"/consultations/{c['slug']}/respond", {
        f"q{number}": " 1,0 years", f"q{date}-day": "3", f"q{date}-month": "Feb", f"q{date}-year": "2024",
        f"q{ranking['id']}-{knife}": "2", f"q{ranking['id']}-{drugs}": "3", f"q{ranking['id']}-{asb}": "1"})
    assert response.status_code == 303, response.text[:3000]
    assert await stored(number) == [(None, 10, None)]
    assert await stored(date) == [(None, None, "2024-02-03")]
    assert await stored(ranking["id"]) == [(asb, 1, None), (knife, 2, None), (drugs, 3, None)]


WRONG = [
    # number: 0 to 120 years, whole numbers
    ("number", {"": ""}, "Enter a number for 'How many years have you lived here?'"),
    ("number", {"": "lots"}, "Your answer to 'How many years have you lived here?' must be a number, like 12"),
    ("number", {"": "2.5"}, "Your answer to 'How many years have you lived here?' must be a whole number"),
    ("number", {"": "-1"}, "Your answer to 'How many years have you lived here?' must be between 0 and 120"),
    # date: today or in the past
    ("date", {}, "Enter a date for 'When did it happen?'"),
    ("date", {"-day": "3", "-year": "2024"}, "Your answer to 'When did it happen?' must include a month"),
    ("date", {"-day": "31122026"}, "Your answer to 'When did it happen?' must include a month and year"),
    ("date", {"-day": "31", "-month": "12", "-year": "22026"},
     "Your answer to 'When did it happen?' must include a year with 4 numbers, like 2026"),
    ("date", {"-day": "30", "-month": "2", "-year": "2024"}, "Your answer to 'When did it happen?' must be a real date"),
    ("date", {"-day": "1", "-month": "1", "-year": "2999"},
     "Your answer to 'When did it happen?' must be today or in the past"),
    # ranking: all three
    ("ranking", {}, "Rank the answers to 'Rank these priorities'"),
    ("ranking", {0: "1", 1: "1", 2: "2"}, "Give position 1 to only one answer for 'Rank these priorities'"),
    ("ranking", {0: "1", 1: "2"},
     "Give every answer a position for 'Rank these priorities' (position 3 is not used)"),
    ("ranking", {0: "1", 1: "2", 2: "7"}, "Select a position from the list for each answer to 'Rank these priorities'"),
]


@pytest.mark.parametrize("kind, fields, message", WRONG)
async def test_wrong_answers_are_refused_with_the_answers_kept(client, kind, fields, message):
    c, qs = await make_consultation(slug="wrong-kinds", kinds=[kind], required=True)
    q = qs[0]
    name = f"q{q['id']}"
    if kind == "ranking":
        ids = [o["id"] for o in q["options"]]
        data = {f"{name}-{ids[i]}": v for i, v in fields.items()}
    else:
        data = {name + suffix: v for suffix, v in fields.items()}
    response = await post(client, f"/consultations/{c['slug']}/respond", data)
    assert response.status_code == 400
    assert error_summary_links(response.text) == [(f"#{name}", message)]
    assert f'id="{name}"' in response.text  # the summary's link has a field to land on
    assert await response_count() == 0
    for field, value in data.items():
        if kind == "ranking":
            assert re.search(rf'name="{field}"[^>]*>.*?<option value="{value}" selected', response.text, re.S) or \
                value not in {"1", "2", "3"}
        else:
            assert re.search(rf'name="{field}"[^>]*value="{re.escape(value)}"', response.text), field


async def test_optional_questions_left_blank_store_nothing(client):
    c, qs = await make_consultation(slug="blank-kinds", kinds=["number", "date", "ranking"])
    response = await post(client, f"/consultations/{c['slug']}/respond", {})
    assert response.status_code == 303
    for q in qs:
        assert await stored(q["id"]) == []


async def test_decimals_are_kept_exactly_as_hundredths(client):
    from surveys import builder

    c = await empty("decimals", "open")
    q = await builder.add_question(c["id"], builder.QuestionForm(
        kind="number", text="Spend", settings={"number_whole": "no", "number_prefix": "£"}), has_responses=False)
    response = await post(client, f"/consultations/{c['slug']}/respond", {f"q{q['id']}": "£1,234.5"})
    assert response.status_code == 303
    assert await stored(q["id"]) == [(None, 123450, None)]
    bad = await post(client, f"/consultations/{c['slug']}/respond", {f"q{q['id']}": "0.125"})
    assert error_summary_links(bad.text) == [(f"#q{q['id']}", "Your answer to 'Spend' can have up to 2 decimal places")]


async def test_a_top_three_ranking_takes_three_positions_only(client):
    from surveys import builder

    c = await empty("top-two", "open")
    q = await builder.add_question(c["id"], builder.QuestionForm(
        kind="ranking", text="Top two", new_options="A\nB\nC\nD", settings={"rank_top": "2"}), has_responses=False)
    a, b, _c, d = (o["id"] for o in q["options"])
    name = f"q{q['id']}"
    form = await client.get(f"/consultations/{c['slug']}/respond")
    assert '<option value="3"' not in form.text  # only positions 1 and 2
    bad = await post(client, f"/consultations/{c['slug']}/respond", {f"{name}-{a}": "1"})
    assert error_summary_links(bad.text) == [(f"#{name}", "Rank your top 2 for 'Top two' (position 2 is not used)")]
    good = await post(client, f"/consultations/{c['slug']}/respond", {f"{name}-{d}": "1", f"{name}-{b}": "2"})
    assert good.status_code == 303
    assert await stored(q["id"]) == [(d, 1, None), (b, 2, None)]


# The JSON API --------------------------------------------------------------------------------


async def test_the_api_describes_and_takes_the_new_kinds(client):
    c, qs = await make_consultation(slug="api-kinds", kinds=["number", "date", "ranking"], required=True)
    k = kinds_of(qs)
    detail = (await client.get(f"/api/consultations/{c['slug']}")).json()
    shown = {q["kind"]: q for q in detail["questions"]}
    assert shown["number"]["settings"] == {"min": "0", "max": "120", "suffix": "years", "decimals": 0}
    assert shown["date"]["settings"] == {"when": "not_future"}
    assert [o["label"] for o in shown["ranking"]["options"]] == ["Knife crime", "Drugs", "Anti-social behaviour"]
    ranking = k["ranking"]
    knife, drugs, asb = (o["id"] for o in ranking["options"])
    url = f"/api/consultations/{c['slug']}/responses"
    bad = await client.post(url, json={"answers": {str(k["number"]["id"]): 121, str(k["date"]["id"]): "2024-02-30",
                                                   str(ranking["id"]): [knife, knife, drugs]}})
    assert bad.status_code == 422
    assert bad.json()["errors"] == {
        str(k["number"]["id"]): "Your answer to 'How many years have you lived here?' must be between 0 and 120",
        str(k["date"]["id"]): "Your answer to 'When did it happen?' must be a real date",
        str(ranking["id"]): "Rank only answers from the list for 'Rank these priorities', each once"}
    good = await client.post(url, json={"answers": {str(k["number"]["id"]): "12", str(k["date"]["id"]): "2024-02-29",
                                                    str(ranking["id"]): [drugs, asb, knife]}})
    assert good.status_code == 201, good.text
    assert await stored(k["number"]["id"]) == [(None, 12, None)]
    assert await stored(k["date"]["id"]) == [(None, None, "2024-02-29")]
    assert await stored(ranking["id"]) == [(drugs, 1, None), (asb, 2, None), (knife, 3, None)]
    schema = (await client.get("/schema/openapi.json")).json()
    assert "QuestionSettings" in str(schema["components"]["schemas"].keys())


# Results, published results and the export ----------------------------------------------------


async def answer_many(client, c: dict, k: dict) -> None:
    ranking = k["ranking"]
    knife, drugs, asb = (o["id"] for o in ranking["options"])
    orders = [[knife, drugs, asb]] * 7 + [[drugs, knife, asb]] * 4  # knife first 7 times, drugs 4
    for i, order in enumerate(orders):
        response = await client.post(f"/api/consultations/{c['slug']}/responses", json={"answers": {
            str(k["number"]["id"]): i * 2, str(k["date"]["id"]): f"2024-0{1 + i % 2}-15",
            str(ranking["id"]): order}})
        assert response.status_code == 201, response.text


async def test_results_show_median_months_and_average_rank(client):
    c, qs = await make_consultation(slug="results-kinds", kinds=["number", "date", "ranking"])
    k = kinds_of(qs)
    await answer_many(client, c, k)
    await sign_in(client, "officer")
    page = await client.get(f"/officer/summaries/consultations/{c['id']}")
    assert page.status_code == 200
    number_table = re.search(rf'id="table-question-{k["number"]["id"]}".*?</table>', page.text, re.S).group(0)
    cells = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*<td[^>]*>(.*?)</td>', number_table)
    assert cells[:4] == [("Answered", "11"), ("Median", "10 years"), ("Lowest", "0 years"), ("Highest", "20 years")]
    date_table = re.search(rf'id="table-question-{k["date"]["id"]}".*?</table>', page.text, re.S).group(0)
    assert re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>', date_table)[:2] == [
        "January 2024", "February 2024"]
    rank_table = re.search(rf'id="table-question-{k["ranking"]["id"]}".*?</table>', page.text, re.S).group(0)
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*'
                      r'<td[^>]*>(.*?)</td>', rank_table)
    # Ordered by average rank: knife crime 1 x7 and 2 x4 = 1.4; drugs 1.6; anti-social behaviour 3.0.
    assert rows[:3] == [("Knife crime", "1.4", "7"), ("Drugs", "1.6", "4"), ("Anti-social behaviour", "3.0", "0")]
    # The downloads are drawn from the same tables: the same figures, the question in a column.
    for key, expected in (("figures", ["Q1. How many years have you lived here?", "Median", "10 years"]),
                          ("rankings", ["Q3. Rank these priorities", "Knife crime", "1.4", "7", "64%"])):
        download = await client.get(f"/officer/summaries/consultations/{c['id']}/export.csv?table={key}")
        assert expected in list(csv.reader(io.StringIO(download.text))), download.text

    api = (await client.get(f"/api/summaries/consultations/{c['id']}")).json()
    shown = {q["kind"]: q for q in api["questions"]}
    assert shown["number"]["figures"] == {"Answered": "11", "Median": "10 years", "Lowest": "0 years",
                                          "Highest": "20 years"}
    assert [(o["label"], o["average_position"], o["count"]) for o in shown["ranking"]["options"][:3]] == [
        ("Knife crime", "1.4", 7), ("Drugs", "1.6", 4), ("Anti-social behaviour", "3.0", 0)]

    export = await client.get(f"/api/consultations/{c['slug']}/responses.csv")
    table = list(csv.reader(io.StringIO(export.text)))
    assert table[1][3:] == ["0", "2024-01-15", "1. Knife crime; 2. Drugs; 3. Anti-social behaviour"]
    workbook = await client.get(f"/officer/summaries/consultations/{c['id']}/export.xlsx")
    assert workbook.status_code == 200
    from openpyxl import load_workbook

    cells = [[cell.value for cell in row] for sheet in load_workbook(io.BytesIO(workbook.content))
             for row in sheet.iter_rows()]
    question = "Q1. How many years have you lived here?"
    assert [question, "Median", "10 years"] in cells
    assert ["Q3. Rank these priorities", "Knife crime", "1.4", 7, "64%"] in cells


async def test_published_results_suppress_small_counts_of_the_new_kinds(client):
    from surveys.consultations import change_status, get
    from surveys.tables import Consultation

    c, qs = await make_consultation(slug="published-kinds", kinds=["number", "date", "ranking"])
    k = kinds_of(qs)
    await answer_many(client, c, k)
    await Consultation.update({Consultation.status: "closed"}).where(Consultation.id == c["id"]).run()
    _, refused = await change_status(await get(c["id"]), "publish")
    assert refused is None
    page = await client.get(f"/consultations/{c['slug']}")
    assert page.status_code == 200
    html = page.text
    assert "How many years have you lived here?" in html and "Median" in html and "10 years" in html
    ranking = re.search(r'Rank these priorities.*?</table>', html, re.S).group(0)
    # 7 and 4 first choices are under 10: not shown as numbers; the order by average rank is.
    assert "fewer than 10" in ranking and ">7<" not in ranking
    assert ranking.index("Knife crime") < ranking.index("Drugs") < ranking.index("Anti-social behaviour")
    date = re.search(r'When did it happen\?.*?</table>', html, re.S).group(0)
    assert "January 2024" in date and ">6<" not in date and ">5<" not in date


# Paper, duplication, translation, edits once answered ------------------------------------------


async def test_the_printed_form_and_paper_entry_take_the_new_kinds(client):
    from tests.support import SECRET_KEY
    from surveys import paper

    c, qs = await make_consultation(slug="paper-kinds", kinds=["number", "date", "ranking"])
    k = kinds_of(qs)
    await sign_in(client, "officer")
    printed = await client.get(f"/officer/consultations/{c['id']}/paper/form?copies=1")
    assert printed.status_code == 200
    assert "years" in printed.text and "For example, 27 3 2026" in printed.text
    assert "Give each answer a position" in printed.text and "Anti-social behaviour" in printed.text
    code = paper.new_form_code(SECRET_KEY, c["id"])
    knife, drugs, asb = (o["id"] for o in k["ranking"]["options"])
    d, r = k["date"]["id"], k["ranking"]["id"]
    form = {"channel": "paper", "form_code": code, "received_on": "2026-01-05", f"q{k['number']['id']}": "7",
            f"q{d}-day": "1", f"q{d}-month": "12", f"q{d}-year": "2025",
            f"q{r}-{knife}": "3", f"q{r}-{drugs}": "1", f"q{r}-{asb}": "2"}
    wrong = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter", {**form, f"q{d}-year": "25"})
    assert wrong.status_code == 400
    assert (f"#q{d}", "Your answer to 'When did it happen?' must include a year with 4 numbers, like 2026") in \
        error_summary_links(wrong.text)
    sent = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter", form)
    assert sent.status_code == 303, sent.text[:2000]
    assert await stored(d) == [(None, None, "2025-12-01")]
    assert await stored(r) == [(drugs, 1, None), (asb, 2, None), (knife, 3, None)]


async def test_a_duplicate_keeps_the_settings_and_ranking_options_are_translated(client):
    from surveys.builder import questions_for
    from surveys.duplicate import duplicate
    from surveys.translations import consultation_sources

    c, qs = await make_consultation(slug="copy-kinds", kinds=["number", "date", "ranking"])
    copy = await duplicate(c, None)
    copied = await questions_for(copy["id"])
    assert [q["settings"] for q in copied] == [q["settings"] for q in qs]
    assert [q["options"] for q in copied] == [q["options"] for q in qs]
    sources = consultation_sources(c, qs)
    ranking, number = kinds_of(qs)["ranking"], kinds_of(qs)["number"]
    for option in ranking["options"]:
        assert sources[f"q{ranking['id']}.option.{option['id']}"] == option["label"]
    assert sources[f"q{number['id']}.suffix"] == "years"
    await sign_in(client, "officer")
    page = await client.get(f"/officer/consultations/{c['id']}/translations/pl")
    assert page.status_code == 200 and "Anti-social behaviour" in page.text


async def test_once_answered_a_number_keeps_its_decimals_and_a_ranking_its_length(client):
    c, qs = await make_consultation(slug="answered-kinds", kinds=["number", "ranking"])
    k = kinds_of(qs)
    r = k["ranking"]
    ids = [o["id"] for o in r["options"]]
    sent = await post(client, f"/consultations/{c['slug']}/respond", {
        f"q{k['number']['id']}": "4", **{f"q{r['id']}-{option}": str(i) for i, option in enumerate(ids, start=1)}})
    assert sent.status_code == 303
    await sign_in(client, "officer")
    base = f"/officer/consultations/{c['id']}/questions"
    number = await post(client, f"{base}/{k['number']['id']}/edit", {
        "text": "How many years have you lived here?", "required": "no", "number_whole": "no"})
    assert number.status_code == 400
    assert ("#number_whole", "Whole numbers only cannot change because people have answered this question") in \
        error_summary_links(number.text)
    ranking = await post(client, f"{base}/{r['id']}/edit", {
        "text": "Rank these priorities", "required": "no", "rank_top": "1",
        **{f"option-{o['id']}": o["label"] for o in r["options"]}})
    assert ranking.status_code == 400
    assert ("#rank_top", "How many to rank cannot change because people have answered this question") in \
        error_summary_links(ranking.text)
    # A wording fix and a wider range are fine.
    fixed = await post(client, f"{base}/{k['number']['id']}/edit", {
        "text": "How many years have you lived in Leicester?", "required": "no", "number_min": "0",
        "number_max": "150", "number_suffix": "years"})
    assert fixed.status_code == 303


# The landing page's preview -------------------------------------------------------------------


async def test_an_officer_previews_a_drafts_public_page_as_residents_will_see_it(client):
    from tests.support import make_plan

    c, _ = await make_consultation(slug="draft-landing", status="draft", kinds=["short_text", "ranking"])
    await make_plan(c["id"])
    assert (await client.get(f"/consultations/{c['slug']}")).status_code == 404  # residents: not yet
    await sign_in(client, "officer")
    show = await client.get(f"/officer/consultations/{c['id']}")
    assert f'href="/officer/consultations/{c["id"]}/preview/landing"' in show.text
    page = await client.get(f"/officer/consultations/{c['id']}/preview/landing")
    assert page.status_code == 200
    assert "<title>Preview: Consultation draft-landing" in page.text
    assert 'id="preview-title">Preview</h2>' in page.text and "No opening date is set yet" in page.text
    for shown in ("Consultation draft-landing", "A summary", "<strong>background</strong>",
                  "Decide where the new patrols go", "There are 2 questions"):
        assert shown in page.text, shown
    # Its start button opens the form's preview, never the live form.
    assert f'href="/officer/consultations/{c["id"]}/preview" role="button"' in page.text
    assert f"/consultations/{c['slug']}/respond" not in page.text
    assert (await client.get(f"/consultations/{c['slug']}")).status_code == 404  # still not public


async def test_only_officers_and_admins_preview_the_landing_page(client):
    c, _ = await make_consultation(slug="landing-roles", status="draft", kinds=["short_text"])
    url = f"/officer/consultations/{c['id']}/preview/landing"
    signed_out = await client.get(url, follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/login")
    await sign_in(client, "executive")
    assert (await client.get(url)).status_code == 403
    await client.post("/logout", follow_redirects=False)
    client.cookies.clear()
    await sign_in(client, "admin")
    assert (await client.get(url)).status_code == 200
    assert (await client.get("/officer/consultations/999999/preview/landing")).status_code == 404
