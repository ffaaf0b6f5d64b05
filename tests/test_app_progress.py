"""Saved progress and quizzes, through the app."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from lesson_texts import type_answer as answer
from textual.widgets import DataTable

from tutor.app.factory import make_app, make_quiz_app
from tutor.app.screens.complete import CompleteScreen, QuizSummaryScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.lesson_list import LessonListScreen
from tutor.progress.store import Store
from tutor.session_events import NodeRecord
from tutor.teach.hints import hint_tiers

SIZE = (120, 36)


async def answer_current_right(pilot) -> None:
    """Answer the current node with the engine's gradient."""
    s = pilot.app.screen.session
    await answer(pilot, repr(s.graph.nodes[s.current].grad))


async def test_resume_after_quitting(tmp_path):
    data = tmp_path / "data"
    app = make_app("micrograd-labels", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        for text in ["1", "f", "4"]:
            await answer(pilot, text)
        await pilot.press("ctrl+q")
    again = make_app("micrograd-labels", data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        s = pilot.app.screen.session
        assert s.answered_count == 3
        assert s.current == "c"
        assert s.known == {"L": 1.0, "d": -2.0, "f": 4.0}
        tree_text = str(pilot.app.screen.query_one("#graph").rows["d"][0].label)
        assert "-2.0000" in tree_text  # earlier answers are shown
        assert "Welcome back" in " ".join(
            line.text for line in pilot.app.screen.query_one("#feedback").lines
        )


def test_resume_after_the_process_is_killed(tmp_path):
    data = tmp_path / "data"
    script = textwrap.dedent(
        f"""
        import asyncio, os, signal
        from tutor.app.factory import make_app

        async def main():
            app = make_app("micrograd-labels", data_dir={str(data)!r})
            async with app.run_test(size=(120, 36)) as pilot:
                for text in ["1", "f", "4", "-2"]:
                    await pilot.press(*list(text), "enter")
                    await pilot.pause()
                os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    store = Store.open(data)
    assert set(store.answers("micrograd-labels")) == {"L", "d", "f", "c"}
    progress = store.lesson_progress("micrograd-labels")
    assert (progress.status, progress.answered, progress.total) == ("in progress", 4, 7)


async def test_lesson_list_shows_states(tmp_path):
    data = tmp_path / "data"
    app = make_app("add-multiply-gates", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        while isinstance(pilot.app.screen, LessonScreen):
            await answer_current_right(pilot)
        assert isinstance(pilot.app.screen, CompleteScreen)
    app = make_app("micrograd-labels", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "1")
        await pilot.press("ctrl+l")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LessonListScreen)
        table = screen.query_one(DataTable)
        states = {
            e.name: str(table.get_cell(str(i), "state")) for i, e in enumerate(screen.entries)
        }
        assert states["add-multiply-gates"] == "done best 100%"
        assert states["micrograd-labels"] == "in progress 1/7"
        assert states["dlbook-sin"] == "new"


async def test_quiz_scores_each_lesson_and_sums_up(tmp_path):
    app = make_quiz_app(["add-multiply-gates", "micrograd-labels"], data_dir=tmp_path, seed=7)
    async with app.run_test(size=SIZE) as pilot:
        s = pilot.app.screen.session
        assert s.graph.inputs != s.graph.lesson.inputs  # add-multiply-gates has randomize ranges
        await pilot.press("ctrl+r")  # reveal the first: 0 points
        await pilot.pause()
        while isinstance(pilot.app.screen, LessonScreen):
            await answer_current_right(pilot)
        assert isinstance(pilot.app.screen, CompleteScreen)
        await pilot.press("n")
        await pilot.pause()
        s = pilot.app.screen.session
        assert s.graph.lesson.name == "micrograd-labels"
        assert s.graph.inputs == s.graph.lesson.inputs  # no randomize: the lesson's own numbers
        await answer(pilot, "0")  # one wrong try: 0.9 for L
        while isinstance(pilot.app.screen, LessonScreen):
            await answer_current_right(pilot)
        await pilot.press("n")  # no next lesson in the quiz: the choice is ignored ...
        await pilot.press("l")  # ... finish shows the summary
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuizSummaryScreen)
        results = pilot.app.ctx.results
        assert [r.name for r in results] == ["add-multiply-gates", "micrograd-labels"]
        assert [(r.points, r.possible) for r in results] == [(4.0, 5.0), (6.9, 7.0)]
        await pilot.press("enter")  # "Press Enter to quit."
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


def test_quiz_variants_repeat_for_a_seed_and_differ_across_seeds(tmp_path):
    def inputs(seed):
        app = make_quiz_app(["neuron-tanh"], data_dir=tmp_path, seed=seed)
        return app.ctx.session_for(0).graph.inputs

    assert inputs(1) == inputs(1)
    assert len({tuple(sorted(inputs(s).items())) for s in range(1, 6)}) > 1


async def test_wrong_tries_and_hints_survive_quitting(tmp_path):
    data = tmp_path / "data"
    app = make_app("micrograd-labels", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "0")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("ctrl+q")
    again = make_app("micrograd-labels", data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        s = pilot.app.screen.session
        assert s.current == "L" and s.answered_count == 0
        assert (s.attempts["L"], s.hints_taken["L"]) == (1, 1)
        await answer(pilot, "1")
        assert s.score()[0] == 0.65  # not a fresh first try
    assert Store.open(data).lesson_progress("micrograd-labels").answered == 1


async def test_quiz_cannot_be_restarted(tmp_path):
    app = make_quiz_app(["micrograd-labels"], data_dir=tmp_path, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LessonScreen)
        assert pilot.app.screen.session.tally.reveals == 1


async def test_a_copy_of_a_bundled_lesson_keeps_its_own_progress(tmp_path):
    from tutor.lesson.find import bundled_dir

    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "micrograd-labels.yaml").write_text(
        (bundled_dir() / "micrograd-labels.yaml").read_text()
    )
    data = tmp_path / "data"
    app = make_app(folder / "micrograd-labels.yaml", data_dir=data, lesson_dirs=[folder])
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "1")
        key = pilot.app.ctx.key_for(pilot.app.screen.index)
        assert key == f"{folder.resolve().as_posix()}/micrograd-labels"
    app = make_app("bundled:micrograd-labels", data_dir=data, lesson_dirs=[folder])
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.session.answered_count == 0


async def test_lesson_text_with_brackets_is_shown_as_written(tmp_path):
    path = tmp_path / "brackets.yaml"
    path.write_text(
        'title: "Gates [/b] part 1"\n'
        'description: "x [/i] y"\n'
        "inputs: {a: 2}\n"
        "graph:\n  - L = a * a\n"
        'hints:\n  L: "close [/i] here"\n'
    )
    app = make_app(path, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("ctrl+o")  # the restart question shows the title
        await pilot.pause()
        await pilot.press("n")
        await answer(pilot, "1")
        await answer(pilot, "4")
        assert isinstance(pilot.app.screen, CompleteScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LessonListScreen)


async def test_resumed_table_shows_filled_in_nodes(tmp_path):
    path = tmp_path / "inputs.yaml"
    path.write_text(
        "title: T\ninputs: {a: 2, b: -3}\ngraph:\n  - e = a * b\n  - L = e * 2\nask: inputs\n"
    )
    data = tmp_path / "data"
    app = make_app(path, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        table = pilot.app.screen.query_one("#table", DataTable)
        first = [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]
        await answer(pilot, "-6")  # dL/da = 2 * b
        await pilot.press("ctrl+q")
    assert first == ["L", "e"]
    app = make_app(path, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        table = pilot.app.screen.query_one("#table", DataTable)
        rows = [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]
        assert rows == ["L", "e", "a"]


def _lesson_in(folder: Path) -> Path:
    from tutor.lesson.find import bundled_dir

    folder.mkdir(parents=True)
    path = folder / "micrograd-labels.yaml"
    path.write_text((bundled_dir() / "micrograd-labels.yaml").read_text())
    return path


async def test_two_folders_with_the_same_base_name_never_share_progress(tmp_path):
    first = _lesson_in(tmp_path / "a" / "course")
    second = _lesson_in(tmp_path / "b" / "course")
    data = tmp_path / "data"
    app = make_app(first, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "1")
        assert pilot.app.screen.session.answered_count == 1
    app = make_app(second, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.session.answered_count == 0
    with Store.open(data) as store:
        keys = {f"{p.parent.resolve().as_posix()}/micrograd-labels" for p in (first, second)}
        assert set(store.lessons()) == keys


async def test_progress_saved_under_the_old_key_is_taken_over(tmp_path):
    path = _lesson_in(tmp_path / "course")
    data = tmp_path / "data"
    with Store.open(data) as store:  # what an older version saved: FOLDER/NAME
        store.start("course/micrograd-labels", "", 7)
        store.record("course/micrograd-labels", "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    app = make_app(path, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.session.answered_count == 1
    with Store.open(data) as store:
        assert store.lessons() == [f"{path.parent.resolve().as_posix()}/micrograd-labels"]


async def test_a_numeric_check_is_charged_once_across_reopening(tmp_path):
    data = tmp_path / "data"
    app = make_app("micrograd-labels", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "1")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert pilot.app.screen.session.tally.hints == 1
    again = make_app("micrograd-labels", data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        s = pilot.app.screen.session
        assert s.current == "d" and s.tally.hints == 1
        await pilot.press("ctrl+n")  # looked at before quitting: free now
        await pilot.pause()
        assert s.tally.hints == 1
        await answer(pilot, "-2")
        assert s.score()[0] == 1.0 + 0.75


async def test_hint_tiers_resume_after_a_numeric_check_and_reopening(tmp_path):
    data = tmp_path / "data"
    app = make_app("micrograd-labels", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "1")
        await pilot.press("ctrl+n")
        await pilot.pause()
    again = make_app("micrograd-labels", data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        s = pilot.app.screen.session
        assert s.hints_taken["d"] == 1
        log = " ".join(line.text for line in pilot.app.screen.query_one("#feedback").lines)
        first, second = (h.title for h in hint_tiers(s.graph, "d", {})[:2])
        assert first in log  # the first tier, not skipped
        assert second not in log


def finished_results(data) -> int:
    """How many finished results the store holds."""
    import sqlite3

    conn = sqlite3.connect(data / "progress.db")
    try:
        return conn.execute("SELECT count(*) FROM results").fetchone()[0]
    finally:
        conn.close()


async def test_a_finished_lesson_records_nothing_more(tmp_path):
    data = tmp_path / "data"
    app = make_app("add-multiply-gates", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        while isinstance(pilot.app.screen, LessonScreen):
            await answer_current_right(pilot)
        assert isinstance(pilot.app.screen, CompleteScreen)
    assert finished_results(data) == 1
    again = make_app("add-multiply-gates", data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.session.complete
        log = " ".join(line.text for line in pilot.app.screen.query_one("#feedback").lines)
        assert "complete" in log and "Enter shows the summary" in log
        await pilot.press("enter")  # the summary again, but no second result
        await pilot.pause()
        assert isinstance(pilot.app.screen, CompleteScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert finished_results(data) == 1


async def test_a_failure_to_save_an_answer_is_shown_and_the_lesson_goes_on(tmp_path):
    from tutor.progress.sink import NullStore
    from tutor.progress.store import ProgressError

    class Full(NullStore):
        def save(self, *args, **kwargs) -> None:
            raise ProgressError("cannot save progress: disk full")

    app = make_app("micrograd-labels", keep_progress=False)
    app.ctx.store = Full()
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "1")
        await answer(pilot, "0")
        assert pilot.app.screen.session.known == {"L": 1.0}
        notes = [n for n in app._notifications if n.title == "Progress not saved"]
        assert len(notes) == 1 and "disk full" in notes[0].message  # once, not per answer


def test_without_progress_the_app_keeps_nothing():
    from tutor.progress.sink import NullStore

    app = make_app("micrograd-labels", keep_progress=False)
    assert isinstance(app.ctx.store, NullStore)
    assert app.ctx.store.lesson_progress("micrograd-labels").status == "new"
