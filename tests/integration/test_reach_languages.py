"""Consultations in the languages people read: an officer pastes in translations, a language
goes live only when complete, an edit to the English puts translations out of date, and a
resident answers in Urdu (right to left) and in Polish with every response recording its language."""

from __future__ import annotations

import re

from tests.support import make_consultation, make_plan, post_form, sign_in


async def translate_everything(c: dict, questions: list[dict], code: str, mark: str) -> None:
    """What a translator's work amounts to: every piece of English, in `code` (marked so a test can see it)."""
    from surveys import translations as tr

    own = tr.consultation_sources(c, questions)
    await tr.save(tr.scope_for(c["id"]), c["id"], code, own, {k: f"{mark} {v}" for k, v in own.items()}, None)
    shared = tr.interface_sources()
    await tr.save(tr.INTERFACE_SCOPE, None, code, shared, {k: f"{mark} {v}" for k, v in shared.items()}, None)


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


async def responses_by_language() -> dict[str, int]:
    from surveys.tables import Response

    rows = await Response.select(Response.language).run()
    out: dict[str, int] = {}
    for row in rows:
        out[row["language"]] = out.get(row["language"], 0) + 1
    return out


async def test_an_urdu_and_a_polish_resident_answer_in_their_language_without_javascript(client):
    c, qs = await make_consultation(kinds=["single_choice", "agree_scale", "long_text"])
    await translate_everything(c, qs, "ur", "اردو")
    await translate_everything(c, qs, "pl", "PL")
    choice = qs[0]

    page = await client.get(f"/consultations/{c['slug']}?lang=ur")
    assert page.status_code == 200
    assert 'lang="ur"' in html_tag(page.text) and 'dir="rtl"' in html_tag(page.text)
    assert f"اردو {c['title']}" in page.text
    assert f'href="/consultations/{c["slug"]}/respond?lang=ur"' in page.text
    # Every live language is offered by name in its own script, as a plain link.
    assert 'href="?lang=pl"' in page.text and "Polski" in page.text

    form = await client.get(f"/consultations/{c['slug']}/respond?lang=ur")
    assert 'dir="rtl"' in html_tag(form.text)
    assert f"اردو {choice['text']}" in form.text
    assert "اردو Alpha" in form.text  # the officer's options
    assert "اردو Strongly agree" in form.text  # the fixed scale
    assert "اردو (optional)" in form.text  # GOV.UK's own words
    assert "اردو You can enter up to %{count} characters" in form.text or "اردو You can enter up to" in form.text
    assert 'name="lang" value="ur"' in form.text

    sent = await post_form(client, f"/consultations/{c['slug']}/respond?lang=ur",
                           {"lang": "ur", f"q{choice['id']}": choice["options"][0]["id"]})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/consultations/{c['slug']}/thank-you?lang=ur"
    thanks = await client.get(sent.headers["location"])
    assert 'dir="rtl"' in html_tag(thanks.text) and "اردو Response sent" in thanks.text

    polish = await client.get(f"/consultations/{c['slug']}/respond?lang=pl")
    assert 'lang="pl"' in html_tag(polish.text) and 'dir="rtl"' not in html_tag(polish.text)
    assert "PL Pick one" in polish.text
    # A mistake comes back in Polish, with GOV.UK's error summary title translated.
    wrong = await post_form(client, f"/consultations/{c['slug']}/respond?lang=pl",
                            {"lang": "pl", f"q{choice['id']}": "not-an-option"})
    assert wrong.status_code == 400
    assert "PL There is a problem" in wrong.text and 'lang="pl"' in html_tag(wrong.text)
    sent = await post_form(client, f"/consultations/{c['slug']}/respond?lang=pl",
                           {"lang": "pl", f"q{choice['id']}": choice["options"][1]["id"]})
    assert sent.status_code == 303

    english = await client.get(f"/consultations/{c['slug']}/respond")
    assert html_tag(english.text).startswith('<html lang="en-GB"') and "PL " not in english.text
    await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{choice['id']}": choice["options"][2]["id"]})
    assert await responses_by_language() == {"ur": 1, "pl": 1, "en": 1}


async def test_an_incomplete_language_is_not_offered_and_its_address_shows_english(client):
    c, qs = await make_consultation(kinds=["yes_no"])
    from surveys import translations as tr

    own = tr.consultation_sources(c, qs)
    await tr.save(tr.scope_for(c["id"]), c["id"], "so", own, {"title": "Ra'yi"}, None)  # the title only
    page = await client.get(f"/consultations/{c['slug']}?lang=so")
    assert page.status_code == 200 and 'lang="en-GB"' in html_tag(page.text)
    assert "Ra'yi" not in page.text and "?lang=so" not in page.text


async def test_a_wording_change_puts_the_translation_out_of_date_and_shows_what_changed(client):
    c, qs = await make_consultation(status="draft", kinds=["single_choice", "yes_no"])
    await translate_everything(c, qs, "ur", "اردو")
    await sign_in(client, "officer")
    overview = await client.get(f"/officer/consultations/{c['id']}")
    assert re.search(r"Urdu.*?Yes", overview.text, re.S)

    q = qs[1]
    edited = await post_form(client, f"/officer/consultations/{c['id']}/questions/{q['id']}/edit",
                             {"text": "Would you report it to the police?", "hint": ""})
    assert edited.status_code == 303
    overview = await client.get(f"/officer/consultations/{c['id']}/translations")
    assert "1 out of date" in overview.text
    row = re.search(r"Urdu.*?</tr>", overview.text, re.S).group(0)
    assert "Not yet" in row
    page = await client.get(f"/officer/consultations/{c['id']}/translations/ur")
    assert "Out of date" in page.text
    assert "<del>it?</del> <ins>it to the police?</ins>" in page.text
    # Residents are not offered a translation that no longer matches the question.
    await make_plan(c["id"])  # what residents are told before it opens (surveys.plan)
    opened = await post_form(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})
    assert opened.status_code == 303
    resident = await client.get(f"/consultations/{c['slug']}/respond?lang=ur")
    assert 'lang="en-GB"' in html_tag(resident.text) and "Would you report it to the police?" in resident.text

    # The translator's new wording, saved through the form, brings it back.
    fields = dict(re.findall(r'<input type="hidden" name="(s\d+)" value="([^"]*)"', page.text))
    keys = re.findall(r'<input type="hidden" name="key" value="([^"]*)"', page.text)
    data = [("key", k) for k in keys] + [(name, value) for name, value in fields.items()]
    import html as html_lib

    data = [(n, html_lib.unescape(v)) for n, v in data]
    texts = re.findall(r'<(?:input class="govuk-input" id="(t\d+)"[^>]*value="([^"]*)"|textarea[^>]*id="(t\d+)"[^>]*>([^<]*))', page.text)
    for a, b, d, e in texts:
        data.append((a or d, html_lib.unescape(b or e) or "اردو new"))
    saved = await post_form(client, f"/officer/consultations/{c['id']}/translations/ur", data)
    assert saved.status_code == 303, saved.text
    resident = await client.get(f"/consultations/{c['slug']}/respond?lang=ur")
    assert 'dir="rtl"' in html_tag(resident.text)


async def test_a_translation_typed_against_english_that_has_since_changed_is_refused(client):
    c, qs = await make_consultation(kinds=["yes_no"])
    await sign_in(client, "officer")
    page = await client.get(f"/officer/consultations/{c['id']}/translations/pl")
    assert page.status_code == 200
    sent = await post_form(client, f"/officer/consultations/{c['id']}/translations/pl",
                           [("key", "title"), ("s0", "An older title"), ("t0", "Tytuł")])
    assert sent.status_code == 400 and "English has changed" in sent.text
    unknown = await client.get(f"/officer/consultations/{c['id']}/translations/xx")
    assert unknown.status_code == 404


async def test_a_consultation_summary_can_be_filtered_by_the_language_responses_were_given_in(client):
    from surveys.responses import CheckedSubmission, store_submission
    from surveys.kinds import Stored
    from tests.support import SECRET_KEY

    c, qs = await make_consultation(kinds=["yes_no"])
    for n, lang in enumerate(["ur", "ur", "pl", "en", "en", "en"]):
        answers = {qs[0]["id"]: Stored([("yes", None, None)])}
        await store_submission(c["id"], CheckedSubmission(answers=answers), submission_key=f"s:{n}",
                               secret=SECRET_KEY, language=lang)
    await sign_in(client, "officer")
    everyone = await client.get(f"/officer/summaries/consultations/{c['id']}")
    assert re.search(r'id="stat-responses">6<', everyone.text)
    assert 'name="language"' in everyone.text and ">Urdu<" in everyone.text
    urdu = await client.get(f"/officer/summaries/consultations/{c['id']}?language=ur")
    assert re.search(r'id="stat-responses">2<', urdu.text)
    assert "answered in Urdu" in urdu.text
    polish = await client.get(f"/officer/summaries/consultations/{c['id']}?language=pl")
    assert re.search(r'id="stat-responses">1<', polish.text)
    wrong = await client.get(f"/officer/summaries/consultations/{c['id']}?language=zz")
    assert wrong.status_code == 200 and "Choose a language from the list" in wrong.text


async def test_the_builder_shows_a_reading_age_for_every_piece_of_text_and_flags_hard_ones(client):
    from surveys import builder

    c, qs = await make_consultation(status="draft", kinds=["yes_no"])
    await builder.add_question(c["id"], builder.QuestionForm(
        kind="short_text", text="Considering the multiplicity of interdependent organisational responsibilities, "
                                "which institutional arrangements would substantively improve accountability?"),
        has_responses=False)
    await sign_in(client, "officer")
    page = re.sub(r"\s+", " ", (await client.get(f"/officer/consultations/{c['id']}")).text)
    table = re.search(r'id="reading-age".*?</table>', page).group(0)
    assert "Pieces above <strong>11</strong> are flagged" in table
    easy = re.search(r"Question 1</th>(.*?)</tr>", table).group(1)
    hard = re.search(r"Question 2</th>(.*?)</tr>", table).group(1)
    assert "Above 11" not in easy and re.search(r">\s*\d+", easy)
    assert "Above 11" in hard


async def test_a_duplicated_consultation_keeps_its_translations_for_its_own_questions(client):
    c, qs = await make_consultation(status="draft", kinds=["single_choice", "yes_no"])
    await translate_everything(c, qs, "ur", "اردو")
    await sign_in(client, "officer")
    copied = await post_form(client, f"/officer/consultations/{c['id']}/duplicate", {})
    assert copied.status_code == 303
    new_id = int(copied.headers["location"].rsplit("/", 1)[1])
    overview = await client.get(f"/officer/consultations/{new_id}/translations")
    row = re.search(r"Urdu.*?</tr>", overview.text, re.S).group(0)
    assert "1 out of date" in row  # only the title, which the copy changes ("... (copy)")
    page = await client.get(f"/officer/consultations/{new_id}/translations/ur")
    from surveys.builder import questions_for

    copies = await questions_for(new_id)
    assert f"اردو {copies[1]['text']}" in page.text  # the copy's own question, translated



async def test_a_mistake_on_an_urdu_or_polish_form_is_explained_in_that_language_with_the_translated_question(client):
    from surveys import translations as tr

    c, qs = await make_consultation(kinds=["single_choice", "long_text", "postcode"], required=True)
    choice, free, postcode = qs
    await translate_everything(c, qs, "ur", "اردو")
    await translate_everything(c, qs, "pl", "PL")
    # Polish: every error message translated (through the shared words' form, as a translator would).
    await sign_in(client, "officer")
    form = await client.get("/officer/translations/pl")
    assert "Error message (%{question} stands for the question" in form.text
    polish = {
        "error.select_answer": "Wybierz odpowiedź na pytanie '%{question}'",
        "error.enter_answer": "Wpisz odpowiedź na pytanie '%{question}'",
        "error.too_long": "Odpowiedź na '%{question}' może mieć najwyżej %{limit} znaków (ma %{length})",
        "error.real_postcode": "Wpisz prawdziwy kod pocztowy, np. LE2 1AB",
        "error.enter_postcode": "Wpisz kod pocztowy: '%{question}'",
    }
    sources = tr.shared_form_sources()
    keys = list(sources)
    data = [("key", k) for k in keys] + [(f"s{i}", sources[k]) for i, k in enumerate(keys)]
    shared = await tr.stored(tr.INTERFACE_SCOPE, "pl")
    data += [(f"t{i}", polish.get(k) or (shared[k]["text"] if k in shared else "")) for i, k in enumerate(keys)]
    saved = await post_form(client, "/officer/translations/pl", data)
    assert saved.status_code == 303, saved.text
    # A translation that drops a placeholder is refused, so no message loses its question.
    bad = await post_form(client, "/officer/translations/pl", [("key", "error.select_one"), ("s0", sources["error.select_one"]),
                                                               ("t0", "Wybierz tylko jedną")])
    assert bad.status_code == 400 and "Keep the placeholders" in bad.text
    # Urdu: one message translated; the others fall back to English, and the completeness view says so.
    await tr.save(tr.INTERFACE_SCOPE, None, "ur", tr.shared_form_sources(),
                  {"error.select_answer": "'%{question}' کا جواب منتخب کریں"}, None)
    overview = re.sub(r"\s+", " ", (await client.get(f"/officer/consultations/{c['id']}/translations")).text)
    urdu_row = re.search(r"Urdu.*?</tr>", overview).group(0)
    assert f"Error messages: 1 of {len(tr.error_sources({q['kind'] for q in qs}))}; the rest shown in English" in urdu_row and "Yes" in urdu_row
    shared_page = re.sub(r"\s+", " ", (await client.get("/officer/translations/ur")).text)
    assert f"Error messages: 1 of {len(tr.error_sources())}</strong>" in shared_page and "<strong>in English</strong>" in shared_page
    client.cookies.clear()

    wrong = await post_form(client, f"/consultations/{c['slug']}/respond?lang=pl",
                            {"lang": "pl", f"q{free['id']}": "x" * 101, f"q{postcode['id']}": "nowhere"})
    assert wrong.status_code == 400 and 'lang="pl"' in html_tag(wrong.text)
    text = wrong.text.replace("&#39;", "'")
    assert f"Wybierz odpowiedź na pytanie 'PL {choice['text']}'" in text
    assert f"Odpowiedź na 'PL {free['text']}' może mieć najwyżej 100 znaków (ma 101)" in text
    assert "Wpisz prawdziwy kod pocztowy, np. LE2 1AB" in text
    assert "Select an answer" not in text and "must be" not in text
    # The error summary links each message to its field, as in English.
    assert f'href="#q{choice["id"]}"' in wrong.text

    urdu = await post_form(client, f"/consultations/{c['slug']}/respond?lang=ur", {"lang": "ur"})
    assert urdu.status_code == 400 and 'dir="rtl"' in html_tag(urdu.text)
    text = urdu.text.replace("&#39;", "'")
    assert f"'اردو {choice['text']}' کا جواب منتخب کریں" in text
    # Not translated yet: English words, but the question as the Urdu form shows it.
    assert f"Enter an answer to 'اردو {free['text']}'" in text

    english = await post_form(client, f"/consultations/{c['slug']}/respond", {})
    assert f"Select an answer for '{choice['text']}'" in english.text.replace("&#39;", "'")


async def test_an_error_message_translated_from_older_english_falls_back_to_english(client):
    from surveys import translations as tr

    c, qs = await make_consultation(kinds=["yes_no"], required=True)
    await translate_everything(c, qs, "pl", "PL")
    sources = tr.shared_form_sources() | {"error.select_answer": "An older message for '%{question}'"}
    await tr.save(tr.INTERFACE_SCOPE, None, "pl", sources, {"error.select_answer": "Stary komunikat '%{question}'"}, None)
    wrong = await post_form(client, f"/consultations/{c['slug']}/respond?lang=pl", {"lang": "pl"})
    assert wrong.status_code == 400
    assert "Stary komunikat" not in wrong.text and f"Select an answer for &#39;PL {qs[0]['text']}&#39;" in wrong.text


async def test_with_javascript_urdu_and_polish_answers_go_through_htmx_in_their_language(client):
    """htmx (JavaScript on) posts the same form and swaps the <main> it gets back: the errors and the
    thank-you page stay in the language, and the address bar keeps ?lang=."""
    from surveys import translations as tr

    c, qs = await make_consultation(kinds=["single_choice"], required=True)
    choice = qs[0]
    hx = {"HX-Request": "true"}
    for code, mark in (("ur", "اردو"), ("pl", "PL")):
        await translate_everything(c, qs, code, mark)
        errors = tr.error_sources()
        await tr.save(tr.INTERFACE_SCOPE, None, code, tr.shared_form_sources(),
                      {k: f"{mark} {v}" for k, v in errors.items()}, None)
        form = await client.get(f"/consultations/{c['slug']}/respond?lang={code}", headers=hx)
        assert form.text.lstrip().startswith("<main") and f'hx-post="/consultations/{c["slug"]}/respond?lang={code}"' in form.text
        wrong = await post_form(client, f"/consultations/{c['slug']}/respond?lang={code}", {"lang": code}, headers=hx)
        assert wrong.status_code == 400 and wrong.text.lstrip().startswith("<main")
        assert f"{mark} There is a problem" in wrong.text
        assert f"{mark} Select an answer for &#39;{mark} {choice['text']}&#39;" in wrong.text
        sent = await post_form(client, f"/consultations/{c['slug']}/respond?lang={code}",
                               {"lang": code, f"q{choice['id']}": choice["options"][0]["id"]}, headers=hx)
        assert sent.status_code == 303 and sent.headers["location"].endswith(f"/thank-you?lang={code}")
        thanks = await client.get(sent.headers["location"], headers=hx)
        assert f"{mark} Response sent" in thanks.text
        assert thanks.headers["hx-replace-url"] == f"/consultations/{c['slug']}/thank-you?lang={code}"
    assert await responses_by_language() == {"ur": 1, "pl": 1}
