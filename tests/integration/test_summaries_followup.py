"""Meeting follow-up, the rollup staying in step with the voices, the report and the API schema."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.support import sign_in

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
TODAY = NOW.date()


async def seed_meetings() -> None:
    from engage.meetings.tables import FeedbackPoint, Meeting

    rows = await Meeting.insert(Meeting(kind="ward-meeting", title="Castle ward meeting", held_at=NOW - dt.timedelta(days=40),
                                        created_at=NOW, updated_at=NOW)).returning(Meeting.id).run()
    mid = rows[0]["id"]
    specs = [  # owner, status, due in days, publishable outcome
        ("Leicestershire Police", "open", -10, False),
        ("Leicestershire Police", "in-progress", -3, False),
        ("Leicestershire Police", "done", -20, True),
        ("Leicester City Council", "open", 15, False),
        ("Leicester City Council", "not-taken-forward", -5, False),
    ]
    for i, (owner, status, due, publish) in enumerate(specs):
        await FeedbackPoint.insert(FeedbackPoint(
            meeting=mid, text=f"PRIVATEPOINT {i}", raised_by="resident", ward="castle",
            officer_themes=["community-safety-asb"], action=f"Action {i}", owner=owner,
            due_on=TODAY + dt.timedelta(days=due), status=status, outcome="Patrols were added" if publish else "",
            outcome_at=NOW if publish else None, publishable=publish,
            public_summary="Residents asked for patrols" if publish else "", created_at=NOW, updated_at=NOW)).run()
    # A point with no action is not an action.
    await FeedbackPoint.insert(FeedbackPoint(meeting=mid, text="PRIVATEPOINT no action", raised_by="resident",
                                             created_at=NOW, updated_at=NOW)).run()


async def test_follow_up_counts_by_status_and_owner_overdue_and_published(client):
    await seed_meetings()
    await sign_in(client, "executive")
    html = (await client.get("/officer/summaries/follow-up")).text
    assert 'id="stat-actions">5<' in html
    assert 'id="stat-overdue">2<' in html  # open and in progress, past due; done and not taken forward are not
    assert 'id="stat-published">1<' in html
    assert "Residents asked for patrols" in html and "PRIVATEPOINT" not in html
    rows = list(csv.reader(io.StringIO((await client.get("/officer/summaries/follow-up.csv?table=actions")).text)))
    police = next(r for r in rows if r[0] == "Leicestershire Police")
    assert police[1:] == ["1", "1", "1", "0", "3"]  # open, in progress, done, not taken forward, total
    api = (await client.get("/api/summaries/follow-up")).json()
    assert api["total"] == 5 and api["overdue_count"] == 2 and api["published_count"] == 1
    assert [a["action"] for a in api["overdue"]] == ["Action 0", "Action 1"]
    # The priority filter reads the officer's themes; the ward filter the point's ward.
    assert (await client.get("/api/summaries/follow-up?priority=localities")).json()["total"] == 5
    assert (await client.get("/api/summaries/follow-up?priority=community-cohesion")).json()["total"] == 0
    assert (await client.get("/api/summaries/follow-up?ward=abbey")).json()["total"] == 0


async def test_summaries_follow_new_voices_reviews_and_officer_decisions(client):
    from engage.framework.services import current_period, entries
    from engage.voices.tables import MachineTag, TagDecision, Voice

    period = await current_period()
    ids = {r["slug"]: r["id"] for r in await entries(period["id"])}
    await sign_in(client, "officer")

    async def add(n: int, reviewed: bool = True) -> int:
        rows = await Voice.insert(Voice(
            source="feedback_point", source_id=n, source_key=f"feedback_point:{n}", channel="meeting", ward="castle",
            occurred_at=NOW - dt.timedelta(days=2), text=f"Drug dealing in the alley {n}",
            redacted=f"Drug dealing in the alley {n}", sentiment="negative", key_phrases=["drug dealing"],
            reviewed_at=NOW if reviewed else None, analysed_at=NOW, created_at=NOW)).returning(Voice.id).run()
        await MachineTag.insert(MachineTag(voice=rows[0]["id"], entry=ids["serious-organised-crime"])).run()
        return rows[0]["id"]

    async def count() -> int:
        data = (await client.get("/api/summaries/priorities")).json()
        p = next(p for p in data["priorities"] if p["slug"] == "serious-violence-exploitation")
        return next(t for t in p["themes"] if t["slug"] == "serious-organised-crime")["voices"]

    first = await add(1)
    assert await count() == 1
    await add(2)
    assert await count() == 2  # a new voice: topped up
    # An officer rejects the machine's tag: it stops counting.
    await TagDecision.insert(TagDecision(voice=first, entry=ids["serious-organised-crime"], decision="reject",
                                         decided_at=NOW + dt.timedelta(seconds=5))).run()
    assert await count() == 1
    # The voice is flagged for safeguarding on re-analysis: it leaves the summaries.
    second = (await Voice.select(Voice.id).where(Voice.source_id == 2).first())["id"]
    await Voice.update({Voice.safeguarding: True, Voice.safeguarding_status: "open",
                        Voice.analysed_at: NOW + dt.timedelta(seconds=10)}).where(Voice.id == second).run()
    assert await count() == 0
    # An erased voice disappears too (a full rebuild).
    await Voice.update({Voice.safeguarding: False, Voice.safeguarding_status: "",
                        Voice.analysed_at: NOW + dt.timedelta(seconds=20)}).where(Voice.id == second).run()
    assert await count() == 1
    await Voice.delete().where(Voice.id == second).run()
    assert await count() == 0


async def test_report_page_print_ready_and_workbook(client):
    await seed_meetings()
    await sign_in(client, "executive")
    html = (await client.get("/officer/summaries/report")).text
    assert html.count('class="sm-report__page"') == 1 + 4 + 1  # overview, four priorities, emerging and follow-up
    assert "/static/css/summaries.css" in html
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO((await client.get("/officer/summaries/report.xlsx")).content))
    assert {"Priorities", "3. Localities", "4. Community Cohesion", "Actions by owner and status"} <= set(wb.sheetnames)


async def test_api_is_documented_and_needs_a_reader(client):
    schema = (await client.get("/schema/openapi.json")).json()
    for path in ("/api/summaries/priorities", "/api/summaries/emerging", "/api/summaries/follow-up",
                 "/api/summaries/consultations/{consultation_id}", "/api/summaries/voices"):
        assert path in schema["paths"], path
    assert "PriorityReviewOut" in str(schema["components"]["schemas"].keys())
    assert (await client.get("/api/summaries/voices")).status_code == 401
    await sign_in(client, "executive")
    assert (await client.get("/api/summaries/voices")).status_code == 200
