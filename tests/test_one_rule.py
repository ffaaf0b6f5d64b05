"""One rule for every command (issue 18, item 16): a lesson with check errors opens nowhere.

``run``, ``quiz``, ``solve``, ``export``, ``grade`` and ``hints`` print check's errors, one
a line, and exit 1; the app refuses to open such a lesson. Warnings do not block.
"""

from __future__ import annotations

import pytest

from tutor import cli

GOOD = """\
title: Fine
inputs:
  x: 2.0
  y: 3.0
graph:
  - f = x * y
output: f
"""

#: Each thing check calls an error, written into GOOD, and the start of check's message.
BROKEN = {
    "wrong expected": (GOOD + "expected:\n  f: 2\n", ":9:6: error: expected grad of 'f' = 2"),
    "unknown ask": (GOOD + "ask: [f, nope]\n", ":8:10: error: 'ask' names unknown node 'nope'"),
    "constant ask": (
        GOOD.replace("x * y", "x * y * 2") + "ask: [f, '2']\n",
        ":8:10: error: 'ask' names the constant",
    ),
    "unused input": (GOOD.replace("  y: 3.0\n", "  y: 3.0\n  u: 1.0\n"), ":5:3: error: input 'u'"),
    "bad placeholder": (
        GOOD + "hints:\n  x: 'about {zz}'\n",
        ":9:13: error: placeholder '{zz}' names unknown node 'zz'",
    ),
    "randomize domain": (
        GOOD.replace("x * y", "log(x) * y") + "randomize:\n  x: [-1, 2]\n",
        ":8:1: error: randomize can give x=-1",
    ),
}
COMMANDS = {
    "solve": ["solve", "{lesson}"],
    "solve --json": ["solve", "--json", "{lesson}"],
    "grade": ["grade", "{lesson}", "x", "3"],
    "hints": ["hints", "{lesson}", "x"],
    "export": ["export", "{lesson}", "-o", "{out}"],
    "run": ["run", "{lesson}"],
    "quiz": ["quiz", "{lesson}"],
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_lesson_with_check_errors_opens_nowhere(tmp_path, capsys, case, command):
    text, message = BROKEN[case]
    lesson = tmp_path / "broken.yaml"
    lesson.write_text(text, encoding="utf-8")
    out = tmp_path / "picture.svg"
    argv = [a.format(lesson=lesson, out=out) for a in COMMANDS[command]]
    assert cli.main(["--data-dir", str(tmp_path / "data"), *argv]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.startswith(f"{lesson}{message}"), printed.err
    assert all(line.startswith(f"{lesson}:") for line in printed.err.splitlines())
    assert not out.exists()


def test_the_app_refuses_such_a_lesson_and_says_why(tmp_path):
    from tutor.app.factory import make_app
    from tutor.lesson.find import LessonError

    lesson = tmp_path / "broken.yaml"
    lesson.write_text(BROKEN["wrong expected"][0], encoding="utf-8")
    with pytest.raises(LessonError) as info:
        make_app(lesson, data_dir=tmp_path / "data")
    assert "expected grad of 'f' = 2" in info.value.one_line()


def test_warnings_do_not_block(tmp_path, capsys):
    lesson = tmp_path / "warned.yaml"
    lesson.write_text(GOOD.replace("title: Fine", 'title: "Fine \\e[2J"'), encoding="utf-8")
    assert cli.main(["check", str(lesson)]) == 0
    assert "warning: control character" in capsys.readouterr().out
    assert cli.main(["solve", str(lesson)]) == 0
    assert cli.main(["grade", str(lesson), "x", "3"]) == 0


def test_a_broken_course_is_refused_where_a_course_is_used(tmp_path, capsys):
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "fine.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "course.yaml").write_text("title: C\nlessons: [fine, gone]\n", encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    for argv in (["quiz", str(folder)], ["--lessons", str(folder), "run"]):
        assert cli.main([*data, *argv]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"{folder / 'course.yaml'}:2:"), err
        assert "no lesson file gone.yaml in this folder" in err
    assert cli.main([*data, "solve", str(folder / "fine.yaml")]) == 0  # the lesson is fine


def test_at_most_50_problems_are_printed_then_how_many_more(tmp_path, capsys):
    hints = "".join(f"  x{i}: '{{nope{i}}}'\n" for i in range(80))
    lesson = tmp_path / "many.yaml"
    lesson.write_text(GOOD + "hints:\n" + hints, encoding="utf-8")
    assert cli.main(["check", str(lesson)]) == 1
    printed = capsys.readouterr()
    lines = printed.out.splitlines()
    assert len(lines) == 51 and lines[-1] == "and 110 more"
    assert printed.err == "160 errors in 1 file\n"  # the summary counts them all
    assert cli.main(["solve", str(lesson)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "and 110 more"
