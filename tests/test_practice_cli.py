"""``backprop-tutor practice``: --print, codes, usage errors, and the endless app."""

from __future__ import annotations

import pytest
from lesson_texts import answer_all_right

from tutor import cli
from tutor.app.practice import make_practice_app
from tutor.app.screens.complete import CompleteScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.authoring.check import check_file
from tutor.commands.practice import practice_source
from tutor.practice import problems as pr

SIZE = (120, 36)


def printed(capsys, *argv: str) -> str:
    assert cli.main(["practice", *argv, "--print"]) == 0
    return capsys.readouterr().out


def test_print_writes_a_lesson_that_passes_check(capsys, tmp_path):
    text = printed(capsys, "--level", "3", "--seed", "48213")
    assert text == pr.generate(3, 48213).text
    assert "L3-48213" in text
    path = tmp_path / "p.yaml"
    path.write_text(text)
    assert check_file(path) == []


def test_code_reproduces_and_topic_picks_the_skill(capsys):
    assert printed(capsys, "--code", "L4-77") == pr.generate(4, 77).text
    text = printed(capsys, "--level", "2", "--topic", "tanh", "--seed", "5")
    assert "tanh(" in text
    assert "Practice, level 2: tanh" in text


def test_without_a_level_it_starts_at_level_one_or_at_the_topics_level(capsys):
    assert "Practice, level 1: " in printed(capsys)
    assert "Practice, level 3: diamond" in printed(capsys, "--topic", "diamond")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--level", "9"], "no level 9"),
        (["--code", "L2-5", "--seed", "3"], "not both"),
        (["--code", "L2-5", "--level", "3"], "level 2 problem"),
        (["--level", "1", "--topic", "tanh"], "level 1 has no topic 'tanh'"),
        (["--code", "nonsense"], "not a problem code"),
        (["--topic", "nope"], "no level has the topic 'nope' (topics by level: 1: add mul sub;"),
        (["x=1"], "go with --expr"),
        (["--expr", "a*b", "a=1", "b=2", "--level", "2"], "drop --level"),
    ],
)
def test_usage_errors_exit_2_in_one_line(argv, words, capsys):
    assert cli.main(["practice", *argv, "--print"]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err
    assert len(err.splitlines()) == 1


async def test_the_next_problem_follows_a_finished_one(tmp_path):
    app = make_practice_app(practice_source(2, None, 100, None), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert app.ctx.key_for(screen.index) == "practice/L2-100"
        await answer_all_right(pilot, screen)
        assert isinstance(app.screen, CompleteScreen)
        await pilot.press("n")
        await pilot.pause()
        nxt = app.screen
        assert isinstance(nxt, LessonScreen) and nxt is not screen
        assert nxt.title.startswith("Practice, level 2: ")
        assert app.ctx.key_for(nxt.index) == "practice/L2-101"
        await pilot.press("ctrl+f")  # skipping ahead draws the next one too
        await pilot.pause()
        assert app.ctx.key_for(app.screen.index) == "practice/L2-102"
    assert app.ctx.store.lesson_progress("practice/L2-100").status == "done"
