"""The lesson loader: fields and defaults, positions, hostile files, and fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_texts import MICROGRAD

from tutor.authoring.check import check_lesson
from tutor.lesson import yaml_load
from tutor.lesson.find import LessonError, bundled_names, load, loads, resolve
from tutor.lesson.model import DEFAULT_ABS, DEFAULT_REL, KEYS, Tolerance
from tutor.lesson.yamlpos import Pos

pytestmark = pytest.mark.usefixtures("each_loader")

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def errors(text: str) -> list[tuple[int, int, str]]:
    """The problems ``loads`` raises, as (line, col, message)."""
    with pytest.raises(LessonError) as info:
        loads(text)
    return [(p.pos.line, p.pos.col, p.message) for p in info.value.problems]


# -- what a lesson holds ------------------------------------------------------------------


def test_fields_and_defaults() -> None:
    lesson = loads(MICROGRAD, name="labels", path="labels.yaml")
    assert lesson.name == "labels" and lesson.title == "Labels"
    assert lesson.inputs == {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}
    assert [s.target for s in lesson.statements] == ["e", "d", "L"]
    assert lesson.output == "L"  # the last assigned name
    assert lesson.ask == "all" and lesson.hints == {} and lesson.expected == {}
    assert lesson.tolerance == Tolerance(DEFAULT_REL, DEFAULT_ABS)
    assert lesson.randomize == {} and lesson.description == ""


def test_positions_of_keys_values_and_statements() -> None:
    lesson = loads(MICROGRAD)
    assert lesson.key_pos("inputs", "b") == Pos(4, 3)
    assert lesson.pos("inputs", "b") == Pos(4, 6)
    first = lesson.statements[0]
    assert (first.pos, first.expr_pos) == (Pos(8, 5), Pos(8, 8))  # `e` and the space after =
    assert first.at(1) == Pos(8, 9)  # the a of ` a * b`
    assert first.at(5) == Pos(8, 13)  # the b


def test_optional_keys() -> None:
    text = MICROGRAD + (
        "output: d\ndescription: |\n  # Heading\n  Body.\nexpected:\n  a: 12*cos(36)\n"
        "  b: -4\ntolerance:\n  rel: 0.01\nhints:\n  e: multiply\nask: [d, e]\n"
        "randomize:\n  a: [1, 5]\n  b: [-1.5, 2]\n"
    )
    lesson = loads(text)
    assert lesson.output == "d"
    assert lesson.summary == "Heading"
    assert lesson.expected["a"].text == "12*cos(36)"
    assert lesson.expected["b"].text == "-4"
    assert lesson.tolerance == Tolerance(0.01, DEFAULT_ABS)
    assert lesson.hints == {"e": "multiply"}
    assert lesson.ask == ["d", "e"]
    assert lesson.randomize == {"a": (1, 5), "b": (-1.5, 2.0)}
    assert isinstance(lesson.randomize["a"][0], int)
    assert isinstance(lesson.randomize["b"][1], float)


def test_ask_inputs() -> None:
    assert loads(MICROGRAD + "ask: inputs\n").ask == "inputs"


def test_tolerance_rule() -> None:
    tol = Tolerance(rel=0.01, abs=0.1)
    assert tol.close(100.9, 100.0)  # 0.9 <= 0.01 * 100
    assert not tol.close(101.1, 100.0)
    assert tol.close(0.05, 0.0)  # near zero the absolute tolerance decides
    assert not tol.close(0.2, 0.0)


# -- problems with positions ---------------------------------------------------------------


def test_problems_are_sorted_and_all_reported() -> None:
    text = "bogus: 1\ntitle: ''\ninputs:\n  a: x\ngraph:\n  - e = a +\n  - 3 = a\n"
    assert errors(text) == [
        (1, 1, "unknown key 'bogus'"),
        (2, 8, "'title' must be a non-empty text"),
        (4, 6, "input 'a' must be a number, not 'x'"),
        (6, 11, "cannot read 'a +': something is missing after '+'"),
        (
            7,
            5,
            "assigned name '3' is not a valid name"
            " (letters, digits and _, not starting with a digit)",
        ),
    ]


def test_first_line_is_formatted() -> None:
    with pytest.raises(LessonError) as info:
        loads("title: T\n", path="x.yaml")
    assert info.value.one_line() == "x.yaml:1:1: error: missing required key 'inputs'"


def test_empty_inputs_are_refused() -> None:
    assert errors("title: T\ninputs: {}\ngraph: ['x = 2']\n") == [
        (2, 9, "'inputs' must list at least one name")
    ]


def test_function_names_and_keywords_are_not_node_names() -> None:
    assert errors("title: T\ninputs:\n  exp: 1\n  if: 2\ngraph: ['x = 2']\n") == [
        (3, 3, "input 'exp' is a function name; choose another name"),
        (4, 3, "input 'if' is a Python keyword; use another name, e.g. 'if_'"),
    ]


def test_randomize_problems() -> None:
    text = MICROGRAD + "randomize:\n  aa: [1, 2]\n  b: [3, 1]\n  c: 4\n  f: [1, x]\n"
    assert errors(text) == [
        (12, 3, "randomize names 'aa', which is not an input (did you mean 'a'?)"),
        (13, 6, "randomize 'b': low 3 is above high 1"),
        (14, 6, "randomize 'c' must be a range [low, high]"),
        (15, 10, "range bound must be a number, not 'x'"),
    ]


def test_quoted_expected_expression_column() -> None:
    assert errors(MICROGRAD + "expected:\n  a: '2 * foo(b)'\n") == [
        (
            12,
            11,
            "unknown function 'foo' (the functions are exp log sqrt tanh sigmoid relu sin cos "
            "abs softplus leaky_relu)",
        )
    ]


# -- hostile files ------------------------------------------------------------------------


def test_python_tags_build_nothing(tmp_path: Path) -> None:
    target = tmp_path / "made"
    text = MICROGRAD + f"description: !!python/object/apply:os.mkdir [{str(target)!r}]\n"
    assert errors(text) == [
        (
            11,
            14,
            "YAML tag '!!python/object/apply:os.mkdir' is not allowed"
            " (lessons hold plain data only)",
        )
    ]
    assert not target.exists()


def test_other_tags_are_refused() -> None:
    problems = errors(MICROGRAD + "hints:\n  e: !!binary aGVsbG8=\n  d: !custom x\n")
    assert [(line, col) for line, col, _ in problems] == [(12, 6), (13, 6)]
    assert "'!!binary'" in problems[0][2] and "'!custom'" in problems[1][2]


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    assert errors("\n".join(lines) + "\n") == [
        (
            2,
            10,
            "YAML aliases (*name) are not allowed in lessons; text starting with * must be quoted",
        )
    ]


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 200)), "{a: " * 5000],
)
def test_deep_yaml_nesting_is_refused(text: str) -> None:
    [(_, _, message)] = errors(text)
    assert message == f"nested too deeply (over {yaml_load.MAX_NESTING} levels)"


def test_several_documents_are_refused() -> None:
    assert errors(MICROGRAD + "---\ntitle: two\n") == [
        (11, 1, "a lesson file holds one YAML document")
    ]


def test_size_limit_in_loads_and_load(tmp_path: Path) -> None:
    big = "title: T\n#" + "x" * yaml_load.MAX_BYTES + "\n"
    [(_, _, message)] = errors(big)
    assert message.startswith("file too large")
    path = tmp_path / "big.yaml"
    path.write_text(big + "#" + "y" * 10_000_000)
    with pytest.raises(LessonError, match="file too large"):
        load(path)


def test_huge_numbers_are_refused() -> None:
    text = MICROGRAD.replace(" 2.0", " 1" + "0" * 400).replace("10.0", "1.0e+999")
    assert errors(text) == [
        (3, 6, "input 'a' must be a finite number, not 1000000000000000000000000000000000000..."),
        (5, 6, "input 'c' must be a finite number, not inf"),
    ]


def test_yaml_scientific_notation_gets_a_hint() -> None:
    assert errors(MICROGRAD.replace("10.0", "1e-3")) == [
        (5, 6, "input 'c' must be a number, not '1e-3' (YAML 1.1 reads 1e-3 as text: write 0.001)")
    ]
    assert loads(MICROGRAD.replace("10.0", "1.0e-3")).inputs["c"] == 0.001


def test_power_tower_in_a_statement_loads_without_computing() -> None:
    lesson = loads(MICROGRAD + "  - M = 2 ** 10 ** 10 * L\n")
    assert lesson.statements[-1].target == "M"


# -- finding lessons ----------------------------------------------------------------------


def test_resolve_names_and_paths(tmp_path: Path) -> None:
    assert "micrograd-labels" in bundled_names()
    assert resolve("micrograd-labels").name == "micrograd-labels.yaml"
    with pytest.raises(FileNotFoundError, match="did you mean 'micrograd-labels'"):
        resolve("micrograd-label")
    with pytest.raises(FileNotFoundError, match="no lesson file"):
        resolve(str(tmp_path / "none.yaml"))


def test_load_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(MICROGRAD.replace("Labels", "Caf\xe9").encode("latin-1"))
    with pytest.raises(LessonError, match="not UTF-8"):
        load(path)


# -- fuzzing ------------------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=400))
def test_loads_arbitrary_text_raises_only_lesson_error(text: str) -> None:
    try:
        loads(text)
    except LessonError as exc:
        assert exc.problems
        assert all("\n" not in p.message for p in exc.problems)


_VALUES = st.sampled_from(
    [
        "1",
        "-2.5",
        "x",
        "''",
        "[]",
        "{}",
        "null",
        "true",
        "1e999",
        "[1, 2]",
        "[2, 1]",
        "{a: 1}",
        "{a: 1, b: x}",
        "{a: 0, b: -1}",
        "all",
        "inputs",
        "[a, b, '2', zz]",
        "!!python/object/apply:os.getcwd []",
        "&x 1",
        "*x",
        "2001-01-01",
        "['e = a * b']",
        "['e = log(a)', 'f = e / b']",
        "['e = a ** 0.5 * b', 'L = e']",
        "['e = sqrt(a - 1)', 'g = q']",
        "['e = (a', 'e = 2']",
        "{e: 1, a: '2*b', zz: 3}",
        "{a: [-5, 5], b: [0, 3]}",
        "{rel: 0.1, abs: -1}",
        "{e: hint}",
        "|\n  text",
    ]
)
_LINES = st.tuples(st.sampled_from([*KEYS, "titel", "a", "inputs"]), _VALUES).map(
    lambda kv: f"{kv[0]}: {kv[1]}"
)


@FUZZ
@given(st.lists(_LINES, max_size=12), st.booleans())
def test_loads_yamlish_lessons_never_crash(lines: list[str], base: bool) -> None:
    text = (MICROGRAD if base else "") + "\n".join(lines) + "\n"
    try:
        lesson = loads(text)
    except LessonError as exc:
        assert exc.problems
        return
    for problem in check_lesson(lesson):  # the graph checks never raise either
        assert problem.pos.line >= 1 and problem.message


# -- where each character of a multi-line value is ------------------------------------------

_WORDS = st.lists(
    st.text(st.sampled_from("abcxyz*+-()é\\"), min_size=1, max_size=8), min_size=1, max_size=12
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=_WORDS, style=st.sampled_from([None, "'", '"', "|", ">"]), width=st.integers(8, 30))
def test_every_character_of_a_value_maps_to_itself_in_the_file(words, style, width) -> None:
    # The emitter folds long values over several lines, escapes and indents them as each
    # style does; every visible character must map back to the same character in the file.
    import yaml

    value = " ".join(words)
    text = yaml.dump(
        {"graph": [value]}, default_style=style, width=width, allow_unicode=True, sort_keys=False
    )
    doc = yaml_load.load(text)
    assert doc.data["graph"][0] == value
    spots = doc.spots(("graph", 0), value)
    lines = text.splitlines()
    for k, char in enumerate(value):
        if char.isspace() or (style == '"' and (char == "\\" or not char.isascii())):
            continue  # whitespace folds; escapes are written as other characters
        pos = spots.at(k)
        assert lines[pos.line - 1][pos.col - 1] == char, (k, pos, text)
