"""Small app widgets: the key bar, the tree's shared rows."""

from __future__ import annotations

from textual.binding import Binding

from tutor.app.widgets.keybar import KeyBar, key_label


def test_key_labels():
    assert key_label("ctrl+t") == "^t"
    assert key_label("f1") == "F1"
    assert key_label("escape,f1") == "Esc"  # as the help and the footers write it
    assert key_label("space") == "Space"


def test_the_train_views_key_bar_writes_keys_as_its_help_does():
    from tutor.app import keys

    text, _ = KeyBar(keys.train_bar()).text_for(None)
    assert text.plain.split("  ") == [
        " Space Run/pause", "s Step", "+ lr×2", "- lr÷2", "Esc Back", "F1 Help ",
    ]  # fmt: skip


def test_keybar_lists_shown_keys_with_clickable_spans():
    bar = KeyBar([Binding("ctrl+t", "hint", "Hint"), Binding("x", "hidden", "No", show=False)])
    assert [b.action for b in bar.bindings] == ["hint"]
    ((start, end, action),) = bar.spans
    assert (start, action) == (0, "hint") and end == len(" ^t Hint ")


def test_table_cells_break_between_words_and_never_inside_a_shape():
    from tutor.app.table_fit import cell_lines, pieces

    assert cell_lines("x1w1 = -6, x2w2 = 0", 12, 3) == ["x1w1 = -6,", "x2w2 = 0"]
    assert cell_lines("x = 2, y = 3", 14, 3) == ["x = 2, y = 3"]
    assert cell_lines("h (2, 2), Gh (2, 2)", 9, 4) == ["h (2, 2),", "Gh (2, 2)"]
    assert cell_lines("ao (2, 2)", 6, 3) == ["ao", "(2, 2)"]  # never "ao (2," over "2)"
    assert pieces("sum(dZ, axis=0)") == ["sum(dZ,", "axis=0)"]
    assert pieces("[[1, 1], [1, 1]]") == ["[[1, 1],", "[1, 1]]"]
    assert pieces("(2, 2)") == ["(2, 2)"] and pieces("(1 - o)") == ["(1 - o)"]
    # a piece too wide for the cell, or a text too long for its lines, ends in an ellipsis
    assert cell_lines("counts_sum_inv", 8, 2) == ["counts_…"]
    assert cell_lines("dW += X.T @ dZ + more", 6, 2) == ["dW +=", "X.T…"]  # "@ dZ" is one piece
    assert cell_lines("(32, 27) ‖·‖ 6.0965", 10, 2) == ["(32, 27)", "‖·‖ 6.0965"]


def test_table_columns_wrap_then_hide_the_least_needed_and_keep_g():
    from tutor.app.table_fit import ColumnStats, choose

    labels = ("V", "C", "op", "VJP", "inputs", "contribution", "G")
    row = ("h", "loss_1", "h * Gh", "dh += dloss_1 * Gh", "h (2, 2), Gh (2, 2)")
    row += ("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]")
    stats = ColumnStats.start(labels)
    stats.add(row)
    keep, widths = choose(stats, 200, 1, 2)
    assert [labels[i] for i in keep] == list(labels)  # room for everything
    redundant = frozenset({"V", "C"})  # the VJP names dh and dloss_1
    assert [labels[i] for i in choose(stats, 60, 1, 2, redundant)[0]] == list(labels)  # wrapped
    assert [labels[i] for i in choose(stats, 55, 1, 2, redundant)[0]] == [
        *("V", "op", "VJP", "inputs", "contribution", "G")  # C first: the VJP names it
    ]
    assert [labels[i] for i in choose(stats, 40, 1, 2, redundant)[0]] == [
        *("V", "VJP", "contribution", "G")
    ]
    keep, widths = choose(stats, 34, 1, 2, redundant)
    assert [labels[i] for i in keep] == ["V", "VJP", "G"]
    assert sum(widths) + len(keep) <= 34
    # a scalar table's names are not in its local column: V and C are never hidden
    keep, _ = choose(stats, 34, 1, 2)
    assert {"V", "C", "G"} <= {labels[i] for i in keep}


def test_the_readme_names_every_key_of_the_table():
    from pathlib import Path

    from tutor.app import keys

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    paragraph = readme[readme.index("**Keys in a lesson**") :].split("\n\n")[0]
    for k in keys.KEYS:
        if k.label:
            assert k.shown in paragraph, k.key


def test_a_call_keeps_its_numbers_together():
    from tutor.app.table_fit import cell_lines, pieces

    assert pieces("ones(2, 2)") == ["ones(2, 2)"] and pieces("onehot(Yb, 27)") == ["onehot(Yb, 27)"]
    lines = cell_lines("dloss_3 += ones(2, 2) * dloss_4", 18, 3)
    assert lines == ["dloss_3 +=", "ones(2, 2)", "* dloss_4"]  # the break before the operator


def test_keybar_shows_whole_keys_only():
    """A key that does not fit is left out, never cut ('^p Pal'); the first keys stay."""
    bar = KeyBar([Binding("ctrl+t", "hint", "Hint"), Binding("ctrl+p", "palette", "Palette")])
    assert str(bar.text_for(None)[0]) == " ^t Hint  ^p Palette "
    text, spans = bar.text_for(19)
    assert str(text) == " ^t Hint "  # " ^p Palette" needs 20 cells in all
    assert [a for _, _, a in spans] == ["hint"]
    assert str(bar.text_for(20)[0]) == " ^t Hint  ^p Palette "


def test_keybar_text_for_only_computes_and_drawing_sets_the_spans():
    """Asking what would fit (text_for) leaves the bar's clickable spans as drawn."""
    bar = KeyBar([Binding("ctrl+t", "hint", "Hint"), Binding("ctrl+p", "palette", "Palette")])
    drawn = list(bar.spans)
    assert [a for _, _, a in drawn] == ["hint", "palette"]
    bar.text_for(5)
    bar.text_for(19)
    assert bar.spans == drawn


async def test_keybar_spans_follow_the_width_it_is_drawn_at():
    from textual.app import App, ComposeResult

    class Bar(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.ran: list[str] = []

        def compose(self) -> ComposeResult:
            keys = [Binding("ctrl+t", "app.hint", "Hint"), Binding("ctrl+p", "app.pal", "Palette")]
            yield KeyBar(keys)

        def action_hint(self) -> None:
            self.ran.append("hint")

        def action_pal(self) -> None:
            self.ran.append("pal")

    app = Bar()
    async with app.run_test(size=(19, 3)) as pilot:
        bar = app.query_one(KeyBar)
        assert [a for _, _, a in bar.spans] == ["app.hint"]
        await pilot.resize_terminal(40, 3)
        await pilot.pause()
        assert [a for _, _, a in bar.spans] == ["app.hint", "app.pal"]
        await pilot.click(KeyBar, offset=(12, 0))
        assert app.ran == ["pal"]


def test_a_word_too_long_for_any_line_runs_on_from_the_line_before():
    """'feeds' is not left alone above a formula too long for a line of its own."""
    from tutor.app.fitting import breaks

    text = "  feeds bnmeani = mean(hprebn, axis=0, keepdims=True)"
    cuts = [0, *breaks(text, 32), len(text)]
    pieces = [text[a:b].rstrip() for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    assert pieces[0] == "  feeds bnmeani = mean(hprebn,", pieces
    assert all(len(p) <= 32 for p in pieces)
    # a word that fits moves down whole, a shape with its label (issue 19)
    assert breaks("x = 2, shape (3, 4)", 14) == [7]
