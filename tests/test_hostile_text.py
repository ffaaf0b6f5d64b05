"""Hostile text: no control byte from a lesson, a course, a file name or an answer is ever shown.

Issue 18, items 1 and 3. A lesson whose title, description and hints hold OSC 52 (the
clipboard), OSC 0 (the window title), ``ESC [2J``, OSC 8 (a link) and a C1 CSI, in a file
whose name holds ``ESC [2J``, is rendered by every command and by the app; no output may
hold a byte below 0x20 but line break and tab, nor 0x7f-0x9f.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tutor import cli
from tutor.safe_text import QUOTE_WIDTH, json_text, one_line, quote, visible

#: What no output may hold: C0 controls but line break and tab, DEL, C1 controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

TITLE = "Evil \x1b]0;pwned\x07 title \x1b[2J"
HOSTILE = r"""title: "Evil \e]0;pwned\a title \e[2J"
description: "Desc \e]52;c;ZXZpbA==\a and \e]8;;http://x\e\\link\e]8;;\e\\ \
  and C1 \x9b31m red \u202eright"
inputs:
  x: 2.0
  y: 3.0
graph:
  - f = x * y
output: f
hints:
  x: "hint \e]52;c;aGk=\a for x"
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder with the hostile lesson twice: as ``hostile.yaml`` and under a hostile name."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    (folder / "evil\x1b[2Jname.yaml").write_text(HOSTILE, encoding="utf-8")
    (folder / "course.yaml").write_text('title: "Course \\e]0;t\\a"\n', encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the command line; its exit code and everything it wrote (stdout + stderr)."""
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_visible_shows_each_control_character_as_its_escape():
    assert visible("a\x1b[2Jb\x9bc\x07\x7f") == "a\\x1b[2Jb\\x9bc\\x07\\x7f"
    assert visible("line\nnext\ttab\r") == "line\nnext\ttab\\r"  # breaks and tabs stay
    assert visible("\u202eevil") == "\\u202eevil"
    assert one_line("a\nb\tc") == "a\\nb\\tc"
    assert visible("df/dx = ∂f/∂x, é") == "df/dx = ∂f/∂x, é"  # text is untouched


def test_quote_cuts_a_long_input_and_counts_it():
    assert quote("x*y") == "'x*y'"
    long = "1+" * 50_000
    shown = quote(long)
    assert len(shown) < QUOTE_WIDTH + 40
    assert shown.endswith("...' (100000 characters)")
    assert quote("abc\r\ndef") == "'abc\\r\\ndef'"
    assert not UNSAFE.search(quote("\x1b" * 500))


def test_an_echoed_answer_has_no_quote_to_close():
    """After its question (``dL/dx = …: Not quite``) an answer is shown bare: cut, it ends
    ``... (N characters)``, not with a stray quote and an unclosed parenthesis."""
    assert quote("x'y", marks=False) == "x'y"
    long = "permute(" * 20
    shown = quote(long, marks=False)
    assert shown == long[:QUOTE_WIDTH] + f"... ({len(long)} characters)"
    assert quote("a\nb", marks=False) == "a\\nb"


def test_json_text_stays_json_and_reads_back_the_same_text():
    data = {"t": TITLE + "\x9b\u202e∂"}
    text = json_text(data)
    assert not UNSAFE.search(text)
    assert json.loads(text) == data


COMMANDS = [
    ("list",),
    ("check", "{folder}"),
    ("check", "{lesson}"),
    ("solve", "{lesson}"),
    ("solve", "--json", "{lesson}"),
    ("hints", "{lesson}", "x"),
    ("hints", "--json", "{lesson}", "x"),
    ("grade", "{lesson}", "x", "3"),
    ("grade", "{lesson}", "x", "3\x1b[2J\x9b"),
    ("grade", "--json", "{lesson}", "x", "y"),
    ("grade", "{evil}", "nope", "1"),
    ("solve", "{folder}/missing\x1b]52;c;aGk=\x07.yaml"),
    ("export", "{lesson}", "-o", "{out}"),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_no_command_writes_a_control_byte_of_a_file(capsys, hostile, tmp_path, argv):
    names = {
        "folder": str(hostile),
        "lesson": str(hostile / "hostile.yaml"),
        "evil": str(hostile / "evil\x1b[2Jname.yaml"),
        "out": str(tmp_path / "picture.dot"),
    }
    args = [a.format(**names) for a in argv]
    code, out = run(capsys, "--lessons", str(hostile), "--data-dir", str(tmp_path / "d"), *args)
    assert out, "every command here says something"
    assert not UNSAFE.search(out), repr(out[:300])
    if "--json" in args and code == 0:
        json.loads(out)  # still JSON
    if argv[0] == "export":
        picture = Path(names["out"]).read_text(encoding="utf-8")
        assert "Evil \\x1b]0;pwned\\x07 title" in picture.replace("&#92;&#92;", "\\")
        assert not UNSAFE.search(picture)


def test_the_escapes_are_shown_where_the_text_was(capsys, hostile):
    _, out = run(capsys, "solve", str(hostile / "hostile.yaml"))
    assert "Evil \\x1b]0;pwned\\x07 title \\x1b[2J" in out
    _, out = run(capsys, "hints", str(hostile / "hostile.yaml"), "x")
    assert "hint \\x1b]52;c;aGk=\\x07 for x" in out
    _, out = run(capsys, "hints", "--json", str(hostile / "hostile.yaml"), "x")
    assert "hint \x1b]52;c;aGk=\x07 for x" in {t["text"] for t in json.loads(out)}


def test_check_warns_at_the_line_and_column_of_each_text(capsys, hostile):
    code, out = run(capsys, "check", str(hostile / "hostile.yaml"))
    assert code == 0  # warnings do not fail
    lines = [line for line in out.splitlines() if "control character" in line]
    where = [line.split(": warning:")[0].rsplit(":", 2)[1:] for line in lines]
    assert where == [["1", "14"], ["2", "20"], ["11", "12"]]
    assert "control character \\x1b in a text (and 2 more)" in lines[0]
    code, out = run(capsys, "check", str(hostile / "evil\x1b[2Jname.yaml"))
    assert "the file name holds the control character \\x1b" in out
    code, out = run(capsys, "check", str(hostile / "course.yaml"))
    assert "course.yaml:1:16: warning: control character \\x1b" in out


def test_an_svg_of_a_hostile_title_is_valid(hostile):
    from tutor.dot import to_dot
    from tutor.graph.build import build
    from tutor.lesson.find import load

    lesson = load(hostile / "hostile.yaml")
    text = to_dot(build(lesson), title=lesson.title + "\x9b\x00")
    assert not UNSAFE.search(text)
    assert "Evil &#92;&#92;x1b]0;pwned" in text


def test_an_error_line_quotes_an_answer_short_and_on_one_line(capsys):
    code, out = run(capsys, "grade", "add-multiply-gates", "x", "1+" * 50_000 + "1)")
    assert code == 1
    assert len(out) < 300, out[:400]
    assert "(100002 characters)" in out
    code, out = run(capsys, "grade", "add-multiply-gates", "x", "abc\r\ndef")
    assert "\r" not in out and out.count("\n") == 1
    code, out = run(capsys, "grade", "add-multiply-gates", "x", "zz" + "x" * 300)
    assert len(out) < 300 and "(302 characters)" in out


async def test_the_app_shows_no_control_byte_of_a_lesson(app_for, hostile):
    from lesson_texts import type_answer

    from tutor.app.screens.lesson import LessonScreen

    app = app_for(hostile / "hostile.yaml")
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, LessonScreen)
        screens = [app.export_screenshot()]
        await type_answer(pilot, "1")  # f
        for _ in range(3):
            await pilot.press("ctrl+t")  # every hint tier of x, the lesson's own among them
        await type_answer(pilot, "9\x1b]52;c;aGk=\x07")
        await pilot.pause()
        screens.append(app.export_screenshot())
        app.notify(TITLE, title=TITLE)
        await pilot.pause()
        screens.append(app.export_screenshot())
    assert all(not UNSAFE.search(svg) for svg in screens)
    assert "Evil\\x1b]0;pwned\\x07" in screens[0].replace("&#160;", "").replace(" ", "")


async def test_the_lesson_list_shows_no_control_byte_of_a_file(app_for, hostile):
    app = app_for(None, lesson_dirs=[hostile])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        svg = app.export_screenshot()
    assert not UNSAFE.search(svg)


def test_grade_echoes_a_long_answer_cut_without_a_stray_quote(capsys, tmp_path):
    long = "2." + "0" * 80 + "1"
    code, out = run(capsys, "--data-dir", str(tmp_path), "grade", "micrograd-labels", "L", long)
    assert out.splitlines()[0] == f"dL/dL = {long[:60]}... ({len(long)} characters): wrong"
