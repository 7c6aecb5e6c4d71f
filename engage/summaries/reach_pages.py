"""The Reach page: responses against the population, with a chart, a table and exports."""

from __future__ import annotations

from litestar import Controller, Request, Response, get
from litestar.exceptions import ClientException

from engage.auth.guards import readers_only
from engage.summaries.charts import gap_chart
from engage.summaries.exports import AnyTable, ExportTable, to_csv, to_xlsx
from engage.summaries.filters import parse_filters
from engage.summaries.reach import ReachReport, reach
from engage.web.forms import error_summary
from engage.web.tables import Column, Table
from engage.web.templating import render
from surveys import consultations as cons

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIRECTIONS = {"under": "Under-represented", "over": "Over-represented", "close": "About the same",
              "unknown": "Too few responses to say"}


def _responses_text(e) -> str:
    g = e[1]
    return g.responses.display + (f" ({g.response_share:.0f}%)" if g.response_share is not None else "")


def tables(report: ReachReport) -> list[AnyTable]:
    """The reach table (one per characteristic on the page, one table in the download) and the
    suggested outreach (a list of sentences on the page)."""
    columns = [
        Column("Characteristic", lambda e: e[0].label, on_page=False),
        Column("Group", lambda e: e[1].label),
        Column("Population", lambda e: e[1].population, "count", numeric=True, on_page=False),
        Column("Share of population (%)", lambda e: round(e[1].population_share, 1), numeric=True,
               page_heading="Population", page_text=lambda e: f"{e[1].population_share:.0f}%"),
        Column("Responses", lambda e: e[1].responses, "cell", numeric=True, page_text=_responses_text),
        Column("Share of responses (%)", lambda e: None if e[1].response_share is None else round(e[1].response_share, 1),
               numeric=True, on_page=False),
        Column("Gap (points)", lambda e: None if e[1].gap is None else round(e[1].gap, 1), numeric=True,
               page_heading="Gap", page_text=lambda e: "" if e[1].gap is None else f"{e[1].gap:+.0f} points"),
        Column("Direction", lambda e: DIRECTIONS[e[1].direction]),
    ]
    outreach = [[i, g.who, g.sentence, round(g.shortfall, 1)] for i, g in enumerate(report.outreach, start=1)]
    return [Table("reach", "Reach by group", columns, [(t, g) for t in report.topics for g in t.groups],
                  group=lambda e: e[0].topic, scroll=False),
            ExportTable("outreach", "Suggested outreach", ["Rank", "Group", "Gap", "Points below (at least)"],
                        outreach)]


class ReachController(Controller):
    path = "/officer/reach"
    guards = [readers_only]
    include_in_schema = False

    async def _context(self, request: Request) -> dict:
        filters = parse_filters(dict(request.query_params.items()))
        if filters.errors and request.url.path.endswith((".csv", ".xlsx")):
            raise ClientException(detail="Nothing was downloaded: " + "; ".join(filters.errors.values()) + ".")
        consultations = await cons.list_all()
        chosen = filters.consultation if any(c["id"] == filters.consultation for c in consultations) else None
        errors = dict(filters.errors)
        if filters.consultation and chosen is None:
            errors["consultation"] = "Choose a consultation from the list"
        report = await reach(chosen, filters.start, filters.end)
        name = next((c["title"] for c in consultations if c["id"] == chosen), "all consultations and channels")
        return {"report": report, "filters": filters, "consultations": consultations, "chosen": chosen,
                "errors": errors, "summary": error_summary(errors), "scope": name, "gap_chart": gap_chart,
                "reach_table": tables(report)[0],
                "query": filters.query()}

    @get("/")
    async def page(self, request: Request) -> Response:
        return render(request, "officer/reach.html", await self._context(request))

    @get("/export.csv")
    async def csv(self, request: Request) -> Response:
        ctx = await self._context(request)
        key = request.query_params.get("table", "reach")
        table = next((t for t in tables(ctx["report"]) if t.key == key), tables(ctx["report"])[0])
        return Response(to_csv(table), media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="reach-{table.key}.csv"', "Cache-Control": "no-store"})

    @get("/export.xlsx")
    async def xlsx(self, request: Request) -> Response:
        ctx = await self._context(request)
        note = f"Reach: {ctx['scope']}, {ctx['filters'].describe()}"
        if ctx["report"].illustrative:
            note += ". Population figures are ILLUSTRATIVE, not published Census figures"
        return Response(to_xlsx(tables(ctx["report"]), note), media_type=XLSX, headers={
            "Content-Disposition": 'attachment; filename="reach.xlsx"', "Cache-Control": "no-store"})
