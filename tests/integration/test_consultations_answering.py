"""Answering a consultation through the public form, as a resident would: each kind of question
is checked, good answers are stored, mistakes come back with a summary and the answers kept."""

from __future__ import annotations

import asyncio
import re

from tests.support import error_summary_links, make_consultation, post_form


RECEIPT = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
SCRIPT = "<script>alert(1)</script>"


def by_kind(questions: list[dict]) -> dict[str, dict]:
    return {q["kind"]: q for q in questions}


def option_id(question: dict, label: str) -> str:
    return next(o["id"] for o in question["options"] if o["label"] == label)


async def respond(client, slug: str, data, **kwargs):
    return await post_form(client, f"/consultations/{slug}/respond", data, follow_redirects=False, **kwargs)


async def stored_answers() -> list[dict]:
    from surveys.tables import Answer

    return await Answer.select(Answer.question, Answer.choice, Answer.number, Answer.text).order_by(Answer.id).run()


async def response_count() -> int:
    from surveys.tables import Response

    return await Response.count()


def receipt_from(response) -> str:
    for header in response.headers.get_list("set-cookie"):
        match = re.match(r"engage_receipt=([^;]*)", header)
        if match:
            return match.group(1)
    raise AssertionError(f"no receipt cookie in {response.headers.get_list('set-cookie')}")


def errors_on_page(html: str) -> dict[str, str]:
    return {href.lstrip("#"): text for href, text in error_summary_links(html)}


def element_ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


# Validation of each kind -------------------------------------------------------------------


async def test_required_questions_left_blank_are_each_refused_and_nothing_is_stored(client):
    c, qs = await make_consultation(required=True)
    response = await respond(client, c["slug"], {})
    assert response.status_code == 400
    errors = errors_on_page(response.text)
    assert set(errors) == {f"q{q['id']}" for q in qs}
    k = by_kind(qs)
    assert errors[f"q{k['short_text']['id']}"] == "Enter an answer to &#39;Name one street that worries you&#39;"
    assert errors[f"q{k['single_choice']['id']}"] == "Select an answer for &#39;Pick one&#39;"
    assert errors[f"q{k['postcode']['id']}"] == "Enter a postcode for &#39;Your postcode&#39;"
    assert await response_count() == 0


async def test_optional_questions_may_all_be_left_blank(client):
    c, qs = await make_consultation(required=False)
    response = await respond(client, c["slug"], {f"q{q['id']}": "" for q in qs})
    assert response.status_code == 303
    assert await response_count() == 1
    assert await stored_answers() == []


async def test_text_longer_than_its_limit_is_refused_and_the_limit_itself_is_fine(client):
    c, qs = await make_consultation(kinds=["short_text", "long_text"])
    short, long = qs
    too_long = await respond(client, c["slug"], {f"q{short['id']}": "a" * 201, f"q{long['id']}": "b" * 101})
    assert too_long.status_code == 400
    errors = errors_on_page(too_long.text)
    assert "must be 200 characters or fewer (it is 201)" in errors[f"q{short['id']}"]
    assert "must be 100 characters or fewer (it is 101)" in errors[f"q{long['id']}"]
    assert await response_count() == 0

    at_limit = await respond(client, c["slug"], {f"q{short['id']}": "a" * 200, f"q{long['id']}": "b" * 100})
    assert at_limit.status_code == 303
    texts = {a["question"]: a["text"] for a in await stored_answers()}
    assert texts == {short["id"]: "a" * 200, long["id"]: "b" * 100}


async def test_answers_not_in_the_list_are_refused_for_every_choice_kind(client):
    c, qs = await make_consultation(kinds=["single_choice", "multiple_choice", "agree_scale", "rating", "yes_no", "ward"])
    k = by_kind(qs)
    response = await respond(client, c["slug"], {
        f"q{k['single_choice']['id']}": "made-up",
        f"q{k['multiple_choice']['id']}": [option_id(k["multiple_choice"], "Red"), "purple"],
        f"q{k['agree_scale']['id']}": "sort-of",
        f"q{k['rating']['id']}": "6",
        f"q{k['yes_no']['id']}": "maybe",
        f"q{k['ward']['id']}": "atlantis",
    })
    assert response.status_code == 400
    errors = errors_on_page(response.text)
    assert set(errors) == {f"q{q['id']}" for q in qs}
    assert all("Select an answer from the list" in message for message in errors.values())
    assert await response_count() == 0


async def test_two_answers_to_a_single_choice_question_are_refused(client):
    c, (single, scale) = await make_consultation(kinds=["single_choice", "agree_scale"])
    response = await respond(client, c["slug"], {
        f"q{single['id']}": [option_id(single, "Alpha"), option_id(single, "Bravo")],
        f"q{scale['id']}": ["agree", "disagree"],
    })
    assert response.status_code == 400
    errors = errors_on_page(response.text)
    assert errors[f"q{single['id']}"] == "Select only one answer for &#39;Pick one&#39;"
    assert errors[f"q{scale['id']}"].startswith("Select only one answer")
    assert await response_count() == 0


async def test_other_without_saying_what_is_refused(client):
    c, (single, multiple) = await make_consultation(kinds=["single_choice", "multiple_choice"])
    response = await respond(client, c["slug"], {
        f"q{single['id']}": "other", f"q{single['id']}-other": "   ",
        f"q{multiple['id']}": [option_id(multiple, "Red"), "other"],
    })
    assert response.status_code == 400
    errors = errors_on_page(response.text)
    assert errors[f"q{single['id']}"] == "Enter what &#39;Other&#39; means for &#39;Pick one&#39;"
    assert errors[f"q{multiple['id']}"] == "Enter what &#39;Other&#39; means for &#39;Pick any&#39;"
    assert await response_count() == 0


async def test_a_full_set_of_valid_answers_is_stored_one_row_per_value(client):
    c, qs = await make_consultation(required=True)
    k = by_kind(qs)
    red, blue = option_id(k["multiple_choice"], "Red"), option_id(k["multiple_choice"], "Blue")
    bravo = option_id(k["single_choice"], "Bravo")
    response = await respond(client, c["slug"], {
        f"q{k['short_text']['id']}": "  Narborough Road  ",
        f"q{k['long_text']['id']}": "Line one\r\nLine two",
        f"q{k['single_choice']['id']}": bravo,
        f"q{k['multiple_choice']['id']}": [red, blue, "other"],
        f"q{k['multiple_choice']['id']}-other": "Purple",
        f"q{k['agree_scale']['id']}": "strongly-agree",
        f"q{k['rating']['id']}": "4",
        f"q{k['yes_no']['id']}": "dont-know",
        f"q{k['ward']['id']}": "castle",
        f"q{k['postcode']['id']}": "le2 1ab",
    })
    assert response.status_code == 303, errors_on_page(response.text)
    rows = await stored_answers()
    got = {}
    for row in rows:
        got.setdefault(row["question"], []).append((row["choice"], row["number"], row["text"]))
    assert got == {
        k["short_text"]["id"]: [(None, None, "Narborough Road")],
        k["long_text"]["id"]: [(None, None, "Line one\r\nLine two")],
        k["single_choice"]["id"]: [(bravo, None, None)],
        k["multiple_choice"]["id"]: [(red, None, None), (blue, None, None), ("other", None, "Purple")],
        k["agree_scale"]["id"]: [("strongly-agree", None, None)],
        k["rating"]["id"]: [("4", 4, None)],
        k["yes_no"]["id"]: [("dont-know", None, None)],
        k["ward"]["id"]: [("castle", None, None)],
        k["postcode"]["id"]: [(None, None, "LE2")],
    }
    assert await response_count() == 1


async def test_postcodes_keep_only_the_district(client):
    c, (postcode,) = await make_consultation(kinds=["postcode"])
    name = f"q{postcode['id']}"
    assert (await respond(client, c["slug"], {name: "le2 1ab"})).status_code == 303
    assert (await respond(client, c["slug"], {name: "LE2"})).status_code == 303
    refused = await respond(client, c["slug"], {name: "NOTAPOSTCODE"})
    assert refused.status_code == 400
    assert errors_on_page(refused.text)[name] == "Enter a real postcode, like LE2 1AB, or just the first part, like LE2"
    assert [a["text"] for a in await stored_answers()] == ["LE2", "LE2"]
    assert "1AB" not in str(await stored_answers())


# The error page ------------------------------------------------------------------------------


async def test_error_summary_links_to_fields_on_the_page_in_the_order_questions_are_shown(client):
    from surveys.tables import Question

    c, qs = await make_consultation(required=True)
    # Show the questions in reverse order of creation, so question order differs from id order.
    for position, q in enumerate(reversed(qs), start=1):
        await Question.update({Question.position: position}).where(Question.id == q["id"]).run()
    response = await respond(client, c["slug"], {"about-sex": "sometimes"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "<title>Error:" in response.text
    links = error_summary_links(response.text)
    assert [href for href, _ in links] == [f"#q{q['id']}" for q in reversed(qs)] + ["#about-sex"]
    ids = element_ids(response.text)
    for href, _ in links:
        assert href[1:] in ids, f"{href} links to nothing on the page"
    # Each message is shown beside its field too.
    assert response.text.count("govuk-error-message") >= len(links)


async def test_answers_survive_a_round_trip_with_errors(client):
    c, qs = await make_consultation(kinds=["short_text", "long_text", "single_choice", "multiple_choice", "ward",
                                           "postcode", "rating"])
    k = by_kind(qs)
    bravo = option_id(k["single_choice"], "Bravo")
    green = option_id(k["multiple_choice"], "Green")
    response = await respond(client, c["slug"], {
        f"q{k['short_text']['id']}": "Humberstone Gate",
        f"q{k['long_text']['id']}": "More to say",
        f"q{k['single_choice']['id']}": bravo,
        f"q{k['multiple_choice']['id']}": [green, "other"],
        f"q{k['multiple_choice']['id']}-other": "Teal",
        f"q{k['ward']['id']}": "castle",
        f"q{k['postcode']['id']}": "NOTAPOSTCODE",
        f"q{k['rating']['id']}": "2",
        "about-age_band": "25-34",
    })
    assert response.status_code == 400
    html = response.text
    assert re.search(rf'name="q{k["short_text"]["id"]}"[^>]*value="Humberstone Gate"', html)
    assert re.search(rf'name="q{k["long_text"]["id"]}"[^>]*>\s*More to say\s*</textarea>', html)
    assert re.search(rf'name="q{k["single_choice"]["id"]}" type="radio" value="{bravo}" checked', html)
    assert not re.search(rf'name="q{k["single_choice"]["id"]}" type="radio" value="(?!{bravo})[^"]*" checked', html)
    assert re.search(rf'name="q{k["multiple_choice"]["id"]}" type="checkbox" value="{green}" checked', html)
    assert re.search(rf'name="q{k["multiple_choice"]["id"]}" type="checkbox" value="other" checked', html)
    assert re.search(rf'name="q{k["multiple_choice"]["id"]}-other"[^>]*value="Teal"', html)
    assert re.search(r'<option value="castle" selected', html)
    assert re.search(rf'name="q{k["postcode"]["id"]}"[^>]*value="NOTAPOSTCODE"', html)
    assert re.search(rf'name="q{k["rating"]["id"]}" type="radio" value="2" checked', html)
    assert re.search(r'name="about-age_band" type="radio" value="25-34" checked', html)
    assert await response_count() == 0


async def test_script_text_is_kept_exactly_but_only_ever_shown_escaped(client):
    from tests.support import sign_in

    c, (short, long, postcode) = await make_consultation(kinds=["short_text", "long_text", "postcode"])
    first = await respond(client, c["slug"], {f"q{short['id']}": SCRIPT, f"q{long['id']}": SCRIPT,
                                              f"q{postcode['id']}": "nowhere"})
    assert first.status_code == 400
    assert SCRIPT not in first.text
    assert first.text.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2

    sent = await respond(client, c["slug"], {f"q{short['id']}": SCRIPT, f"q{long['id']}": SCRIPT})
    assert sent.status_code == 303
    assert [a["text"] for a in await stored_answers()] == [SCRIPT, SCRIPT]

    await sign_in(client, "officer")
    export = await client.get(f"/api/consultations/{c['slug']}/responses.csv")
    assert export.status_code == 200
    # A download, never a page a browser would run: the text is as the resident wrote it.
    assert export.headers["content-type"].startswith("text/csv")
    assert export.headers["content-disposition"].startswith("attachment")
    assert SCRIPT in export.text


# No JavaScript and htmx ----------------------------------------------------------------------


async def test_without_javascript_the_form_redirects_to_a_thank_you_page_with_the_receipt(client):
    from surveys.tables import Response

    c, (short,) = await make_consultation(kinds=["short_text"])
    page = await client.get(f"/consultations/{c['slug']}/respond")
    assert page.status_code == 200 and "<html" in page.text
    assert re.search(r'<form method="post" action="/consultations/test-consultation/respond"', page.text)
    submission_id = re.search(r'name="submission_id" value="([a-f0-9]{32})"', page.text).group(1)

    sent = await respond(client, c["slug"], {f"q{short['id']}": "Fine", "submission_id": submission_id})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/consultations/{c['slug']}/thank-you"
    receipt = receipt_from(sent)
    assert RECEIPT.match(receipt) and receipt not in sent.headers["location"]

    thanks = await client.get(sent.headers["location"])
    assert thanks.status_code == 200
    shown = re.search(r'class="engage-receipt">([^<]+)<', thanks.text).group(1)
    assert RECEIPT.match(shown)
    from surveys.responses import receipt_hash
    from tests.support import SECRET_KEY

    stored = await Response.select().run()
    assert [r["receipt_hash"] for r in stored] == [receipt_hash(SECRET_KEY, shown)]
    assert shown not in str(stored)  # the code itself is stored nowhere


async def test_with_htmx_the_form_and_its_errors_come_back_as_the_main_fragment(client):
    c, (short, single) = await make_consultation(kinds=["short_text", "single_choice"], required=True)
    hx = {"HX-Request": "true"}
    page = await client.get(f"/consultations/{c['slug']}/respond", headers=hx)
    assert page.status_code == 200
    assert page.text.lstrip().startswith("<main") and "<html" not in page.text
    assert 'hx-post="/consultations/test-consultation/respond"' in page.text

    errors = await respond(client, c["slug"], {f"q{short['id']}": "Kept"}, headers=hx)
    assert errors.status_code == 400
    assert errors.text.lstrip().startswith("<main") and "<html" not in errors.text
    assert "There is a problem" in errors.text
    assert [h for h, _ in error_summary_links(errors.text)] == [f"#q{single['id']}"]
    assert 'value="Kept"' in errors.text

    sent = await respond(client, c["slug"], {f"q{short['id']}": "Kept", f"q{single['id']}": option_id(single, "Alpha")},
                         headers=hx)
    assert sent.status_code == 303
    thanks = await client.get(sent.headers["location"], headers=hx)
    assert thanks.status_code == 200
    assert thanks.text.lstrip().startswith("<main") and "<html" not in thanks.text
    assert re.search(r'class="engage-receipt">[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}<', thanks.text)
    assert thanks.headers["hx-replace-url"] == f"/consultations/{c['slug']}/thank-you"


# Sending twice -------------------------------------------------------------------------------


async def test_sending_the_same_form_twice_makes_one_response_with_one_receipt(client):
    c, (short,) = await make_consultation(kinds=["short_text"])
    data = {f"q{short['id']}": "Once", "submission_id": "a" * 32}
    first = await respond(client, c["slug"], data)
    second = await respond(client, c["slug"], data)
    assert first.status_code == second.status_code == 303
    assert receipt_from(first) == receipt_from(second)
    assert await response_count() == 1
    assert len(await stored_answers()) == 1
    # A different form (new submission id) is a new response.
    third = await respond(client, c["slug"], {**data, "submission_id": "b" * 32})
    assert receipt_from(third) != receipt_from(first)
    assert await response_count() == 2


async def test_many_identical_posts_at_once_make_exactly_one_response(client):
    c, (short, multiple) = await make_consultation(kinds=["short_text", "multiple_choice"])
    data = {f"q{short['id']}": "Racing", f"q{multiple['id']}": [o["id"] for o in multiple["options"]],
            "submission_id": "c" * 32}
    await respond(client, c["slug"], {f"q{short['id']}": "warm-up"})  # the CSRF cookie, and one other response
    results = await asyncio.gather(*[respond(client, c["slug"], data) for _ in range(10)])
    assert [r.status_code for r in results] == [303] * 10
    assert len({receipt_from(r) for r in results}) == 1
    assert await response_count() == 2
    assert len([a for a in await stored_answers() if a["question"] == multiple["id"]]) == 3


# What is not stored --------------------------------------------------------------------------


async def test_no_address_or_browser_details_are_stored_with_a_response(client, app):
    from engage.db import current_engine

    c, qs = await make_consultation(kinds=["short_text", "single_choice"])
    agent = "Mozilla/5.0 (EngageTest; Trident-Unique-UA-9f3e)"
    sent = await respond(client, c["slug"], {f"q{qs[0]['id']}": "Something", f"q{qs[1]['id']}": "other",
                                             f"q{qs[1]['id']}-other": "Else", "about-sex": "female"},
                         headers={"User-Agent": agent, "X-Forwarded-For": "203.0.113.9"})
    assert sent.status_code == 303
    engine = current_engine()
    seen = []
    for table in ("surveys_response", "surveys_answer", "surveys_about_you"):
        rows = await engine.run_ddl(f'SELECT * FROM "{table}"')
        assert rows, f"{table} is empty: the check would prove nothing"
        seen += [str(v) for row in rows for v in dict(row).values() if v is not None]
    joined = "\n".join(seen)
    for needle in ("127.0.0.1", "testclient", "testserver", "203.0.113.9", agent, "EngageTest", "Mozilla"):
        assert needle not in joined


# About you -----------------------------------------------------------------------------------


async def test_about_you_is_stored_apart_with_no_link_to_the_response(client):
    from engage.db import current_engine, is_sqlite
    from surveys.tables import AboutYou, Response

    c, (short,) = await make_consultation(kinds=["short_text"])
    sent = await respond(client, c["slug"], {f"q{short['id']}": "Hello", "about-age_band": "35-44",
                                             "about-ethnicity": "prefer-not", "about-ward": "castle",
                                             "about-religion": ""})
    assert sent.status_code == 303
    rows = await AboutYou.select().run()
    assert len(rows) == 1
    row = rows[0]
    assert (row["age_band"], row["ethnicity"], row["ward"], row["religion"], row["sex"]) == (
        "35-44", "prefer-not", "castle", None, None)
    response = (await Response.select().run())[0]
    assert response["receipt_hash"] not in str(row.values())

    # The table itself has nothing that points at a response.
    engine = current_engine()
    if is_sqlite():
        columns = [r["name"] for r in await engine.run_ddl('PRAGMA table_info("surveys_about_you")')]
        targets = [r["table"] for r in await engine.run_ddl('PRAGMA foreign_key_list("surveys_about_you")')]
    else:
        columns = [r["column_name"] for r in await engine.run_ddl(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'surveys_about_you'")]
        targets = [r["target"] for r in await engine.run_ddl(
            "SELECT ccu.table_name AS target FROM information_schema.table_constraints tc "
            "JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name "
            "WHERE tc.table_name = 'surveys_about_you' AND tc.constraint_type = 'FOREIGN KEY'")]
    assert "age_band" in columns
    assert not [name for name in columns if "response" in name.lower() or "receipt" in name.lower()]
    assert "surveys_response" not in targets
    assert "submitted_at" not in columns and "submitted_on" not in columns  # a month, not a day or a time
    assert not [name for name in columns if "erasure" in name.lower() or "key" in name.lower()]


async def test_about_you_prefer_not_to_say_is_accepted_for_every_question(client):
    from surveys.about_you import QUESTIONS
    from surveys.tables import AboutYou

    c, (short,) = await make_consultation(kinds=["short_text"])
    data = {f"about-{q.field}": "prefer-not" for q in QUESTIONS}
    sent = await respond(client, c["slug"], {f"q{short['id']}": "x", **data})
    assert sent.status_code == 303
    row = (await AboutYou.select().run())[0]
    assert all(row[q.field] == "prefer-not" for q in QUESTIONS)


async def test_an_about_you_answer_not_in_the_list_is_refused(client):
    from surveys.tables import AboutYou

    c, (short,) = await make_consultation(kinds=["short_text"])
    sent = await respond(client, c["slug"], {f"q{short['id']}": "x", "about-age_band": "ancient",
                                             "about-sex": "female"})
    assert sent.status_code == 400
    errors = errors_on_page(sent.text)
    assert errors == {"about-age_band": "Select an answer from the list for &#39;What is your age?&#39;"}
    assert "about-age_band" in element_ids(sent.text)
    assert await AboutYou.count() == 0 and await response_count() == 0


async def test_about_you_is_optional(client):
    from surveys.tables import AboutYou

    c, (short,) = await make_consultation(kinds=["short_text"])
    sent = await respond(client, c["slug"], {f"q{short['id']}": "x", "about-age_band": "", "about-sex": ""})
    assert sent.status_code == 303
    assert await response_count() == 1
    assert await AboutYou.count() == 0


async def test_about_you_is_neither_asked_nor_stored_when_the_consultation_does_not_ask(client):
    from surveys.tables import AboutYou

    c, (short,) = await make_consultation(kinds=["short_text"], ask_about_you=False)
    page = await client.get(f"/consultations/{c['slug']}/respond")
    assert "About you" not in page.text and 'name="about-' not in page.text
    sent = await respond(client, c["slug"], {f"q{short['id']}": "x", "about-sex": "female", "about-age_band": "nonsense"})
    assert sent.status_code == 303
    assert await response_count() == 1
    assert await AboutYou.count() == 0

    asked, _ = await make_consultation(slug="asks", kinds=["short_text"])
    page = await client.get(f"/consultations/{asked['slug']}/respond")
    assert "About you (optional)" in page.text and 'name="about-sex"' in page.text
