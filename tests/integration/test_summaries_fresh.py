"""A consultation's summary keeps its counts of answers between views (on PostgreSQL), but a
response sent or erased shows at once: the counts, the options and "who we heard from"."""

from __future__ import annotations

import re

from tests.support import make_consultation, post_form, sign_in


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"no table {table_id}"
    return match.group(0)


def _count(table_html: str, header: str) -> str:
    """The first number cell of the row headed `header`."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S):
        th = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if th and re.sub(r"<[^>]+>", "", th.group(1)).strip() == header:
            return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[0])).strip()
    raise AssertionError(f"no row {header!r}")


async def test_a_response_sent_or_erased_changes_the_summary_at_once(client, app):
    from surveys.responses import check_submission, store_submission

    c, questions = await make_consultation("fresh-counts", kinds=["single_choice"])
    pick = questions[0]
    alpha, bravo = (value for value, _ in _options(pick)[:2])
    sent = {"n": 0}

    async def respond(choice: str, about: bool = True) -> str:
        sent["n"] += 1
        checked = check_submission(questions, {f"q{pick['id']}": [choice]}, {"age_band": "25-34"} if about else {})
        assert not checked.errors, checked.errors
        receipt, _ = await store_submission(c["id"], checked, submission_key=f"fresh:{sent['n']}",
                                            secret=app.state.settings.secret_key)
        return receipt

    async def page() -> tuple[str, str, str, str]:
        html = (await client.get(f"/officer/summaries/consultations/{c['id']}")).text
        responses = re.search(r'id="stat-responses">([^<]*)<', html).group(1)
        question = _table(html, f"table-question-{pick['id']}")
        return responses, _count(question, "Alpha"), _count(question, "Bravo"), _count(
            _table(html, "table-equality-age_band"), "25 to 34")

    first = await respond(alpha)
    await respond(alpha)
    await sign_in(client, "executive")
    assert await page() == ("2", "2", "0", "fewer than 10")
    assert await page() == ("2", "2", "0", "fewer than 10")  # the same again (kept, on PostgreSQL)

    await respond(bravo)
    assert (await page())[:3] == ("3", "2", "1")  # at once, not when anything expires

    erased = await post_form(client, "/delete-my-response", {"receipt": first})
    assert erased.status_code == 200
    assert (await page())[:3] == ("2", "1", "1")

    # As many responses and equality rows as before the erasure, but not the same responses:
    # still counted afresh.
    await respond(bravo, about=False)
    assert (await page())[:3] == ("3", "1", "2")
    erased = await post_form(client, "/delete-my-response", {"receipt": await respond(bravo)})
    assert erased.status_code == 200
    assert (await page())[:3] == ("3", "1", "2")

    # Ten equality rows make the age band's count shown rather than suppressed.
    for _ in range(8):
        await respond(alpha)
    assert await page() == ("11", "9", "2", "12")  # erasure leaves 'About you' rows (they are unlinked)


def _options(q: dict) -> list[tuple[str, str]]:
    from surveys.kinds import options_for

    return options_for(q)


async def test_a_response_committed_late_below_the_kept_ones_and_numbers_are_counted(client, app):
    """The counts kept after a view cover responses up to an id; one that commits later with a
    lower id (its submission took the id first and finished last) must still be counted, and a
    number question's median is of every answer, kept and new."""
    from surveys.responses import check_submission, store_submission
    from surveys.tables import Response

    c, questions = await make_consultation("late-counts", kinds=["single_choice", "number"])
    pick, years = questions
    alpha = _options(pick)[0][0]
    sent = {"n": 0}

    async def respond(number: str) -> str:
        sent["n"] += 1
        checked = check_submission(questions, {f"q{pick['id']}": [alpha], f"q{years['id']}": [number]}, {})
        assert not checked.errors, checked.errors
        receipt, _ = await store_submission(c["id"], checked, submission_key=f"late:{sent['n']}",
                                            secret=app.state.settings.secret_key)
        return receipt

    async def page() -> tuple[str, str, str]:
        html = (await client.get(f"/officer/summaries/consultations/{c['id']}")).text
        responses = re.search(r'id="stat-responses">([^<]*)<', html).group(1)
        return (responses, _count(_table(html, f"table-question-{pick['id']}"), "Alpha"),
                _count(_table(html, f"table-question-{years['id']}"), "Median"))

    await respond("2")
    await respond("4")
    await sign_in(client, "executive")
    assert await page() == ("2", "2", "3 years")

    await respond("30")  # after the kept counts: counted with them
    assert await page() == ("3", "3", "4 years")

    # A response stored now under an id below every kept one, as a late commit would be.
    await respond("40")
    newest = (await Response.select(Response.id).where(Response.consultation == c["id"])
              .order_by(Response.id, ascending=False).first())["id"]
    await Response.raw("UPDATE surveys_response SET id = {} WHERE id = {}", -newest, newest)
    assert await page() == ("4", "4", "17 years")
