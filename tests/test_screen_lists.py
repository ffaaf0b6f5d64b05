"""Issue 19, read: the lesson list and the stats, on the command line and on screen."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import DataTable

from tutor.app.screens.lesson_list import LessonListScreen, about_text, cli_names
from tutor.app.screens.stats import BarChart
from tutor.authoring.catalog import Entry
from tutor.lesson.find import bundled_dir, bundled_names, resolve
from tutor.mistakes import Mistake
from tutor.progress import bars
from tutor.progress.review import Answer
from tutor.progress.stats import mistake_title, skill_title
from tutor.progress.store import Store
from tutor.skills import TITLES, Skill
from tutor.teach.misconceptions import TABLE

# -- the lesson list ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_the_list_shows_the_cli_name_and_cuts_text_with_an_ellipsis(app_for, size):
    app = app_for(None, keep_progress=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonListScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(screen.entries) == len(bundled_names())
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        assert sum(widths) <= size[0]  # every column is on screen, none pushed off
        for i, e in enumerate(screen.entries):
            name = table.get_cell(str(i), "name").plain
            assert name == e.name and resolve(name) == e.path  # what `run` takes
            about = ("about", about_text(e.summary).plain) if "about" in table.columns else None
            for key, full in (("lesson", e.title), *([about] if about else [])):
                shown = table.get_cell(str(i), key).plain
                column = table.columns[key]
                assert len(shown) <= column.width
                if shown != full:
                    assert shown.endswith("…") and full.startswith(shown[:-1])
        heads = [str(c.label) for c in table.ordered_columns]
        assert heads[:4] == ["#", "run as", "lesson", "gradients"]  # asked, not the graph's size
        if size[0] >= 200:
            assert table.get_cell("7", "lesson").plain == screen.entries[7].title  # room: whole
        if size[0] <= 80:  # the title has the row: it was cut to 10 cells ("The add ga…")
            assert "about" not in table.columns
            assert table.get_cell("0", "lesson").plain.startswith("The add gate and the ")


async def test_the_about_column_shows_markdown_as_text(app_for):
    """``the **sum** over every use`` was shown with its asterisks."""
    app = app_for(None, keep_progress=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        about = [table.get_cell(str(i), "about") for i in range(table.row_count)]
        reuse = next(a for a in about if a.plain.startswith("When a value feeds"))
        assert "**" not in reuse.plain and "its gradient is the sum over every use" in reuse.plain
        bold = [reuse.plain[s.start : s.end] for s in reuse.spans if "bold" in str(s.style)]
        assert bold == ["sum"]


async def test_the_list_refits_when_the_terminal_is_resized(app_for):
    app = app_for(None, keep_progress=False)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=5)
        wide = table.columns["about"].width
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert table.columns["about"].width < wide
        assert table.cursor_row == 5
        await pilot.resize_terminal(80, 24)  # narrow: the about column gives way to titles
        await pilot.pause()
        assert "about" not in table.columns and table.cursor_row == 5


def test_a_name_in_two_places_is_given_as_the_cli_needs_it(tmp_path):
    bundled = bundled_dir() / "relu-gate.yaml"
    mine = tmp_path / "relu-gate.yaml"
    other = tmp_path / "mine.yaml"
    mine.write_text(bundled.read_text())
    other.write_text(bundled.read_text())
    entries = [Entry(p.stem, p, p.stem) for p in (bundled, mine, other)]
    assert cli_names(entries) == ["bundled:relu-gate", str(mine), "mine"]
    names = cli_names(entries)
    assert [resolve(n, [tmp_path]) for n in names] == [bundled, mine, other]


# -- bars ---------------------------------------------------------------------------------


@given(
    labels=st.lists(st.text("abc xyz,", min_size=1, max_size=60), min_size=1, max_size=12),
    width=st.integers(30, 200),
    data=st.data(),
)
def test_bars_are_one_row_each_aligned_and_within_the_width(labels, width, data):
    values = data.draw(st.lists(st.integers(0, 500), min_size=len(labels), max_size=len(labels)))
    chart = [bars.Bar(t, v, str(v)) for t, v in zip(labels, values, strict=True)]
    rows = bars.lines(chart, width)
    assert len(rows) == len(labels)
    assert all(len(r) <= width for r in rows)
    assert len({len(r) for r in rows}) == 1  # the notes end in one column
    label_w = bars.label_width(chart, width)
    assert label_w == min(max(len(t) for t in labels), 52) or label_w < 52 and width < 120
    for row, label, v in zip(rows, labels, values, strict=True):
        assert row[:label_w] == f"{bars.cut(label, label_w):<{label_w}}" and row[label_w] == " "
        assert (bars.FULL in row) == (v > 0)
        if v > 0:
            assert row.index(bars.FULL) == label_w + 1  # every bar starts in one column


@given(st.integers(0, 100_000))
def test_count_ticks_are_whole_numbers_covering_the_top(top):
    ticks = bars.whole_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 7
    assert all(isinstance(t, int) for t in ticks)
    assert len({b - a for a, b in zip(ticks, ticks[1:], strict=False)}) <= 1


# -- stats: human names, aligned bars -----------------------------------------------------


def test_every_skill_and_mistake_has_a_human_name():
    assert {mistake_title(m.value) for m in Mistake} == {row.name for row in TABLE}
    assert all(skill_title(s.value) == TITLES[s] for s in Skill)


def seed(folder: Path) -> None:
    now = datetime.now(UTC)
    with Store.open(folder, clock=lambda: (now - timedelta(hours=1)).timestamp()) as store:
        for i, (code, skill) in enumerate(
            [
                ("one_consumer", Skill.SUM),
                ("mul_own_input", Skill.MUL),
                ("wrong_axis", Skill.REDUCE),
            ]
            * 4
        ):
            store.log_answer(
                Answer(
                    source="lesson",
                    lesson="micrograd-labels",
                    node="a",
                    correct=i % 4 == 0,
                    skills=(skill, Skill.REDUCE, Skill.UPSTREAM),
                    seconds=10.0,
                    mistake=None if i % 4 == 0 else code,
                    mistake_skill=None if i % 4 == 0 else skill,
                )
            )


RAW = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a code such as one_consumer


def test_the_stats_command_names_every_skill_and_mistake_and_aligns_the_bars(tmp_path, capsys):
    from tutor.cli import main

    seed(tmp_path)
    assert main(["--data-dir", str(tmp_path), "stats"]) == 0
    out = capsys.readouterr().out
    assert not RAW.findall(out), out
    assert "sums, means and maxima over an axis" in out
    assert "forgot to sum over consumers" in out and "a multiply gate's own input" in out
    lines = out.splitlines()
    skills = lines[lines.index("accuracy per skill") + 1 : lines.index("mistakes by kind") - 1]
    assert len(skills) == 4  # sum, mul, reduce, upstream: one row each
    assert len({row.index(bars.FULL) for row in skills}) == 1  # bars start in one column
    assert len({row.index("%") for row in skills}) == 1  # and their percentages in one


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_stats_screen_uses_human_names_one_row_per_bar(app_for, tmp_path, size):
    seed(tmp_path / "data")
    app = app_for(None)  # its data folder is tmp_path / "data"
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await pilot.pause()
        charts = {c.id: c for c in app.screen.query(BarChart)}
        skills = str(charts["stats-skills"].render()).splitlines()
        mistakes = str(charts["stats-mistakes"].render()).splitlines()
        assert len(skills) == 4 and len(mistakes) == 3
        assert not RAW.findall("\n".join(skills + mistakes))
        label_w = skills[0].index(bars.FULL) - 1
        shown = [row[:label_w].rstrip() for row in skills]
        assert bars.cut("summing over consumers", label_w) in shown
        assert bars.cut("sums, means and maxima over an axis", label_w) in shown
        assert mistakes[0].startswith(("forgot to sum", "a multiply", "summed over"))
        assert len({row.index(bars.FULL) for row in skills}) == 1
