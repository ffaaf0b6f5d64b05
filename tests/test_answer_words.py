"""A learner who types ``hint``, ``reveal`` or ``help`` as the whole answer means the key:
the word does what ctrl+t, ctrl+r and F1 do (it was graded: "unknown name 'hint'"). A lesson
with a node of that name still grades the word as the node, and F1's help says so."""

from __future__ import annotations

from tutor.app.keys import help_rows, key_for
from tutor.app.screens.help import HelpScreen

WORDS = """\
title: Nodes named like the commands
inputs: {hint: 2, reveal: 3}
graph:
  - L = hint * reveal
"""


def feedback_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen.query_one("#feedback").lines)


async def test_the_words_act_as_their_keys(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        s = app.screen.session
        await pilot.press("1", "enter", *"hint", "enter")
        await pilot.pause()
        text = feedback_text(app)
        assert "unknown" not in text and "cannot read" not in text, text
        assert "Chain rule" in text, text  # the first hint tier's title
        assert s.tally.hints == 1 and s.tally.wrong == 0
        asked = s.current
        await pilot.press("space", *"ReVeal", "space", "enter")  # trimmed, any case
        await pilot.pause()
        assert s.tally.reveals == 1 and s.tally.wrong == 0
        assert asked in s.known and s.current != asked
        await pilot.press(*"HELP", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#answer").value == ""
        assert s.tally.wrong == 0


async def test_a_word_within_an_answer_is_graded(app_for):
    app = app_for("micrograd-labels", keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        s = app.screen.session
        await pilot.press("1", "enter", *"hint me", "enter")
        await pilot.pause()
        assert s.tally.hints == 0
        assert "Chain rule" not in feedback_text(app)


async def test_a_node_named_like_a_word_is_still_answerable(app_for, tmp_path):
    path = tmp_path / "words.yaml"
    path.write_text(WORDS)
    app = app_for(path, keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        s = app.screen.session
        await pilot.press("1", "enter")
        await pilot.pause()
        for _ in range(2):
            other = "reveal" if s.current == "hint" else "hint"  # dL/dhint = reveal
            await pilot.press(*other, "enter")
            await pilot.pause()
        assert s.complete, feedback_text(app)
        assert s.tally.hints == 0 and s.tally.reveals == 0 and s.tally.wrong == 0


async def test_help_still_opens_where_only_hint_and_reveal_are_nodes(app_for, tmp_path):
    path = tmp_path / "words.yaml"
    path.write_text(WORDS)
    app = app_for(path, keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"help", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_the_help_names_the_words_and_their_keys():
    rows = help_rows()
    line = next(r for r in rows.splitlines() if r.startswith("| hint, reveal, help |"))
    for action in ("hint", "reveal", "app.help"):
        assert key_for(action).shown in line
    assert "node of that name" in line
