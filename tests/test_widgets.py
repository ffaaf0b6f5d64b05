"""Small app widgets: the key bar, the tree's shared rows."""

from __future__ import annotations

from textual.binding import Binding

from tutor.app.widgets.keybar import KeyBar, key_label


def test_key_labels():
    assert key_label("ctrl+t") == "^t"
    assert key_label("f1") == "F1"
    assert key_label("escape,f1") == "ESCAPE"


def test_keybar_lists_shown_keys_with_clickable_spans():
    bar = KeyBar([Binding("ctrl+t", "hint", "Hint"), Binding("x", "hidden", "No", show=False)])
    assert [b.action for b in bar.bindings] == ["hint"]
    ((start, end, action),) = bar.spans
    assert (start, action) == (0, "hint") and end == len(" ^t Hint ")


def test_table_cells_wrap_at_commas_then_before_equals_then_at_spaces():
    from tutor.app.widgets.grad_table import fit, lines_of

    assert lines_of("x1w1 = -6, x2w2 = 0", 12) == ["x1w1 = -6,", "x2w2 = 0"]
    assert lines_of("x = 2, y = 3", 14) == ["x = 2, y = 3"]
    assert lines_of("0.5000 * 1 = 0.5000", 12) == ["0.5000 * 1", "= 0.5000"]
    assert lines_of("sigmoid(z) * (1 - sigmoid(z))", 11) == ["sigmoid(z)", "* (1 -", "sigmoid(z))"]
    row = ("x1w1x2w2", "n", "x1w1x2w2 + b", "1", "x1w1x2w2 = -6, b = 6.8814", "0.5 * 1 = 0.5")
    row += ("0.5",)
    assert fit([row], 999) == [8, 1, 12, 5, 25, 13, 3]  # as wide as its label at least
    assert fit([row], 50) == [8, 1, 10, 5, 11, 12, 3]  # the widest shrink first
    assert fit([row], 10) == [8, 1, 8, 5, 8, 12, 3]  # never below the longest word


def test_the_readme_names_every_key_of_the_table():
    from pathlib import Path

    from tutor.app import keys

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    paragraph = readme[readme.index("**Keys in a lesson**") :].split("\n\n")[0]
    for k in keys.KEYS:
        if k.label:
            assert k.shown in paragraph, k.key
