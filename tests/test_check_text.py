"""``check`` on lesson texts: Markdown warnings, placeholder errors, stale numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.authoring.check import check_file
from tutor.commands.check import main_check
from tutor.commands.context import Context

BASE = """\
title: t
inputs:
  x: 2
  y: 4
graph:
  - r = x / y
  - L = r ** 3
"""


def lines(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "l.yaml"
    path.write_text(text)
    return [line.removeprefix(f"{path}:") for line in check_file(path)]


# -- Markdown that would not read as written ------------------------------------------------


def test_markdown_warnings_at_their_line_and_column(tmp_path):
    text = BASE + (
        "description: |\n"
        "  L = (x/y)**3 reads as written, and so does **bold**.\n"
        "\n"
        "  But a*b*c is italic elsewhere, and **this never closes.\n"
        "hints:\n"
        "  r: 'quoted: _x_ too'\n"
        "  x: plain **open\n"
    )
    got = lines(tmp_path, text)
    assert [g.split(": warning: ")[0] for g in got] == ["11:8", "11:38", "13:15", "14:12"]
    assert all(": warning: " in g for g in got)
    assert "other Markdown viewers" in got[0] and "never closed" in got[1]


def test_warnings_alone_exit_0_and_are_counted(tmp_path, capsys):
    path = tmp_path / "l.yaml"
    path.write_text(BASE + "description: a*b*c\n")
    assert main_check(Context(), [str(path)]) == 0
    out = capsys.readouterr().out
    assert ":8:15: warning: '*' shows as written here" in out
    assert out.endswith("1 file checked, no errors, 1 warning\n")
    path.write_text(BASE + "description: a*b*c\nhints:\n  zz: hi\n")
    assert main_check(Context(), [str(path)]) == 1
    assert capsys.readouterr().err == "1 error in 1 file, 1 warning\n"


# -- placeholders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hint", "col", "message"),
    [
        ("'{z}'", 7, "placeholder '{z}' names unknown node 'z'"),
        ("'{grad:rr}'", 7, "placeholder '{grad:rr}' names unknown node 'rr' (did you mean 'r'?)"),
        ("'{local:r:L}'", 7, "placeholder '{local:r:L}': 'L' is not an input of 'r'"),
        ("'{local:x:y}'", 7, "placeholder '{local:x:y}': 'x' is an input"),
        ("'a {x + 1}'", 9, "cannot read placeholder '{x + 1}'"),
        ("'a {x'", 9, "'{' is never closed"),
        ("'a } b'", 9, "a single '}' is not a placeholder"),
    ],
)
def test_unknown_placeholders_are_errors(tmp_path, hint, col, message):
    (got,) = lines(tmp_path, BASE + f"hints:\n  r: {hint}\n")
    assert got.startswith(f"9:{col}: error: {message}")


def test_good_placeholders_and_braces_pass(tmp_path):
    text = BASE + "hints:\n  r: '{x} {grad:r} {local:L:r} {{literal}} {{x}}'\n"
    assert lines(tmp_path, text) == []


# -- numbers that go stale in a quiz variant ------------------------------------------------

RANDOM = BASE + "randomize:\n  x: [1, 5]\n  y: [1, 5]\n"


def test_stale_numbers_in_a_randomized_lesson(tmp_path):
    text = RANDOM + (
        "hints:\n"
        "  r: dL/dr = 3*r**2 = 0.75, with r = x/y = 2/4 = 0.5. Not 1, not `0.5`.\n"
        "  x: '{grad:r} * {local:r:x}'\n"
    )
    got = lines(tmp_path, text)
    assert [g.split(": ")[0] for g in got] == ["12:23", "12:44", "12:46", "12:50"]
    assert "0.75 is a number of the lesson's own inputs" in got[0]
    assert "write {grad:r}" in got[0]
    assert "write {x}" in got[1]
    assert "write {y}" in got[2]
    assert "write {r}" in got[3]
    assert all(": warning: " in g for g in got)


def test_numbers_are_not_stale_without_randomize(tmp_path):
    assert lines(tmp_path, BASE + "hints:\n  r: dL/dr = 0.75\n") == []
