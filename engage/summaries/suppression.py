"""Small-number suppression: no count under 10 that could identify someone, even by subtraction.

Pure functions, no database or web imports. Every count shown about people (equality
answers, responses by ward) goes through here before it reaches a page, an export or the API.

Rules (the usual statistical-disclosure ones):

- primary: every count under the threshold (10) is shown as "fewer than 10" (0 included: a
  zero next to a small count would give the small one away);
- secondary: a line (row or column) whose total is shown must not have exactly one
  suppressed cell, or that cell could be worked out by subtraction; another cell of the line
  is hidden too, chosen so that the fewest and smallest cells go (a cell that also protects a
  crossing line first, then the smallest), until no line gives a cell away. A secondary cell
  may hold any number, so it is shown as "[c]" (as the ONS marks cells hidden to protect
  others), never as "fewer than 10", which would claim a number it does not hold;
- a total under the threshold is itself suppressed, and the row (or column) totals are a line
  of their own against the grand total, suppressed by the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

THRESHOLD = 10
SUPPRESSED_TEXT = "fewer than 10"
SECONDARY_TEXT = "[c]"
# The footnote every page, export and API answer showing a "[c]" cell carries with it.
SECONDARY_NOTE = ("[c] hidden to stop a smaller number being worked out from the total; "
                  "it is not itself a small number.")


@dataclass(frozen=True)
class Cell:
    """One count as it may be shown: `value` is None when suppressed; `secondary` when it was
    hidden only to protect another cell (its own count may be large)."""

    value: int | None
    suppressed: bool
    secondary: bool = False

    @property
    def display(self) -> str:
        if not self.suppressed:
            return f"{self.value:,}"
        return SECONDARY_TEXT if self.secondary else SUPPRESSED_TEXT

    @property
    def export(self) -> int | str:
        """What a CSV or spreadsheet cell holds."""
        return self.display if self.suppressed else int(self.value or 0)

    def percent_of(self, total: "Cell | int | None") -> str:
        base = total.value if isinstance(total, Cell) else total
        if self.suppressed or not base or (isinstance(total, Cell) and total.suppressed):
            return ""
        return f"{100 * (self.value or 0) / base:.0f}%"


def cell(value: int, suppressed: bool, threshold: int = THRESHOLD, *, secondary: bool | None = None) -> Cell:
    """A shown or hidden count; hidden at or above the threshold means hidden to protect another."""
    if secondary is None:
        secondary = suppressed and int(value) >= threshold
    return Cell(None if suppressed else int(value), suppressed, bool(secondary and suppressed))


def any_secondary(cells) -> bool:
    """Whether any cell among (nested lists of) cells is a "[c]": the page then shows the footnote."""
    for c in cells:
        if isinstance(c, Cell):
            if c.secondary:
                return True
        elif isinstance(c, (list, tuple)) and any_secondary(c):
            return True
    return False


def _secondary(values: Sequence[int], hidden: list[bool], prefer: Sequence[bool] = ()) -> bool:
    """Within one line whose total is shown: hide one more cell until no single cell stands
    alone, preferring a cell that also protects a crossing line (`prefer`), then the smallest.
    Returns whether anything changed."""
    changed = False
    while sum(hidden) == 1 and len(values) > 1:
        candidates = [(not (prefer[i] if i < len(prefer) else False), v, i)
                      for i, v in enumerate(values) if not hidden[i]]
        if not candidates:
            break
        *_, i = min(candidates)
        hidden[i] = True
        changed = True
    return changed


def suppress_table(rows: Sequence[Sequence[int]], threshold: int = THRESHOLD, *,
                   row_totals: bool = True, column_totals: bool = True
                   ) -> tuple[list[list[Cell]], list[Cell], list[Cell], Cell]:
    """Suppress a table of counts with its margins.

    Returns (cells, row total cells, column total cells, grand total cell). Pass
    row_totals=False (or column_totals=False) when those totals are not shown anywhere: then
    rows (columns) need no secondary suppression against them. The grand total is returned as
    shown only when some totals are shown (it is a line against the row and column totals).
    """
    table = [[int(v) for v in row] for row in rows]
    n_rows = len(table)
    n_cols = max((len(r) for r in table), default=0)
    for r in table:
        r.extend([0] * (n_cols - len(r)))
    r_tot = [sum(r) for r in table]
    c_tot = [sum(table[i][j] for i in range(n_rows)) for j in range(n_cols)]
    grand = sum(r_tot)

    hidden = [[v < threshold for v in r] for r in table]
    r_hidden = [t < threshold for t in r_tot]
    c_hidden = [t < threshold for t in c_tot]
    g_hidden = grand < threshold
    if g_hidden:  # everything is small: nothing can be shown
        hidden = [[True] * n_cols for _ in table]
        r_hidden = [True] * n_rows
        c_hidden = [True] * n_cols

    def column_needs(j: int) -> bool:
        return column_totals and not c_hidden[j] and sum(hidden[i][j] for i in range(n_rows)) == 1

    def row_needs(i: int) -> bool:
        return row_totals and not r_hidden[i] and sum(hidden[i]) == 1

    for _ in range(100):  # alternate until nothing changes (it always settles quickly)
        changed = False
        if row_totals:
            for i in range(n_rows):
                if not r_hidden[i]:
                    line = hidden[i]
                    changed |= _secondary(table[i], line, [column_needs(j) for j in range(n_cols)])
            if not g_hidden and n_rows > 1:
                changed |= _secondary(r_tot, r_hidden)
        if column_totals:
            for j in range(n_cols):
                if not c_hidden[j]:
                    col = [hidden[i][j] for i in range(n_rows)]
                    if _secondary([table[i][j] for i in range(n_rows)], col, [row_needs(i) for i in range(n_rows)]):
                        for i in range(n_rows):
                            hidden[i][j] = col[i]
                        changed = True
            if not g_hidden and n_cols > 1:
                changed |= _secondary(c_tot, c_hidden)
        # A row total that is hidden (and shown nowhere) needs nothing more; a hidden total whose
        # every cell is shown would give itself away, so hide a cell of its line too.
        if row_totals:
            for i in range(n_rows):
                if r_hidden[i] and n_cols and not any(hidden[i]):
                    _, j = min((table[i][j], j) for j in range(n_cols))
                    hidden[i][j] = True
                    changed = True
        if column_totals:
            for j in range(n_cols):
                if c_hidden[j] and n_rows and not any(hidden[i][j] for i in range(n_rows)):
                    _, i = min((table[i][j], i) for i in range(n_rows))
                    hidden[i][j] = True
                    changed = True
        if not changed:
            break

    cells = [[cell(table[i][j], hidden[i][j], threshold) for j in range(n_cols)] for i in range(n_rows)]
    return (cells, [cell(r_tot[i], r_hidden[i], threshold) for i in range(n_rows)],
            [cell(c_tot[j], c_hidden[j], threshold) for j in range(n_cols)], cell(grand, g_hidden, threshold))


def suppress_counts(counts: Sequence[int], threshold: int = THRESHOLD, *, total_shown: bool = True
                    ) -> tuple[list[Cell], Cell]:
    """One distribution (say, the answers to one equality question) and its total.

    Every count under the threshold is suppressed; when the total is shown and exactly one
    cell is suppressed, the next-smallest is suppressed too (so no cell follows by subtraction).
    A total under the threshold is suppressed with every cell.
    """
    cells, _, col_totals, grand = suppress_table([list(counts)], threshold, row_totals=total_shown,
                                                 column_totals=False)
    return (cells[0] if cells else []), grand
