"""The printable priority review report as a Word document (python-docx), for meeting packs.

The same content as the printed page (templates/officer/summaries/report.html): an overview,
one page per priority (its figures, delivery themes, monthly voices and quotes), then emerging
issues and meeting follow-up. Tables stand in for the charts: they hold the same numbers.
Every quote is the redacted text of a reviewed voice, as on the page.

python-docx is imported inside the functions that use it: a web process loads it on its first
report download, not at start-up.
"""

from __future__ import annotations

import io

from engage.summaries.priorities import Row
from engage.summaries.followup import status_label
from engage.times import LONDON

ENTRY_HEADERS = ["Name", "Voices", "Period before", "Change", "Negative", "Neutral", "Positive", "Net",
                 "Raised most in"]


def _net(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def _entry_cells(row: Row) -> list[str]:
    return [row.name, f"{row.count:,}", f"{row.previous:,}", row.change_text, f"{row.sentiment['negative']:,}",
            f"{row.sentiment['neutral']:,}", f"{row.sentiment['positive']:,}", _net(row.net),
            row.top_wards_text() or "Not recorded"]


def _mark_header_row(row) -> None:
    """Tell Word (and screen readers) that this row holds the column headers; it repeats on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Light Grid Accent 1"
    _mark_header_row(table.rows[0])
    for cell, header in zip(table.rows[0].cells, headers):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = str(value)


def _figures(doc, row: Row) -> None:
    for text in (f"{row.count:,} voices ({row.change_text} on the period before)",
                 f"Sentiment: {row.sentiment['negative']:,} negative, {row.sentiment['neutral']:,} neutral, "
                 f"{row.sentiment['positive']:,} positive (net {_net(row.net)})",
                 f"Raised most in: {row.top_wards_text() or 'no ward recorded'}"):
        doc.add_paragraph(text, style="List Bullet")


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in as it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")  # shown until Word updates the field
            element.text = text
        run._r.append(element)


def _header_and_page_numbers(doc, title: str) -> None:
    """Every page says what the report is, and "Page N of M" at the foot, for a printed meeting pack."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = title
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def report_docx(ctx: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    review, emerging, follow, filters = ctx["review"], ctx["emerging"], ctx["follow"], ctx["filters"]
    described = filters.describe(ctx["names"])
    doc = Document()
    doc.core_properties.title = "Priority review"
    _header_and_page_numbers(doc, f"Safer Leicester Partnership: priority review, {described}")
    doc.add_heading("Priority review", level=0)
    doc.add_paragraph(f"{review.period_name}. {described}.")
    doc.add_paragraph(
        f"Compared with {filters.previous.start:%-d %B %Y} to {filters.previous.end:%-d %B %Y}. "
        f"Prepared {ctx['generated_at'].astimezone(LONDON):%-d %B %Y at %H:%M}. Every channel. Quotes are redacted "
        f"and reviewed by an officer; voices flagged for safeguarding are not included until dealt with.")

    doc.add_heading("Overview", level=1)
    _figures(doc, review.total)
    doc.add_paragraph(f"{review.untagged:,} voices that no current theme covers", style="List Bullet")
    doc.add_heading("Priorities", level=2)
    _table(doc, ENTRY_HEADERS, [_entry_cells(p) for p in review.priorities])
    doc.add_heading("Cross-cutting themes", level=2)
    _table(doc, ENTRY_HEADERS, [_entry_cells(c) for c in review.cross_cutting])

    for p in review.priorities:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(p.name, level=1)
        _figures(doc, p)
        doc.add_heading("Delivery themes", level=2)
        _table(doc, ENTRY_HEADERS, [_entry_cells(t) for t in p.themes])
        doc.add_heading("Voices each month", level=2)
        _table(doc, ["Month", "Voices"], [[m, f"{n:,}"] for m, n in zip(review.months, p.trend)])
        doc.add_heading("What people said", level=2)
        if not p.quotes:
            doc.add_paragraph("No reviewed quotes yet.")
        for q in p.quotes:
            doc.add_paragraph(f"“{q.text}” ({q.sentiment}, {q.ward_label}, {q.channel})", style="Intense Quote")

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("Emerging issues", level=1)
    doc.add_paragraph(f"What many people raise that no current theme covers ({emerging.uncovered:,} voices).")
    if emerging.clusters:
        _table(doc, ["Issue", "Voices", "Change", "For example"],
               [[c.label, f"{c.count:,}", c.change_text, c.examples[0].text if c.examples else ""]
                for c in emerging.clusters])
    else:
        doc.add_paragraph("None in this period.")
    doc.add_heading("Meeting follow-up", level=1)
    doc.add_paragraph(f"{follow.total} actions, {follow.overdue_count} overdue, "
                      f"{follow.published_count} outcomes published.")
    _table(doc, [status_label(s) for s in follow.statuses],
           [[f"{follow.status_totals.get(s, 0):,}" for s in follow.statuses]])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
