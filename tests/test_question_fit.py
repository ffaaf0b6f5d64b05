"""The question panel fits its room: a question too long for it ends with "…" (80x24)."""

from __future__ import annotations

import re

import pytest

from tutor.app.widgets.question import QuestionPanel


def drawn(app, panel: QuestionPanel) -> list[str]:
    """The panel's lines as drawn at its width."""
    console = app.console
    rows = console.render_lines(panel.make_content(), console.options.update_width(panel.room))
    return ["".join(seg.text for seg in row).rstrip() for row in rows]


async def test_a_long_question_is_cut_with_an_ellipsis_at_80x24(app_for):
    app = app_for("batchnorm-fused", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(QuestionPanel)
        shown = drawn(app, panel)
        assert panel.room == panel.content_size.width
        assert len(shown) == panel.content_size.height, shown  # it fills its room, no more
        assert shown[-1].endswith("…"), shown  # and says that more was cut


async def test_a_question_that_fits_is_not_cut(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(QuestionPanel)
        assert panel.room > 0 and not any("…" in line for line in drawn(app, panel))


#: A line that ends in a shape's label, or starts with the shape: the two were split.
SPLIT = re.compile(r"(^|\s)shape$|^\s*\(\d")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@pytest.mark.parametrize("lesson", ["linear-layer", "makemore-ninja"])
async def test_a_shape_stays_with_its_label(app_for, lesson, size):
    """Issue 19: '... dloss/dXW found, shape' over '(4, 2)' in linear-layer at 120x36."""
    app = app_for(lesson, keep_progress=False)
    async with app.run_test(size=size) as pilot:
        for _ in range(6):  # each node in turn (linear-layer asks 7)
            panel = app.screen.query_one(QuestionPanel)
            shown = drawn(app, panel)
            assert not [line for line in shown if SPLIT.search(line)], shown
            await pilot.press("ctrl+r")
            await pilot.pause()
