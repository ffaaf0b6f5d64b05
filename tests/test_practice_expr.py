"""``practice --expr``: a lesson from your own expression, errors pointing at the column."""

from __future__ import annotations

import math

import pytest
from lesson_texts import answer_all_right

from tutor import cli
from tutor.authoring.check import check_file
from tutor.authoring.writer import ExprInputError, from_expr, parse_values
from tutor.errors import ExitStatus
from tutor.graph.build import build
from tutor.lesson.find import loads


def test_one_statement_per_operation_with_friendly_names(capsys, tmp_path):
    argv = ["practice", "--expr", "tanh(w*x + b)", "x=0.5", "w=-1.5", "b=2", "--print"]
    assert cli.main(argv) == 0
    text = capsys.readouterr().out
    graph = build(loads(text))
    assert [s.text for s in graph.lesson.statements] == [
        "u1 = w * x",
        "u2 = u1 + b",
        "L = tanh(u2)",
    ]
    assert graph.inputs == {"w": -1.5, "x": 0.5, "b": 2.0}
    o = math.tanh(-1.5 * 0.5 + 2)
    assert graph["w"].grad == pytest.approx((1 - o * o) * 0.5)
    path = tmp_path / "e.yaml"
    path.write_text(text)
    assert check_file(path) == []


def test_constants_stay_numbers_and_names_never_clash():
    text = from_expr("x ** 2 - (-3) * x / u1 + L", parse_values(["x=2", "u1=3", "L=1"]))
    lines = [s.text for s in loads(text).statements]
    assert lines == ["u2 = x**2", "u3 = -3 * x", "u4 = u3 / u1", "u5 = u2 - u4", "out = u5 + L"]


@pytest.mark.parametrize(
    ("expr", "values", "line"),
    [
        ("tanh(w*x +* b)", ["x=1", "w=1", "b=2"], "<expr>:1:11: error: cannot read"),
        ("tanhh(w*x)", ["x=1", "w=1"], "<expr>:1:1: error: unknown function 'tanhh'"),
        ("x * log(y - 3)", ["x=1", "y=1"], "<expr>:1:5: error: log of a non-positive value"),
        ("x*exp", ["x=1"], "<expr>:1:3: error: 'exp' is a function"),
        ("x", ["x=1"], "<expr>:1:1: error: the expression has no operation"),
        ("__import__(os)", ["os=1"], "<expr>:1:1: error: unknown function '__import__'"),
        pytest.param(
            "x+" * 1200 + "x", ["x=1"], "<expr>:1:1: error: expression too long", id="long"
        ),
        ("tanh(w*x + b)", ["x=0.5"], "<expr>: error: no value for w, b: give them as w=... b=..."),
        ("x*2", ["x=1", "z=3"], "<expr>: error: a value is given for z"),
        ("x*2", ["x=one"], "<expr>: error: cannot read the input value 'x=one'"),
    ],
)
def test_errors_are_one_line_at_the_column(expr, values, line, capsys):
    assert cli.main(["practice", "--expr", expr, *values, "--print"]) == ExitStatus.USAGE
    err = capsys.readouterr().err
    assert err.startswith(line), err
    assert len(err.strip().splitlines()) == 1


def test_the_error_type_carries_the_column():
    with pytest.raises(ExprInputError) as info:
        from_expr("a + sqrt(b)", {"a": 1.0, "b": -4.0})
    assert info.value.col == 4
    assert "sqrt of a negative value" in info.value.message


async def test_the_app_opens_on_the_expression_and_ends_with_it(tmp_path):
    from tutor.app.practice import make_practice_app
    from tutor.app.screens.complete import CompleteScreen
    from tutor.commands.practice import _named

    text = from_expr("tanh(w*x + b)", {"x": 0.5, "w": -1.5, "b": 2.0})
    app = make_practice_app(iter([_named("expr", text)]), keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.title == "Your expression: tanh(w*x + b)"
        await answer_all_right(pilot, screen)
        assert isinstance(app.screen, CompleteScreen)
        assert app.screen.has_next is False


@pytest.mark.parametrize(
    "expr", ["__import__('os').system('true')", "x.__class__", "[x]", "x if x else x"]
)
def test_untrusted_expressions_are_refused_never_run(expr, capsys):
    assert cli.main(["practice", "--expr", expr, "x=1", "--print"]) == ExitStatus.USAGE
    err = capsys.readouterr().err
    assert err.startswith("<expr>:1:") and ": error: " in err


def test_named_constants_of_the_grammar_fold_in_as_numbers(monkeypatch):
    from tutor.scalar import dialects as ex

    monkeypatch.setattr(ex, "CONSTANTS", {"pi": math.pi, "e": math.e}, raising=False)
    text = from_expr("sin(pi * x) + e", {"x": 0.25})
    lines = [s.text for s in loads(text).statements]
    assert lines == [f"u1 = {math.pi!r} * x", "u2 = sin(u1)", f"L = u2 + {math.e!r}"]
    text = from_expr("e * x", {"x": 2.0, "e": 3.0})  # a value given for e: it is an input
    assert loads(text).inputs == {"e": 3.0, "x": 2.0}
