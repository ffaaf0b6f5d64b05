"""A revealed tensor answer and the hints' numbers tier write their entries as the question
and the matrix panel do, with 4 decimals: linear-layer's reveal read '[    0.125    0.125]'
beside the panel's '[ 0.1250 0.1250 ]'."""

from __future__ import annotations

import re

import numpy as np

from tutor.tensor.show import corner


def test_a_corner_has_4_decimals_in_aligned_columns():
    text = corner(np.full((4, 2), 0.125))
    assert text.splitlines()[0] == "[ 0.1250 0.1250]"
    mixed = corner(np.array([[-12.5, 0.25], [3.0, -0.00001]]))
    assert mixed.splitlines() == ["[ -12.5000   0.2500]", "[   3.0000   0.0000]"]
    cut = corner(np.zeros((6, 6)))
    assert cut.splitlines()[0].endswith(" ...]") and cut.splitlines()[-1] == " ..."


async def test_the_revealed_answer_agrees_with_the_panel(app_for):

    app = app_for("linear-layer", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("1", "enter", "ctrl+r")
        await pilot.pause()
        log = app.screen.query_one("#feedback")
        text = "\n".join(strip.text for strip in log.lines)
        assert "0.1250" in text, text
        assert not re.search(r"\b0\.125\b(?!0)", text), text
