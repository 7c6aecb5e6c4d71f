"""Every date field on the staff side holds a four-digit year: a date input without a `max` lets the
browser take six digits, so 31122026 typed into it became the year 22026. And a date typed the
British way, as the fields show dates, is read as such everywhere, with error examples written so."""

from __future__ import annotations

import re

from tests.integration.test_officer_polish import a_meeting, actor_for
from tests.support import error_summary_links, make_consultation, post_form, sign_in

DATE_INPUT = re.compile(r'<input[^>]*type="(?:date|datetime-local)"[^>]*>')


def date_fields(html: str) -> list[str]:
    return DATE_INPUT.findall(html)


async def test_every_staff_date_field_stops_at_a_four_digit_year(client):
    officer = await actor_for("officer", "dates@example.org")
    meeting = await a_meeting(officer, text="Cars racing", ward="spinney-hills")
    c, _ = await make_consultation("dates", status="open", kinds=["yes_no"])
    await sign_in(client, "officer")
    from engage.meetings.tables import FeedbackPoint

    point = await FeedbackPoint.select(FeedbackPoint.id).first().run()
    pages = ["/officer/reach", f"/officer/consultations/{c['id']}/paper/enter?channel=paper",
             f"/officer/consultations/{c['id']}/paper/enter?channel=phone", "/officer/meetings", "/officer/meetings/new",
             f"/officer/meetings/{meeting['id']}/points/{point['id']}/edit", "/officer/summaries/priorities",
             "/officer/consultations/new"]
    seen = 0
    for path in pages:
        response = await client.get(path)
        assert response.status_code == 200, path
        fields = date_fields(response.text)
        assert fields, f"no date field on {path}"
        for field in fields:
            assert re.search(r'\bmax="\d{4}-\d{2}-\d{2}', field) and re.search(r'\bmin="\d{4}-', field), (path, field)
            seen += 1
    assert seen >= 12


async def test_a_paper_response_takes_a_british_date_and_refuses_a_five_digit_year(client):
    from surveys.paper import new_form_code
    from tests.support import SECRET_KEY

    c, qs = await make_consultation("paper-dates", status="open", kinds=["yes_no"])
    await sign_in(client, "officer")
    url = f"/officer/consultations/{c['id']}/paper/enter"
    import datetime as dt

    from engage.times import london_today

    bad = await post_form(client, url, {"channel": "paper", "form_code": new_form_code(SECRET_KEY, c["id"]),
                                        "received_on": "22026-12-31", f"q{qs[0]['id']}": "yes"})
    assert bad.status_code == 400
    assert ("#received_on", "Date received must be a real date, for example 31/01/2026") in error_summary_links(bad.text)
    yesterday = london_today() - dt.timedelta(days=1)
    ok = await post_form(client, url, {"channel": "paper", "form_code": new_form_code(SECRET_KEY, c["id"]),
                                       "received_on": yesterday.strftime("%d/%m/%Y"), f"q{qs[0]['id']}": "yes"})
    assert ok.status_code == 303, ok.text
    from surveys.reach_tables import Assistance

    assert (await Assistance.select(Assistance.received_on).first().run())["received_on"] == yesterday
