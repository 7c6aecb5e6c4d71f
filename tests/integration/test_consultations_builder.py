"""Officers building a consultation through the builder's pages: details, questions, order,
lifecycle, and what is protected once residents have answered."""

from __future__ import annotations

import re

import pytest

from tests.support import QUESTION_SPECS, error_summary_links, make_consultation, make_plan, post_form, sign_in




async def post(client, url: str, data=None, **kwargs):
    return await post_form(client, url, data or {}, follow_redirects=False, **kwargs)


def details(**overrides) -> dict:
    return {"title": "Knife crime in Leicester 2025", "slug": "", "summary": "Tell us", "background": "",
            "opens_at": "", "closes_at": "", "ask_about_you": "yes", "retention_days": "730", **overrides}


def question_data(kind: str, **overrides) -> dict:
    spec = dict(QUESTION_SPECS[kind])
    data = {"kind": kind, "text": spec.pop("text"), "hint": "", "required": "no"}
    if spec.pop("allow_other", False):
        data["allow_other"] = "yes"
    data.update({k: str(v) for k, v in spec.items()})
    data.update(overrides)
    return data


async def questions_of(consultation_id: int) -> list[dict]:
    from surveys.builder import questions_for

    return await questions_for(consultation_id)


async def consultation_row(consultation_id: int) -> dict:
    from surveys.consultations import get

    return await get(consultation_id)


async def empty_consultation(slug: str = "empty") -> dict:
    from surveys.tables import Consultation

    rows = await Consultation.insert(Consultation(slug=slug, title=f"Consultation {slug}", status="draft")).returning(
        Consultation.id).run()
    return await consultation_row(rows[0]["id"])


def shown_order(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="engage-question" id="question-(\d+)"', html)]


@pytest.fixture
async def officer(client):
    return await sign_in(client, "officer")


# Details -------------------------------------------------------------------------------------


async def test_creating_a_consultation_makes_a_draft_with_an_address_from_its_title(client, officer):
    response = await post(client, "/officer/consultations/new", details(priorities=["localities"]))
    assert response.status_code in (302, 303)
    cid = int(re.fullmatch(r"/officer/consultations/(\d+)", response.headers["location"]).group(1))
    c = await consultation_row(cid)
    assert (c["slug"], c["title"], c["status"], c["created_by"]) == (
        "knife-crime-in-leicester-2025", "Knife crime in Leicester 2025", "draft", officer["id"])
    page = await client.get(f"/officer/consultations/{cid}")
    assert page.status_code == 200
    assert "Knife crime in Leicester 2025" in page.text and "Draft" in page.text
    assert "/consultations/knife-crime-in-leicester-2025" in page.text
    listing = await client.get("/officer/consultations")
    assert "Knife crime in Leicester 2025" in listing.text


BAD_DETAILS = [
    ({"slug": "Not A Slug!"}, "slug", "Web address must use only lowercase letters, numbers and hyphens"),
    ({"slug": "-leading-hyphen"}, "slug", "Web address must use only lowercase letters, numbers and hyphens"),
    ({"title": "  ", "slug": "untitled"}, "title", "Enter a title"),
    ({"opens_at": "2030-05-02T09:00", "closes_at": "2030-05-01T09:00"}, "closes_at",
     "Closing date and time must be after the opening date and time"),
    ({"opens_at": "2030-05-01T09:00", "closes_at": "2030-05-01T09:00"}, "closes_at",
     "Closing date and time must be after the opening date and time"),
    ({"opens_at": "not a date"}, "opens_at", "Opening date and time must be a real date and time"),
]


async def test_bad_details_are_refused_with_a_summary_linking_to_the_field(client, officer):
    from surveys.tables import Consultation

    for overrides, field, message in BAD_DETAILS:
        response = await post(client, "/officer/consultations/new", details(**overrides))
        assert response.status_code == 400, overrides
        assert "There is a problem" in response.text
        links = error_summary_links(response.text)
        assert [href for href, _ in links] == [f"#{field}"], overrides
        assert links[0][1].startswith(message), overrides
        assert f'id="{field}"' in response.text
        # What was typed comes back for correcting.
        for name, value in overrides.items():
            if value.strip():
                assert f'value="{value}"' in response.text, (name, value)
    assert await Consultation.count() == 0


async def test_a_web_address_already_in_use_is_refused(client, officer):
    await make_consultation(slug="knife-crime-in-leicester-2025")
    for data in (details(), details(slug="knife-crime-in-leicester-2025", title="Other")):
        response = await post(client, "/officer/consultations/new", data)
        assert response.status_code == 400
        assert error_summary_links(response.text) == [("#slug", "Another consultation already uses this web address")]
    from surveys.tables import Consultation

    assert await Consultation.count() == 1


async def test_dates_are_read_as_uk_time_and_shown_back(client, officer):
    response = await post(client, "/officer/consultations/new",
                          details(slug="summer", opens_at="2030-07-01T09:00", closes_at="2030-07-31T17:00"))
    cid = int(response.headers["location"].rsplit("/", 1)[1])
    c = await consultation_row(cid)
    from engage.times import aware

    assert aware(c["opens_at"]).isoformat() == "2030-07-01T08:00:00+00:00"  # BST is UTC+1
    edit = await client.get(f"/officer/consultations/{cid}/edit")
    assert 'value="2030-07-01T09:00"' in edit.text and 'value="2030-07-31T17:00"' in edit.text


# Questions -----------------------------------------------------------------------------------


async def test_every_kind_of_question_can_be_added_and_appears_on_the_form(client, officer):
    c = await empty_consultation()
    choose = await client.get(f"/officer/consultations/{c['id']}/questions/new")
    assert choose.status_code == 200
    for kind in QUESTION_SPECS:
        page = await client.get(f"/officer/consultations/{c['id']}/questions/new?kind={kind}")
        assert page.status_code == 200 and "Add a question" in page.text
        response = await post(client, f"/officer/consultations/{c['id']}/questions/new",
                              question_data(kind, required="yes" if kind == "rating" else "no"))
        assert response.status_code in (302, 303), (kind, response.text[:2000])
        assert response.headers["location"] == f"/officer/consultations/{c['id']}#questions"
    questions = await questions_of(c["id"])
    assert [q["kind"] for q in questions] == list(QUESTION_SPECS)
    assert [q["position"] for q in questions] == list(range(1, len(QUESTION_SPECS) + 1))
    by_kind = {q["kind"]: q for q in questions}
    assert [o["label"] for o in by_kind["single_choice"]["options"]] == ["Alpha", "Bravo", "Charlie"]
    assert by_kind["single_choice"]["allow_other"] is True
    assert by_kind["long_text"]["max_length"] == 100
    assert by_kind["rating"]["required"] is True and by_kind["yes_no"]["required"] is False
    assert by_kind["agree_scale"]["options"] == []  # fixed answers are not stored per question

    preview = await client.get(f"/officer/consultations/{c['id']}/preview")
    assert preview.status_code == 200
    for q in questions:
        assert f'name="q{q["id"]}"' in preview.text
    assert "How safe do you feel?" in preview.text and "Pick any (optional)" in preview.text


BAD_QUESTIONS = [
    ("single_choice", {"new_options": "Only one"}, "options", "Enter at least 2 answers"),
    ("multiple_choice", {"new_options": "Same\nsame"}, "options", "Each answer must be different"),
    ("long_text", {"max_length": "10"}, "max_length", "Character limit must be a whole number from 50 to 10,000"),
    ("short_text", {"text": ""}, "text", "Enter the question"),
    ("yes_no", {"text": "x" * 501}, "text", "Question must be 500 characters or fewer"),
]


async def test_a_question_with_mistakes_is_refused(client, officer):
    c = await empty_consultation()
    for kind, overrides, field, message in BAD_QUESTIONS:
        response = await post(client, f"/officer/consultations/{c['id']}/questions/new", question_data(kind, **overrides))
        assert response.status_code == 400, kind
        links = error_summary_links(response.text)
        assert [h for h, _ in links] == [f"#{field}"], kind
        assert links[0][1].startswith(message), kind
        assert f'id="{field}"' in response.text
    assert await questions_of(c["id"]) == []


async def test_an_unknown_kind_sends_the_officer_back_to_choose_one(client, officer):
    c = await empty_consultation()
    response = await post(client, f"/officer/consultations/{c['id']}/questions/new", {"kind": "essay", "text": "x"})
    assert response.status_code == 400
    assert "Select the kind of question" in response.text
    assert await questions_of(c["id"]) == []


async def test_editing_a_question_saves_it_and_records_who_changed_what(client, officer):
    c, (single,) = await make_consultation(status="draft", kinds=["single_choice"])
    form = await client.get(f"/officer/consultations/{c['id']}/questions/{single['id']}/edit")
    assert form.status_code == 200 and 'value="Alpha"' in form.text
    alpha, bravo, charlie = (o["id"] for o in single["options"])
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{single['id']}/edit", {
        "kind": "single_choice", "text": "Pick exactly one", "hint": "Just one", "required": "yes",
        f"option-{charlie}": "", f"option-{bravo}": "Bravo", f"option-{alpha}": "Alpha",
        "option-other": "Sneaky", "new_options": "Delta", "allow_other": "no"})
    assert response.status_code in (302, 303)
    (saved,) = await questions_of(c["id"])
    assert (saved["text"], saved["hint"], saved["required"], saved["allow_other"]) == (
        "Pick exactly one", "Just one", True, False)
    assert [o["label"] for o in saved["options"]] == ["Alpha", "Bravo", "Delta"]
    # Ids kept (so stored answers keep their meaning) and in their order; a forged option id is ignored.
    assert [o["id"] for o in saved["options"]][:2] == [alpha, bravo]
    assert "other" not in [o["id"] for o in saved["options"]]
    history = await client.get(f"/officer/consultations/{c['id']}/history")
    assert history.status_code == 200
    assert officer["email"] in history.text
    assert "Pick one → Pick exactly one" in history.text


async def test_the_kind_of_a_question_cannot_change(client, officer):
    c, (short,) = await make_consultation(status="draft", kinds=["short_text"])
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{short['id']}/edit",
                          {"kind": "long_text", "text": "Now long", "required": "no"})
    assert response.status_code == 400
    assert "kind cannot change" in response.text
    (saved,) = await questions_of(c["id"])
    assert (saved["kind"], saved["text"]) == ("short_text", short["text"])


async def test_moving_a_question_without_javascript_redirects_and_changes_the_order(client, officer):
    c, (a, b, d) = await make_consultation(status="draft", kinds=["short_text", "yes_no", "rating"])
    await make_plan(c["id"])
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{d['id']}/move", {"direction": "up"})
    assert response.status_code in (302, 303)
    assert response.headers["location"] == f"/officer/consultations/{c['id']}#question-{d['id']}"
    assert [q["id"] for q in await questions_of(c["id"])] == [a["id"], d["id"], b["id"]]
    page = await client.get(f"/officer/consultations/{c['id']}")
    assert shown_order(page.text) == [a["id"], d["id"], b["id"]]

    # Already at the top: nothing changes, nothing breaks.
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{a['id']}/move", {"direction": "up"})
    assert response.status_code in (302, 303)
    await post(client, f"/officer/consultations/{c['id']}/questions/{a['id']}/move", {"direction": "sideways"})
    assert [q["id"] for q in await questions_of(c["id"])] == [a["id"], d["id"], b["id"]]

    # The public form follows the new order.
    await post(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})
    form = await client.get(f"/consultations/{c['slug']}/respond")
    positions = [form.text.index(f'name="q{q}"') for q in (a["id"], d["id"], b["id"])]
    assert positions == sorted(positions)


async def test_moving_a_question_with_htmx_returns_just_the_questions_block(client, officer):
    c, (a, b, d) = await make_consultation(status="draft", kinds=["short_text", "yes_no", "rating"])
    await make_plan(c["id"])
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{a['id']}/move",
                          {"direction": "down"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith('<section id="questions"') and html.endswith("</section>")
    assert "<html" not in html and "<main" not in html
    assert shown_order(html) == [b["id"], a["id"], d["id"]]
    assert "Question moved to position 2 of 3" in html
    assert [q["id"] for q in await questions_of(c["id"])] == [b["id"], a["id"], d["id"]]


async def test_removing_a_question_without_answers(client, officer):
    c, (a, b) = await make_consultation(status="draft", kinds=["short_text", "yes_no"])
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{a['id']}/delete")
    assert response.status_code in (302, 303)
    assert [q["id"] for q in await questions_of(c["id"])] == [b["id"]]
    history = await client.get(f"/officer/consultations/{c['id']}/history")
    assert "delete question" in history.text and a["text"] in history.text


# Lifecycle -----------------------------------------------------------------------------------


async def test_a_consultation_without_questions_cannot_be_opened(client, officer):
    c = await empty_consultation()
    response = await post(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})
    assert response.status_code == 409
    assert "Add at least one question before opening the consultation" in response.text
    assert error_summary_links(response.text) == [("#status-actions",
                                                   "Add at least one question before opening the consultation")]
    assert 'id="status-actions"' in response.text
    assert (await consultation_row(c["id"]))["status"] == "draft"


async def test_open_close_publish_and_unpublish(client, officer):
    c, _ = await make_consultation(status="draft", kinds=["short_text"])
    await make_plan(c["id"])
    url = f"/officer/consultations/{c['id']}/status"

    # Publishing goes through its confirmation page (surveys.loop_officer), which a draft cannot reach.
    wrong = await post(client, url, {"action": "publish"})
    assert wrong.status_code == 303 and wrong.headers["location"].endswith("/publish")
    assert (await client.get(wrong.headers["location"])).status_code == 303
    refused = await post(client, wrong.headers["location"], {"confirm": "yes", "reason": "Test"})
    assert refused.status_code == 400 and "cannot be publish" in refused.text
    assert (await consultation_row(c["id"]))["status"] == "draft"

    for action, status in (("open", "open"), ("close", "closed"), ("publish", "published"),
                           ("unpublish", "closed")):
        if action == "publish":
            response = await post(client, f"/officer/consultations/{c['id']}/publish", {"confirm": "yes", "reason": "Test"})
        else:
            response = await post(client, url, {"action": action})
        assert response.status_code in (302, 303), (action, response.text[:500])
        assert (await consultation_row(c["id"]))["status"] == status, action
        if action == "open":
            assert (await client.get(f"/consultations/{c['slug']}/respond")).status_code == 200
        if action == "close":
            row = await consultation_row(c["id"])
            assert row["closes_at"] is not None
            assert (await client.get(f"/consultations/{c['slug']}/respond")).status_code == 409
    # Closing early set the closing time to now, so reopening needs a new closing date first.
    reopen = await post(client, url, {"action": "open"})
    assert reopen.status_code == 409 and "Set a closing date in the future" in reopen.text
    history = await client.get(f"/officer/consultations/{c['id']}/history")
    assert "publish consultation" in history.text and "open → closed" in history.text


async def test_opening_with_a_closing_date_in_the_past_is_refused(client, officer):
    from tests.support import hours

    c, _ = await make_consultation(status="draft", kinds=["short_text"], closes_at=hours(-2))
    response = await post(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})
    assert response.status_code == 409
    assert "Set a closing date in the future" in response.text
    assert (await consultation_row(c["id"]))["status"] == "draft"


async def test_the_web_address_cannot_change_once_open(client, officer):
    c, _ = await make_consultation(slug="fixed-address", status="open", kinds=["short_text"])
    response = await post(client, f"/officer/consultations/{c['id']}/edit",
                          details(title="Renamed", slug="new-address"))
    assert response.status_code == 400
    assert "cannot change once a consultation has been opened" in response.text
    assert (await consultation_row(c["id"]))["slug"] == "fixed-address"


# Once residents have answered ------------------------------------------------------------------


async def answered_consultation(client) -> tuple[dict, dict, dict]:
    """An open consultation with one response choosing Alpha and Other."""
    c, (single, short) = await make_consultation(kinds=["single_choice", "short_text"])
    alpha = single["options"][0]["id"]
    sent = await post(client, f"/consultations/{c['slug']}/respond",
                      {f"q{single['id']}": alpha, f"q{short['id']}": "Answered"})
    assert sent.status_code == 303
    return c, single, short


async def test_an_answered_option_cannot_be_removed_but_its_wording_can_be_fixed(client, officer):
    c, single, _ = await answered_consultation(client)
    alpha, bravo, charlie = (o["id"] for o in single["options"])
    url = f"/officer/consultations/{c['id']}/questions/{single['id']}/edit"
    base = {"kind": "single_choice", "text": "Pick one", "required": "no", "allow_other": "yes"}

    removed = await post(client, url, {**base, f"option-{alpha}": "", f"option-{bravo}": "Bravo",
                                       f"option-{charlie}": "Charlie"})
    assert removed.status_code == 400
    assert "These answers cannot be removed because people have chosen them: Alpha" in removed.text
    assert [h for h, _ in error_summary_links(removed.text)] == ["#options"]
    assert 'id="options"' in removed.text
    (unchanged,) = [q for q in await questions_of(c["id"]) if q["id"] == single["id"]]
    assert unchanged["options"] == single["options"]

    # An option nobody chose may go; a wording fix keeps the meaning of stored answers.
    fixed = await post(client, url, {**base, "text": "Pick one, please", f"option-{alpha}": "Alpha (first)",
                                     f"option-{bravo}": "Bravo", f"option-{charlie}": ""})
    assert fixed.status_code in (302, 303)
    (saved,) = [q for q in await questions_of(c["id"]) if q["id"] == single["id"]]
    assert saved["text"] == "Pick one, please"
    assert saved["options"] == [{"id": alpha, "label": "Alpha (first)"}, {"id": bravo, "label": "Bravo"}]

    history = await client.get(f"/officer/consultations/{c['id']}/history")
    assert officer["email"] in history.text
    assert "Pick one → Pick one, please" in history.text
    assert "Alpha (first)" in history.text


async def test_an_answered_question_cannot_be_deleted(client, officer):
    c, single, short = await answered_consultation(client)
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{short['id']}/delete")
    assert response.status_code == 409
    assert "This question has answers, so it cannot be removed" in response.text
    assert [q["id"] for q in await questions_of(c["id"])] == [single["id"], short["id"]]


async def test_other_cannot_be_turned_off_once_used_and_new_questions_must_be_optional(client, officer):
    c, (single,) = await make_consultation(kinds=["single_choice"])
    sent = await post(client, f"/consultations/{c['slug']}/respond",
                      {f"q{single['id']}": "other", f"q{single['id']}-other": "Zulu"})
    assert sent.status_code == 303
    options = {f"option-{o['id']}": o["label"] for o in single["options"]}
    response = await post(client, f"/officer/consultations/{c['id']}/questions/{single['id']}/edit",
                          {"kind": "single_choice", "text": "Pick one", "required": "no", "allow_other": "no",
                           **options})
    assert response.status_code == 400
    assert "cannot be turned off because people have used it" in response.text

    added = await post(client, f"/officer/consultations/{c['id']}/questions/new",
                       question_data("yes_no", required="yes"))
    assert added.status_code == 400
    assert "new questions must be optional" in added.text
    assert len(await questions_of(c["id"])) == 1


async def test_a_long_text_limit_cannot_drop_below_an_answer_already_given(client, officer):
    c, (long,) = await make_consultation(kinds=["long_text"])
    await post(client, f"/consultations/{c['slug']}/respond", {f"q{long['id']}": "x" * 80})
    url = f"/officer/consultations/{c['id']}/questions/{long['id']}/edit"
    response = await post(client, url, {"kind": "long_text", "text": "Tell us more", "required": "no",
                                        "max_length": "60"})
    assert response.status_code == 400
    assert "cannot be lower than the longest answer already given (80 characters)" in response.text
    ok = await post(client, url, {"kind": "long_text", "text": "Tell us more", "required": "no", "max_length": "80"})
    assert ok.status_code in (302, 303)


async def test_markup_an_officer_types_is_shown_as_text_to_residents(client, officer):
    script = "<script>alert(1)</script>"
    response = await post(client, "/officer/consultations/new", details(
        title=f"Title {script}", slug="markup", summary=f"Summary {script}",
        background=f"Background {script}\n\n<img src=x onerror=alert(2)>\n\n[link](javascript:alert(3))"))
    cid = int(response.headers["location"].rsplit("/", 1)[1])
    added = await post(client, f"/officer/consultations/{cid}/questions/new",
                       question_data("single_choice", text=f"Question {script}", hint=f"Hint {script}",
                                     new_options=f"Option {script}\nPlain"))
    assert added.status_code in (302, 303)
    planned = await post(client, f"/officer/consultations/{cid}/plan", {
        "purpose": f"Purpose {script}", "open_to_change": "Streets", "not_open_to_change": "Budget",
        "how_used": "Read", "decision_expected": "2027-01-01", "equality_summary": f"EIA {script}", "short_reason": "Short"})
    assert planned.status_code == 303, planned.text
    await post(client, f"/officer/consultations/{cid}/status", {"action": "open"})
    for url in ("/consultations/markup", "/consultations/markup/respond", f"/officer/consultations/{cid}",
                f"/officer/consultations/{cid}/preview", f"/officer/consultations/{cid}/history", "/"):
        page = await client.get(url)
        assert page.status_code == 200, url
        assert script not in page.text, url
        assert "onerror=alert(2)>" not in page.text and 'href="javascript:' not in page.text, url
    form = await client.get("/consultations/markup/respond")
    assert "Question &lt;script&gt;alert(1)&lt;/script&gt;" in form.text
    assert "Option &lt;script&gt;alert(1)&lt;/script&gt;" in form.text
