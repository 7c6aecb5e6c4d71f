"""Small-number suppression: the pure rules."""

from engage.summaries.suppression import SUPPRESSED_TEXT, suppress_counts, suppress_table


def shown(cells):
    return [c.value for c in cells]


def test_counts_under_ten_are_suppressed_and_the_rest_shown():
    cells, total = suppress_counts([120, 30, 9, 1])
    assert shown(cells) == [120, 30, None, None]
    assert [c.display for c in cells][2:] == [SUPPRESSED_TEXT, SUPPRESSED_TEXT]
    assert total.value == 160 and not total.suppressed


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    # total 43 shown: hiding only the 3 would let anyone work it out (43 - 20 - 10 - 10).
    cells, total = suppress_counts([20, 10, 10, 3])
    assert sum(c.suppressed for c in cells) == 2
    assert cells[3].suppressed and cells[1].suppressed  # the 3, and the first of the smallest others
    assert not cells[0].suppressed and total.value == 43


def test_zero_counts_are_suppressed_too():
    cells, _ = suppress_counts([25, 0, 14])
    assert cells[1].suppressed and sum(c.suppressed for c in cells) == 2


def test_without_a_total_no_secondary_suppression_is_needed():
    cells, total = suppress_counts([20, 10, 3], total_shown=False)
    assert shown(cells) == [20, 10, None]


def test_a_small_total_hides_everything():
    cells, total = suppress_counts([4, 3])
    assert total.suppressed and all(c.suppressed for c in cells)
    assert total.display == SUPPRESSED_TEXT and total.export == SUPPRESSED_TEXT


def test_table_rows_and_columns_never_give_a_cell_away():
    rows = [[30, 12, 4], [25, 15, 11], [40, 20, 16]]
    cells, row_totals, col_totals, grand = suppress_table(rows)
    hidden = [[c.suppressed for c in r] for r in cells]
    for i, r in enumerate(hidden):  # every shown row total has 0 or at least 2 hidden cells
        if not row_totals[i].suppressed:
            assert sum(r) != 1
    for j in range(3):
        if not col_totals[j].suppressed:
            assert sum(hidden[i][j] for i in range(3)) != 1
    assert hidden[0][2]  # the primary
    assert grand.value == sum(map(sum, rows))


def test_small_row_totals_are_suppressed_against_the_grand_total():
    rows = [[5, 3], [40, 30], [50, 20]]
    cells, row_totals, _, grand = suppress_table(rows, column_totals=False)
    assert row_totals[0].suppressed  # 8
    assert sum(t.suppressed for t in row_totals) >= 2  # and another, so 8 cannot be found from the grand total
    assert not grand.suppressed


def test_percentages_only_for_shown_cells():
    cells, total = suppress_counts([30, 20, 3, 2])
    assert cells[0].percent_of(total) == "55%"
    assert cells[2].percent_of(total) == ""


def test_a_cell_hidden_only_to_protect_another_says_so_and_claims_no_number():
    # 26 people answered "Yes": hidden so the 4 cannot be worked out from the total, it must never
    # read "fewer than 10" (the published page said that of 26, 38 and 35).
    cells, total = suppress_counts([26, 38, 35, 4])
    assert [c.display for c in cells] == ["[c]", "38", "35", SUPPRESSED_TEXT]
    assert cells[0].export == "[c]" and cells[0].secondary and not cells[3].secondary
    assert total.display == "103"


def test_secondary_cells_are_the_fewest_and_smallest():
    # Only the 3 is small. Its row and its column each need a second hidden cell; the best is a
    # rectangle of four cells (3, 20, 12, 80), not the six the next-smallest rule hid.
    rows = [[3, 20, 50], [15, 60, 70], [12, 80, 90]]
    cells, row_totals, col_totals, grand = suppress_table(rows)
    hidden = [(i, j) for i in range(3) for j in range(3) if cells[i][j].suppressed]
    assert hidden == [(0, 0), (0, 1), (2, 0), (2, 1)]
    assert [cells[i][j].display for i, j in hidden] == [SUPPRESSED_TEXT, "[c]", "[c]", "[c]"]
    for i in range(3):
        assert sum(cells[i][j].suppressed for j in range(3)) != 1
        assert sum(cells[j][i].suppressed for j in range(3)) != 1
