"""The backward table's columns read apart when they are fitted tight.

At 120x36 linear-layer's E2 row read 'dE2 += ones(4, 2) * dloss / [[0.1250, 0.1250],' over
'8': the VJP ran on into G, and its 8 sat alone. conv-naive's read
'dloss_1 += ones(2, 2, 3, 3) * (2, 2, 3, 3) (2, 2, 3, 3) ‖·‖ 6', and batchnorm-fused's at
80x24 'dloss_2 += dloss /  0.1250'. Now a rule runs between tight columns, down every line of
a row, and a line never ends in a binary operator (the break comes before it).
"""

from __future__ import annotations

import pytest

from tutor.app.table_fit import GLUED, atoms, cell_lines
from tutor.app.widgets.grad_table import RULE, GradTable

OPERATORS = ("*", "/", "+", "-", "@", "**")


@pytest.mark.parametrize(
    "text",
    [
        "dE2 += ones(4, 2) * dloss / 8",
        "dloss_2 += dloss / 8",
        "dloss_1 += ones(2, 2, 3, 3) * dloss",
        "dX += dXW @ W.T",
        "dh += (1 - h**2) * dhpre + 2 * h",
    ],
)
@pytest.mark.parametrize("width", range(8, 30))
def test_a_wrapped_cell_never_ends_a_line_in_an_operator(text, width):
    lines = cell_lines(text, width, 4)
    for line in lines[:-1]:
        assert line.split(" ")[-1] not in OPERATORS, lines
    assert all(op in GLUED for op in OPERATORS)
    assert " ".join(atoms(text)) == text  # nothing lost or moved


@pytest.mark.parametrize(
    ("lesson", "size", "reveals"),
    [
        ("linear-layer", (120, 36), 2),
        ("conv-naive", (120, 36), 0),
        ("batchnorm-fused", (80, 24), 0),
    ],
)
async def test_tight_columns_have_a_rule_down_every_line(app_for, lesson, size, reveals):
    app = app_for(lesson, keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if lesson == "linear-layer":
            await pilot.press("1", "enter")
        for _ in range(reveals):
            await pilot.press("ctrl+r")
        await pilot.pause()
        table = app.screen.query_one(GradTable)
        assert table.gap == 1  # fitted tight: the case that ran cells together
        columns = len(table.columns)
        assert columns >= 2
        labels = [str(c.label) for c in table.columns.values()]
        assert all(label.startswith(RULE) for label in labels[1:]), labels
        wrapped = 0
        for i in range(table.row_count):
            cells = [str(cell).split("\n") for cell in table.get_row_at(i)]
            height = max(len(lines) for lines in cells)
            wrapped += height > 1
            for lines in cells[1:]:
                assert len(lines) == height  # the rule runs the row's whole height
                assert all(line.startswith(RULE) for line in lines), cells
            for lines in cells:
                for line in lines[:-1]:
                    assert line.rstrip().split(" ")[-1] not in OPERATORS, cells
        assert wrapped  # some row took more than one line


async def test_the_header_stays_over_its_columns_however_soon_it_is_drawn(app_for):
    """makemore-ninja at 80x24 read 'VJP│G' over a VJP column 30 cells wide.

    The columns' widths were measured by DataTable when idle, and a header drawn before
    that was kept. Now each column is as wide as fitted from the start.
    """
    app = app_for("makemore-ninja", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6):
            await pilot.press("ctrl+r")
        await pilot.pause()
        table = app.screen.query_one(GradTable)
        table.keep = []  # the columns are made again, as when other columns come to fit
        table.sync()
        table.render_line(0)  # the header drawn before the table is idle
        await pilot.pause()
        header = table.render_line(0).text
        body = [table.render_line(y).text for y in range(1, table.size.height)]
        rules = [i for i, ch in enumerate(header) if ch == RULE]
        assert rules and table.gap == 1
        for at in rules:
            assert all(line[at] == RULE for line in body), [header, *body]
