"""Every summary table as rows for CSV, Excel and the API, built from the same data the pages show.

Suppressed counts travel as "fewer than 10" (never the number), and cells hidden only to protect
them as "[c]", with the footnote saying so after the table. Text cells that a spreadsheet
would run as a formula (starting = + - @, tab or carriage return) are neutralised with a
leading apostrophe, in CSV and in Excel alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, Iterable

from engage.cells import neutralise
from engage.framework.vocabulary import ward_name
from engage.summaries.consultation import ConsultationSummary, ward_label
from engage.summaries.emerging import Emerging
from engage.summaries.filters import CHANNELS
from engage.summaries.followup import FollowUp, status_label
from engage.summaries.priorities import Review, Row
from engage.summaries.suppression import SECONDARY_NOTE, Cell, any_secondary
from engage.times import LONDON, aware



@dataclass
class ExportTable:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def plain(value: Any) -> Any:
    """A cell as CSV/Excel hold it: numbers stay numbers, everything else is safe text."""
    if isinstance(value, Cell):
        value = value.export
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def to_csv(table: ExportTable, note: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([plain(v) for v in row])
    if any_secondary(table.rows):  # a footnote row as wide as the table, so every row has every column
        writer.writerow([SECONDARY_NOTE] + [""] * (len(table.headers) - 1))
    return out.getvalue()


# Excel has no time zones: moments are written as London wall-clock time, as the pages show them.
XLSX_DATE = "dd/mm/yyyy"
XLSX_DATETIME = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60


def xlsx_value(value: Any) -> tuple[Any, str | None]:
    """A cell as Excel holds it, with its number format: dates and times stay real dates (sortable,
    filterable), numbers stay numbers, everything else is safe text as in CSV."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(LONDON).replace(tzinfo=None), XLSX_DATETIME
    if isinstance(value, dt.date):
        return value, XLSX_DATE
    return plain(value), None


def shown_width(value: Any) -> int:
    """Characters a column needs for this value (the longest line of it)."""
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = f"{value:,}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value or "")
    return max((len(line) for line in text.splitlines()), default=0)


def fit_columns(ws, widths: dict[int, int]) -> None:
    """Column widths fitted to their longest value (headers included), within sensible bounds."""
    # openpyxl on first download only: start-up cost for every web process.
    from openpyxl.utils import get_column_letter

    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))


def to_xlsx(tables: Iterable[ExportTable], note: str = "") -> bytes:
    """One sheet per table: its title, the note, then the table with its header row frozen."""
    # openpyxl on first download only (as above).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in tables:
        name = "".join(ch for ch in table.title if ch not in '[]:*?/\\')[:31] or table.key[:31]
        base, n = name, 2
        while name.lower() in used:
            name = f"{base[:28]} {n}"
            n += 1
        used.add(name.lower())
        ws = wb.create_sheet(name)
        ws.append([neutralise(table.title)])
        ws["A1"].font = Font(bold=True, size=13)
        if note:
            ws.append([neutralise(note)])
        ws.append([])
        ws.append([neutralise(h) for h in table.headers])
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        # The header stays in view while scrolling down the table (the title and note scroll away with it
        # frozen above, which keeps them readable too).
        ws.freeze_panes = f"A{header_row + 1}"  # a coordinate: ws.cell() would make the row, moving the table down
        widths = {i: shown_width(h) for i, h in enumerate(table.headers, 1)}
        for row in table.rows:
            cells = [xlsx_value(v) for v in row]
            ws.append([value for value, _ in cells])
            for i, (value, number_format) in enumerate(cells, 1):
                if number_format:
                    ws.cell(row=ws.max_row, column=i).number_format = number_format
                widths[i] = max(widths.get(i, 0), shown_width(value))
        if any_secondary(table.rows):
            ws.append([])
            ws.append([SECONDARY_NOTE])
        fit_columns(ws, widths)
    if not wb.sheetnames:
        wb.create_sheet("Empty")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- the priority review ----------------------------------------------------------------------


def _entry_row(row: Row, kind: str, parent: str = "") -> list[Any]:
    return [kind, parent, row.name, row.count, row.previous, row.change, row.sentiment["negative"],
            row.sentiment["neutral"], row.sentiment["positive"], row.net, row.top_wards_text()]


ENTRY_HEADERS = ["level", "priority", "name", "voices", "previous period", "change", "negative", "neutral", "positive",
                 "net sentiment (% positive - % negative)", "wards raising it most"]


def review_tables(review: Review) -> list[ExportTable]:
    tables = [
        ExportTable("priorities", "Priorities", ENTRY_HEADERS,
                    [_entry_row(p, "Priority") for p in review.priorities]),
        ExportTable("themes", "Delivery themes", ENTRY_HEADERS,
                    [_entry_row(t, "Delivery theme", p.name) for p in review.priorities for t in p.themes]),
        ExportTable("cross-cutting", "Cross-cutting themes", ENTRY_HEADERS,
                    [_entry_row(c, "Cross-cutting theme") for c in review.cross_cutting]),
        ExportTable("trend", "Monthly trend", ["level", "name", *review.months],
                    [["All voices", review.total.name, *review.total.trend]]
                    + [["Priority", p.name, *p.trend] for p in review.priorities]
                    + [["Delivery theme", t.name, *t.trend] for t in review.themes]
                    + [["Cross-cutting theme", c.name, *c.trend] for c in review.cross_cutting]),
        ExportTable("wards", "Voices by ward", ["level", "name", "ward", "voices"],
                    [[lvl, r.name, ward_name(w) or "Not known", n]
                     for lvl, rows in (("All voices", [review.total]), ("Priority", review.priorities),
                                       ("Delivery theme", review.themes), ("Cross-cutting theme", review.cross_cutting))
                     for r in rows for w, n in r.wards]),
        ExportTable("channels", "Voices by channel", ["channel", "voices", "previous period"],
                    [[CHANNELS.get(c, c), n, prev] for c, n, prev in review.channels]),
        ExportTable("quotes", "Quotes", ["level", "name", "quote (redacted)", "sentiment", "ward", "channel"],
                    [[lvl, r.name, q.text, q.sentiment, q.ward_label, CHANNELS.get(q.channel, q.channel)]
                     for lvl, rows in (("Priority", review.priorities), ("Delivery theme", review.themes),
                                       ("Cross-cutting theme", review.cross_cutting))
                     for r in rows for q in r.quotes]),
    ]
    return tables


def emerging_tables(em: Emerging) -> list[ExportTable]:
    return [
        ExportTable("emerging", "Emerging issues",
                    ["rank", "issue", "voices", "previous period", "change", "wards", "negative", "neutral", "positive",
                     "phrases"],
                    [[i, c.label, c.count, c.previous, c.count - c.previous, c.wards, c.sentiment["negative"],
                      c.sentiment["neutral"], c.sentiment["positive"], c.phrases_text]
                     for i, c in enumerate(em.clusters, 1)]),
        ExportTable("emerging-examples", "Emerging issue examples", ["issue", "example (redacted)", "sentiment", "ward"],
                    [[c.label, q.text, q.sentiment, q.ward_label] for c in em.clusters for q in c.examples]),
    ]


def followup_tables(fu: FollowUp) -> list[ExportTable]:
    return [
        ExportTable("actions", "Actions by owner and status",
                    ["owner", *[status_label(s) for s in fu.statuses], "total"],
                    [[o or "No owner", *[c.get(s, 0) for s in fu.statuses], t] for o, c, t in fu.by_owner]
                    + [["All owners", *[fu.status_totals.get(s, 0) for s in fu.statuses], fu.total]]),
        ExportTable("overdue", "Overdue actions", ["action", "owner", "due", "days overdue", "status", "meeting"],
                    [[r["action"], r["owner"], r["due_on"], r["days_overdue"], status_label(r["status"]), r["meeting"]]
                     for r in fu.overdue]),
        ExportTable("outcomes", "Published outcomes", ["what was raised", "what was done", "status", "ward", "meeting",
                                                       "meeting date"],
                    [[r["summary"], r["outcome"], status_label(r["status"]), ward_name(r["ward"]) or "",
                      r["meeting"], aware(r["held_at"])] for r in fu.published]),
    ]


def consultation_tables(s: ConsultationSummary) -> list[ExportTable]:
    return [
        ExportTable("channels", "Responses by channel", ["channel", "responses"],
                    [[CHANNELS.get(c, c), n] for c, n in s.channels] + [["All", s.responses]]),
        ExportTable("over-time", "Responses over time", [s.time_unit, "responses"], [list(x) for x in s.over_time]),
        ExportTable("questions", "Closed questions", ["question", "answer", "responses", "percent"],
                    [[f"Q{q.number}. {q.text}", o.label, o.count, o.percent] for q in s.questions for o in q.options]),
        ExportTable("themes", "Themes in free text", ["theme", "voices", "negative", "neutral", "positive"],
                    [[t.name, t.count, t.sentiment["negative"], t.sentiment["neutral"], t.sentiment["positive"]]
                     for t in s.themes]),
        ExportTable("phrases", "Key phrases", ["phrase", "voices"], [list(p) for p in s.phrases]),
        ExportTable("quotes", "Quotes", ["theme", "quote (redacted)", "sentiment", "ward"],
                    [[t.name, q.text, q.sentiment, q.ward_label] for t in s.themes for q in t.quotes]),
        ExportTable("wards", "Results by ward", ["ward", "responses", "comments", "negative", "neutral", "positive"],
                    [[w.label, w.responses, w.voices, *w.sentiment] for w in s.ward_rows]
                    + [["All", s.ward_total, "", *s.ward_sentiment_totals]]),
        ExportTable("who-we-heard-from", "Who we heard from", ["question", "answer", "people", "percent"],
                    [[t.question, label, cell, pct] for t in s.equality for label, cell, pct in t.rows]
                    + [["All", "Everyone who answered any 'About you' question", s.equality_total, ""]]),
    ]


def find(tables: list[ExportTable], key: str) -> ExportTable | None:
    return next((t for t in tables if t.key == key), None)


__all__ = ["ExportTable", "to_csv", "to_xlsx", "review_tables", "emerging_tables", "followup_tables",
           "consultation_tables", "find", "neutralise", "ward_label"]
