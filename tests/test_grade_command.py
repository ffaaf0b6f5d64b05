"""``grade`` and ``hints``: what the app would say, through the command line."""

from __future__ import annotations

import json
import math
import re

import pytest
from lesson_texts import run_cli as run

from tutor.cli import main


def graded(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "grade", *argv, "--json")
    assert code == 0 and err == ""
    return json.loads(out)


# The slips learners make that used to get only "Not quite" (issue 10), each with its code.
SLIPS = [
    ("micrograd-labels", "b", "6", "mul_own_input"),
    ("neuron-tanh", "n", "1 - n**2", "act_at_input"),
    ("dlbook-sin", "u4", "cos(u5)", "at_output"),
    ("neuron-tanh", "n", "tanh(n)", "func_not_deriv"),
    ("dlbook-sin", "u4", str(math.cos(math.radians(36))), "degrees"),
    ("dlbook-sin", "u3", "6*cos(36)", "power_factor"),
    ("dlbook-sin", "u3", str(12 * math.cos(math.radians(36))), "degrees"),
    ("relu-gate", "z1", "0", "relu_gate"),
    ("relu-gate", "z2", "-2", "relu_gate"),
    ("micrograd-labels", "a", "-2 + -3", "add_not_mul"),
    ("two-layer-net", "w12", "-2*1.98", "rounding"),
    ("softmax-xent", "p1", "1/p1", "no_upstream"),  # upstream -1: not a sign slip
    ("relu-gate", "r2", "0", "relu_gate"),  # not "that is r2's value"
    ("division-powers", "y", "0.75 * (-2/4)", "quotient"),
    ("micrograd-labels", "e", "1", "no_upstream"),
    ("micrograd-labels", "L", "0", "output_one"),
    ("reuse-sum", "b", "-2*4", "one_consumer"),
    ("micrograd-labels", "b", "12", "wrong_upstream"),
]


@pytest.mark.parametrize(("lesson", "node", "answer", "code"), SLIPS)
def test_each_slip_gets_its_own_diagnosis(capsys, lesson, node, answer, code):
    result = graded(capsys, lesson, node, answer)
    assert set(result) == {
        "node",
        "correct",
        "value",
        "expected",
        "mistake",
        "mistakes",
        "message",
        "formula",
    }
    names = re.findall(r"\b[A-Za-z_]\w*\b(?!\s*\()", answer)  # not functions
    assert result["formula"] == ("wrong" if names else "number")
    assert result["correct"] is False and result["node"] == node
    assert result["mistake"] == code and result["mistakes"][0] == code
    assert result["message"].startswith("Not quite (attempt 1). ")
    # the message never states the right number
    expected = result["expected"]
    for text in (f"{expected:.4f}", f"{expected:.3f}", f"{expected:g}"):
        assert text not in result["message"].replace("attempt 1", "")


def test_grade_right_and_unexplained(capsys):
    right = graded(capsys, "micrograd-labels", "b", "-4")
    assert right == {
        "node": "b",
        "correct": True,
        "value": -4.0,
        "expected": -4.0,
        "mistake": None,
        "mistakes": [],
        "message": "Correct: dL/db = -4.",
        "formula": "number",
    }
    plain = graded(capsys, "micrograd-labels", "b", "123")
    assert plain["mistake"] is None and plain["mistakes"] == []
    assert plain["message"] == "Not quite (attempt 1)."


def test_grade_quotes_the_upstream_the_learner_found(capsys):
    # every gradient asked before e is known, so the message can quote dL/dd
    assert "You found dL/de = -2." in graded(capsys, "micrograd-labels", "a", "-3")["message"]
    # ... unless it is the answer itself (e feeds an add gate: its local derivative is 1)
    assert "You found" not in graded(capsys, "micrograd-labels", "e", "1")["message"]


def test_grade_names_both_when_two_mistakes_give_the_number(capsys):
    result = graded(capsys, "relu-gate", "r2", "0")
    assert result["mistakes"] == ["relu_gate", "value_not_grad"]
    assert "also comes from: the value instead of the gradient" in result["message"]


def test_grade_with_a_seed_uses_the_variant(capsys):
    base = graded(capsys, "micrograd-labels", "a", "6")
    assert base["correct"]
    quiz = graded(capsys, "add-multiply-gates", "x", "0", "--seed", "3")
    solved = json.loads(run(capsys, "solve", "add-multiply-gates", "--json", "--seed", "3")[1])
    grad = next(n["grad"] for n in solved["nodes"] if n["name"] == "x")
    assert quiz["expected"] == grad


def test_grade_plain_text(capsys):
    code, out, _ = run(capsys, "grade", "micrograd-labels", "b", "6")
    assert code == 0
    assert out.splitlines() == [
        "dL/db = 6: wrong",
        "Not quite (attempt 1). e = a * b is a multiply gate: ∂e/∂b is the other input, a, "
        "not b itself.",
        "mistake: mul_own_input",
    ]


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["grade", "micrograd-labels", "b", "6*"], 1, "cannot grade '6*'"),
        (["grade", "micrograd-labels", "b", "zz"], 1, "unknown name 'zz'"),
        (["grade", "micrograd-labels", "zz", "6"], 2, "no node 'zz'"),
        (["grade", "sigmoid-squared-error", "x", "1"], 2, "'x' is not asked"),
        (["grade", "no-such-lesson", "b", "6"], 1, "no lesson named"),
        (["hints", "micrograd-labels", "zz"], 2, "no node 'zz'"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(capsys, argv, code, fragment):
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert fragment in err and len(err.strip().splitlines()) == 1


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["grade", "micrograd-labels", "b"])
    assert info.value.code == 2


def test_hints_json_in_the_apps_order(capsys):
    code, out, _ = run(capsys, "hints", "dlbook-sin", "u1", "--json")
    assert code == 0
    tiers = json.loads(out)
    assert [t["tier"] for t in tiers] == ["pattern", "local", "lesson", "numbers"]
    assert all(set(t) == {"tier", "title", "text"} for t in tiers)
    # the lesson's hint says "times 1", a number: it waits for the numbers tier
    assert tiers[2]["text"].startswith("u3 = u1 + u2 is a sum")


def test_hints_plain_text(capsys):
    code, out, _ = run(capsys, "hints", "micrograd-labels", "f")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "1. [pattern] Chain rule"
    assert "[numbers] Plug in the numbers" in out
    assert out.index("[local]") < out.index("[lesson]") < out.index("[numbers]")
