"""The Reach page: responses against the population, with a chart, a table and exports."""

from __future__ import annotations

from litestar import Controller, Request, Response, get
from litestar.exceptions import ClientException
from markupsafe import Markup, escape

from engage.auth.guards import readers_only
from engage.summaries.exports import ExportTable, to_csv, to_xlsx
from engage.summaries.filters import parse_filters
from engage.summaries.reach import ReachReport, Topic, reach
from engage.web.forms import error_summary
from engage.web.templating import render
from surveys import consultations as cons

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIRECTIONS = {"under": "Under-represented", "over": "Over-represented", "close": "About the same",
              "unknown": "Too few responses to say"}


def gap_chart(topic: Topic) -> Markup:
    """Paired bars per group: the population's share and the responses' share (inline SVG, no
    JavaScript, no style attributes). A suppressed share draws no bar and says so."""
    row_h, label_w, width = 34, 250, 680
    room = width - label_w - 60
    top = max([g.population_share for g in topic.groups] + [g.response_share or 0 for g in topic.groups] + [1])
    height = len(topic.groups) * row_h + 30
    desc = "; ".join(f"{g.label}: {g.population_share:.0f}% of the population, "
                     + (f"{g.response_share:.0f}% of responses" if g.response_share is not None
                        else "fewer than 10 responses") for g in topic.groups)
    cid = f"reach-{topic.topic}"
    parts = [f'<svg class="sm-chart" viewBox="0 0 {width} {height}" width="100%" height="{height}" role="img" '
             f'aria-labelledby="{cid}-t {cid}-d" focusable="false">',
             f'<title id="{cid}-t">{escape(topic.label)}: share of population and of responses</title>'
             f'<desc id="{cid}-d">{escape(desc)}</desc>',
             f'<rect class="sm-bar--alt" x="{label_w}" y="4" width="12" height="10"/>'
             f'<text class="sm-chart__label" x="{label_w + 16}" y="13">Population</text>'
             f'<rect class="sm-bar" x="{label_w + 110}" y="4" width="12" height="10"/>'
             f'<text class="sm-chart__label" x="{label_w + 126}" y="13">Responses</text>']
    for i, g in enumerate(topic.groups):
        y = 26 + i * row_h
        label = g.label if len(g.label) <= 38 else g.label[:36] + "…"
        parts.append(f'<text class="sm-chart__label" x="0" y="{y + 18}">{escape(label)}</text>')
        pw = room * g.population_share / top
        parts.append(f'<rect class="sm-bar--alt" x="{label_w}" y="{y + 2}" width="{pw:.1f}" height="12"/>'
                     f'<text class="sm-chart__value" x="{label_w + pw + 4:.1f}" y="{y + 12}">{g.population_share:.0f}%</text>')
        if g.response_share is None:
            parts.append(f'<text class="sm-chart__value" x="{label_w}" y="{y + 27}">fewer than 10</text>')
        else:
            rw = room * g.response_share / top
            parts.append(f'<rect class="sm-bar" x="{label_w}" y="{y + 16}" width="{rw:.1f}" height="12"/>'
                         f'<text class="sm-chart__value" x="{label_w + rw + 4:.1f}" y="{y + 26}">{g.response_share:.0f}%</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def tables(report: ReachReport) -> list[ExportTable]:
    headers = ["Characteristic", "Group", "Population", "Share of population (%)", "Responses",
               "Share of responses (%)", "Gap (points)", "Direction"]
    rows = [[t.label, g.label, g.population, round(g.population_share, 1), g.responses,
             "" if g.response_share is None else round(g.response_share, 1),
             "" if g.gap is None else round(g.gap, 1), DIRECTIONS[g.direction]]
            for t in report.topics for g in t.groups]
    outreach = [[i, g.who, g.sentence, round(g.shortfall, 1)] for i, g in enumerate(report.outreach, start=1)]
    return [ExportTable("reach", "Reach by group", headers, rows),
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
                "errors": errors, "summary": error_summary(errors), "scope": name, "charts": gap_chart,
                "directions": DIRECTIONS, "query": filters.query()}

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
