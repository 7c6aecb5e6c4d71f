"""Importing feedback points from CSV: every row checked, all or nothing, never twice."""

import datetime as dt
import html

from engage.meetings.tables import FeedbackPoint
from tests.conftest import ROOT
from tests.support import csrf_token, sign_in

TEMPLATE = ROOT / "static" / "examples" / "feedback-points-template.csv"


async def make_meeting(officer: dict) -> dict:
    from engage.auth.current import CurrentUser
    from engage.meetings import meetings
    from engage.meetings.meetings import MeetingForm

    actor = CurrentUser(officer["id"], officer["email"], "", officer["role"])
    return await meetings.create(MeetingForm(kind="community-gold", title="Community Gold", held_at="2024-02-01T18:00",
                                             wards=("belgrave",), officer_id=str(officer["id"])), actor)


async def upload(client, meeting_id: int, data: bytes, filename: str = "points.csv"):
    token = await csrf_token(client)
    return await client.post(f"/officer/meetings/{meeting_id}/import", files={"file": (filename, data, "text/csv")},
                             data={"_csrf_token": token})


async def test_the_documented_template_imports_and_a_second_import_adds_nothing(client):
    officer = await sign_in(client, "officer")
    m = await make_meeting(officer)
    page = await client.get(f"/officer/meetings/{m['id']}/import")
    assert page.status_code == 200 and "/static/examples/feedback-points-template.csv" in page.text
    assert (await client.get("/static/examples/feedback-points-template.csv")).status_code == 200

    data = TEMPLATE.read_bytes()
    response = await upload(client, m["id"], data)
    assert response.status_code == 303, response.text
    assert "imported=4" in response.headers["location"]
    page = await client.get(response.headers["location"].split("#")[0])
    assert "4 points imported" in page.text
    rows = await FeedbackPoint.select().output(load_json=True).where(FeedbackPoint.meeting == m["id"]).order_by(
        FeedbackPoint.id).run()
    assert len(rows) == 4
    assert rows[2]["officer_themes"] == ["substance-misuse", "community-safety-asb"]
    assert rows[1]["due_on"] == dt.date(2024, 4, 30) and rows[1]["publishable"] and rows[1]["status"] == "done"

    again = await upload(client, m["id"], data)
    assert again.status_code == 303 and "imported=0" in again.headers["location"] and "skipped=4" in again.headers["location"]
    assert await FeedbackPoint.count().where(FeedbackPoint.meeting == m["id"]) == 4
    # Excel's "CSV UTF-8" starts with a byte order mark: the same rows, still not duplicated.
    bom = await upload(client, m["id"], b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert bom.status_code == 303 and "skipped=4" in bom.headers["location"]
    assert await FeedbackPoint.count() == 4


async def test_a_file_with_any_bad_row_imports_nothing_and_lists_every_problem(client):
    officer = await sign_in(client, "officer")
    m = await make_meeting(officer)
    data = (
        "text,raised_by,ward,themes,action,owner,due_date,status,outcome,publishable,public_summary\n"
        "Good row,resident,belgrave,,,,,,,,\n"
        ",resident,,,,,,,,,\n"
        "Named person,Mrs Jones,,,,,,,,,\n"
        "Bad date,business,,,Fix it,Leicestershire Police,2024-02-31,open,,,\n"
        "Bad theme,resident,,parking;hate-crime,,,,,,maybe,\n"
    ).encode()
    response = await upload(client, m["id"], data)
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "Nothing was imported from points.csv" in text
    assert "Line 3: text: Enter what was raised" in text
    assert "Line 4: raised_by: Select who raised it" in text
    assert "Line 5: due_date: Due date must be a real date" in text
    assert "Line 6: themes: Select theme tags from the list" in text and "publishable must be yes or no" in text
    assert "Line 2" not in text
    assert await FeedbackPoint.count() == 0


async def test_wrong_headers_empty_files_and_big_files_are_explained(client):
    officer = await sign_in(client, "officer")
    m = await make_meeting(officer)
    response = await upload(client, m["id"], b"point,who\nSomething,resident\n")
    assert response.status_code == 400
    assert "Wrong headers: the header row is missing text, raised_by" in html.unescape(response.text)
    response = await upload(client, m["id"], b"")
    assert response.status_code == 400 and "The file is empty" in response.text
    response = await upload(client, m["id"], b"text,raised_by\n" + b"x" * (2 * 1024 * 1024))
    assert response.status_code in (400, 413)
    token = await csrf_token(client)
    response = await client.post(f"/officer/meetings/{m['id']}/import", data={"_csrf_token": token})
    assert response.status_code == 400 and "Select a CSV file to import" in response.text
    # Windows-1252 from Excel's plain "CSV", with semicolons as some locales write it.
    response = await upload(client, m["id"], "text;raised_by;ward\nCaf\xe9 window smashed;business;Castle\n".encode("cp1252"))
    assert response.status_code == 303
    row = await FeedbackPoint.select().first()
    assert row["text"] == "Caf\xe9 window smashed" and row["ward"] == "castle"


async def test_identical_rows_in_one_file_are_both_kept_but_only_once(client):
    officer = await sign_in(client, "officer")
    m = await make_meeting(officer)
    data = b"text,raised_by\nSpeeding,resident\nSpeeding,resident\n"
    assert (await upload(client, m["id"], data)).status_code == 303
    assert (await upload(client, m["id"], data)).status_code == 303
    assert await FeedbackPoint.count() == 2
