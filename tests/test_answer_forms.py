"""The one expression front end (issue 16): one scan for every dialect, the new forms
(comparisons, sign, where, unsqueeze), found gradients in scalar answers, and the bugs the
three front ends had (KeyError tracebacks, comments and full-width letters let through)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_texts import run_cli

from tutor.authoring.check import check_file
from tutor.grammar.dialect import Dialect
from tutor.grammar.errors import ParseError
from tutor.grammar.limits import MAX_DIMS
from tutor.grammar.parse import parse
from tutor.graph.build import build
from tutor.lesson.find import load, loads
from tutor.scalar import dialects as scalar
from tutor.session import Session
from tutor.teach import grading
from tutor.tensor import dialects as tensor
from tutor.tensor.engine import Tensor
from tutor.tensor.numeric import numeric_grad

DIALECTS: list[Dialect] = [scalar.GRAPH_LINES, scalar.ANSWERS, tensor.GRAPH_LINES, tensor.ANSWERS]
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- one scan: every dialect refuses what Python would read differently --------------------


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
@pytest.mark.parametrize(
    ("text", "col", "words"),
    [
        ("embcat.T @ dhprebn_1 # + 1000", 21, "'#' is not allowed"),
        ("W1 'x # + 1000'", 3, "quotes are not allowed"),
        ('a + "b"', 4, "quotes are not allowed"),
        ("\uff44W1 + 1", 0, "cannot be part of a name"),  # a full-width d, read as d by Python
        ("a \u00d7 b", 2, "is not allowed: use + - * / **"),
    ],
)
def test_every_dialect_refuses_comments_quotes_and_non_ascii_at_their_column(
    dialect, text, col, words
):
    with pytest.raises(ParseError) as info:
        parse(text, dialect)
    assert words in info.value.message and info.value.col == col


def test_a_comment_in_a_tensor_answer_is_refused_not_graded_right(capsys):
    code, out, err = run_cli(
        capsys, "grade", "makemore-ninja", "W1", "embcat.T @ dhprebn_1 # + 1000"
    )
    assert code == 1 and "'#' is not allowed" in err and "right" not in out


def test_a_full_width_letter_is_not_read_as_ascii(capsys):
    code, out, err = run_cli(capsys, "grade", "makemore-ninja", "W1", "embcat.T @ \uff44hprebn_1")
    assert code == 1 and "cannot be part of a name" in err


# -- pi, e, softplus and leaky_relu in tensor lessons and answers (KeyError before) --------

TENSOR_FUNCS = """\
title: T
inputs:
  X: {randn: [3, 2], seed: 1}
graph:
  - A = softplus(X) * pi
  - B = leaky_relu(X, 0.2) + leaky_relu(X) * e
  - L = sum(A * B)
"""


def test_named_constants_and_smooth_relus_build_in_a_tensor_lesson():
    g = build(loads(TENSOR_FUNCS))
    x = g.nodes["X"].value
    soft = np.log1p(np.exp(x))
    leaky = np.where(x > 0, x, 0.2 * x) + np.where(x > 0, x, 0.01 * x) * math.e
    assert float(g.nodes["L"].value) == pytest.approx(float(np.sum(soft * math.pi * leaky)))
    assert np.allclose(g.nodes["X"].grad, g.numeric("X", 1e-6), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("command", ["solve", "export", "check"])
def test_commands_on_such_a_lesson_give_no_traceback(tmp_path, capsys, command):
    path = tmp_path / "funcs.yaml"
    path.write_text(TENSOR_FUNCS)
    argv = [command, str(path)] + (["-o", str(tmp_path / "g.dot")] if command == "export" else [])
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    assert "Traceback" not in out + err and "KeyError" not in out + err


def test_a_folder_check_reads_every_such_file(tmp_path, capsys):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(TENSOR_FUNCS.replace("title: T", f"title: {name}"))
    (tmp_path / "c.yaml").write_text(TENSOR_FUNCS.replace("pi", "zz"))
    code, out, err = run_cli(capsys, "check", str(tmp_path))
    lines = [line for line in (out + err).splitlines() if ": error: " in line]
    assert code == 1 and lines == [f"{tmp_path / 'c.yaml'}:5:23: error: name 'zz' is not defined"]
    assert "1 error in 1 of 3 files" in out + err


@pytest.mark.parametrize("text", ["softplus(X) * pi", "leaky_relu(X, 0.3) + e", "leaky_relu(X)"])
def test_they_are_answers_too(text):
    g = build(loads(TENSOR_FUNCS))
    value = grading.parse_answer(text, g, {})
    assert value.shape == (3, 2) and np.isfinite(value).all()


# -- scalar answers name found gradients ------------------------------------------------------


def test_a_scalar_answer_may_name_a_found_gradient():
    g = build(load("dlbook-sin"))  # u5 = sin(u4), u4 = u3**2, u3 = u1 + u2
    s = Session(g)
    for node in g.order[: g.order.index("u3")]:
        s.current = node
        assert s.submit(repr(g.nodes[node].grad)).kind == "right"
    assert s.current == "u3"
    assert s.submit("du4 * 2 * u3").kind == "right"
    s.current = "u1"
    assert s.submit("grad(u3)").kind == "right"


def test_a_gradient_not_found_yet_is_a_reason_not_a_wrong_try():
    g = build(load("dlbook-sin"))
    s = Session(g)
    out = s.submit("du3")
    assert out.kind == "unreadable" and "du3 is not found yet" in out.message
    assert s.tally.wrong == 0 and s.attempts.get(s.current, 0) == 0


def test_a_node_called_dx_is_the_node():
    g = build(loads("title: T\ninputs: {x: 2, dx: 5}\ngraph:\n  - L = x * dx\n"))
    assert grading.parse_answer("dx", g, {"x": 5.0}) == 5.0  # the node, not x's gradient
    assert grading.parse_answer("grad(x)", g, {"x": 7.0}) == 7.0


def test_check_warns_about_a_scalar_node_that_shadows_a_gradient(tmp_path):
    path = tmp_path / "l.yaml"
    path.write_text("title: T\ninputs: {x: 2, dx: 5}\ngraph:\n  - L = x * dx\n")
    assert any("learners must type grad(x)" in line for line in check_file(path))


# -- the new forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("x > 0", 1.0),
        ("x < 0", 0.0),
        ("(x >= 2) + (x <= 2)", 2.0),
        ("sign(-x)", -1.0),
        ("sign(0)", 0.0),
        ("where(x > 3, 1, 0.01)", 0.01),
        ("where(x, y, 5)", -1.0),
        ("where(0, y, 5)", 5.0),
    ],
)
def test_scalar_answers_have_masks_sign_and_where(text, value):
    g = build(loads("title: T\ninputs: {x: 2, y: -1}\ngraph:\n  - L = x * y\n"))
    assert grading.parse_answer(text, g, {}) == value


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0 < x < 1", "one comparison at a time"),
        ("x is 1", "compare is not allowed here"),
        ("where(x, y)", "where() takes three arguments, not 2"),
    ],
)
def test_the_new_scalar_forms_are_bounded(text, words):
    g = build(loads("title: T\ninputs: {x: 2, y: -1}\ngraph:\n  - L = x * y\n"))
    with pytest.raises(grading.AnswerError) as info:
        grading.parse_answer(text, g, {})
    assert words in info.value.message


def test_graph_lines_keep_the_answers_only_forms_out():
    with pytest.raises(ParseError, match="unknown function 'sign'"):
        scalar.parse("sign(a)")
    with pytest.raises(ParseError, match="compare is not allowed here"):
        scalar.parse("a > 0")
    with pytest.raises(ParseError, match="subscript is not allowed here"):
        tensor.parse("A[:, None]")


LIN = """\
title: L
inputs:
  X: {randn: [4, 3], seed: 1}
  W: {randn: [3, 2], seed: 2}
graph:
  - Z = X @ W
  - H = relu(Z)
  - loss = mean(H)
"""


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Z > 0", lambda v: (v["Z"] > 0).astype(float)),
        ("(Z > 0) * Z", lambda v: np.maximum(v["Z"], 0)),
        ("sign(Z)", lambda v: np.sign(v["Z"])),
        ("where(Z > 0, Z, 0.1 * Z)", lambda v: np.where(v["Z"] > 0, v["Z"], 0.1 * v["Z"])),
        ("sum(Z, axis=1)[:, None]", lambda v: v["Z"].sum(axis=1)[:, None]),
        ("sum(Z, axis=0)[None]", lambda v: v["Z"].sum(axis=0)[None]),
        ("unsqueeze(sum(Z, axis=1), 1)", lambda v: v["Z"].sum(axis=1)[:, None]),
        ("unsqueeze(sum(Z, axis=1), -1)", lambda v: v["Z"].sum(axis=1)[:, None]),
        ("ones(4, 2) * Z / 8", lambda v: v["Z"] / 8),
        ("outer(sum(X, axis=1), sum(W, axis=0))", lambda v: np.outer(v["X"].sum(1), v["W"].sum(0))),
        ("first_max_mask(Z, axis=1)", lambda v: np.eye(2)[np.argmax(v["Z"], axis=1)]),
        ("scatter_add(Z, argmax(Z, axis=1), 3)", None),
    ],
)
def test_tensor_answers_have_the_new_forms(text, want):
    g = build(loads(LIN))
    value = grading.parse_answer(text, g, {})
    if want is not None:
        values = {n: node.value for n, node in g.nodes.items()}
        np.testing.assert_allclose(value, want(values))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Z[0]", "a subscript takes : or start:stop on each axis"),
        ("Z[:, None, None]", "a subscript takes : or start:stop on each axis"),
        ("Z[" + ", ".join([":"] * MAX_DIMS) + ", None]", "a subscript takes : or start:stop"),
        ("unsqueeze(Z, 9)", "axis 9 is out of range"),
        ("unsqueeze(Z, 3)", "axis 3 is out of range for shape (4, 2)"),
        ("ones(0, 2)", "a ones size is from 1"),
        ("ones(100000, 100000)", "over 100,000 elements"),
        ("ones(" + ", ".join(["1"] * (MAX_DIMS + 1)) + ")", "takes 1 to 8 sizes"),
        ("outer(Z, Z)", "outer(a, b) takes two 1-D tensors"),
        ("where(Z, X, 1)", "cannot broadcast"),
    ],
)
def test_the_new_tensor_forms_are_bounded(text, words):
    g = build(loads(LIN))
    with pytest.raises(grading.AnswerError) as info:
        grading.parse_answer(text, g, {})
    assert words in info.value.message


def _fd(key: str, arrays: list[np.ndarray], arg: object = None) -> None:
    """Every VJP of the row against central differences, weighted by a random tensor."""
    leaves = [Tensor(a, f"x{i}") for i, a in enumerate(arrays)]
    out = Tensor.apply(key, *leaves, arg=arg)
    weights = np.random.default_rng(0).standard_normal(out.shape)
    loss = (out * Tensor(weights)).sum()
    loss.backward()
    for leaf in leaves:
        want = numeric_grad(loss, leaf, 1e-6)
        got = leaf.grad if leaf.grad is not None else np.zeros(leaf.shape)
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def _away(shape, data, low=-2.0, high=2.0):
    xs = st.lists(
        st.floats(low, high).filter(lambda v: abs(v) > 0.05),
        min_size=int(np.prod(shape)),
        max_size=int(np.prod(shape)),
    )
    return np.array(data.draw(xs)).reshape(shape)


@PROPERTY
@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_new_tensor_rows_match_finite_differences(n, m, data):
    x, y, c = (_away((n, m), data) for _ in range(3))
    _fd("softplus", [_away((n, m), data, -15.0, 15.0)])
    _fd("softplus", [_away((n, m), data, 21.0, 30.0)])  # the identity, as PyTorch above 20
    _fd("leaky_relu", [x], 0.2)
    _fd("leaky_relu", [x])
    _fd("where", [c, x, y])
    _fd("unsqueeze", [x], 1)
    _fd("unsqueeze", [x], -3)
    _fd("outer", [x[0], y[:, 0]])
    for key in ("gt", "ge", "lt", "le"):
        _fd(key, [x, y * 0.01])  # a step, away from its edge: no gradient
    for key in ("sign", "ones_like", "zeros_like"):
        _fd(key, [x])


@PROPERTY
@given(st.integers(1, 4), st.integers(1, 3), st.data())
def test_scatter_add_undoes_take(rows, cols, data):
    d = _away((5, cols), data)
    idx = np.array(data.draw(st.lists(st.integers(0, rows - 1), min_size=5, max_size=5)))
    leaf = Tensor(d, "D")
    out = Tensor.apply("scatter_add", leaf, Tensor.labels(idx, "ix"), arg=rows)
    want = np.zeros((rows, cols))
    np.add.at(want, idx, d)
    np.testing.assert_array_equal(out.data, want)
    weights = np.random.default_rng(1).standard_normal(out.shape)
    loss = (out * Tensor(weights)).sum()
    loss.backward()
    np.testing.assert_allclose(leaf.grad, weights[idx])


def test_argmax_scatter_ones_and_masks_agree_with_numpy():
    a = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])
    assert Tensor.apply("argmax", Tensor(a), arg=1).data.tolist() == [1, 0]
    np.testing.assert_array_equal(
        Tensor.apply("first_max_mask", Tensor(a), arg=1).data, [[0, 1, 0], [1, 0, 0]]
    )
    np.testing.assert_array_equal(
        Tensor.apply("first_max_mask", Tensor(a)).data, [[0, 1, 0], [0, 0, 0]]
    )
    assert Tensor.apply("ones", arg=(2, 3)).data.tolist() == [[1.0] * 3] * 2
    out = Tensor.apply("scatter", Tensor([[1.0], [2.0]]), Tensor.labels([0, 0]), arg=2)
    assert out.data.tolist() == [[2.0], [0.0]]  # a repeated index keeps its last row


def test_one_ast_parse_call_site(tmp_path: Path):
    root = Path(__file__).resolve().parents[1] / "tutor"
    sites = [
        f"{p.relative_to(root)}:{i}"
        for p in sorted(root.rglob("*.py"))
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if "ast.parse(" in line
    ]
    assert sites == ["grammar/parse.py:" + sites[0].split(":")[1]] and len(sites) == 1
