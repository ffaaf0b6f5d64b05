"""Lesson texts shared by several test modules (the seeds' numbers and reuse shapes),
and the helpers those modules used to copy: a graph from a text, ``check`` on a text, the
CLI in process, typing an answer in the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tutor.graph.build import Graph

# The micrograd walk-through: grads L 1, d -2, f 4, c -2, e -2, a 6, b -4.
MICROGRAD = """\
title: Labels
inputs:
  a: 2.0
  b: -3.0
  c: 10.0
  f: -2.0
graph:
  - e = a * b
  - d = e + c
  - L = d * f
"""

# a feeds both p and q: dL/da = dL/dp * w + dL/dq * 1 = 1 * (-2) + (-6) * 1 = -8
REUSE = """
title: Reuse
inputs: {a: 3, w: -2}
graph:
  - p = a * w
  - q = a + w
  - L = p * q
"""

# x uses a twice: dL/da = c * (a + a) = 2 * 6 = 12
TWICE = """
title: Twice
inputs: {a: 3, c: 2}
graph:
  - x = a * a
  - L = x * c
"""


def scalar_bundled() -> list[str]:
    """The bundled lessons with scalar inputs only (tensor lessons have their own tests)."""
    from tutor.lesson.find import bundled_names, load

    return [
        n for n in bundled_names() if all(isinstance(v, float) for v in load(n).inputs.values())
    ]


# -- helpers shared by several test modules ---------------------------------------------


def graph_of(text: str, name: str = "lesson") -> Graph:
    """The built graph of a lesson text."""
    from tutor.graph.build import build
    from tutor.lesson.find import loads

    return build(loads(text, name))


#: The warnings about a lesson's numbers (coincident mistakes, gradients about 0): tested
#: in tests/test_tolerance.py, left out of other tests' fixtures unless asked for.
NUMBER_WARNINGS = ("gives the right value too", "at these inputs, so every mistake")


def check_problems(
    tmp_path: Path, text: str | bytes, name: str = "l.yaml", numbers: bool = False
) -> list[str]:
    """``check_file`` on a file holding ``text``, with the path shortened to ``L``.

    ``numbers``: keep the warnings about the lesson's numbers (``NUMBER_WARNINGS``).
    """
    from tutor.authoring.check import check_file

    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    found = [line.replace(str(path), "L", 1) for line in check_file(path)]
    return [p for p in found if numbers or not any(w in p for w in NUMBER_WARNINGS)]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``backprop-tutor ARGV`` in this process: (exit code, stdout, stderr)."""
    from tutor.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


async def type_answer(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` in the lesson screen's answer box and press Enter."""
    from textual.widgets import Input

    pilot.app.screen.query_one("#answer", Input).value = ""
    await pilot.press(*list(text), "enter")
    await pilot.pause()


async def answer_all_right(pilot: Pilot[Any], screen: Any) -> None:
    """Answer every node the lesson screen ``screen`` still asks, right (the engine's
    gradient, as ``repr`` prints it), the way the learner would: in the answer box."""
    from textual.widgets import Input

    box = screen.query_one("#answer", Input)
    while screen.session.current is not None:
        box.value = repr(screen.session.graph.nodes[screen.session.current].grad)
        await box.action_submit()
        await pilot.pause()
