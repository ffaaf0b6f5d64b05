"""``backprop-tutor check``: every kind of problem at its exact LINE:COL, and exit codes."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from lesson_texts import check_problems as problems

from tutor.authoring import check
from tutor.authoring.check import check_file, check_lesson
from tutor.cli import main
from tutor.commands.check import main_check
from tutor.commands.context import Context
from tutor.lesson.find import bundled_dir, loads

pytestmark = pytest.mark.usefixtures("each_loader")

HEAD = "title: T\ninputs:\n  a: 2\n  b: -3\ngraph:\n"  # graph lines start on line 6


# -- one case per kind of problem: (YAML text, the exact lines check prints) -------------

CASES: dict[str, tuple[str, list[str]]] = {
    "duplicate-key": (
        "title: T\ninputs:\n  a: 2\n  a: 3\ngraph:\n  - e = a * 2\n",
        ["L:4:3: error: duplicate key 'a' (first at line 3)"],
    ),
    "unknown-key": (
        "title: T\ninputs:\n  a: 2\ngraph:\n  - e = a * 2\ndescripton: hi\n",
        ["L:6:1: error: unknown key 'descripton' (did you mean 'description'?)"],
    ),
    "missing-key": (
        "title: T\ninputs:\n  a: 2\n",
        ["L:1:1: error: missing required key 'graph'"],
    ),
    "non-numeric-input": (
        "title: T\ninputs:\n  a: two\ngraph:\n  - e = a * 2\n",
        ["L:3:6: error: input 'a' must be a number, not 'two'"],
    ),
    "used-before-assigned": (
        HEAD + "  - e = a * d\n  - d = a + b\n",
        ["L:6:13: error: name 'd' is used before it is assigned"],
    ),
    "not-defined": (
        HEAD + "  - e = a * zz\n",
        ["L:6:13: error: name 'zz' is not defined"],
    ),
    "not-defined-quoted-line": (
        HEAD + '  - "e = a * zz"\n',
        ["L:6:14: error: name 'zz' is not defined"],
    ),
    "assigned-twice": (
        HEAD + "  - e = a * b\n  - e = a + b\n",
        ["L:7:5: error: 'e' is assigned already; each name is assigned once"],
    ),
    "input-reassigned": (
        HEAD + "  - a = a * b\n",
        ["L:6:5: error: 'a' is an input; each name is assigned once"],
    ),
    "unknown-function": (
        HEAD + "  - e = a * tanhh(b)\n",
        ["L:6:13: error: unknown function 'tanhh' (did you mean 'tanh'?)"],
    ),
    "comment-in-graph-line": (
        HEAD + "  - e = a * b#+ 1000\n",
        [
            "L:6:14: error: '#' is not allowed in an expression"
            " (Python would skip the rest as a comment)"
        ],
    ),
    "comment-and-quote-in-expected": (
        HEAD + "  - e = a * b\nexpected:\n  a: 2#3\n  b: '2 * \"a\"'\n",
        [
            "L:8:7: error: '#' is not allowed in an expression"
            " (Python would skip the rest as a comment)",
            "L:9:11: error: quotes are not allowed in an expression"
            " (they start a text, not a number)",
        ],
    ),
    # multi-line graph entries: the problem's own line and column, in every scalar style
    "plain-continuation-line": (
        HEAD + "  - e = a *\n      zz\n",
        ["L:7:7: error: name 'zz' is not defined"],
    ),
    "folded-block": (
        HEAD + "  - >-\n    e = a *\n    b#2\n",
        [
            "L:8:6: error: '#' is not allowed in an expression"
            " (Python would skip the rest as a comment)"
        ],
    ),
    "folded-block-more-indented": (
        HEAD + "  - >\n    e = a\n      * zz\n",
        ["L:8:9: error: name 'zz' is not defined"],
    ),
    "literal-block": (
        HEAD + "  - |\n    e = a *\n      b * zz\n",
        ["L:8:11: error: name 'zz' is not defined"],
    ),
    "literal-block-target": (
        HEAD + "  - |-\n\n    3e = a\n",
        [
            "L:8:5: error: assigned name '3e' is not a valid name"
            " (letters, digits and _, not starting with a digit)"
        ],
    ),
    "single-quoted-two-lines": (
        HEAD + "  - 'e = a *\n    ''zz'''\n",
        ["L:7:5: error: quotes are not allowed in an expression (they start a text, not a number)"],
    ),
    "double-quoted-escapes-and-break": (
        HEAD + '  - "e = \\x61 *\\\n     \\tzz"\n',
        ["L:7:8: error: name 'zz' is not defined"],
    ),
    "expected-folded-block": (
        HEAD + "  - e = a * b\nexpected:\n  a: >-\n    2 *\n      bb\n",
        ["L:10:7: error: expected answer for 'a': unknown name 'bb'"],
    ),
    "keyword-as-name": (
        "title: T\ninputs:\n  lambda: 2\n  a: 1\ngraph:\n  - e = a * lambda\n",
        [
            "L:3:3: error: input 'lambda' is a Python keyword; use another name, e.g. 'lam'",
            "L:6:13: error: 'lambda' is a Python keyword; use another name, e.g. 'lam'",
        ],
    ),
    "non-ascii-name": (
        "title: T\ninputs:\n  α: 2\n  a: 1\ngraph:\n  - e = a * α\n",
        [
            "L:3:3: error: input 'α' is not a valid name (names are ASCII letters, digits and _)",
            "L:6:13: error: 'α' cannot be part of a name: names are ASCII letters, digits and _",
        ],
    ),
    "every-unknown-function-on-a-line": (
        HEAD + "  - e = min(a) + sign(b) + sinn(a)\n",
        [
            "L:6:9: error: unknown function 'min'"
            " (the functions are exp log sqrt tanh sigmoid relu sin cos abs softplus leaky_relu)",
            "L:6:18: error: unknown function 'sign'"
            " (the functions are exp log sqrt tanh sigmoid relu sin cos abs softplus leaky_relu)",
            "L:6:28: error: unknown function 'sinn' (did you mean 'sin'?)",
        ],
    ),
    "sqrt-at-zero": (
        "title: T\ninputs:\n  x: 0\ngraph:\n  - y = 3 * sqrt(x)\n",
        [
            "L:5:13: error: infinite local derivative ∂y_1/∂x (sqrt at x = 0)"
            " at node 'y_1' with the lesson's inputs"
        ],
    ),
    "power-below-one-at-zero": (
        "title: T\ninputs:\n  x: 0\ngraph:\n  - y = x ** 0.5\n",
        [
            "L:5:5: error: infinite local derivative ∂y/∂x (**0.5 at x = 0)"
            " at node 'y' with the lesson's inputs"
        ],
    ),
    "e-used-before-the-lesson-assigns-it": (
        HEAD + "  - d = a * e\n  - e = a + b\n",
        ["L:6:13: error: name 'e' is used before it is assigned"],
    ),
    "expression-syntax": (
        HEAD + "  - e = (a + b\n",
        ["L:6:9: error: cannot read '(a + b': '(' was never closed"],
    ),
    "output-not-defined": (
        HEAD + "  - e = a * b\noutput: f\n",
        ["L:7:9: error: output 'f' is not defined"],
    ),
    "unreachable": (
        HEAD + "  - c = a * b\n  - d = a + 1\n  - z = d * 3\n  - e = c * 2\n",
        [
            "L:7:5: error: 'd' does not lead to the output 'e'",
            "L:8:5: error: 'z' does not lead to the output 'e'",
        ],
    ),
    "log-domain": (
        HEAD + "  - e = log(b)\n",
        ["L:6:5: error: log of a non-positive value at node 'e' with the lesson's inputs"],
    ),
    "sqrt-domain-intermediate": (
        HEAD + "  - e = a * sqrt(b + 1)\n",
        ["L:6:13: error: sqrt of a negative value at node 'e_2' with the lesson's inputs"],
    ),
    "division-by-zero": (
        HEAD + "  - c = a + b + 1\n  - e = a / c\n",
        ["L:7:5: error: division by zero at node 'e' with the lesson's inputs"],
    ),
    "overflow": (
        HEAD + "  - e = exp(a * 1000)\n",
        ["L:6:5: error: overflow (the number is too large) at node 'e' with the lesson's inputs"],
    ),
    "power-tower-overflows": (
        HEAD + "  - e = 2 ** 10 ** 10\n",
        ["L:6:5: error: overflow (the number is too large) at node 'e' with the lesson's inputs"],
    ),
    "expected-disagrees": (
        HEAD + "  - e = a * b\nexpected:\n  a: 3\n  b: 12*cos(36)\n",
        [
            "L:8:6: error: expected grad of 'a' = 3, but the engine computes -3"
            " (tolerance: abs 0, rel 0.001)",
            "L:9:6: error: expected grad of 'b' = 12*cos(36) = -1.535564276, but the engine"
            " computes 2 (tolerance: abs 0, rel 0.001)",
        ],
    ),
    "expected-unknown-node": (
        HEAD + "  - e = a * b\nexpected:\n  a: b\n  ee: 1\n",
        ["L:9:3: error: expected answer for unknown node 'ee' (did you mean 'e'?)"],
    ),
    "expected-unknown-name-in-value": (
        HEAD + "  - e = a * b\nexpected:\n  a: '2 * bb'\n",
        ["L:8:11: error: expected answer for 'a': unknown name 'bb'"],
    ),
    "hint-unknown-node": (
        HEAD + "  - e = a * b\nhints:\n  bb: the other input\n",
        ["L:8:3: error: hint for unknown node 'bb' (did you mean 'b'?)"],
    ),
    "ask-unknown-and-constant": (
        HEAD + "  - e = a * b + 2\nask: [a, '2', c, a]\n",
        [
            "L:7:10: error: 'ask' names the constant '2'; constants are shown, never asked",
            "L:7:15: error: 'ask' names unknown node 'c'",
            "L:7:18: error: 'ask' lists 'a' twice",
        ],
    ),
    "randomize-domain": (
        HEAD + "  - e = a * sqrt(b + 4)\nrandomize:\n  a: [1, 5]\n  b: [-5, 5]\n",
        [
            "L:7:1: error: randomize can give a=1, b=-5 (a corner of the ranges):"
            " sqrt of a negative value at node 'e_2'",
        ],
    ),
    "python-tag": (
        HEAD + "  - e = a * b\ndescription: !!python/object/apply:os.system ['echo hi']\n",
        [
            "L:7:14: error: YAML tag '!!python/object/apply:os.system' is not allowed"
            " (lessons hold plain data only)"
        ],
    ),
    "billion-laughs": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        [
            "L:2:8: error: YAML aliases (*name) are not allowed in lessons; "
            "text starting with * must be quoted"
        ],
    ),
    "yaml-nesting": (
        "title: " + "[" * 5000 + "]" * 5000 + "\n",
        ["L:1:27: error: nested too deeply (over 20 levels)"],
    ),
    "expression-nesting-minus": (
        HEAD + "  - e = " + "-" * 1500 + "a\n",
        ["L:6:8: error: expression nested too deeply (more than 40 levels)"],
    ),
    "expression-nesting-parentheses": (
        HEAD + "  - e = " + "(" * 300 + "a" + ")" * 300 + "\n",
        [
            f"L:6:209: error: cannot read '{'(' * 60}...' (601 characters):"
            " too many nested parentheses"
        ],
    ),
    "expression-5000-parentheses": (
        HEAD + "  - e = " + "(" * 5000 + "a" + ")" * 5000 + "\n",
        ["L:6:8: error: expression too long (10002 characters, at most 2000)"],
    ),
    "expression-100000-minus": (
        HEAD + "  - e = " + "-" * 100000 + "a\n",
        ["L:6:8: error: expression too long (100002 characters, at most 2000)"],
    ),
    "date-value": (
        "title: T\ninputs:\n  a: 2001-12-14\ngraph:\n  - e = a * 2\n",
        ["L:3:6: error: '2001-12-14' reads as a date, which lessons do not use; quote it"],
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_problem_kind_at_its_position(tmp_path: Path, kind: str) -> None:
    text, want = CASES[kind]
    assert problems(tmp_path, text) == want


def test_pi_and_e_are_constants_unless_the_lesson_names_them(tmp_path: Path) -> None:
    text = HEAD + "  - d = a * pi * b\n  - L = d + e\nexpected:\n  a: -3 * pi\n  d: 1\n"
    assert problems(tmp_path, text) == []
    graph_of = __import__("tutor.graph.build", fromlist=["build"]).build
    g = graph_of(loads(text))
    assert (
        g["pi"].kind == "const"
        and g["e"].value == math.e
        and g.order == ["L", "d", "b", "d_1", "a"]
    )
    # an input named e is the lesson's own e (micrograd's walk-through has a node e)
    own = "title: T\ninputs:\n  e: 2\ngraph:\n  - L = e * pi\nexpected:\n  e: pi\n"
    assert problems(tmp_path, own) == []
    assert graph_of(loads(own))["e"].kind == "input"


def test_yaml_syntax_error_at_its_position(tmp_path: Path) -> None:
    # The loader's own words follow the prefix; only our prefix and the position are ours.
    [line] = problems(tmp_path, "title: T\ninputs: {a: 1\ngraph:\n  - e = a\n")
    assert line.startswith("L:3:6: error: YAML syntax error: ")


def test_a_clean_lesson_has_no_problems(tmp_path: Path) -> None:
    text = HEAD + "  - e = a * b\n  - L = e + 1\nexpected:\n  a: -3\n  b: 2\n  e: 1\n"
    assert problems(tmp_path, text) == []


def test_tolerance_decides_agreement(tmp_path: Path) -> None:
    text = HEAD + "  - e = a * b\nexpected:\n  a: -2.9\n"
    assert len(problems(tmp_path, text)) == 1
    assert problems(tmp_path, text + "tolerance:\n  rel: 0.05\n") == []  # 0.1 <= 0.05 * 3
    assert problems(tmp_path, text + "tolerance:\n  abs: 0.11\n") == []  # 0.1 <= 0.11


def test_expected_may_use_node_names(tmp_path: Path) -> None:
    text = HEAD + "  - e = a * b\nexpected:\n  a: b\n  b: a\n  e: a / a\n"
    assert problems(tmp_path, text) == []


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "title: T\ninputs:\n  a: 2\n  b: x\ngraph:\n  - e = a * q\n  - f = foo(a)\n"
        "output: g\nbogus: 1\n"
    )
    lines = problems(tmp_path, text)
    assert [line.split(": error")[0] for line in lines] == [
        "L:4:6",
        "L:6:13",
        "L:7:9",
        "L:8:9",
        "L:9:1",
    ]


def test_randomize_reports_a_seeded_draw(tmp_path: Path) -> None:
    # The corners (a = 0.5 and 3.5) are fine; only draws near 2 divide by zero.
    text = "title: T\ninputs:\n  a: 1.0\ngraph:\n  - e = 1 / (a - 2)\nrandomize:\n  a: [0.5, 3.5]\n"
    [line] = problems(tmp_path, text)
    assert line.startswith("L:6:1: error: randomize can give a=2 (quiz seed ")
    assert line.endswith("): division by zero at node 'e'")


def test_randomize_safe_ranges_pass(tmp_path: Path) -> None:
    text = HEAD + "  - e = a * sqrt(b + 4)\nrandomize:\n  a: [1, 5]\n  b: [-3, 5]\n"
    assert problems(tmp_path, text) == []


def test_check_lesson_returns_problems_with_positions() -> None:
    lesson = loads(HEAD + "  - c = a * b\n  - e = a + 1\n")
    [problem] = check_lesson(lesson)
    assert (problem.pos.line, problem.pos.col) == (6, 5)
    assert problem.message == "'c' does not lead to the output 'e'"


# -- files that are not lessons ------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert check_file(path) == [f"{path}: error: no such file"]


def test_non_utf8_file(tmp_path: Path) -> None:
    assert problems(tmp_path, b"title: caf\xe9\n") == ["L:1:1: error: file is not UTF-8 text"]


def test_binary_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
    assert problems(tmp_path, png) == ["L:1:1: error: file is not UTF-8 text"]


def test_nul_byte_in_utf8_text(tmp_path: Path) -> None:
    text = "title: T\ninputs:\n  a: 1\x00\n"
    want = "L:3:7: error: character #x0000 is not allowed in a YAML file"
    assert problems(tmp_path, text) == [want]


def test_size_limit(tmp_path: Path) -> None:
    text = "title: T\ndescription: |\n" + "  padding padding padding\n" * 12000
    assert problems(tmp_path, text) == ["L:1:1: error: file too large (over 262144 bytes)"]


def test_not_a_mapping(tmp_path: Path) -> None:
    want = "L:1:1: error: a lesson is a mapping of keys, not"
    assert problems(tmp_path, "- a\n- b\n") == [f"{want} a list"]
    assert problems(tmp_path, "") == [f"{want} empty"]


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    assert check_file(tmp_path) == [f"{tmp_path}: error: is a folder, not a lesson file"]


# -- the command ----------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


GOOD = HEAD + "  - e = a * b\n"
BAD = HEAD + "  - e = a * zz\n"


def test_cli_clean_files_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "one.yaml", GOOD)
    write(tmp_path / "two.yml", GOOD)
    write(tmp_path / "course.yaml", "title: A course\nlessons: [one, two]\n")
    write(tmp_path / "notes.txt", "not a lesson")
    assert main(["check", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "3 files checked, no problems\n"  # course.yaml is checked too
    assert err == ""


def test_cli_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "a.yaml", GOOD)
    bad = write(tmp_path / "b.yaml", BAD)
    write(tmp_path / "c.yaml", GOOD)
    assert main(["check", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{bad}:6:13: error: name 'zz' is not defined\n"
    assert err == "1 error in 1 of 3 files\n"
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().out == "1 file checked, no problems\n"


def test_cli_missing_and_empty_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "missing.yaml"
    good = write(tmp_path / "good.yaml", GOOD)
    assert main(["check", str(missing), str(empty), str(good)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{missing}: error: no such file",
        f"{empty}: error: no lesson files (*.yaml, *.yml) in this folder",
    ]
    assert err == "2 errors in 2 of 3 files\n"


def test_cli_binary_file_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(bytes(range(256)))
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{path}:1:1: error: file is not UTF-8 text\n"
    assert err == "1 error in 1 file\n"


def test_cli_same_file_twice_is_checked_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "a.yaml", GOOD)
    assert main_check(Context(), [str(path), str(tmp_path), str(path)]) == 0
    assert capsys.readouterr().out == "1 file checked, no problems\n"


def test_cli_counts_every_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a.yaml", GOOD)
    write(tmp_path / "b.yaml", HEAD + "  - e = a * zz\n  - f = e * yy\n")
    write(tmp_path / "c.yaml", GOOD)
    assert main(["check", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert err == "2 errors in 1 of 3 files\n"


def test_bundled_lessons_are_clean() -> None:
    files = check.lesson_paths(bundled_dir())
    assert files, "no bundled lessons found"
    assert {str(f): check_file(f) for f in files} == {str(f): [] for f in files}


def test_cli_odd_paths_are_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    long_name = str(tmp_path / ("x" * 5000))
    assert main(["check", str(fifo), str(loop), long_name, "bad\x00name"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"{fifo}: error: not a regular file"
    assert lines[1] == f"{loop}: error: cannot open it (Too many levels of symbolic links)"
    assert lines[2] == f"{long_name}: error: cannot open it (File name too long)"
    assert lines[3] == "bad\\x00name: error: cannot open it (embedded null byte)"
    assert err == "4 errors in 4 of 4 files\n"
    assert main(["check", str(tmp_path)]) == 1  # neither the pipe nor the loop is read
    assert (
        capsys.readouterr().out
        == f"{tmp_path}: error: no lesson files (*.yaml, *.yml) in this folder\n"
    )


def test_no_second_error_for_an_output_whose_line_is_broken(tmp_path: Path) -> None:
    text = "title: T\ninputs: {a: 1}\ngraph:\n  - y = foo(a)\noutput: y\n"
    found = problems(tmp_path, text)
    assert len(found) == 1 and "unknown function 'foo'" in found[0]


def test_unused_input_and_a_lesson_that_asks_nothing(tmp_path: Path) -> None:
    text = "title: T\ninputs: {a: 2, z: 1}\ngraph:\n  - L = 3 + a\nask: inputs\n"
    found = problems(tmp_path, text)
    assert "L:2:16: error: input 'z' is never used" in found
    text = (
        "title: T\ninputs: {a: 2}\ngraph:\n  - L = 3 * 2\n  - M = L + a\noutput: L\nask: inputs\n"
    )
    assert "L:7:1: error: the lesson asks no gradient: nothing for the learner" in problems(
        tmp_path, text
    )


@pytest.mark.parametrize(
    "line",
    [
        "'a" + " " * 200_000 + "b'",  # no '=': the old regular expression took minutes
        "'" + "a" * 200_000 + " = b'",
        "'y = a" + "\\n" * 100_000 + "'",
    ],
)
def test_long_graph_lines_are_refused_quickly(tmp_path: Path, line: str) -> None:
    import time

    start = time.perf_counter()
    found = problems(tmp_path, "title: T\ninputs:\n  a: 1\ngraph:\n  - " + line + "\n")
    assert time.perf_counter() - start < 5
    assert len(found) == 1 and len(found[0]) < 200, found


def test_one_assignment_per_multi_line_entry(tmp_path: Path) -> None:
    text = "title: T\ninputs:\n  a: 1\ngraph:\n  - |\n    y = a * 2\n    z = y * 3\n"
    assert problems(tmp_path, text) == [
        "L:7:5: error: one assignment per graph entry: start another '- ' line"
    ]
