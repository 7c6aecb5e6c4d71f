"""Closing the loop, through the app: what residents are told before a consultation opens, the
confirmation before results are published, the decision ("We asked, you said, we did") and its
follow-up actions, the archive and its feed, following a response by its receipt, duplicating."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from tests.support import PLAN, error_summary_links, hours, make_consultation, post_form, sign_in

DECISION = {"heard": "Most of you asked for **more patrols** near the station", "decision": "Patrols double at night",
            "decided_on": "2026-11-01", "decided_by": "Safer Leicester Partnership Executive",
            "changes": "Two more patrols on Fridays"}


async def post(client, url, data=None):
    return await post_form(client, url, data or {})


async def closed_and_published(client, c: dict) -> None:
    """Close the consultation and publish its results through the pages (with a reason: few responses)."""
    await post(client, f"/officer/consultations/{c['id']}/status", {"action": "close"})
    done = await post(client, f"/officer/consultations/{c['id']}/publish", {"confirm": "yes", "reason": "A pilot"})
    assert done.status_code == 303, done.text


async def write_decision(client, c: dict, **overrides) -> None:
    saved = await post(client, f"/officer/consultations/{c['id']}/decision", {**DECISION, **overrides})
    assert saved.status_code == 303, saved.text


async def test_a_consultation_opens_only_with_its_plan_and_residents_read_it(client):
    await sign_in(client, "officer")
    c, _ = await make_consultation(status="draft", kinds=["short_text"], closes_at=hours(24 * 60))
    refused = await post(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})
    assert refused.status_code == 409 and "Complete &#39;Before opening&#39;" in refused.text

    empty = await post(client, f"/officer/consultations/{c['id']}/plan", {})
    assert empty.status_code == 400
    links = dict(error_summary_links(empty.text))
    assert links["#purpose"] == "Enter the consultation&#39;s purpose" or "#purpose" in links
    assert {"#open_to_change", "#not_open_to_change", "#how_used", "#decision_expected", "#equality_summary"} <= set(links)

    bad_link = await post(client, f"/officer/consultations/{c['id']}/plan", {**PLAN, "equality_link": "javascript:alert(1)"})
    assert bad_link.status_code == 400 and "#equality_link" in dict(error_summary_links(bad_link.text))

    saved = await post(client, f"/officer/consultations/{c['id']}/plan", PLAN)
    assert saved.status_code == 303
    opened = await post(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})
    assert opened.status_code == 303
    page = (await client.get(f"/consultations/{c['slug']}")).text
    for text in ("Decide where the new patrols go", "Which streets come first", "The number of officers",
                 "Read by the partnership board", "31 March 2027", 'href="https://example.org/eia.pdf"'):
        assert text in page, text


async def test_a_consultation_shorter_than_the_minimum_needs_a_reason_residents_can_see(client):
    await sign_in(client, "officer")
    c, _ = await make_consultation(status="draft", kinds=["short_text"], closes_at=hours(24 * 14))
    form = await client.get(f"/officer/consultations/{c['id']}/plan")
    assert 'id="short-warning"' in form.text and "less than the minimum of 6 weeks" in form.text
    refused = await post(client, f"/officer/consultations/{c['id']}/plan", PLAN)
    assert refused.status_code == 400
    assert "#short_reason" in dict(error_summary_links(refused.text))
    saved = await post(client, f"/officer/consultations/{c['id']}/plan", {**PLAN, "short_reason": "The budget is set in March"})
    assert saved.status_code == 303
    assert (await post(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})).status_code == 303
    assert "The budget is set in March" in (await client.get(f"/consultations/{c['slug']}")).text


async def test_publishing_results_is_confirmed_shows_hidden_counts_and_needs_a_reason_when_few(client):
    from surveys.loop_tables import Publication
    from surveys.responses import field_name

    await sign_in(client, "officer")
    c, questions = await make_consultation(kinds=["yes_no"])
    q = questions[0]
    yes = q["options"][0]["id"] if q["options"] else "yes"
    for _ in range(3):
        await post(client, f"/consultations/{c['slug']}/respond", {field_name(q["id"]): yes})
    await post(client, f"/officer/consultations/{c['id']}/status", {"action": "close"})
    # The old one-click publish now leads to the confirmation page.
    direct = await post(client, f"/officer/consultations/{c['id']}/status", {"action": "publish"})
    assert direct.status_code == 303 and direct.headers["location"].endswith(f"/{c['id']}/publish")
    page = await client.get(f"/officer/consultations/{c['id']}/publish")
    assert 'id="publish-responses">3<' in page.text
    suppressed = int(re.search(r'id="publish-suppressed">(\d+)<', page.text).group(1))
    assert suppressed >= 1  # 3 responses: every count is under 10
    assert "fewer than 30 responses" in page.text

    refused = await post(client, f"/officer/consultations/{c['id']}/publish", {"confirm": "yes"})
    assert refused.status_code == 400 and "#reason" in dict(error_summary_links(refused.text))
    unconfirmed = await post(client, f"/officer/consultations/{c['id']}/publish", {"reason": "Pilot"})
    assert unconfirmed.status_code == 400 and "#confirm" in dict(error_summary_links(unconfirmed.text))
    from surveys.consultations import get

    assert (await get(c["id"]))["status"] == "closed"
    done = await post(client, f"/officer/consultations/{c['id']}/publish", {"confirm": "yes", "reason": "Pilot"})
    assert done.status_code == 303 and (await get(c["id"]))["status"] == "published"
    record = await Publication.select().first()
    assert record["responses"] == 3 and record["suppressed_cells"] == suppressed and record["low_response_reason"] == "Pilot"
    assert "Pilot" in (await client.get(f"/officer/consultations/{c['id']}/history")).text


async def test_the_decision_page_with_actions_linked_from_the_consultation_and_home_pages(client):
    officer = await sign_in(client, "officer")
    c, _ = await make_consultation(kinds=["short_text"])
    early = await post(client, f"/officer/consultations/{c['id']}/decision", DECISION)
    assert early.status_code == 400 and "once the consultation has closed" in early.text
    await closed_and_published(client, c)
    missing = await post(client, f"/officer/consultations/{c['id']}/decision", {**DECISION, "decided_by": "", "decided_on": "31/02"})
    assert missing.status_code == 400
    assert {"#decided_by", "#decided_on"} <= set(dict(error_summary_links(missing.text)))
    await write_decision(client, c)
    assert (await client.get(f"/consultations/{c['slug']}/decision")).status_code == 404  # a draft until published

    action = {"description": "Extra Friday patrols", "owner": "Leicestershire Police", "owner_user": str(officer["id"]),
              "due_on": "2026-12-31", "status": "planned", "progress": ""}
    assert (await post(client, f"/officer/consultations/{c['id']}/decision/actions", action)).status_code == 303
    bad = await post(client, f"/officer/consultations/{c['id']}/decision/actions", {**action, "owner_user": "99999"})
    assert bad.status_code == 400 and "#owner_user" in dict(error_summary_links(bad.text))
    assert (await post(client, f"/officer/consultations/{c['id']}/decision/publish")).status_code == 303

    page = (await client.get(f"/consultations/{c['slug']}/decision")).text
    assert "<strong>more patrols</strong>" in page and "Patrols double at night" in page
    assert 'id="decided-on">1 November 2026<' in page and "Safer Leicester Partnership Executive" in page
    assert "Two more patrols on Fridays" in page and "Extra Friday patrols" in page and "Planned" in page
    assert f'href="/consultations/{c["slug"]}#results"' in page
    assert f'href="/consultations/{c["slug"]}/decision"' in (await client.get(f"/consultations/{c['slug']}")).text
    assert f'href="/consultations/{c["slug"]}/decision"' in (await client.get("/")).text

    from surveys.loop_tables import FollowUpAction

    action_id = (await FollowUpAction.select(FollowUpAction.id).first())["id"]
    updated = await post(client, f"/officer/consultations/{c['id']}/decision/actions/{action_id}",
                         {**action, "status": "in-progress", "progress": "First patrols started"})
    assert updated.status_code == 303
    page = (await client.get(f"/consultations/{c['slug']}/decision")).text
    assert "In progress" in page and "First patrols started" in page


async def test_the_archive_filters_by_ward_priority_year_and_words_and_the_feed_lists_news(client):
    await sign_in(client, "officer")
    a, _ = await make_consultation(slug="castle-patrols", kinds=["short_text"])
    b, _ = await make_consultation(slug="abbey-lighting", kinds=["short_text"])
    open_one, _ = await make_consultation(slug="still-open", kinds=["short_text"], closes_at=hours(48))
    await post(client, f"/officer/consultations/{a['id']}/plan", {**PLAN, "wards": ["castle"]})
    await post(client, f"/officer/consultations/{b['id']}/plan", {**PLAN, "wards": ["abbey"]})
    await closed_and_published(client, a)
    await post(client, f"/officer/consultations/{b['id']}/status", {"action": "close"})
    await write_decision(client, a)
    await post(client, f"/officer/consultations/{a['id']}/decision/publish")

    def titles(html):
        return re.findall(r'<h2 class="govuk-heading-m"><a class="govuk-link" href="/consultations/([a-z-]+)">', html)

    everything = (await client.get("/archive")).text
    assert sorted(titles(everything)) == ["abbey-lighting", "castle-patrols"]  # not the open one
    assert titles((await client.get("/archive?ward=castle")).text) == ["castle-patrols"]
    assert titles((await client.get("/archive?ward=abbey")).text) == ["abbey-lighting"]
    assert titles((await client.get("/archive?q=LIGHTING")).text) == ["abbey-lighting"]
    year = dt.datetime.now(dt.timezone.utc).year
    assert len(titles((await client.get(f"/archive?year={year}")).text)) == 2
    assert titles((await client.get(f"/archive?year={year - 5}")).text) == []
    assert len(titles((await client.get("/archive?priority=localities")).text)) == 2
    assert titles((await client.get("/archive?priority=community-cohesion")).text) == []
    # Nonsense filters are ignored, never an error.
    assert (await client.get("/archive?ward=%3Cscript%3E&year=abcd&priority=x")).status_code == 200
    assert 'href="/consultations/castle-patrols/decision"' in everything

    feed = await client.get("/feed.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = [e.find("a:title", ns).text for e in root.findall("a:entry", ns)]
    assert "Decision: Consultation castle-patrols" in entries
    assert "New consultation: Consultation still-open" in entries


async def test_following_a_response_by_receipt_shows_its_stage(client):
    from surveys.responses import field_name
    from tests.integration.test_consultations_answering import receipt_from

    c, questions = await make_consultation(kinds=["short_text"])
    sent = await post(client, f"/consultations/{c['slug']}/respond", {field_name(questions[0]["id"]): "More lights"})
    receipt = receipt_from(sent)
    thanks = (await client.get(f"/consultations/{c['slug']}/thank-you")).text
    assert 'href="/follow-my-response"' in thanks and f'action="/consultations/{c["slug"]}/follow"' in thanks

    async def stage():
        page = await post(client, "/follow-my-response", {"receipt": receipt.lower().replace("-", " ")})
        assert page.status_code == 200, page.text
        return re.search(r'id="stage">([^<]+)<', page.text).group(1), page.text

    now, page = await stage()
    assert now == "Open for responses" and f'href="/consultations/{c["slug"]}"' in page
    await sign_in(client, "officer")
    await post(client, f"/officer/consultations/{c['id']}/status", {"action": "close"})
    assert (await stage())[0].startswith("Closed")
    await post(client, f"/officer/consultations/{c['id']}/publish", {"confirm": "yes", "reason": "Pilot"})
    now, page = await stage()
    assert now == "Results published" and f'href="/consultations/{c["slug"]}#results"' in page
    await write_decision(client, c)
    await post(client, f"/officer/consultations/{c['id']}/decision/publish")
    now, page = await stage()
    assert now == "Decision made" and f'href="/consultations/{c["slug"]}/decision"' in page

    wrong = await post(client, "/follow-my-response", {"receipt": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400 and "No response has this receipt code" in wrong.text
    junk = await post(client, "/follow-my-response", {"receipt": "<b>x</b>"})
    assert junk.status_code == 400 and "#receipt" in dict(error_summary_links(junk.text))


async def test_duplicating_a_consultation_makes_a_draft_with_its_questions_and_plan(client):
    from surveys.builder import questions_for
    from surveys.loop_tables import ConsultationPlan
    from surveys.tables import Consultation

    await sign_in(client, "officer")
    c, questions = await make_consultation(kinds=["short_text", "single_choice"])
    await post(client, f"/officer/consultations/{c['id']}/plan", PLAN)
    await post(client, f"/consultations/{c['slug']}/respond", {})
    copied = await post(client, f"/officer/consultations/{c['id']}/duplicate")
    assert copied.status_code == 303
    new_id = int(copied.headers["location"].rsplit("/", 1)[1])
    row = await Consultation.select().where(Consultation.id == new_id).first()
    assert row["status"] == "draft" and row["slug"] == f"{c['slug']}-copy" and row["title"].endswith("(copy)")
    copies = await questions_for(new_id)
    assert [(q["kind"], q["text"], q["options"]) for q in copies] == [(q["kind"], q["text"], q["options"]) for q in questions]
    plan = await ConsultationPlan.select().where(ConsultationPlan.consultation == new_id).first()
    assert plan["purpose"] == PLAN["purpose"] and plan["decision_expected"] is None
    again = await post(client, f"/officer/consultations/{c['id']}/duplicate")
    assert again.headers["location"] != copied.headers["location"]


async def test_residents_and_executives_cannot_use_the_officers_loop_pages(client):
    c, _ = await make_consultation(kinds=["short_text"])
    for method, url in (("GET", f"/officer/consultations/{c['id']}/plan"), ("GET", f"/officer/consultations/{c['id']}/decision"),
                        ("POST", f"/officer/consultations/{c['id']}/duplicate"), ("GET", "/officer/admin/outbox")):
        response = await (client.get(url) if method == "GET" else post(client, url))
        assert response.status_code in (302, 303, 401, 403), (url, response.status_code)
    await sign_in(client, "executive")
    for url in (f"/officer/consultations/{c['id']}/plan", "/officer/admin/outbox"):
        assert (await client.get(url)).status_code == 403
