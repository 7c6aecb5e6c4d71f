"""Skip logic, through the app: an officer shows a question only after a chosen answer to an
earlier one; bad conditions are refused with an error summary; residents' answers are judged on
the server (required only when shown, thrown away when not), by the form and the API alike; the
paper form says when to answer; a duplicate keeps its conditions."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.support import error_summary_links, make_consultation, post_form, sign_in


async def post(client, url: str, data=None):
    return await post_form(client, url, data or {}, follow_redirects=False)


def errors_on(html: str) -> dict[str, str]:
    return {href.lstrip("#"): unescape(text) for href, text in error_summary_links(html)}


async def questions_of(consultation_id: int) -> list[dict]:
    from surveys.builder import questions_for

    return await questions_for(consultation_id)


async def answers_to(question_id: int) -> list[dict]:
    from surveys.tables import Answer

    return await Answer.select(Answer.choice, Answer.text).where(Answer.question == question_id).run()


async def response_count() -> int:
    from surveys.tables import Response

    return await Response.count()


def edit_data(q: dict, **overrides) -> dict:
    """The question's edit form as it stands, with some fields changed."""
    data = {"kind": q["kind"], "text": q["text"], "hint": q["hint"], "required": "yes" if q["required"] else "no",
            "allow_other": "yes" if q["allow_other"] else "no", "max_length": str(q["max_length"] or ""),
            **{f"option-{o['id']}": o["label"] for o in q["options"] or []}}
    data.update(overrides)
    return data


async def with_condition(consultation_id: int, question: dict, source: dict, *values: str) -> None:
    from surveys.tables import Question

    await Question.update({Question.show_when: {"question": source["id"], "values": list(values)}}).where(
        Question.id == question["id"]).run()
    from surveys import open_forms

    open_forms.forget()


@pytest.fixture
async def officer(client):
    return await sign_in(client, "officer")


# The builder -----------------------------------------------------------------------------------


async def test_an_officer_shows_a_question_only_after_yes_and_the_builder_says_so_in_words(client, officer):
    c, (reported, street) = await make_consultation(status="draft", kinds=["yes_no", "short_text"])
    form = await client.get(f"/officer/consultations/{c['id']}/questions/new?kind=long_text")
    assert "When should people see this question?" in form.text
    # Only earlier questions with answers to choose from are offered.
    assert f'name="show_when" type="radio" value="{reported["id"]}"' in form.text
    assert f'value="{street["id"]}"' not in form.text
    added = await post(client, f"/officer/consultations/{c['id']}/questions/new", {
        "kind": "long_text", "text": "What happened when you reported it?", "hint": "", "required": "yes",
        "max_length": "500", "show_when": str(reported["id"]), f"show_when_values_{reported['id']}": ["yes", "dont-know"],
        f"show_when_values_{street['id']}": "ignored"})
    assert added.status_code == 303, added.text
    new = (await questions_of(c["id"]))[-1]
    assert new["show_when"] == {"question": reported["id"], "values": ["yes", "dont-know"]}
    page = await client.get(f"/officer/consultations/{c['id']}")
    assert "Shown when question 1 is &#39;Yes&#39; or &#39;Don&#39;t know&#39;" in page.text

    # Editing shows the condition chosen, and "Always" takes it away.
    edit = await client.get(f"/officer/consultations/{c['id']}/questions/{new['id']}/edit")
    assert re.search(rf'id="show_when-2" name="show_when" type="radio" value="{reported["id"]}" checked', edit.text)
    cleared = await post(client, f"/officer/consultations/{c['id']}/questions/{new['id']}/edit",
                         edit_data(new, show_when=""))
    assert cleared.status_code == 303
    assert (await questions_of(c["id"]))[-1]["show_when"] is None
    assert "Shown when" not in (await client.get(f"/officer/consultations/{c['id']}")).text


async def test_conditions_on_a_later_or_free_text_question_or_with_no_answer_ticked_are_refused(client, officer):
    c, (choice, street, reported) = await make_consultation(status="draft",
                                                            kinds=["single_choice", "short_text", "yes_no"])
    url = f"/officer/consultations/{c['id']}/questions/{choice['id']}/edit"
    later = await post(client, url, edit_data(choice, show_when=str(reported["id"]),
                                              **{f"show_when_values_{reported['id']}": "yes"}))
    assert later.status_code == 400
    assert errors_on(later.text) == {"show_when": "Question 3 comes after this question, so it cannot decide when "
                                                  "this one is shown. Choose an earlier question"}
    assert 'id="show_when"' in later.text  # the summary's link has its field

    free = await post(client, f"/officer/consultations/{c['id']}/questions/new", {
        "kind": "yes_no", "text": "Anything else?", "required": "no", "show_when": str(street["id"]),
        f"show_when_values_{street['id']}": "x"})
    assert free.status_code == 400
    assert "answered in the resident's own words" in errors_on(free.text)["show_when"]

    nothing = await post(client, f"/officer/consultations/{c['id']}/questions/new", {
        "kind": "yes_no", "text": "Anything else?", "required": "no", "show_when": str(reported["id"])})
    assert nothing.status_code == 400
    field = f"show_when_values_{reported['id']}"
    assert errors_on(nothing.text) == {field: "Select at least one answer to question 3 that shows this question"}
    assert f'id="{field}"' in nothing.text

    stranger, _ = await make_consultation(slug="other", status="draft", kinds=["yes_no"])
    foreign = (await questions_of(stranger["id"]))[0]
    forged = await post(client, f"/officer/consultations/{c['id']}/questions/new", {
        "kind": "yes_no", "text": "Anything else?", "required": "no", "show_when": str(foreign["id"]),
        f"show_when_values_{foreign['id']}": "yes"})
    assert forged.status_code == 400 and "show_when" in errors_on(forged.text)
    assert len(await questions_of(c["id"])) == 3
    assert all(q["show_when"] is None for q in await questions_of(c["id"]))


async def test_a_reorder_or_removal_that_would_break_a_condition_is_refused_with_a_reason(client, officer):
    c, (reported, detail) = await make_consultation(status="draft", kinds=["yes_no", "short_text"])
    await with_condition(c["id"], detail, reported, "yes")
    base = f"/officer/consultations/{c['id']}/questions"
    message = "Question 1 decides when question 2 is shown, so it must stay before it. Change question 2's condition first"
    up = await post(client, f"{base}/{detail['id']}/move", {"direction": "up"})
    assert up.status_code == 409 and errors_on(up.text) == {"questions-error": message}
    down = await post(client, f"{base}/{reported['id']}/move", {"direction": "down"},)
    assert down.status_code == 409
    htmx = await post_form(client, f"{base}/{reported['id']}/move", {"direction": "down"}, follow_redirects=False,
                           headers={"HX-Request": "true"})
    assert htmx.status_code == 409 and htmx.text.lstrip().startswith('<section id="questions"')
    assert errors_on(htmx.text) == {"questions-error": message}
    assert [q["id"] for q in await questions_of(c["id"])] == [reported["id"], detail["id"]]

    removed = await post(client, f"{base}/{reported['id']}/delete")
    assert removed.status_code == 409
    assert "Question 1 cannot be removed because it decides when question 2 is shown" in removed.text
    assert len(await questions_of(c["id"])) == 2
    # Nor may an answer a condition uses be taken away from the question.
    c2, (choice, later) = await make_consultation(slug="choices", status="draft", kinds=["single_choice", "yes_no"])
    await with_condition(c2["id"], later, choice, choice["options"][0]["id"])
    edit = await post(client, f"/officer/consultations/{c2['id']}/questions/{choice['id']}/edit",
                      edit_data(choice, **{f"option-{choice['options'][0]['id']}": ""}))
    assert edit.status_code == 400
    assert errors_on(edit.text)["options"] == "'Alpha' decides when question 2 is shown: change that question's condition first"


async def test_a_duplicate_keeps_its_conditions_on_the_copies_of_their_questions(client, officer):
    c, (reported, detail) = await make_consultation(kinds=["yes_no", "long_text"])
    await with_condition(c["id"], detail, reported, "yes", "dont-know")
    copied = await post(client, f"/officer/consultations/{c['id']}/duplicate")
    new_id = int(copied.headers["location"].rsplit("/", 1)[1])
    first, second = await questions_of(new_id)
    assert first["id"] != reported["id"]
    assert second["show_when"] == {"question": first["id"], "values": ["yes", "dont-know"]}
    assert "Shown when question 1 is" in (await client.get(f"/officer/consultations/{new_id}")).text


# Residents -------------------------------------------------------------------------------------


async def conditional_consultation() -> tuple[dict, dict, dict]:
    """'Have you reported a crime?' (yes/no, required) and, only after Yes, 'What happened?' (required)."""
    c, (reported, detail) = await make_consultation(kinds=["yes_no", "long_text"], required=True)
    await with_condition(c["id"], detail, reported, "yes")
    return c, reported, detail


async def test_without_javascript_every_question_shows_with_a_line_saying_when_to_answer_it(client):
    c, reported, detail = await conditional_consultation()
    form = await client.get(f"/consultations/{c['slug']}/respond")
    assert form.status_code == 200
    assert "Answer this only if you answered &#39;Yes&#39; to question 1." in form.text
    assert f'name="q{detail["id"]}"' in form.text  # on the page, not hidden: the script hides it
    assert 'data-show-when="q%d" data-show-values="yes"' % reported["id"] in form.text
    assert "/static/js/conditions.js" in form.text
    script = await client.get("/static/js/conditions.js")
    assert script.status_code == 200


async def test_the_form_requires_a_conditional_answer_only_when_shown_and_discards_it_when_not(client):
    c, reported, detail = await conditional_consultation()
    url = f"/consultations/{c['slug']}/respond"
    met = await post(client, url, {f"q{reported['id']}": "yes"})
    assert met.status_code == 400
    assert errors_on(met.text) == {f"q{detail['id']}": "Enter an answer to 'Tell us more'"}

    typed_anyway = await post(client, url, {f"q{reported['id']}": "no", f"q{detail['id']}": "Typed with scripts off"})
    assert typed_anyway.status_code == 303
    assert await answers_to(detail["id"]) == []
    assert await answers_to(reported["id"]) == [{"choice": "no", "text": None}]

    answered = await post(client, url, {f"q{reported['id']}": "yes", f"q{detail['id']}": "They listened"})
    assert answered.status_code == 303
    assert await answers_to(detail["id"]) == [{"choice": None, "text": "They listened"}]


async def test_the_api_judges_conditions_exactly_like_the_form(client):
    c, reported, detail = await conditional_consultation()
    described = (await client.get(f"/api/consultations/{c['slug']}")).json()["questions"]
    assert [q.get("show_when") for q in described] == [None, {"question": reported["id"], "values": ["yes"]}]
    url = f"/api/consultations/{c['slug']}/responses"
    missing = await client.post(url, json={"answers": {str(reported["id"]): "yes"}})
    assert missing.status_code == 422
    assert missing.json()["errors"] == {str(detail["id"]): "Enter an answer to 'Tell us more'"}
    hidden = await client.post(url, json={"answers": {str(reported["id"]): "dont-know", str(detail["id"]): "Sent anyway"}})
    assert hidden.status_code == 201, hidden.text
    assert await answers_to(detail["id"]) == [] and await response_count() == 1
    shown = await client.post(url, json={"answers": {str(reported["id"]): "yes", str(detail["id"]): "Kept"}})
    assert shown.status_code == 201
    assert await answers_to(detail["id"]) == [{"choice": None, "text": "Kept"}]


async def test_a_chain_of_conditions_hides_everything_after_the_first_not_met(client):
    c, (reported, choice, detail) = await make_consultation(kinds=["yes_no", "single_choice", "short_text"],
                                                            required=True)
    await with_condition(c["id"], choice, reported, "yes")
    await with_condition(c["id"], detail, choice, choice["options"][0]["id"])
    url = f"/consultations/{c['slug']}/respond"
    # Question 2 is not shown, so its answer is dropped, and question 3 (after 'Alpha' in it) is not shown either.
    sent = await post(client, url, {f"q{reported['id']}": "no", f"q{choice['id']}": choice["options"][0]["id"]})
    assert sent.status_code == 303
    assert await answers_to(choice["id"]) == [] and await answers_to(detail["id"]) == []


async def test_officers_entering_a_paper_response_meet_the_same_rules_and_the_paper_form_says_when(client, officer):
    c, reported, detail = await conditional_consultation()
    printed = await client.get(f"/officer/consultations/{c['id']}/paper/form")
    assert "Answer this only if you answered &#39;Yes&#39; to question 1." in printed.text
    url = f"/officer/consultations/{c['id']}/responses/new?channel=paper"
    entered = await post(client, url, {"channel": "paper", f"q{reported['id']}": "no", f"q{detail['id']}": "Ticked anyway"})
    assert entered.status_code == 303
    assert await answers_to(detail["id"]) == []
    refused = await post(client, url, {"channel": "paper", f"q{reported['id']}": "yes"})
    assert refused.status_code == 400 and f"q{detail['id']}" in errors_on(refused.text)


async def test_the_summary_counts_a_conditional_question_out_of_the_responses_shown_it(client, officer):
    c, (reported, choice) = await make_consultation(kinds=["yes_no", "single_choice"], required=True)
    await with_condition(c["id"], choice, reported, "yes")
    alpha, bravo = choice["options"][0]["id"], choice["options"][1]["id"]
    url = f"/api/consultations/{c['slug']}/responses"
    for answers in ({reported["id"]: "yes", choice["id"]: alpha}, {reported["id"]: "yes", choice["id"]: bravo},
                    {reported["id"]: "no", choice["id"]: alpha}, {reported["id"]: "no"}):
        sent = await client.post(url, json={"answers": {str(k): v for k, v in answers.items()}})
        assert sent.status_code == 201, sent.text
    page = await client.get(f"/officer/summaries/consultations/{c['id']}")
    assert page.status_code == 200
    table = re.search(rf'<table class="govuk-table sm-table" id="table-question-{choice["id"]}">.*?</table>', page.text, re.S).group(0)
    assert "Shown when question 1 is &#39;Yes&#39;: shown to 2 of 4 responses" in table
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]*)</td>', table)
    assert rows == [("Alpha", "1", "50%"), ("Bravo", "1", "50%"), ("Charlie", "0", "0%"), ("Other", "0", "0%"),
                    ("Not answered", "0", "0%")]


async def test_the_instruction_is_translated_and_only_consultations_with_skip_logic_wait_for_it(client):
    from surveys import translations as tr

    plain, plain_qs = await make_consultation(slug="plain", kinds=["yes_no"])
    c, reported, detail = await conditional_consultation()
    for consultation, qs in ((plain, plain_qs), (c, [reported, detail])):
        own = tr.consultation_sources(consultation, qs)
        await tr.save(tr.scope_for(consultation["id"]), consultation["id"], "pl", own,
                      {k: f"PL {v}" for k, v in own.items()}, None)
    shared = {k: v for k, v in tr.interface_sources().items() if not k.startswith("condition.")}
    await tr.save(tr.INTERFACE_SCOPE, None, "pl", tr.interface_sources(), {k: f"PL {v}" for k, v in shared.items()}, None)
    # The words of skip logic are not translated yet: only the consultation that uses it waits for them.
    assert 'lang="pl"' in (await client.get("/consultations/plain/respond?lang=pl")).text
    assert 'lang="pl"' not in (await client.get(f"/consultations/{c['slug']}/respond?lang=pl")).text
    await tr.save(tr.INTERFACE_SCOPE, None, "pl", tr.interface_sources(),
                  {"condition.only_if": "Odpowiedz tylko jeśli wybrano {answers} w pytaniu {number}.",
                   "condition.now_shown": "Pytanie {number} jest teraz widoczne poniżej."}, None)
    polish = await client.get(f"/consultations/{c['slug']}/respond?lang=pl")
    assert 'lang="pl"' in polish.text
    assert "Odpowiedz tylko jeśli wybrano &#39;PL Yes&#39; w pytaniu 1." in polish.text
    assert 'data-shown-text="Pytanie 2 jest teraz widoczne poniżej."' in polish.text


async def test_once_there_are_responses_when_a_question_is_shown_cannot_change(client, officer):
    c, (reported, detail) = await make_consultation(kinds=["yes_no", "short_text"])
    sent = await client.post(f"/api/consultations/{c['slug']}/responses", json={"answers": {str(detail["id"]): "Hi"}})
    assert sent.status_code == 201
    refused = await post(client, f"/officer/consultations/{c['id']}/questions/{detail['id']}/edit", edit_data(
        detail, show_when=str(reported["id"]), **{f"show_when_values_{reported['id']}": "yes"}))
    assert refused.status_code == 400
    assert errors_on(refused.text) == {"show_when": "This consultation already has responses, so when this question is "
                                                    "shown cannot change: earlier respondents were asked it under the "
                                                    "old rule"}
    assert (await questions_of(c["id"]))[1]["show_when"] is None
    # A wording fix still saves, with the condition (none) as it was.
    fixed = await post(client, f"/officer/consultations/{c['id']}/questions/{detail['id']}/edit",
                       edit_data(detail, text="Name one street that worries you most"))
    assert fixed.status_code == 303
