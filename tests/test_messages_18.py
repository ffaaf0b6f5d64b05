"""Messages that said the wrong thing, or said it twice (issue 18, item 18).

The tensor ``sqrt`` at an exact 0 is tested in tests/test_check.py (it was fixed with the
one core).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor import cli
from tutor.authoring.check import check_file
from tutor.grammar.limits import MAX_NAME

GRAPH = "inputs:\n  x: 2.0\ngraph:\n  - y = x * x\n  - z = y + x\noutput: z\n"


def _check(tmp_path: Path, text: str, name: str = "l.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [line.removeprefix(str(path)) for line in check_file(path)]


def test_a_graph_item_indented_too_far_is_said_to_be_joined(tmp_path):
    text = GRAPH.replace("  - z = y + x", "   - z = y + x")
    assert _check(tmp_path, f"title: t\n{text}") == [
        ":6:8: error: this '=' starts another graph line, joined to line 5 by its indentation "
        "(YAML reads a line indented past the '- ' above as more of that line): start each "
        "'- ' at the same column"
    ]


def test_two_lines_of_a_block_item_keep_their_own_message(tmp_path):
    text = "title: t\ninputs:\n  x: 1\ngraph:\n  - |\n    y = x * 2\n    z = y * 3\n"
    assert _check(tmp_path, text) == [
        ":7:5: error: one assignment per graph entry: start another '- ' line"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("y = x * x", "y = (x - 4) ** 0.5"),
         ":5:5: error: negative base with a fractional exponent at node 'y' with the lesson's "
         "inputs"),
        (("output: z", "output: z\nexpected:\n  z: log(-1)"),
         ":9:6: error: expected answer for 'z': log of a non-positive value"),
    ],
)  # fmt: skip
def test_a_math_domain_error_is_said_once(tmp_path, change, message):
    found = _check(tmp_path, "title: t\n" + GRAPH.replace(*change))
    assert found == [message]
    assert "math domain error" not in found[0]


def test_grade_says_a_domain_error_once(tmp_path, capsys):
    path = tmp_path / "l.yaml"
    path.write_text("title: t\n" + GRAPH, encoding="utf-8")
    assert cli.main(["--data-dir", str(tmp_path / "d"), "grade", str(path), "y", "sqrt(-1)"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("cannot compute 'sqrt(-1)': sqrt of a negative value")


TIERS = (
    "title: t\n" + GRAPH + "hints:\n  y:\n    local: 'z = y + x: the local derivative is 1'\n"
    "    pattern: an add gate copies {grad:z}\n  x: a plain hint\n"
)


def test_solve_shows_hints_written_per_tier(tmp_path, capsys):
    path = tmp_path / "l.yaml"
    path.write_text(TIERS, encoding="utf-8")
    assert cli.main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  y (local): z = y + x: the local derivative is 1\n" in out
    assert "  y (pattern): an add gate copies 1\n" in out
    assert "  x: a plain hint\n" in out
    assert cli.main(["solve", "--json", str(path)]) == 0
    hints = json.loads(capsys.readouterr().out)["hints"]
    assert hints == {
        "x": "a plain hint",
        "y": {"local": "z = y + x: the local derivative is 1", "pattern": "an add gate copies 1"},
    }


def test_check_reads_hints_written_per_tier(tmp_path):
    text = TIERS.replace("copies {grad:z}", "copies {grad:zz} a*b*c")
    assert _check(tmp_path, text) == [
        ":11:33: error: placeholder '{grad:zz}' names unknown node 'zz' (did you mean 'z'?)",
        ":11:44: warning: '*' shows as written here, but other Markdown viewers make it "
        "emphasis: put the formula in `backticks`, or spaces around the operator",
    ]


@pytest.mark.parametrize("entry", ["course.yaml", "course", " course.yml"])
def test_a_course_that_lists_itself(tmp_path, entry):
    (tmp_path / "one.yaml").write_text("title: t\n" + GRAPH, encoding="utf-8")
    text = f"title: c\nlessons:\n  - '{entry}'\n  - one\n"
    assert _check(tmp_path, text, "course.yaml") == [
        f":3:5: error: a course cannot list itself: {entry.strip()!r} is the course file"
    ]


@pytest.mark.parametrize("size", [MAX_NAME + 1, 1_000, 5_000])
def test_a_name_too_long_gets_our_message(tmp_path, size):
    name = "n" * size
    text = f"title: t\ninputs:\n  {name}: 2.0\ngraph:\n  - y = {name} * 2\noutput: y\n"
    found = _check(tmp_path, text)
    limit = f"is too long ({size:,} characters): names are at most {MAX_NAME} characters"
    assert limit in found[0], found
    assert found[0].startswith(":3:3: error: ")
    assert not any('"2.0"' in line for line in found), found
    assert all(len(line) < 200 for line in found), found


def test_a_5000_character_hint_name_gets_our_message(tmp_path):
    found = _check(tmp_path, f"title: t\n{GRAPH}hints:\n  {'n' * 5000}: hi\n")
    assert found == [
        ":9:3: error: a name is too long (5,000 characters): names are at most "
        f"{MAX_NAME} characters"
    ]


def test_a_long_unknown_hint_name_is_cut(tmp_path):
    found = _check(tmp_path, f"title: t\n{GRAPH}hints:\n  {'n' * 1000}: hi\n")
    assert len(found) == 1 and len(found[0]) < 200, found
    assert found[0].startswith(":9:3: error: hint for unknown node 'nnnn")
