"""Summary pages, their exports and the printable report: read-only, for every officer role.

Every page is a GET with the filters in the query string, so each view has an address to share;
an htmx request from the filter form gets only the results block (and pushes the address).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import AsyncIterator

from litestar import Controller, Request, Response, get
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath
from litestar.response import Stream

from engage.auth.guards import readers_only
from engage.framework.vocabulary import ward_name
from engage.summaries import charts
from engage.summaries.consultation import consultation_summary
from engage.summaries.emerging import emerging_issues
from engage.summaries.exports import (
    AnyTable,
    ExportTable,
    consultation_tables,
    emerging_tables,
    find,
    fit_columns,
    followup_tables,
    neutralise,
    plain,
    question_caption,
    review_tables,
    table_of,
    to_csv,
    to_xlsx,
    xlsx_value,
)
from engage.summaries.filters import MAX_DAYS, today
from engage.summaries.followup import follow_up, status_label
from engage.summaries.priorities import priority_review
from engage.summaries.report_document import report_docx
from engage.summaries.services import filter_options, filters_for, names_for
from engage.summaries.suppression import SUPPRESSED_TEXT
from engage.summaries.voices import HEADERS as VOICE_HEADERS
from engage.summaries.voices import PAGE, phrases_of, voice_page
from engage.times import aware, now
from engage.web.forms import error_summary
from engage.store.backends import SharedStore
from engage.web.dependencies import StoreDep
from engage.web.htmx import swap_whole_main
from engage.web.tables import by_key
from engage.web.templating import render
from surveys import consultations as cons

VOICE_EXPORT_LIMIT = 200_000
XLSX_VOICE_LIMIT = 100_000


def _query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items()}


def _results_only(request: Request) -> str | None:
    """The block an htmx request from the filter form wants."""
    htmx = getattr(request, "htmx", None)  # the app's requests are HTMXRequest (engage.app)
    if htmx and htmx.target == "summary-results":
        return "results"
    return None


def _page(request: Request, template: str, ctx: dict) -> Response:
    """A summary page, or for the filter form's htmx request its results. When the filters have a
    problem the error summary and the form (showing what was typed) are outside the results, so
    the whole main element is sent and swapped in their place."""
    block = _results_only(request)
    if block and ctx["filters"].errors:
        return render(request, template, ctx, block="main", headers=swap_whole_main())
    return render(request, template, ctx, block=block)


def _download(content: bytes | str, filename: str, media_type: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _filters(request: Request):
    """The request's filters. A page shows any problem in its error summary (and the default in
    its place); a download cannot, so it is refused with 400 and the problems in words."""
    filters, view = await filters_for(_query(request))
    if filters.errors and request.url.path.endswith((".csv", ".xlsx", ".docx")):
        raise ClientException(detail="Nothing was downloaded: " + "; ".join(filters.errors.values()) + ".")
    return filters, view


async def _context(request: Request) -> dict:
    filters, view = await _filters(request)
    options = await filter_options(view)
    return {"filters": filters, "view": view, "options": options, "names": names_for(filters, view, options),
            "filter_errors": error_summary(filters.errors, {"from": "from", "to": "to"}), "charts": charts,
            "status_label": status_label, "suppressed_text": SUPPRESSED_TEXT}


def _table_csv(tables: list[AnyTable], key: str, stem: str) -> Response:
    table = find(tables, key or tables[0].key)
    if table is None:
        raise NotFoundException("No such table")
    return _download(to_csv(table), f"{stem}-{table.key}.csv", CSV)


async def _review_tables(store: SharedStore, ctx: dict) -> list[AnyTable]:
    return review_tables(await priority_review(ctx["filters"], ctx["view"], store=store))


async def _emerging_tables(store: SharedStore, ctx: dict) -> list[AnyTable]:
    return emerging_tables(await emerging_issues(ctx["filters"], ctx["view"], store=store))


async def _followup_tables(store: SharedStore, ctx: dict) -> list[AnyTable]:
    return followup_tables(await follow_up(ctx["filters"], ctx["view"]))


async def _export(request: Request, store: SharedStore, tables_of, stem: str, fmt: str) -> Response:
    """A summary's tables for the request's filters: one (?table=key) as CSV, or all as a workbook."""
    ctx = await _context(request)
    tables = await tables_of(store, ctx)
    if fmt == "csv":
        return _table_csv(tables, request.query_params.get("table", ""), stem)
    return _download(to_xlsx(tables, ctx["filters"].describe(ctx["names"])), f"{stem}.xlsx", XLSX)


class SummariesController(Controller):
    path = "/officer/summaries"
    guards = [readers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Response:
        ctx = await _context(request)
        consultations = await cons.list_all()
        ctx["consultations"] = [c for c in consultations if c["phase"] != "draft"]
        return render(request, "officer/summaries/index.html", ctx)

    # -- the priority review ---------------------------------------------------------------------

    @get("/priorities")
    async def priorities(self, request: Request, store: StoreDep) -> Response:
        ctx = await _context(request)
        ctx["review"] = await priority_review(ctx["filters"], ctx["view"], store=store)
        ctx["tables"] = by_key(review_tables(ctx["review"]))  # the page's tables are its downloads'
        return _page(request, "officer/summaries/priorities.html", ctx)

    @get("/priorities.csv")
    async def priorities_csv(self, request: Request, store: StoreDep) -> Response:
        return await _export(request, store, _review_tables, "priority-review", "csv")

    @get("/priorities.xlsx")
    async def priorities_xlsx(self, request: Request, store: StoreDep) -> Response:
        return await _export(request, store, _review_tables, "priority-review", "xlsx")

    # -- emerging issues -------------------------------------------------------------------------

    @get("/emerging")
    async def emerging(self, request: Request, store: StoreDep) -> Response:
        ctx = await _context(request)
        ctx["emerging"] = await emerging_issues(ctx["filters"], ctx["view"], store=store)
        ctx["tables"] = by_key(emerging_tables(ctx["emerging"]))
        return _page(request, "officer/summaries/emerging.html", ctx)

    @get("/emerging.csv")
    async def emerging_csv(self, request: Request, store: StoreDep) -> Response:
        return await _export(request, store, _emerging_tables, "emerging-issues", "csv")

    @get("/emerging.xlsx")
    async def emerging_xlsx(self, request: Request, store: StoreDep) -> Response:
        return await _export(request, store, _emerging_tables, "emerging-issues", "xlsx")

    # -- meeting follow-up -----------------------------------------------------------------------

    @get("/follow-up")
    async def follow_up_page(self, request: Request) -> Response:
        ctx = await _context(request)
        ctx["follow"] = await follow_up(ctx["filters"], ctx["view"])
        ctx["tables"] = by_key(followup_tables(ctx["follow"]))
        return _page(request, "officer/summaries/follow_up.html", ctx)

    @get("/follow-up.csv")
    async def follow_up_csv(self, request: Request, store: StoreDep) -> Response:
        return await _export(request, store, _followup_tables, "meeting-follow-up", "csv")

    @get("/follow-up.xlsx")
    async def follow_up_xlsx(self, request: Request, store: StoreDep) -> Response:
        return await _export(request, store, _followup_tables, "meeting-follow-up", "xlsx")

    # -- the report ------------------------------------------------------------------------------

    async def _report(self, request: Request, store: SharedStore) -> dict:
        ctx = await _context(request)
        ctx["review"] = await priority_review(ctx["filters"], ctx["view"], store=store)
        ctx["emerging"] = await emerging_issues(ctx["filters"], ctx["view"], limit=10, store=store)
        ctx["follow"] = await follow_up(ctx["filters"], ctx["view"])
        ctx["tables"] = by_key(review_tables(ctx["review"]))
        ctx["generated_at"] = dt.datetime.now(dt.timezone.utc)
        return ctx

    @get("/report")
    async def report(self, request: Request, store: StoreDep) -> Response:
        return _page(request, "officer/summaries/report.html", await self._report(request, store))

    @get("/report.xlsx")
    async def report_xlsx(self, request: Request, store: StoreDep) -> Response:
        ctx = await self._report(request, store)
        review = ctx["review"]
        tables = review_tables(review)
        overview = [find(tables, k) for k in ("priorities", "cross-cutting", "channels", "trend")]
        entries, themes = find(tables, "priorities"), find(tables, "themes")
        per_priority = []
        for p in review.priorities:
            rows = entries.but(items=[("Priority", "", p)]).rows + themes.part(p.name).rows
            rows += [[], ["Month", "", "Voices"]] + [[m, "", n] for m, n in zip(review.months, p.trend)]
            rows += [[], ["Quotes (redacted)"]] + [[q.sentiment, q.ward_label, q.text] for q in p.quotes]
            per_priority.append(ExportTable(p.slug, p.name, entries.headers, rows))
        return _download(to_xlsx([*overview, *per_priority, *emerging_tables(ctx["emerging"])[:1],
                                  *followup_tables(ctx["follow"])], ctx["filters"].describe(ctx["names"])),
                         "priority-review-report.xlsx", XLSX)

    @get("/report.docx")
    async def report_docx(self, request: Request, store: StoreDep) -> Response:
        return _download(report_docx(await self._report(request, store)), "priority-review-report.docx", DOCX)

    # -- one consultation ------------------------------------------------------------------------

    async def _consultation(self, request: Request, consultation_id: int, store: SharedStore) -> dict:
        c = await cons.get(consultation_id)
        if c is None or c["status"] == "draft":
            raise NotFoundException("No such consultation")
        c["phase"] = cons.phase(c)
        ctx = await _context(request)
        ctx["s"] = await consultation_summary(c, ctx["filters"], ctx["view"], store=store)
        ctx["c"] = c
        started = aware(c["opens_at"]) or aware(c["created_at"]) or now()
        # The comments download covers the consultation from the day before it opened, within the
        # longest period a download takes (an opening date in year 1 must not break the page).
        ctx["voices_from"] = (max(started.date(), today() - dt.timedelta(days=MAX_DAYS - 1))
                              - dt.timedelta(days=1)).isoformat()
        return ctx

    @get("/consultations/{consultation_id:int}")
    async def consultation(self, request: Request, consultation_id: FromPath[int], store: StoreDep) -> Response:
        ctx = await self._consultation(request, consultation_id, store)
        ctx["tables"] = by_key(consultation_tables(ctx["s"]))
        ctx["question_caption"] = question_caption
        ctx["table_of"] = table_of
        return _page(request, "officer/summaries/consultation.html", ctx)

    @get("/consultations/{consultation_id:int}/export.csv")
    async def consultation_csv(self, request: Request, consultation_id: FromPath[int], store: StoreDep) -> Response:
        ctx = await self._consultation(request, consultation_id, store)
        return _table_csv(consultation_tables(ctx["s"]), request.query_params.get("table", ""), ctx["c"]["slug"])

    @get("/consultations/{consultation_id:int}/export.xlsx")
    async def consultation_xlsx(self, request: Request, consultation_id: FromPath[int], store: StoreDep) -> Response:
        ctx = await self._consultation(request, consultation_id, store)
        return _download(to_xlsx(consultation_tables(ctx["s"]), f"{ctx['c']['title']}: "
                                 f"{'all responses' if ctx['filters'].defaulted else ctx['filters'].describe()}"),
                         f"{ctx['c']['slug']}-summary.xlsx", XLSX)

    # -- the redacted, tagged voices -------------------------------------------------------------

    @get("/voices.csv")
    async def voices_csv(self, request: Request) -> Stream:
        filters, view = await _filters(request)

        async def rows() -> AsyncIterator[str]:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(VOICE_HEADERS)
            after, sent = 0, 0
            while sent < VOICE_EXPORT_LIMIT:
                page = await voice_page(filters, view, after_id=after, limit=PAGE)
                if not page:
                    break
                for r in page:
                    writer.writerow(_voice_cells(r, csv_safe=True))
                after, sent = page[-1]["id"], sent + len(page)
                yield out.getvalue()
                out.seek(0)
                out.truncate()
            yield out.getvalue()

        return Stream(rows(), media_type=CSV,
                      headers={"Content-Disposition": 'attachment; filename="voices.csv"', "Cache-Control": "no-store"})

    @get("/voices.xlsx")
    async def voices_xlsx(self, request: Request) -> Response:
        # openpyxl on first download only: start-up cost for every web process.
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font


        filters, view = await _filters(request)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Voices")
        # Streamed row by row, so the widths are set first, for what each column holds; the header
        # row stays in view while scrolling.
        fit_columns(ws, dict(enumerate(VOICE_COLUMN_WIDTHS, 1)))
        ws.freeze_panes = "A3"
        ws.append([neutralise(f"Voices (redacted, reviewed): {filters.describe()}")])
        header = []
        for text in VOICE_HEADERS:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        after, sent = 0, 0
        while sent < XLSX_VOICE_LIMIT:
            page = await voice_page(filters, view, after_id=after, limit=PAGE)
            if not page:
                break
            for r in page:
                cells = _voice_cells(r, csv_safe=True)
                occurred, number_format = xlsx_value(_occurred(r))
                date_cell = WriteOnlyCell(ws, value=occurred)
                date_cell.number_format = number_format
                ws.append([cells[0], date_cell, *cells[2:]])
            after, sent = page[-1]["id"], sent + len(page)
        out = io.BytesIO()
        wb.save(out)
        return _download(out.getvalue(), "voices.xlsx", XLSX)


# Characters each voices.xlsx column needs (id, date, channel, ward, consultation, meeting, sentiment,
# polarity, themes, key phrases, text).
VOICE_COLUMN_WIDTHS = (7, 16, 9, 22, 12, 8, 9, 8, 40, 40, 58)


def _occurred(r: dict) -> dt.datetime:
    occurred = r["occurred_at"]
    return dt.datetime.fromisoformat(occurred) if isinstance(occurred, str) else occurred


def _voice_cells(r: dict, csv_safe: bool) -> list:
    occurred = _occurred(r)
    return [r["id"], plain(occurred), r["channel"], ward_name(r["ward"]) or "", r["consultation_id"] or "",
            r["meeting_id"] or "", r["sentiment"], round(float(r["polarity"] or 0), 3), plain(r["tags"] or ""),
            plain("; ".join(phrases_of(r["key_phrases"]))), plain(r["redacted"] or "")]
