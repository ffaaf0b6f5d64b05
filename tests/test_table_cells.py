"""A tensor's cell in the backward table is its shape and first entry, so every column fits.

At 120x36 linear-layer's table showed only V, VJP and G: G (and the term) were whole
nested lists, ``[[-0.9556, 0.1056], [-0.1271, -0.0378], ...`` (issue 19). A tensor cell
now reads ``(4, 2) [-0.9556 …]``: the shape the question gives, and the entry the matrix
panel's grid starts with, in its precision. Scalar cells are the row's texts, unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

from tutor.app.widgets.grad_table import GradTable, cells
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.teach.hints import table_rows

SIZES = [(120, 36), (80, 24), (200, 60)]


def test_a_tensor_cell_is_its_shape_and_first_entry():
    graph = build(load("linear-layer"))
    show = graph.kind.show_cell
    assert show("[[-0.9556, 0.1056]]", np.array([[-0.95561, 0.1056], [1, 2]])) == (
        "(2, 2) [-0.9556 …]"
    )
    assert show("[0.5]", np.array([0.5])) == "(1,) [0.5000]"  # nothing left out: no "…"
    assert show("2.4971", np.array(2.49711)) == "2.4971"  # a 0-d array is its number
    assert show("-", None) == "-"  # no value (the output's own row): the text


def test_a_tensor_cell_whose_first_entry_is_zero_counts_its_nonzero_entries():
    """``[0.0000 …]`` would read as all zero: a sparse gradient says how sparse it is."""
    show = build(load("linear-layer")).kind.show_cell
    sparse = np.zeros((32, 27))
    sparse[np.arange(32), np.arange(32) % 27] = -1 / 32
    sparse[0, 0] = 0.0
    assert show("…", sparse) == "(32, 27) 31 nonzero"
    assert show("…", np.zeros((32, 27))) == "(32, 27) all 0"
    assert show("…", np.array([1e-6, 0.5])) == "(2,) 2 nonzero"  # shown as 0.0000: not zero
    assert show("…", np.array([0.0])) == "(1,) [0.0000]"  # one entry, shown whole
    assert show("…", np.array([[0.25, 0.0], [0.0, 0.0]])) == "(2, 2) [0.2500 …]"


def test_scalar_cells_are_the_rows_texts():
    graph = build(load("micrograd-labels"))
    for name in graph.order:
        for row in table_rows(graph, name):
            texts = (row.V, row.C, row.op, row.dCdV, row.inputs, row.contribution, row.G)
            assert cells(row, graph.kind) == texts


async def reveal_all(app, pilot):
    """Reveal every gradient, then stay on the lesson (the summary's Stay)."""
    from tutor.app.screens.complete import CompleteScreen

    s = app.screen.session
    while s.current is not None:
        await pilot.press("ctrl+r")
        await pilot.pause()
    if isinstance(app.screen, CompleteScreen):
        await pilot.press("s")
        await pilot.pause()
    assert not isinstance(app.screen, CompleteScreen)


async def test_every_column_fits_linear_layer_at_120x36(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await reveal_all(app, pilot)
        table = app.screen.query_one(GradTable)
        assert [table.labels[i] for i in table.keep] == list(table.labels)
        assert "hidden" not in str(table.border_subtitle)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        w = [t for t in table.texts if t[0] == "W"][0]
        assert w[-1] == "(3, 2) [-1.0755 …]" and w[-2] == w[-1]  # G, and the one term


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lesson", ["linear-layer", "makemore-ninja"])
async def test_no_tensor_cell_is_a_whole_nested_list(app_for, lesson, size):
    app = app_for(lesson, keep_progress=False)
    async with app.run_test(size=size) as pilot:
        for _ in range(6):
            await pilot.press("ctrl+r")
        await pilot.pause()
        table = app.screen.query_one(GradTable)
        assert table.row_count >= 6
        assert not [t for t in table.texts if "[[" in t[-1] or "[[" in t[-2]]
        assert "G" in [table.labels[i] for i in table.keep]


async def test_the_table_still_scrolls_at_80x24(app_for):
    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal_all(app, pilot)
        table = app.screen.query_one(GradTable)
        assert table.max_scroll_y > 0  # more rows than room: it scrolls
        table.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert table.scroll_y == 0
