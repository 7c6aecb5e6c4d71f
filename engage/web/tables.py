"""A table defined once: its columns (heading, value getter, format, alignment) and its rows.

The same definition feeds the page (templates/macros/tables.html draws it with GOV.UK's table)
and the CSV and Excel exports (engage.summaries.exports reads `headers` and `rows`), so a page
and its download cannot drift apart: a column added, renamed or reworked changes both.

A column may be on the page only (a chart of the row's sentiment) or in the export only (a
grouping column the page shows as one table per group, or the three counts a chart draws).
Those are declared here, beside the shared columns, not in a second copy of the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from markupsafe import Markup

# How a value is shown on the page. Exports always take the raw value (numbers stay numbers).
#   text     as it is            count    a whole number with thousands separators
#   number   as it is, numeric   cell     a suppression Cell: its display ("fewer than 10", "[c]")
#   date     "1 March 2026"      html     a cell a macro draws (see `draw` below)
FORMATS = {"text", "count", "number", "cell", "date", "html"}


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any]
    format: str = "text"
    numeric: bool = False
    hint: str = ""  # words after the heading for screen readers only (the export heading has them in brackets)
    page_heading: str | None = None  # when the page shows the column under a shorter heading
    page_text: Callable[[Any], Any] | None = None  # when the page shows the value in words
    draw: str = ""  # html cells: the macro in templates/macros/tables.html that draws the value
    on_page: bool = True
    in_export: bool = True
    classes: str = ""  # classes for the page's cells in this column (not its heading)

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown column format {self.format!r}")

    @property
    def export_heading(self) -> str:
        return f"{self.heading} ({self.hint})" if self.hint else self.heading


def show(value: Any, fmt: str) -> str:
    """A value as the page shows it."""
    if value is None:
        return ""
    if fmt == "cell":
        return str(value.display)
    if fmt == "count" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if fmt == "date" and isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%-d %B %Y")
    return str(value)


@dataclass(frozen=True)
class Table:
    """One table: `items` are the source rows (any objects the columns' getters read); `footer`
    rows (a total) follow them, in bold on the page."""

    key: str
    title: str
    columns: Sequence[Column]
    items: Sequence[Any]
    footer: Sequence[Any] = ()
    caption: str | Markup | None = None  # the page's caption; the title when not given
    caption_size: str = "s"
    id: str = ""
    compact: bool = False
    scroll: bool = True  # wrapped in a focusable, labelled region that scrolls sideways on a narrow screen
    row_header: bool = True  # the first page column heads its row
    first_heading: str | None = None  # the page's heading for its first column, where a page says more
    classes: str = ""
    group: Callable[[Any], Any] | None = None  # what a page showing a table per group splits the rows by
    # The summaries' downloads have always begun their headings in lower case ("previous period"),
    # and spreadsheets built on them look columns up by those names: the page's words, first letter lowered.
    lower_headings: bool = False

    # -- the export --------------------------------------------------------------------------

    @property
    def headers(self) -> list[str]:
        headings = [c.export_heading for c in self.columns if c.in_export]
        return [h[:1].lower() + h[1:] for h in headings] if self.lower_headings else headings

    @property
    def rows(self) -> list[list[Any]]:
        columns = [c for c in self.columns if c.in_export]
        return [[c.value(item) for c in columns] for item in (*self.items, *self.footer)]

    # -- the page ----------------------------------------------------------------------------

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.on_page]

    def page_head(self) -> list[dict[str, Any]]:
        head = []
        for i, c in enumerate(self.page_columns):
            text = (self.first_heading if i == 0 and self.first_heading else None) or c.page_heading or c.heading
            head.append({"text": text, "hint": c.hint, "numeric": c.numeric})
        return head

    def page_rows(self) -> list[list[dict[str, Any]]]:
        """Each row's cells: {text} for plain cells, {draw, value} for a cell a macro draws."""
        out = []
        for total, items in ((False, self.items), (True, self.footer)):
            for item in items:
                cells = []
                for c in self.page_columns:
                    value = c.value(item)
                    classes = " ".join(x for x in (c.classes, "sm-total" if total else "",
                                                   "sm-suppressed" if c.format == "cell" and getattr(value, "suppressed", False)
                                                   else "") if x)
                    cell: dict[str, Any] = {"numeric": c.numeric, "classes": classes}
                    if c.format == "html":
                        cell.update(draw=c.draw, value=value)
                    else:
                        cell["text"] = show(c.page_text(item), "text") if c.page_text else show(value, c.format)
                    cells.append(cell)
                out.append(cells)
        return out

    @property
    def label(self) -> str:
        """The scrolling region's name, in plain words."""
        if isinstance(self.caption, Markup):
            return self.caption.striptags()
        return self.caption or self.title

    def but(self, **changes: Any) -> Table:
        """The same table with another caption or id (a second page showing it)."""
        return replace(self, **changes)

    def part(self, group: Any, **changes: Any) -> Table:
        """The same table for one group's rows (by `group`), for a page that shows a table per group."""
        assert self.group is not None, f"table {self.key} has no groups"
        key = self.group
        return replace(self, items=[i for i in self.items if key(i) == group], footer=(), **changes)


def by_key(tables: Sequence[Any]) -> dict[str, Any]:
    """Tables by key, for a template to draw the ones its page shows."""
    return {t.key: t for t in tables}


__all__ = ["Column", "Table", "by_key", "show"]
