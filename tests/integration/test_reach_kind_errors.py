"""A resident answering a Polish form with a date and a ranking question is told what is wrong
in Polish, about the question as the Polish form shows it; a message not yet translated is in
English, and the officer's overview counts these messages only for consultations that can show them."""

from __future__ import annotations

import re

from tests.support import make_consultation, post_form, sign_in


async def test_polish_date_and_ranking_mistakes_are_explained_in_polish_or_else_in_english(client):
    from surveys import translations as tr

    c, qs = await make_consultation(kinds=["date", "ranking"], required=True)
    date, ranking = qs
    own = tr.consultation_sources(c, qs)
    await tr.save(tr.scope_for(c["id"]), c["id"], "pl", own, {k: f"PL {v}" for k, v in own.items()}, None)
    shared = tr.interface_sources()
    await tr.save(tr.INTERFACE_SCOPE, None, "pl", shared, {k: f"PL {v}" for k, v in shared.items()}, None)
    # Only these three messages translated; "today or in the past" is not.
    await tr.save(tr.INTERFACE_SCOPE, None, "pl", tr.shared_form_sources(), {
        "error.date_real": "Odpowiedź na '%{question}' musi być prawdziwą datą",
        "error.rank_all": "Uszereguj odpowiedzi na '%{question}'",
        "error.rank_position_twice": "Daj pozycję %{position} tylko jednej odpowiedzi na '%{question}'",
    }, None)
    url = f"/consultations/{c['slug']}/respond?lang=pl"
    name, ids = f"q{ranking['id']}", [o["id"] for o in ranking["options"]]

    wrong = await post_form(client, url, {"lang": "pl", f"q{date['id']}-day": "30", f"q{date['id']}-month": "2",
                                          f"q{date['id']}-year": "2024"})
    assert wrong.status_code == 400
    text = wrong.text.replace("&#39;", "'")
    assert f"Odpowiedź na 'PL {date['text']}' musi być prawdziwą datą" in text
    assert f"Uszereguj odpowiedzi na 'PL {ranking['text']}'" in text
    assert "must be a real date" not in text and "Rank the answers" not in text

    again = await post_form(client, url, {"lang": "pl", f"q{date['id']}-day": "1", f"q{date['id']}-month": "1",
                                          f"q{date['id']}-year": "2999", f"{name}-{ids[0]}": "1",
                                          f"{name}-{ids[1]}": "1", f"{name}-{ids[2]}": "2"})
    assert again.status_code == 400
    text = again.text.replace("&#39;", "'")
    assert f"Daj pozycję 1 tylko jednej odpowiedzi na 'PL {ranking['text']}'" in text
    # Not translated yet: the English message, with the question as the Polish form shows it.
    assert f"Your answer to 'PL {date['text']}' must be today or in the past" in text

    # The overview counts the date and ranking messages for this consultation, and not for one without them.
    plain, plain_qs = await make_consultation(slug="plain", kinds=["yes_no"])
    await sign_in(client, "officer")
    with_kinds, without = len(tr.error_sources({"date", "ranking"})), len(tr.error_sources({"yes_no"}))
    assert without < with_kinds < len(tr.error_sources())  # the number's messages are not asked for either
    for consultation, done, total in ((c, 3, with_kinds), (plain, 0, without)):
        overview = re.sub(r"\s+", " ", (await client.get(f"/officer/consultations/{consultation['id']}/translations")).text)
        polish_row = re.search(r"Polish.*?</tr>", overview).group(0)
        assert f"Error messages: {done} of {total}; the rest shown in English" in polish_row
