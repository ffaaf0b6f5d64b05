"""Command-line arguments (issue 18, item 19): a leading minus, an expression's own
positions, big whole numbers, and NumPy that cannot load. ``reset`` without a terminal is
tested in tests/test_progress.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor import cli

ROOT = Path(__file__).resolve().parent.parent
LONG = "9" * 5000


def _run(capsys, tmp_path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(tmp_path / "data"), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("answer", "right"),
    [("--4", False), ("-4", True), ("-(2*2)", True), ("-z*1", False), ("--z", True)],
)
def test_an_answer_may_start_with_a_minus(capsys, tmp_path, answer, right):
    code, out, err = _run(capsys, tmp_path, "grade", "add-multiply-gates", "x", answer, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["correct"] is right


def _usage_error(capsys, *argv: str) -> str:
    """The one line a usage error prints (exit 2)."""
    with pytest.raises(SystemExit) as info:
        cli.main(list(argv))
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.endswith("\n") and err.count("\n") == 1, err
    return err


def test_a_misspelt_option_is_still_an_error(capsys, tmp_path):
    err = _usage_error(capsys, "grade", "add-multiply-gates", "x", "-4", "--jsn")
    assert err.startswith(
        "backprop-tutor grade: error: unknown option '--jsn' (did you mean '--json'?)"
    )


#: ``--word`` (3 letters or more) after the node: today read as an unknown option, then the
#: answer said to be missing, in a usage block. Now always an option, refused in one line
#: that says where an answer starting with -- goes.
def test_a_long_word_after_the_node_is_an_option_and_the_line_says_where_an_answer_goes(
    capsys, tmp_path
):
    err = _usage_error(capsys, "grade", "neuron-tanh", "x1", "--x1w1")
    assert err == (
        "backprop-tutor grade: error: unknown option '--x1w1'; a value that starts with -- "
        "goes after a lone --: backprop-tutor grade neuron-tanh x1 -- --x1w1\n"
    )
    err = _usage_error(capsys, "grade", "neuron-tanh", "x1", "--json", "--x1w1")
    assert err.endswith(": backprop-tutor grade neuron-tanh x1 --json -- --x1w1\n")
    code, out, err = _run(capsys, tmp_path, "grade", "neuron-tanh", "x1", "--json", "--", "--x1w1")
    assert (code, err) == (0, "")
    assert json.loads(out)["node"] == "x1"  # graded: --x1w1 is x1w1's value


def test_an_options_value_that_starts_with_two_minuses_goes_after_equals(capsys, tmp_path):
    err = _usage_error(capsys, "practice", "--expr", "--abc", "--print")
    assert err.endswith("goes after =: backprop-tutor practice --expr=--abc --print\n")
    code, out, _ = _run(capsys, tmp_path, "practice", "--expr=--abc", "abc=2", "--print")
    assert code == 0 and out.startswith("title: 'Your expression: --abc'")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["grade", "neuron-tanh", "x1", "--json"], "backprop-tutor grade: error: the "
         "following arguments are required: answer (see backprop-tutor grade --help)\n"),
        (["grade", "neuron-tanh", "x1", "0.5", "2"], "backprop-tutor grade: error: "
         "unrecognized arguments: 2 (see backprop-tutor grade --help)\n"),
        (["--jsn", "list"], "backprop-tutor: error: unknown option '--jsn'\n"),
        (["grade", "neuron-tanh", "x1", "0.5", "--foo=3"],  # the answer given: no value
         "backprop-tutor grade: error: unknown option '--foo'\n"),
        (["frobnicate", "--json"], None),  # the command's options are not the top's
        (["frobnicate"], None),
        (["solve", "neuron-tanh", "--seed", "x"], None),
    ],
)  # fmt: skip
def test_every_usage_error_is_one_line(capsys, argv, line):
    err = _usage_error(capsys, *argv)
    assert "usage:" not in err and "unknown option '--json'" not in err
    if line is not None:
        assert err == line


@pytest.mark.parametrize("expr", ["-x*y", "-x", "--x*y"])
def test_practice_takes_an_expression_that_starts_with_a_minus(capsys, tmp_path, expr):
    code, out, err = _run(capsys, tmp_path, "practice", "--expr", expr, "x=1", "y=2", "--print")
    if expr == "-x":
        code, out, err = _run(capsys, tmp_path, "practice", "--expr", expr, "x=1", "--print")
    assert (code, err) == (0, "")
    assert out.startswith(f"title: 'Your expression: {expr}'")


@pytest.mark.parametrize("expr", ["2*3", "pi*2", "exp(1)"])
def test_an_expression_without_an_input_is_said_at_the_expression(capsys, tmp_path, expr):
    code, _, err = _run(capsys, tmp_path, "practice", "--expr", expr)
    assert code == 2
    assert err == (
        "<expr>:1:1: error: the expression uses no input, so there is no gradient to find: "
        'write a name and give its value, such as --expr "2*x" x=3\n'
    )


def _lesson(tmp_path: Path, text: str) -> str:
    path = tmp_path / "l.yaml"
    path.write_text("title: t\ninputs:\n  x: 2\ngraph:\n  - y = x * 2\noutput: y\n" + text)
    return str(path)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{lesson}"],
        ["solve", "add-multiply-gates", "--seed", LONG],
        ["practice", "--level", LONG],
        ["practice", "--code", f"L3-{LONG}"],
        ["practice", "--print", "--expr", "x*2", f"x={LONG}"],
    ],
)
def test_integer_limits_never_suggest_set_int_max_str_digits(capsys, tmp_path, argv):
    lesson = _lesson(tmp_path, f"expected:\n  y: {LONG}\n")
    try:
        code, out, err = _run(capsys, tmp_path, *[a.format(lesson=lesson) for a in argv])
    except SystemExit as exc:  # argparse's usage error
        code, (out, err) = int(str(exc.code)), capsys.readouterr()
    assert code in (1, 2)
    assert "set_int_max_str_digits" not in out + err
    assert "Traceback" not in err
    assert max(len(line) for line in (out + err).splitlines()) < 200


def test_a_huge_integer_in_a_lesson_is_said_in_our_words(tmp_path, capsys):
    code, out, _ = _run(capsys, tmp_path, "check", _lesson(tmp_path, f"expected:\n  y: {LONG}\n"))
    assert code == 1
    assert out.splitlines()[0].endswith(
        ":8:6: error: number too large (5,000 digits; the largest number is about 1.8e308)"
    )


def test_numpy_that_cannot_load_is_one_line(tmp_path):
    fake = tmp_path / "site" / "numpy"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise ImportError('/venv/numpy/core/_multiarray_umath.so: failed to map segment "
        "from shared object')\n"
    )
    env = dict(os.environ, PYTHONPATH=f"{fake.parent}{os.pathsep}{ROOT}")
    for argv in (["solve", "--json", "bias-broadcast"], ["grade", "bias-broadcast", "b", "0"]):
        proc = subprocess.run(
            [sys.executable, "-m", "tutor", "--data-dir", str(tmp_path / "d"), *argv],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == ""
        assert proc.stderr == (
            "backprop-tutor: error: cannot load NumPy, which tensor lessons need (failed to "
            "map segment from shared object; is a memory limit set, as with ulimit -v?)\n"
        )
    scalar = subprocess.run(
        [sys.executable, "-m", "tutor", "solve", "--json", "add-multiply-gates"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert scalar.returncode == 0, scalar.stderr  # scalar lessons never need NumPy
