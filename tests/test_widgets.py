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
