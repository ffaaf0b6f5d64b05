"""The safe expression language: parsing, evaluation, refusals, and fuzzing."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.grammar.errors import ParseError
from tutor.grammar.tree import Call, Num, Ref, names
from tutor.scalar.dialects import parse, to_text
from tutor.scalar.evaluate import evaluate
from tutor.scalar.ops import FUNCTIONS

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def value(text: str, **env: float) -> float:
    return evaluate(parse(text), env)


# -- parsing ----------------------------------------------------------------------------


def test_tree_of_a_statement() -> None:
    assert parse("a * b + c") == Call(
        "+", (Call("*", (Ref("a", 0), Ref("b", 4)), 0), Ref("c", 8)), 0
    )


def test_constant_exponent_is_powc_and_variable_exponent_is_pow() -> None:
    assert parse("u3 ** 2") == Call("powc", (Ref("u3", 0),), 0, 2.0)
    assert parse("x ** -0.5") == Call("powc", (Ref("x", 0),), 0, -0.5)
    assert parse("a ** b") == Call("pow", (Ref("a", 0), Ref("b", 5)), 0)


def test_negative_literals_fold_and_negated_names_do_not() -> None:
    assert parse("-2") == Num(-2.0, "-2", 0)
    assert parse("-a") == Call("neg", (Ref("a", 1),), 0)
    assert parse("+a") == Ref("a", 1)


def test_functions_are_the_engine_functions() -> None:
    for name in FUNCTIONS:
        assert parse(f"{name}(x)") == Call(name, (Ref("x", len(name) + 1),), 0)


def test_leading_spaces_shift_columns() -> None:
    assert parse("   a + zz").args[1] == Ref("zz", 7)


def test_names_in_reading_order_one_per_use() -> None:
    assert [r.name for r in names(parse("a * b + tanh(a) / c"))] == ["a", "b", "a", "c"]


# -- evaluation -------------------------------------------------------------------------


def test_evaluate_seeds() -> None:
    assert value("12*cos(36)") == pytest.approx(12 * math.cos(36))
    assert value("-2*3") == -6
    assert value("(a*b + c) * f", a=2, b=-3, c=10, f=-2) == -8
    assert value("sigmoid(0) + relu(-1) + tanh(0) + exp(0) + log(1) + sqrt(4)") == 3.5


def test_evaluate_with_a_callable_env() -> None:
    assert evaluate(parse("x + 1"), lambda n: 41.0 if n == "x" else None) == 42


@pytest.mark.parametrize(
    ("text", "message", "col"),
    [
        ("a + zz", "unknown name 'zz'", 4),
        ("1 / (a - a)", "division by zero", 0),
        ("2 * log(a - 3)", "log of a non-positive value", 4),
        ("sqrt(-a)", "sqrt of a negative value", 0),
        ("2 ** 10 ** 10", "number too large", 0),
        ("exp(1000)", "number too large", 0),
        ("1e300 * 1e300", "number too large", 0),
        ("0 ** -1", "division by zero", 0),
    ],
)
def test_evaluate_errors(text: str, message: str, col: int) -> None:
    with pytest.raises(ParseError) as info:
        value(text, a=2)
    assert (info.value.message, info.value.col) == (message, col)


def test_negative_base_with_fractional_exponent_is_refused() -> None:
    with pytest.raises(ParseError, match="negative base"):
        value("a ** 0.5", a=-2)
    with pytest.raises(ParseError, match="positive base"):
        value("(-8) ** (1/3)")


def test_to_text_round_trips() -> None:  # found by the fuzzer below: `(a**2) ** b`
    cases = ["(a*b + c) * f", "-a ** 2", "tanh(x1*w1 + b)", "a - (b - c)", "2 ** a / 3"]
    cases += ["(a ** 2) ** a", "(-b) ** 2 ** c", "(-b) ** f", "-(a * b)", "a - -b"]
    for text in cases:
        e = parse(text)
        env = {"a": 1.5, "b": -2.0, "c": 0.5, "f": 3.0, "x1": 2.0, "w1": -1.0}
        assert evaluate(parse(to_text(e)), env) == pytest.approx(evaluate(e, env))


# -- refusals: nothing but arithmetic gets through ----------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('echo hi')", "quotes are not allowed"),
        ("os.system(1)", "only plain function calls"),
        ("os.system", "attribute is not allowed here"),
        ("a[0]", "subscript is not allowed here"),
        ("lambda: 1", "lambda is not allowed here"),
        ("a < b", "compare is not allowed here"),
        ("a and b", "boolop is not allowed here"),
        ("not a", "only + - * / ** and functions"),
        ("a % b", "only + - * / ** and functions"),
        ("'text'", "quotes are not allowed"),
        ("...", "Ellipsis is not a number"),
        ("1j", "1j is not a number"),
        ("True", "True is not a number"),
        ("exec(1)", "unknown function 'exec'"),
        ("tahn(x)", "unknown function 'tahn' (did you mean 'tanh'?)"),
        ("tanh(x, y)", "tanh() takes exactly one argument"),
        ("exp(x=1)", "exp() takes exactly one argument"),
        ("(x := 1)", "namedexpr is not allowed here"),
        ("f'{a}'", "quotes are not allowed"),
        ("a = 1", "cannot read 'a = 1'"),
        ("", "empty expression"),
        ("   ", "empty expression"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert message in info.value.message


@pytest.mark.parametrize(
    ("text", "col"),
    [("w*x#+ 1000", 3), ("w*x #", 4), ("#a", 0), ("a + 'b'", 4), ('a * "b"', 4), ("f'{a}'", 1)],
)
def test_comment_and_string_starts_are_refused_where_they_are(text: str, col: int) -> None:
    # ``ast`` alone reads `w*x#+ 1000` as `w*x`: the rest would be silently dropped.
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.col == col
    assert ("'#'" if "#" in text else "quotes") in info.value.message


def test_refused_call_runs_nothing(tmp_path) -> None:
    target = tmp_path / "made"
    with pytest.raises(ParseError):
        parse(f"__import__('os').mkdir({str(target)!r})")
    assert not os.path.exists(target)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("(" * 5000 + "a" + ")" * 5000, "expression too long (10001 characters, at most 2000)"),
        ("-" * 100000 + "a", "expression too long (100001 characters, at most 2000)"),
        ("-" * 1500 + "a", "expression nested too deeply (more than 40 levels)"),
        ("-" * 1500 + "1", "expression nested too deeply (more than 40 levels)"),
        ("(" * 300 + "a" + ")" * 300, "too many nested parentheses"),
        ("a" + " + a" * 100, "expression nested too deeply (more than 40 levels)"),
        ("1" + "0" * 400, "number too large"),
        ("1e999", "number too large"),
        ("-1e999", "number too large"),
        ("a ** 1e999", "number too large"),
    ],
)
def test_limits(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert message in info.value.message
    assert len(info.value.message) < 140  # the input is quoted cut at 60 characters


def test_forty_levels_are_fine() -> None:
    assert value("-" * 39 + "a", a=1) == -1
    assert value("(" * 150 + "a" + ")" * 150, a=3) == 3


# -- fuzzing ----------------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=300))
def test_parse_arbitrary_text_raises_only_expr_error(text: str) -> None:
    try:
        result = parse(text)
    except ParseError as exc:
        assert isinstance(exc.col, int)
        assert "\n" not in exc.message
    else:
        assert isinstance(result, Num | Ref | Call)


_ATOMS = st.one_of(
    st.sampled_from(["a", "b", "x1", "zz", "0", "1", "2", "-3", "0.5", "1e308", "1e-320"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**"]), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    unary = st.tuples(st.sampled_from([*FUNCTIONS, "-", ""]), children).map(
        lambda t: f"{t[0]}({t[1]})"
    )
    return st.one_of(binary, unary)


EXPRESSIONS = st.recursive(_ATOMS, _combine, max_leaves=30)
ENVS = st.fixed_dictionaries(
    {
        "a": st.floats(-1e6, 1e6),
        "b": st.floats(-5, 5),
        "x1": st.floats(allow_nan=False, allow_infinity=False),
    }
)


@FUZZ
@given(EXPRESSIONS, ENVS)
def test_evaluate_generated_expressions_raises_only_expr_error(text: str, env: dict) -> None:
    try:
        e = parse(text)
        result = evaluate(e, env)
    except ParseError:
        return
    assert math.isfinite(result)
    again = evaluate(parse(to_text(e)), env)
    assert again == pytest.approx(result, rel=1e-9, abs=1e-300) or not math.isfinite(again)


@FUZZ
@given(st.text(alphabet="ab12.e+-*/() tanhlogsqrtexp", max_size=80))
def test_evaluate_arithmetic_soup_raises_only_expr_error(text: str) -> None:
    try:
        result = evaluate(parse(text), {"a": 2.0, "b": -0.5})
    except ParseError:
        return
    assert math.isfinite(result)


# -- authoring messages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "col"),
    [
        ("lambda * x", "'lambda' is a Python keyword; use another name, e.g. 'lam'", 0),
        ("2 * lambda", "'lambda' is a Python keyword; use another name, e.g. 'lam'", 4),
        ("x + in", "'in' is a Python keyword; use another name, e.g. 'inp'", 4),
        ("a * α", "'α' cannot be part of a name: names are ASCII letters, digits and _", 4),
        ("ｘ * 2", "'ｘ' cannot be part of a name: names are ASCII letters, digits and _", 0),
        ("x − 1", "'−' is not allowed: use + - * / ** and ASCII names", 2),
    ],
)
def test_keywords_and_non_ascii_names_are_explained(text: str, message: str, col: int) -> None:
    # Python itself would accept α and read the full-width ｘ as x.
    with pytest.raises(ParseError) as info:
        parse(text)
    assert (info.value.message, info.value.col) == (message, col)


def test_every_unknown_function_is_reported() -> None:
    with pytest.raises(ParseError) as info:
        parse("min(a) + tan(b) * foo(sign(c))")
    got = [(e.message.split(" (")[0].split(":")[0], e.col) for e in info.value.all()]
    assert got == [
        ("unknown function 'min'", 0),
        ("unknown function 'tan'", 9),
        ("unknown function 'foo'", 18),
        ("unknown function 'sign'", 22),
    ]


@pytest.mark.parametrize("name", ["min", "sign", "tan", "signum", "cosine", "exq"])
def test_no_did_you_mean_for_other_functions_or_far_names(name: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(f"{name}(x)")
    assert "did you mean" not in info.value.message
    assert info.value.message.startswith(f"unknown function {name!r}")


@pytest.mark.parametrize(
    ("name", "close"),
    [("tanhh", "tanh"), ("tahn", "tanh"), ("sqr", "sqrt"), ("sigmod", "sigmoid"), ("rleu", "relu")],
)
def test_did_you_mean_for_close_misspellings(name: str, close: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(f"{name}(x)")
    assert info.value.message == f"unknown function {name!r} (did you mean {close!r}?)"


@pytest.mark.parametrize(
    ("name", "advice"),
    [("ln", "the natural logarithm is log"), ("pow", "write a ** b"), ("max", "relu(x)")],
)
def test_advice_for_functions_written_another_way(name: str, advice: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(f"{name}(x)")
    assert advice in info.value.message


def test_pi_and_e_are_constants_that_names_shadow() -> None:
    assert value("2 * pi") == 2 * math.pi
    assert value("e ** 2") == math.e**2
    assert value("e * 2", e=5.0) == 10.0  # a lesson's own e (micrograd has one)


def test_answers_may_use_pi_and_e() -> None:
    from lesson_texts import MICROGRAD

    from tutor.graph.build import build
    from tutor.lesson.find import loads
    from tutor.teach.grading import parse_answer

    micro = build(loads(MICROGRAD))
    assert parse_answer("2*pi", micro) == 2 * math.pi
    assert parse_answer("e", micro) == micro["e"].value  # the lesson's node e
