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
from functools import partial
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable, Iterable

from markupsafe import Markup

from engage.cells import neutralise
from engage.framework.vocabulary import ward_name
from engage.summaries.charts import sentiment_of, sparkline
from engage.summaries.consultation import SENTIMENTS, ConsultationSummary, WardRow, ward_label
from engage.summaries.emerging import Emerging
from engage.summaries.filters import CHANNELS
from engage.summaries.followup import FollowUp, status_label
from engage.summaries.priorities import Review
from engage.summaries.suppression import SECONDARY_NOTE, Cell, any_secondary
from engage.times import LONDON, aware
from engage.web.tables import Column, Table



@dataclass
class ExportTable:
    """A table only the downloads have (the page shows the same facts another way: quotes, a list)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


AnyTable = Table | ExportTable  # what the exporters take: both have key, title, headers and rows


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


def to_csv(table: AnyTable, note: str = "") -> str:
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


def to_xlsx(tables: Iterable[AnyTable], note: str = "") -> bytes:
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


# -- the tables, each defined once for its page and its downloads ------------------------------

C = Column
T = partial(Table, lower_headings=True)


def _sentiment(get: Callable[[Any], dict], hint: str = "") -> list[Column]:
    """A row's sentiment: a bar with its numbers on the page, three counts in the download."""
    return [C("Sentiment", lambda r: sentiment_of(get(r)), "html", hint=hint, draw="sentiment", classes="sm-nowrap",
              in_export=False),
            *[C(name.capitalize(), lambda r, name=name: get(r)[name], "count", numeric=True, on_page=False)
              for name in SENTIMENTS]]


def _entry_columns(months: list[str]) -> list[Column]:
    """The review's columns for a priority, delivery theme or cross-cutting theme. Its rows are
    (level, parent priority, Row)."""
    return [
        C("Level", lambda e: e[0], on_page=False),
        C("Priority", lambda e: e[1], on_page=False),
        C("Name", lambda e: e[2].name),
        C("Voices", lambda e: e[2].count, "count", numeric=True),
        C("Previous period", lambda e: e[2].previous, "count", numeric=True),
        C("Change", lambda e: e[2].change, numeric=True, page_text=lambda e: e[2].change_text),
        *_sentiment(lambda e: e[2].sentiment, "(negative, neutral, positive)"),
        C("Net", lambda e: e[2].net, "html", numeric=True, hint="sentiment, % positive minus % negative", draw="net"),
        C("Wards raising it most", lambda e: e[2].top_wards_text(), page_text=lambda e: e[2].top_wards_text() or "None"),
        C("Monthly trend", lambda e: sparkline(e[2].trend, months, "Voices each month about " + e[2].name), "html",
          draw="chart", in_export=False),
    ]


def review_tables(review: Review) -> list[AnyTable]:
    entries = _entry_columns(review.months)
    return [
        T("priorities", "Priorities", entries, [("Priority", "", p) for p in review.priorities],
          caption="Voices per priority", caption_size="m", id="table-priorities", first_heading="Priority"),
        T("themes", "Delivery themes", entries,
          [("Delivery theme", p.name, t) for p in review.priorities for t in p.themes], group=lambda e: e[1],
          first_heading="Delivery theme"),
        T("cross-cutting", "Cross-cutting themes", entries,
          [("Cross-cutting theme", "", c) for c in review.cross_cutting], caption="Voices per cross-cutting theme",
          caption_size="m", id="table-cross-cutting", first_heading="Cross-cutting theme"),
        # The page shows the months down the side (a column per priority); the download, a row per entry.
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
        T("channels", "Voices by channel",
          [C("Channel", lambda c: CHANNELS.get(c[0], c[0])), C("Voices", lambda c: c[1], "count", numeric=True),
           C("Previous period", lambda c: c[2], "count", numeric=True)],
          review.channels, caption="Voices per channel", id="table-channels", scroll=False),
        ExportTable("quotes", "Quotes", ["level", "name", "quote (redacted)", "sentiment", "ward", "channel"],
                    [[lvl, r.name, q.text, q.sentiment, q.ward_label, CHANNELS.get(q.channel, q.channel)]
                     for lvl, rows in (("Priority", review.priorities), ("Delivery theme", review.themes),
                                       ("Cross-cutting theme", review.cross_cutting))
                     for r in rows for q in r.quotes]),
    ]


def emerging_tables(em: Emerging) -> list[AnyTable]:
    # The issue heads its row, so it comes first (GOV.UK's table makes the first cell the row's header).
    return [
        T("emerging", "Emerging issues",
          [C("Issue", lambda e: e[1].label), C("Rank", lambda e: e[0], "count", numeric=True),
           C("Voices", lambda e: e[1].count, "count", numeric=True),
           C("Previous period", lambda e: e[1].previous, "count", numeric=True, on_page=False),
           C("Change", lambda e: e[1].count - e[1].previous, numeric=True, page_text=lambda e: e[1].change_text),
           C("Wards", lambda e: e[1].wards, "count", numeric=True),
           *_sentiment(lambda e: e[1].sentiment),
           C("Phrases", lambda e: e[1].phrases_text, classes="govuk-body-s")],
          list(enumerate(em.clusters, 1)), caption="Emerging issues, ranked", caption_size="m", id="table-emerging"),
        ExportTable("emerging-examples", "Emerging issue examples", ["issue", "example (redacted)", "sentiment", "ward"],
                    [[c.label, q.text, q.sentiment, q.ward_label] for c in em.clusters for q in c.examples]),
    ]


def followup_tables(fu: FollowUp) -> list[AnyTable]:
    overdue_caption = "Actions past their due date, oldest first" + (
        f" (the first {len(fu.overdue)} of {fu.overdue_count})" if fu.overdue_count > len(fu.overdue) else "")
    return [
        T("actions", "Actions by owner and status",
          [C("Owner", lambda o: o[0] or "No owner"),
           *[C(status_label(s), lambda o, s=s: o[1].get(s, 0), "count", numeric=True) for s in fu.statuses],
           C("Total", lambda o: o[2], "count", numeric=True)],
          fu.by_owner, footer=[("All owners", fu.status_totals, fu.total)], caption_size="m", id="table-actions"),
        T("overdue", "Overdue actions",
          [C("Action", lambda r: r["action"]), C("Owner", lambda r: r["owner"], page_text=lambda r: r["owner"] or "No owner"),
           C("Due", lambda r: r["due_on"], "date"), C("Days overdue", lambda r: r["days_overdue"], "count", numeric=True),
           C("Status", lambda r: status_label(r["status"])), C("Meeting", lambda r: r["meeting"])],
          fu.overdue, caption=overdue_caption, id="table-overdue", row_header=False),
        T("outcomes", "Published outcomes",
          [C("What was raised", lambda r: r["summary"]), C("What was done", lambda r: r["outcome"]),
           C("Status", lambda r: status_label(r["status"])),
           C("Ward", lambda r: ward_name(r["ward"]) or "", on_page=False),
           C("Meeting", lambda r: r["meeting"], on_page=False),
           C("Meeting date", lambda r: aware(r["held_at"]), on_page=False)],
          fu.published, caption="You said, we did", id="table-outcomes", row_header=False),
    ]


def question_caption(q, responses: int | None = None) -> Markup:
    """A closed question's table caption on the page (the download has the question in a column);
    a question behind skip logic says who was shown it, as its per cents are of those."""
    multiple = Markup(' <span class="govuk-body-s">(people could choose more than one)</span>') if q.multiple else ""
    shown = ""
    if getattr(q, "condition", None) and responses is not None:
        shown = Markup(' <span class="govuk-body-s engage-shown-base">({}: shown to {:,} of {:,} responses;'
                       ' per cents are of those)</span>').format(q.condition, q.shown or 0, responses)
    return Markup("Q{}. {}{}{}").format(q.number, q.text, multiple, shown)


def _question_rows(q) -> list[tuple]:
    """A question counted by its answers, as (question id, answer, responses, per cent)."""
    return [(q.id, o.label, o.count, o.percent) for o in q.options]


def _figure_rows(q) -> list[tuple]:
    """A number question's figures, as (question id, figure, value): how many answered, the median..."""
    return [(q.id, label, value) for label, value in q.stats]


def _ranking_rows(q) -> list[tuple]:
    """A ranking question's answers, best first, as (question id, answer, average position, first choices, per cent)."""
    return [(q.id, o.label, o.average, o.count, o.percent) for o in q.options]


def table_of(q) -> str:
    """Which table holds a closed question: its figures (a number question), its average positions
    (a ranking), or counts of its answers (every other kind, a date question's months included)."""
    return {"number": "figures", "ranking": "rankings"}.get(q.kind, "questions")


def consultation_tables(s: ConsultationSummary) -> list[AnyTable]:
    """Every table of the consultation summary; the number and ranking questions' tables only when
    the consultation has such a question (no empty download)."""
    kinds = {table_of(q) for q in s.questions}
    return [t for t in _consultation_tables(s) if t.key not in ("figures", "rankings") or t.key in kinds]


def _consultation_tables(s: ConsultationSummary) -> list[AnyTable]:
    questions = {q.id: q for q in s.questions}
    # The downloads name the question in a column; the page shows one table per question, captioned by it.
    question = C("Question", lambda row: f"Q{questions[row[0]].number}. {questions[row[0]].text}", on_page=False)
    return [
        T("channels", "Responses by channel",
          [C("Channel", lambda c: CHANNELS.get(c[0], c[0])), C("Responses", lambda c: c[1], "count", numeric=True)],
          s.channels, footer=[("All", s.responses)], id="table-channels", scroll=False),
        T("over-time", "Responses over time",
          [C(s.time_unit.capitalize(), lambda k: k[0]), C("Responses", lambda k: k[1], "count", numeric=True)],
          s.over_time, caption=f"Responses each {s.time_unit}", id="table-over-time", compact=True, scroll=False),
        T("questions", "Closed questions",
          [question, C("Answer", lambda qo: qo[1]), C("Responses", lambda qo: qo[2], "count", numeric=True),
           C("Per cent", lambda qo: qo[3], numeric=True)],
          [row for q in s.questions if table_of(q) == "questions" for row in _question_rows(q)],
          group=lambda qo: qo[0], scroll=False),
        T("figures", "Number questions",
          [question, C("Figure", lambda qf: qf[1]), C("Value", lambda qf: qf[2], numeric=True)],
          [row for q in s.questions if table_of(q) == "figures" for row in _figure_rows(q)],
          group=lambda qf: qf[0], scroll=False),
        T("rankings", "Ranking questions",
          [question, C("Answer", lambda qr: qr[1], page_heading="Answer (best first)"),
           C("Average position", lambda qr: qr[2], numeric=True),
           C("First choice", lambda qr: qr[3], "count", numeric=True), C("Per cent", lambda qr: qr[4], numeric=True)],
          [row for q in s.questions if table_of(q) == "rankings" for row in _ranking_rows(q)],
          group=lambda qr: qr[0], scroll=False),
        T("themes", "Themes in free text",
          [C("Theme", lambda t: t.name), C("Comments", lambda t: t.count, "count", numeric=True),
           *_sentiment(lambda t: t.sentiment)],
          s.themes, caption="Themes raised in written comments", id="table-themes"),
        T("phrases", "Key phrases", [C("Phrase", lambda p: p[0]), C("Comments", lambda p: p[1], "count", numeric=True)],
          s.phrases, caption="Key phrases used most", id="table-phrases", compact=True, scroll=False),
        ExportTable("quotes", "Quotes", ["theme", "quote (redacted)", "sentiment", "ward"],
                    [[t.name, q.text, q.sentiment, q.ward_label] for t in s.themes for q in t.quotes]),
        T("wards", "Results by ward",
          [C("Ward", lambda w: w.label), C("Responses", lambda w: w.responses, "cell", numeric=True),
           C("Comments", lambda w: w.voices, "cell", numeric=True),
           *[C(name.capitalize(), lambda w, i=i: w.sentiment[i], "cell", numeric=True)
                 for i, name in enumerate(SENTIMENTS)]],
          s.ward_rows, footer=[WardRow("", "All", s.ward_total, s.ward_sentiment_totals, None)],  # type: ignore[arg-type]
          caption='Responses and written comments by ward (counts under 10 shown as "fewer than 10"; '
                      '[c] hidden to protect them)', id="table-wards", compact=True),
        T("who-we-heard-from", "Who we heard from",
          [C("Question", lambda e: e[0].question, on_page=False), C("Answer", lambda e: e[1]),
           C("People", lambda e: e[2], "cell", numeric=True), C("Per cent", lambda e: e[3], numeric=True)],
          [(t, label, cell, pct) for t in s.equality for label, cell, pct in t.rows],
          footer=[(SimpleNamespace(question="All"), "Everyone who answered any 'About you' question",
                       s.equality_total, "")],
          group=lambda e: e[0].field, compact=True, scroll=False, classes="sm-equality__table"),
    ]


def find(tables: list[AnyTable], key: str) -> Any:
    return next((t for t in tables if t.key == key), None)


__all__ = ["AnyTable", "ExportTable", "to_csv", "to_xlsx", "review_tables", "emerging_tables", "followup_tables",
           "consultation_tables", "find", "neutralise", "question_caption", "table_of", "ward_label"]
