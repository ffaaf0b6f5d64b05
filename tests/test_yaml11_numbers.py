"""YAML 1.1 numbers that read otherwise than written are refused at their line:col (issue 18.15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.authoring.check import check_file

pytestmark = pytest.mark.usefixtures("each_loader")

LESSON = """\
title: Octal
inputs:
  x: {x}
  y: 3.0
graph:
  - f = x * y
output: f
expected:
  f: {f}
randomize:
  y: [{low}, 20]
"""


def problems(tmp_path: Path, **values: str) -> list[str]:
    """``check``'s lines for LESSON with ``values`` written in (positions as L:line:col)."""
    text = LESSON.format(**({"x": "2.0", "f": "1", "low": "1"} | values))
    path = tmp_path / "l.yaml"
    path.write_text(text, encoding="utf-8")
    return [line.replace(str(path), "L") for line in check_file(path)]


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ({"x": "010"}, "L:3:6: error: 010 reads as octal 8 in YAML 1.1: write 10 or 8"),
        ({"x": "-017"}, "L:3:6: error: -017 reads as octal -15 in YAML 1.1: write -17 or -15"),
        (
            {"x": "1:30"},
            "L:3:6: error: 1:30 reads as the base-60 number 90 in YAML 1.1: write 90, "
            "or quote '1:30' for text",
        ),
        ({"low": "010"}, "L:11:7: error: 010 reads as octal 8 in YAML 1.1: write 10 or 8"),
        (
            {"f": "09"},
            "L:9:6: error: 09 has a leading zero (YAML 1.1 reads such numbers as octal, "
            "Python refuses them): write 9",
        ),
        (
            {"f": "1 + 07"},
            "L:9:10: error: 07 has a leading zero (YAML 1.1 reads such numbers as octal, "
            "Python refuses them): write 7",
        ),
    ],
)
def test_a_yaml11_number_is_refused_where_it_is(tmp_path, values, line):
    assert problems(tmp_path, **values) == [line]  # the only problem: nothing else follows


@pytest.mark.parametrize("number", ["0", "00", "10", "0.5", "010.5", "'010'", "1_000", "0x10"])
def test_numbers_that_read_as_written_are_accepted(tmp_path, number):
    found = problems(tmp_path, x=number)
    assert not [p for p in found if "YAML 1.1" in p], found


def test_labels_and_tensor_lists_are_refused_too(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "title: T\ninputs:\n  x: [[1.0, 010]]\ngraph:\n  - f = sum(x)\noutput: f\n",
        encoding="utf-8",
    )
    assert any(":3:13: error: 010 reads as octal 8" in p for p in check_file(path))
