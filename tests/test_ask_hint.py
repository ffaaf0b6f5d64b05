"""A learner who types ? as the answer gets the next hint (it was graded: "cannot read
'?': invalid syntax"), and ``list`` counts the gradients a lesson asks in words that agree
("1 nodes" for the three fused lessons, which have one question on a bigger graph)."""

from __future__ import annotations

import subprocess
import sys

from tutor.app.keys import KEYS, help_rows
from tutor.app.widgets.answer_box import ASK_HINT


def feedback_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen.query_one("#feedback").lines)


async def test_a_lone_question_mark_shows_the_next_hint_and_costs_no_attempt(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("1", "enter", "?", "enter")
        await pilot.pause()
        s = app.screen.session
        text = feedback_text(app)
        assert "cannot read" not in text, text
        assert "Chain rule" in text, text  # the first hint tier's title
        assert s.tally.hints == 1 and s.tally.wrong == 0
        assert app.screen.query_one("#answer").value == ""
        await pilot.press("space", "?", "space", "enter")  # spaces round it: still a hint
        await pilot.pause()
        assert s.tally.hints == 2 and s.tally.wrong == 0


def test_the_help_names_the_question_mark():
    assert any(k.key == ASK_HINT for k in KEYS)
    assert "| ? |" in help_rows()


def test_list_counts_gradients_in_agreeing_words():
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "list"], capture_output=True, text=True, check=True
    ).stdout
    assert " 1 nodes" not in out and "  6 nodes  " not in out
    assert "layernorm-fused            1 gradient   The fused layernorm backward" in out
    assert "makemore-ninja            34 gradients  Becoming a backprop ninja" in out
