"""Pilot tests: the learner's path through the app, driven by key presses."""

from __future__ import annotations

import pytest
from lesson_texts import scalar_bundled, type_answer
from textual.widgets import DataTable, Input, RichLog

from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.confirm import ConfirmScreen
from tutor.app.screens.help import HelpScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.lesson_list import LessonListScreen
from tutor.app.widgets.graph_tree import GraphTree

SIZE = (120, 36)
MICROGRAD_ANSWERS = ["1", "f", "4", "-2", "-2", "6", "-4"]  # L, d, f, c, e, a, b

REUSE = """\
title: Reuse
inputs: {a: 3, c: 4}
graph:
  - x = a * c
  - y = a + c
  - L = x * y
"""


def log_text(pilot) -> str:
    """Everything the feedback log shows, as plain text with wrapped lines joined."""
    log = pilot.app.screen.query_one("#feedback", RichLog)
    text = " ".join(line.text for line in log.lines)
    return " ".join(text.replace("│", " ").split())  # panel borders and wrapping removed


def session(pilot):
    """The lesson screen's session."""
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen.session


async def test_finish_micrograd_labels_by_typing(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.query_one("#answer", Input).has_focus
        assert session(pilot).current == "L"
        for answer in MICROGRAD_ANSWERS:
            await type_answer(pilot, answer)
        assert isinstance(app.screen, CompleteScreen)
        lesson = app.screen_stack[-2]
        assert lesson.session.complete
        assert lesson.session.tally.first_try == 7
        assert lesson.session.score() == (7.0, 7.0)
        table = lesson.query_one("#table", DataTable)
        assert table.row_count == 7  # one row per (V, C) pair: every node has one consumer here


async def test_order_follows_the_walkthrough(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        seen = []
        for answer in MICROGRAD_ANSWERS:
            seen.append(session(pilot).current)
            await type_answer(pilot, answer)
        assert seen == ["L", "d", "f", "c", "e", "a", "b"]


@pytest.mark.parametrize(
    ("answer", "mistake", "words"),
    [
        ("-3", "no_upstream", "local derivative"),
        ("-2", "upstream_only", "upstream"),
        ("-6", "sign", "sign"),
        ("2", "value_not_grad", "value"),
    ],
)
async def test_known_mistakes_get_their_message(app_for, answer, mistake, words):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        for right in MICROGRAD_ANSWERS[:5]:
            await type_answer(pilot, right)
        s = session(pilot)
        assert s.current == "a"
        outcome = s.submit(answer)
        assert outcome.kind == "wrong"
        assert outcome.mistake == mistake
        assert words in outcome.message.lower()
        await type_answer(pilot, answer)
        assert words in log_text(pilot).lower()
        assert s.attempts["a"] == 2


async def test_forgot_to_sum_over_consumers(app_for, tmp_path):
    path = tmp_path / "reuse.yaml"
    path.write_text(REUSE)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        s = session(pilot)
        for _ in range(3):  # L, x, y
            await type_answer(pilot, "0")  # a wrong try first ...
            node = s.current
            await type_answer(pilot, repr(s.graph.nodes[node].grad))  # ... then the right one
        assert s.current == "a"
        # dL/da = y*c + x*1 = 7*4 + 12 = 40; each consumer alone is 28 or 12
        assert s.submit("28").mistake == "one_consumer"
        await type_answer(pilot, "28")
        assert s.attempts["a"] == 2
        assert "feeds both x and y" in log_text(pilot)
        await type_answer(pilot, "y*c + x")
        assert s.known["a"] == pytest.approx(40)


async def test_unreadable_input_does_not_count(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        s = session(pilot)
        for text in ["12*", "foo(3)"]:
            await type_answer(pilot, text)
        await pilot.press("enter")  # empty
        await pilot.pause()
        assert s.attempts.get("L", 0) == 0
        assert s.tally.wrong == 0
        text = log_text(pilot)
        assert "not counted" in text
        assert "foo" in text
        assert s.current == "L"


async def test_hint_tiers_come_in_order(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_answer(pilot, "1")  # L
        s = session(pilot)
        assert s.current == "d"
        tiers = []
        for _ in range(4):
            await pilot.press("ctrl+t")
            await pilot.pause()
            tiers.append(s.hints_taken["d"])
        assert tiers == [1, 2, 3, 4]
        text = log_text(pilot)
        # d's lesson hint is about the local derivative: it comes in the local tier
        titles = ["Chain rule", "Lesson hint", "Local derivatives", "Plug in the numbers"]
        where = [text.index(t) for t in titles]
        assert where == sorted(where), "the tiers appear in order"
        assert "dL/dd = dL/dL * ∂L/∂d" in text  # the chain rule for d's one consumer
        assert "the local derivative ∂L/∂d =" in text  # in symbols, not a number
        await pilot.press("ctrl+t")  # past the last tier: said so, not counted again
        await pilot.pause()
        assert "That was the last hint" in log_text(pilot)
        assert s.tally.hints == 4


async def test_not_ready_node_is_refused_with_the_reason(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_answer(pilot, "1")  # L; now d is current, e waits for d
        tree = app.screen.query_one(GraphTree)
        tree.focus()
        tree.move_cursor(tree.rows["e"][0])
        await pilot.press("enter")
        await pilot.pause()
        s = session(pilot)
        assert s.current == "d"
        assert "dL/de needs dL/dd first: e feeds d" in log_text(pilot)
        # a ready node can be picked instead
        tree.focus()
        tree.move_cursor(tree.rows["f"][0])
        await pilot.press("enter")
        await pilot.pause()
        assert s.current == "f"
        assert app.screen.query_one("#answer", Input).has_focus


async def test_reveal_counts_as_revealed(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        s = session(pilot)
        assert s.known["L"] == 1.0
        assert s.status["L"] == "revealed"
        assert s.tally.reveals == 1
        assert s.current == "d"
        assert "Revealed" in log_text(pilot)


async def test_numeric_check_shows_the_estimate(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        for right in MICROGRAD_ANSWERS[:4]:
            await type_answer(pilot, right)
        assert session(pilot).current == "e"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "-2.000" in log_text(pilot)


async def test_restart_asks_first(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_answer(pilot, "1")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert session(pilot).answered_count == 1
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert session(pilot).answered_count == 0
        assert session(pilot).current == "L"


async def test_help_screen_lists_keys(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_next_and_previous_lesson(app_for):
    app = app_for("micrograd-labels")
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.lesson.name
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen.lesson.name != first
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.lesson.name == first


async def test_lesson_list_opens_a_lesson_and_shows_broken_ones(app_for, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.yaml").write_text("title: Broken\ninputs: {a: 1}\ngraph:\n  - b = a +\n")
    app = app_for(None, lesson_dirs=[folder])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonListScreen)
        broken = [e for e in screen.entries if e.name == "broken"]
        assert broken and broken[0].error and "broken.yaml:4" in broken[0].error
        table = screen.query_one(DataTable)
        assert table.row_count == len(screen.entries) >= 11
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.index == 0
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LessonListScreen)


async def test_lesson_with_a_reused_node(app_for):
    app = app_for("reuse-sum")
    async with app.run_test(size=SIZE) as pilot:
        s = session(pilot)
        shared = [n for n, node in s.graph.nodes.items() if sum(node.uses.values()) > 1]
        assert shared
        tree = app.screen.query_one(GraphTree)
        refs = [r for rows in tree.rows.values() for r in rows if r.data.reference]
        assert refs, "a shared node appears once expanded and elsewhere as a reference"
        while s.current is not None:
            await type_answer(pilot, repr(s.graph.nodes[s.current].grad))
        assert s.complete and s.tally.wrong == 0


async def test_export_key_writes_the_picture_and_says_where(app_for, tmp_path, monkeypatch):
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")  # not where pictures go: the data folder's pictures/
    app = app_for()
    folder = tmp_path / "data" / "pictures"
    async with app.run_test(size=SIZE) as pilot:
        for right in MICROGRAD_ANSWERS[:3]:
            await type_answer(pilot, right)
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = sorted(p.name for p in folder.iterdir() if p.is_file())
        assert written == ["micrograd-labels-step03.png"] or written == [
            "micrograd-labels-step03.dot"
        ]
        picture = folder / written[0]
        if picture.suffix == ".png":
            assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        notes = [n.message for n in app._notifications]
        # a path too long for the toast goes over lines that end at a separator
        whole = [m.replace("\n", "") for m in notes]
        assert picture.is_absolute() and any(str(picture) in message for message in whole)
        assert all(line.endswith("/") for m in notes for line in m.split("\n")[:-1])
    assert not list((tmp_path / "cwd").iterdir())


async def test_export_key_without_graphviz_writes_dot(app_for, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        picture = tmp_path / "data" / "pictures" / "micrograd-labels-step00.dot"
        assert picture.read_text().startswith("digraph")
        notes = [n.message.replace("\n", "") for n in app._notifications]  # a path over lines
        assert any("dot" in message and str(picture) in message for message in notes)


async def test_a_big_graph_builds_its_rows_on_demand(app_for, tmp_path):
    from bench.lessons import synthetic_lesson
    from tutor.app.widgets.graph_tree import EAGER_ROWS

    path = tmp_path / "big.yaml"
    path.write_text(synthetic_lesson(3000))
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(GraphTree)
        built = [r for rows in tree.rows.values() for r in rows]
        planned = sum(len(kids) for kids in tree.plan.values())
        assert planned > 5000 and len(built) < planned / 4  # not all rows up front
        opened = [r for r in built if r.is_expanded]
        assert EAGER_ROWS / 10 < len(opened) < EAGER_ROWS
        first = tree.root.children[0]  # the first branch opens as with every row built
        assert first.is_expanded and first.children[0].is_expanded
        assert tree.cursor_node is tree.root  # the output is current
        # a collapsed row gets its children when the learner expands it
        lazy = next(r for r in built if r.allow_expand and not r.children)
        lazy.expand()
        await pilot.pause()
        assert [c.data for c in lazy.children] == tree.plan[lazy.data.name]
        # the deepest node becomes reachable: its row and the rows above it are built, open
        deep = session(pilot).graph.order[-1]
        row = tree.home_row(deep)
        assert row is not None and row.data.name == deep and not row.data.reference
        above = row.parent
        while above is not None:
            assert above.is_expanded
            above = above.parent
        tree.show_node(deep)
        await pilot.pause()
        assert tree.cursor_node is row
        await type_answer(pilot, "1")
        assert session(pilot).answered_count == 1


async def test_a_deep_graph_is_laid_out_in_sections(app_for, tmp_path):
    from bench.lessons import synthetic_lesson
    from tutor.app.widgets.graph_tree import MAX_TREE_DEPTH

    path = tmp_path / "deep.yaml"
    path.write_text(synthetic_lesson(600))
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(GraphTree)
        places = [p for kids in tree.plan.values() for p in kids]
        assert max(p.depth for p in places) <= MAX_TREE_DEPTH + 1
        assert [p for p in places if p.continued], "deep branches continue as sections"
        planned = {p.name for p in places} | {tree.root.data.name}
        assert all(name in planned for name in session(pilot).graph.reachable())
        s = session(pilot)
        await type_answer(pilot, "1")
        assert s.answered_count == 1


def shown(widget) -> str:
    """The text a widget shows on screen now, line by line."""
    inner, outer = widget.content_region, widget.region
    lines = widget.render_lines(inner.translate(-outer.offset))
    return "\n".join(strip.text for strip in lines)


async def test_the_tally_redraws_after_a_numeric_check(app_for):
    from tutor.app.widgets.tally import TallyBar

    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_answer(pilot, "1")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "hints 1" in shown(app.screen.query_one(TallyBar))


async def test_every_widget_redraws_from_the_session_whoever_changes_it(app_for):
    from tutor.app.widgets.question import QuestionPanel
    from tutor.app.widgets.tally import TallyBar

    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        s = session(pilot)
        s.submit("1")  # not through the screen: the screen still follows
        assert s.select("f") is None
        s.submit("0")
        await pilot.pause()
        screen = app.screen
        assert "dL/df" in shown(screen.query_one(QuestionPanel))
        assert "wrong 1" in shown(screen.query_one(TallyBar))
        tree = screen.query_one(GraphTree)
        assert str(tree.rows["f"][0].label).lstrip().startswith("▶")
        assert "1.0000" in str(tree.rows["L"][0].label)
        assert tree.cursor_node is tree.rows["f"][0]
        table = screen.query_one("#table", DataTable)
        assert [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)] == ["L"]


@pytest.mark.parametrize(
    ("last", "words"),
    [("ctrl+r", ["Revealed", "dL/db = (-2) * 2 = -4", "Answer: dL/db = -4"]), ("-4", ["Correct"])],
)
async def test_the_last_answer_stays_readable_in_the_summary(app_for, last, words):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        for right in MICROGRAD_ANSWERS[:-1]:
            await type_answer(pilot, right)
        if last.startswith("ctrl"):
            await pilot.press(last)
            await pilot.pause()
        else:
            await type_answer(pilot, last)
        await pilot.pause()
        assert isinstance(app.screen, CompleteScreen)
        text = shown(app.screen.query_one("#closing"))
        for word in words:
            assert word in text


async def test_tab_moves_only_between_the_answer_box_and_the_graph(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        seen = []
        for key in ["tab"] * 4 + ["shift+tab"] * 4:
            await pilot.press(key)
            await pilot.pause()
            seen.append(app.focused.id)
        assert set(seen) == {"answer", "graph"}


async def test_typing_while_the_graph_has_focus_goes_into_the_answer_box(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one(GraphTree).focus()
        await pilot.press("1", "enter")
        await pilot.pause()
        assert session(pilot).known == {"L": 1.0}
        assert app.focused.id == "answer"


BUNDLED = scalar_bundled()  # tensor lessons open in the app with issue 12


@pytest.mark.parametrize("name", BUNDLED)
async def test_every_table_column_shown_is_in_view_and_whole_at_120x36(app_for, name):
    app = app_for(name)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        s = screen.session
        table = screen.query_one("#table", DataTable)
        while s.current is not None:
            await pilot.press("ctrl+r")
            await pilot.pause()
        assert table.row_count >= len(s.asked)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        # a tight table rules its columns apart
        header = shown(table).splitlines()[0].replace("│", " ").split()
        # the node, its local derivative and its gradient always; a column that would be
        # cut is hidden instead, and the caption names it
        assert {"V", "C", "dC/dV", "G"} <= set(header), header
        hidden = [c for c in ("op", "inputs", "contribution") if c not in header]
        assert all(c in str(table.border_subtitle) for c in hidden)
        cells = [str(cell) for i in range(table.row_count) for cell in table.get_row_at(i)]
        assert not [c for c in cells if "…" in c]


async def test_a_custom_lesson_greets_without_naming_a_walk_through(app_for, tmp_path):
    from tutor.app.widgets.question import QuestionPanel

    path = tmp_path / "reuse.yaml"
    path.write_text(REUSE)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = shown(app.screen.query_one(QuestionPanel))
        assert "L is the output: start here" in question
        assert "walk-through" not in question + log_text(pilot)


async def test_bindings_key_bar_palette_help_and_greeting_come_from_one_table(app_for):
    from textual.widgets import Markdown

    from tutor.app import keys
    from tutor.app.widgets.keybar import KeyBar

    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        bound = {b.key: b.action for b in screen.BINDINGS}
        for k in keys.KEYS:
            if k.bind:
                assert bound[k.key] == k.action
        bar = screen.query_one(KeyBar)
        assert [b.key for b in bar.bindings] == [k.key for k in keys.KEYS if k.label]
        titles = {c.title for c in app.get_system_commands(screen)}
        assert {k.title for k in keys.KEYS if k.title} <= titles
        greeting = log_text(pilot)
        for action in ("hint", "reveal", "app.help"):
            assert keys.key_for(action).shown in greeting
        await pilot.press("f1")
        await pilot.pause()
        source = app.screen.query_one(Markdown).source
        for k in keys.KEYS:
            assert f"| {k.shown} | {k.help} |" in source


async def test_after_three_wrong_tries_the_keys_are_named(app_for):
    from tutor.app import keys

    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        for wrong in ["7", "8"]:
            await type_answer(pilot, wrong)
        assert keys.stuck() not in log_text(pilot)
        await type_answer(pilot, "9")
        assert keys.stuck() in log_text(pilot)
        assert "ctrl+t" in keys.stuck() and "ctrl+r" in keys.stuck()


async def test_a_palette_command_runs_its_action(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Reveal", "enter")
        await pilot.pause()
        await pilot.pause()
        assert session(pilot).known == {"L": 1.0}


async def test_a_long_wrong_answer_is_echoed_cut_without_a_stray_quote(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        long = "2." + "0" * 80 + "1"
        await type_answer(pilot, long)
        shown = log_text(pilot).replace(" ", "")  # the long number wraps
        assert f"dL/dL={long[:60]}...({len(long)}characters)(=2):Notquite" in shown
        assert "'" not in shown.split("dL/dL=")[1].split(":Notquite")[0]
