"""tutor.notation: no value ever prints as a negative zero, wherever it is shown."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest

from tutor import dot
from tutor.authoring.check import check_lesson
from tutor.graph.build import build
from tutor.lesson.find import loads
from tutor.notation import compact as fmt
from tutor.notation import num, number
from tutor.teach import hints
from tutor.teach import solution as solve


@pytest.mark.parametrize(
    ("x", "spec", "text"),
    [
        (-0.0, ".4f", "0.0000"),
        (-1e-9, ".4f", "0.0000"),
        (-1e-9, ">8.4f", "  0.0000"),
        (-0.0, "+.6f", "+0.000000"),
        (-0.0, ".10g", "0"),
        (-0.0, ".3e", "0.000e0"),
        (-0.5, ".4f", "-0.5000"),
        (-1e-9, ".4g", "-1e-9"),
        (-1e-9, ">8.4g", "   -1e-9"),
        (2.449e9, "<10.4g", "2.449e9   "),
        (-0.00004, ".4f", "0.0000"),
        (-0.00005, ".4f", "-0.0001"),
        (float("-inf"), ".4f", "-inf"),
    ],
)
def test_number_never_shows_a_negative_zero(x, spec, text):
    assert number(x, spec) == text


# n is -0.0 and t is -1e-8 (shown with 4 decimals: zero); x's gradient is -0.0
LESSON = """title: zeros
inputs:
  x: 1
graph:
  - n = x * -0.0
  - t = n - 0.00000001
  - L = t * 2
expected:
  x: 1
  t: -0.0
"""


def test_negative_zero_values_print_as_zero_everywhere():
    lesson = loads(LESSON)
    g = build(lesson)
    assert str(g["n"].value) == "-0.0" and g["t"].value == -1e-8
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        solve.render(g)
    texts = [buffer.getvalue(), dot.to_dot(g), fmt(g["x"].grad), num(g["x"].grad)]
    texts += [hints.reveal(g, name) for name in g.order]
    texts += [hints.numeric_check(g, name) for name in g.order]
    messages = [p.message for p in check_lesson(lesson)]
    assert "expected grad of 't' = -0.0 = 0, but the engine computes 2 " in messages[1]
    for text in texts:
        assert "-0.0000" not in text and "-0 " not in text and "= -0\n" not in text, text


def test_the_app_panels_print_no_negative_zero():
    from tutor.app.widgets.graph_tree import GraphTree
    from tutor.app.widgets.question import QuestionPanel
    from tutor.session import Session

    session = Session(build(loads(LESSON)))
    for name in ("L", "t"):
        session.known[name] = 0.0 if name == "L" else -0.0
    session.current = "n"
    text = str(QuestionPanel(session).make_content().renderables[1])
    assert text.endswith("= 0.0000"), text
    tree = GraphTree(session)
    rows = [tree.label_for(row.data).plain for rows in tree.rows.values() for row in rows]
    assert not any("-0.0000" in row for row in rows), rows
