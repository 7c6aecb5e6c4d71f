"""A summary table's page and its download come from one definition: the same columns under the
same headings, the same rows with the same values (suppressed cells included), on both engines."""

from __future__ import annotations

import csv
import io

from lxml import html as lxml_html

from tests.integration.test_summaries_pages import seed
from tests.support import sign_in


def _text(element) -> str:
    """What a sighted reader sees in a cell: its text without the visually hidden words."""
    for hidden in element.xpath('.//*[contains(@class, "govuk-visually-hidden")]'):
        hidden.drop_tree()
    return " ".join(element.text_content().split())


def _page_table(page: str, table_id: str) -> tuple[list[str], list[list[str]]]:
    table = lxml_html.fromstring(page).get_element_by_id(table_id)
    headings = [_text(th) for th in table.xpath("./thead/tr/th")]
    rows = [[_text(cell) for cell in tr.xpath("./th|./td")] for tr in table.xpath("./tbody/tr")]
    return headings, rows


def _download(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, [r for r in rows if not r[0].startswith("[c]")]  # the footnote under a table with [c] cells


def _as_downloaded(heading: str) -> str:
    return heading[:1].lower() + heading[1:]  # the downloads' headings begin in lower case


async def test_the_ward_table_on_the_page_is_the_ward_table_in_the_download(client):
    cid = (await seed())["consultation"]["id"]
    await sign_in(client, "executive")
    page = (await client.get(f"/officer/summaries/consultations/{cid}")).text
    headings, rows = _page_table(page, "table-wards")
    header, exported = _download((await client.get(f"/officer/summaries/consultations/{cid}/export.csv?table=wards")).text)

    assert headings == ["Ward", "Responses", "Comments", "Negative", "Neutral", "Positive"]
    assert header == [_as_downloaded(h) for h in headings]
    assert rows == exported
    # The crafted data shows through both: 12 responses from Castle, Fosse's few suppressed, and the total.
    assert ["Castle", "12"] == rows[[r[0] for r in rows].index("Castle")][:2]
    assert rows[[r[0] for r in rows].index("Fosse")][1] == "fewer than 10"
    assert rows[-1][:3] == ["All", "25", ""]


async def test_the_channels_of_the_priority_review_match_their_download(client):
    await seed()
    await sign_in(client, "executive")
    headings, rows = _page_table((await client.get("/officer/summaries/priorities")).text, "table-channels")
    header, exported = _download((await client.get("/officer/summaries/priorities.csv?table=channels")).text)
    assert headings == ["Channel", "Voices", "Previous period"]
    assert header == [_as_downloaded(h) for h in headings]
    assert rows == exported and rows  # the seeded voices came online


async def test_a_table_with_a_column_per_status_keeps_them_in_step(client):
    """The follow-up's statuses are columns: the page and the download list the same ones in order."""
    await seed()
    await sign_in(client, "executive")
    headings, rows = _page_table((await client.get("/officer/summaries/follow-up")).text, "table-actions")
    header, exported = _download((await client.get("/officer/summaries/follow-up.csv?table=actions")).text)
    assert header == [_as_downloaded(h) for h in headings] and header[0] == "owner" and header[-1] == "total"
    assert rows == exported and rows[-1][0] == "All owners"
