"""Tensor lessons: the input forms, the tensor grammar, and every ``check`` problem at LINE:COL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_texts import check_problems as problems

from tutor.authoring.check import check_file
from tutor.grammar import tree as ex
from tutor.grammar.errors import ParseError
from tutor.graph.build import build
from tutor.graph.variants import draw, variant
from tutor.lesson.find import LessonError, loads
from tutor.lesson.tensor_inputs import TensorInput
from tutor.tensor.dialects import parse, to_text

pytestmark = pytest.mark.usefixtures("each_loader")


LINEAR = """\
title: A linear layer
inputs:
  X: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
  W: {randn: [3, 4], scale: 0.5, seed: 1}
  b: {uniform: [4], low: -1, high: 1, seed: 2}
  y: {labels: [1, 3]}
  s: 2.0
graph:
  - Z = X @ W + b
  - L = -mean(pick(log_softmax(Z, axis=1), y)) * s
"""


# -- inputs ---------------------------------------------------------------------------------


def test_every_input_form_loads_with_its_documented_generator():
    lesson = loads(LINEAR)
    x, w, b, y = (lesson.inputs[n] for n in "XWby")
    assert isinstance(x, TensorInput) and x.shape == (2, 3) and x.kind == "values"
    assert lesson.inputs["s"] == 2.0
    np.testing.assert_array_equal(w.array(), np.random.default_rng(1).standard_normal((3, 4)) * 0.5)
    np.testing.assert_array_equal(b.array(), np.random.default_rng(2).uniform(-1, 1, (4,)))
    assert y.is_labels and y.array().dtype == np.int64
    graph = build(lesson)
    assert graph.nodes["y"].kind == "labels" and not graph.nodes["y"].has_grad
    assert "y" not in graph.order and "X" in graph.order
    assert graph.nodes["L"].shape == () and graph.nodes["W"].grad.shape == (3, 4)


def test_gradients_of_a_lesson_match_finite_differences():
    graph = build(loads(LINEAR))
    for name in ("X", "W", "b", "s", "Z"):
        np.testing.assert_allclose(
            graph.nodes[name].grad, graph.numeric(name, 1e-6), rtol=1e-6, atol=1e-8
        )


def test_labels_any_shape_and_vectors():
    text = LINEAR.replace("y: {labels: [1, 3]}", "y: {labels: [[1], [3]]}")
    assert loads(text).inputs["y"].shape == (2, 1)


# -- check: each problem at its place ------------------------------------------------------

HEAD = "title: T\ninputs:\n"

CASES: dict[str, tuple[str, list[str]]] = {
    "matmul-shapes": (
        HEAD + "  X: {randn: [4, 3]}\n  W: {randn: [2, 3]}\ngraph:\n  - h = tanh(X @ W)\n"
        "  - L = sum(h)\n",
        [
            "L:6:14: error: cannot multiply (4, 3) @ (2, 3): 3 ≠ 2 at node 'h_1' with the "
            "lesson's inputs"
        ],
    ),
    "broadcast": (
        HEAD + "  X: [[1, 2, 3]]\n  b: [1, 2]\ngraph:\n  - L = sum(X + b)\n",
        [
            "L:6:13: error: cannot broadcast (1, 3) + (2,): 3 ≠ 2 (axis -1) at node 'L_1' "
            "with the lesson's inputs"
        ],
    ),
    "log-domain": (
        HEAD + "  X: [[1, 2], [3, 4], [5, -6]]\ngraph:\n  - L = sum(log(X))\n",
        [
            "L:5:13: error: log of a non-positive value at X[2, 1] at node 'L_1' with the "
            "lesson's inputs"
        ],
    ),
    "division": (
        HEAD + "  X: [1, 0]\ngraph:\n  - L = sum(1 / X)\n",
        ["L:5:13: error: division by zero at X[1] at node 'L_1' with the lesson's inputs"],
    ),
    "labels-range": (
        HEAD + "  P: {randn: [2, 3]}\n  q: {labels: [0, 5]}\ngraph:\n  - a = pick(P, q)\n"
        "  - L = sum(a)\n",
        [
            "L:6:5: error: label out of range: q[1] = 5, but P has 3 columns at node 'a' "
            "with the lesson's inputs"
        ],
    ),
    "take-range": (
        HEAD + "  C: {randn: [3, 2]}\n  ix: {labels: [[0, 3]]}\ngraph:\n  - L = sum(take(C, ix))\n",
        [
            "L:6:13: error: label out of range: ix[0, 1] = 3, but C has 3 rows at node 'L_1' "
            "with the lesson's inputs"
        ],
    ),
    "labels-needed": (
        HEAD + "  P: {randn: [2, 3]}\n  q: [0, 1]\ngraph:\n  - L = sum(pick(P, q))\n",
        [
            "L:6:13: error: pick(P, q) needs labels, but 'q' holds numbers (give it as an "
            "input {labels: [...]}) at node 'L_1' with the lesson's inputs"
        ],
    ),
    "not-rectangular": (
        HEAD + "  X: [[1, 2], [3]]\ngraph:\n  - L = sum(X)\n",
        ["L:3:15: error: input 'X' is not rectangular: a row of 1 where the first has 2"],
    ),
    "not-rectangular-mixed": (
        HEAD + "  X: [[1, 2], 3]\ngraph:\n  - L = sum(X)\n",
        ["L:3:15: error: input 'X' is not rectangular: lists and numbers mixed at one level"],
    ),
    "element-not-a-number": (
        HEAD + "  X: [1, two]\ngraph:\n  - L = sum(X)\n",
        ["L:3:10: error: input 'X': element [1] must be a number, not 'two'"],
    ),
    "huge-randn": (
        HEAD + "  X: {randn: [100000000000, 100000000000]}\ngraph:\n  - L = sum(X)\n",
        [
            "L:3:14: error: input 'X' of shape (100000000000, 100000000000) has over 100,000 "
            "elements, the most a tensor may have"
        ],
    ),
    "lesson-total": (
        HEAD
        + "".join(f"  X{i}: {{randn: [100000]}}\n" for i in range(11))
        + "graph:\n  - L = "
        + " + ".join(f"sum(X{i})" for i in range(11))
        + "\n",
        ["L:13:8: error: the inputs hold over 1,000,000 elements (the most a lesson may hold)"],
    ),
    "huge-result": (
        HEAD + "  a: {randn: [90000, 1]}\n  b: {randn: [1, 90000]}\ngraph:\n  - L = sum(a @ b)\n",
        [
            "L:6:13: error: a @ b would have shape (90000, 90000): 8,100,000,000 elements "
            "(at most 100,000 per tensor) at node 'L_1' with the lesson's inputs"
        ],
    ),
    "huge-onehot": (
        HEAD + "  y: {labels: [1, 2]}\n  s: 1.0\ngraph:\n  - L = sum(onehot(y, 100000)) * s\n",
        [
            "L:6:13: error: onehot(y, 100000) would have shape (2, 100000): 200,000 elements "
            "(at most 100,000 per tensor) at node 'L_1' with the lesson's inputs"
        ],
    ),
    "lesson-total-computed": (
        HEAD
        + "  X: {randn: [100000]}\ngraph:\n"
        + "".join(f"  - a{i} = X * {i}\n" for i in range(10))
        + "  - L = "
        + " + ".join(f"sum(a{i})" for i in range(10))
        + "\n",
        [
            "L:13:5: error: X * 8 would have shape (100000,): 100,000 elements (the lesson "
            "would hold over 1,000,000 elements in all) at node 'a8' with the lesson's inputs"
        ],
    ),
    "output-not-scalar": (
        HEAD + "  X: [1, 2]\ngraph:\n  - L = X * 2\n",
        [
            "L:5:5: error: the output must be a scalar (a loss), but it has shape (2,): take "
            "its sum or mean at node 'L' with the lesson's inputs"
        ],
    ),
    "only-T": (
        HEAD + "  X: [1, 2]\ngraph:\n  - L = sum(X.shape)\n",
        ["L:5:13: error: '.shape' is not allowed: the attributes are .T and .mT"],
    ),
    "keyword": (
        HEAD + "  X: [1, 2]\ngraph:\n  - L = sum(X, dim=0)\n",
        ["L:5:16: error: sum() takes only axis and keepdims, not dim="],
    ),
    "keyword-on-elementwise": (
        HEAD + "  X: [1, 2]\ngraph:\n  - L = sum(exp(X, axis=0))\n",
        ["L:5:20: error: exp() takes no keyword arguments, not axis="],
    ),
    "list-literal": (
        HEAD + "  X: [1, 2]\ngraph:\n  - L = sum(X * [1, 2])\n",
        ["L:5:17: error: a list is allowed only as reshape's shape: reshape(A, [2, -1])"],
    ),
    "unknown-generator-key": (
        HEAD + "  X: {randn: [2], sed: 3}\ngraph:\n  - L = sum(X)\n",
        ["L:3:19: error: unknown key 'sed' in randn (did you mean 'seed'?)"],
    ),
    "negative-label": (
        HEAD + "  y: {labels: [0, -1]}\n  X: [1.0, 2.0]\ngraph:\n  - L = sum(X)\n",
        [
            "L:3:19: error: labels of 'y': element [1] must be a non-negative whole number "
            "(a label), not -1"
        ],
    ),
    "expected-disagrees": (
        HEAD + "  W: [[1.0, 2.0], [3.0, 4.0]]\ngraph:\n  - L = sum(W * W)\nexpected:\n  W: 3 * W\n",
        [
            "L:7:6: error: expected grad of 'W' disagrees at W[0, 0]: 3 expected, but the "
            "engine computes 2 (tolerance: abs 0, rel 0.001)"
        ],
    ),
    "expected-shape": (
        HEAD + "  W: [[1.0, 2.0], [3.0, 4.0]]\ngraph:\n  - L = sum(W * W)\n"
        "expected:\n  W: sum(W, axis=0)\n",
        ["L:7:6: error: expected grad of 'W' has shape (2,), but the gradient has shape (2, 2)"],
    ),
    "ask-labels": (
        HEAD + "  P: {randn: [2, 3]}\n  q: {labels: [0, 2]}\ngraph:\n  - L = sum(pick(P, q))\n"
        "ask: [P, q]\n",
        ["L:7:10: error: 'ask' names the labels 'q', which has no gradient; it is never asked"],
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_tensor_problem_at_its_position(tmp_path: Path, kind: str) -> None:
    text, want = CASES[kind]
    assert problems(tmp_path, text) == want


def test_expected_that_agrees_passes(tmp_path: Path) -> None:
    text = HEAD + "  W: [[1.0, 2.0], [3.0, 4.0]]\ngraph:\n  - L = sum(W * W)\nexpected:\n"
    text += "  W: 2 * W\n  L: 1\n"
    assert problems(tmp_path, text) == []


def test_the_reference_lessons_are_clean(tmp_path: Path) -> None:
    assert problems(tmp_path, LINEAR) == []


# -- randomize ----------------------------------------------------------------------------------


def test_randomize_draws_every_element_reproducibly():
    lesson = loads(LINEAR + "randomize:\n  X: [-2, 2]\n  W: [-1.0, 1.0]\n  y: [0, 3]\n")
    one, two = draw(lesson, 5), draw(lesson, 5)
    assert one["X"].shape == (2, 3) and one["X"].dtype == np.float64
    assert set(np.unique(one["X"])) <= set(range(-2, 3))
    assert np.all(np.abs(one["W"]) <= 1) and np.all(one["W"] == np.round(one["W"], 2))
    assert one["y"].dtype.kind == "i" and np.all((one["y"] >= 0) & (one["y"] <= 3))
    for name in ("X", "W", "y"):
        np.testing.assert_array_equal(one[name], two[name])
    graph = variant(lesson, 5)
    np.testing.assert_array_equal(graph.nodes["W"].value, one["W"])


def test_randomize_check_finds_a_bad_range(tmp_path: Path) -> None:
    text = LINEAR + "randomize:\n  y: [0, 9]\n"
    assert problems(tmp_path, text) == [
        "L:11:1: error: randomize can give y=9 (a corner of the ranges): label out of range: "
        "y[0] = 9, but L_1 has 4 columns at node 'L_2'"
    ]
    safe = LINEAR + "randomize:\n  X: [-3.0, 3.0]\n  W: [-1, 1]\n  y: [0, 3]\n"
    assert problems(tmp_path, safe) == []


def test_randomize_labels_need_whole_numbers(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, LINEAR + "randomize:\n  y: [0.5, 2]\n")
    assert line == "L:12:6: error: randomize 'y': labels take whole numbers [low, high], low >= 0"


# -- the grammar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "X @ W + b",
        "X.T",
        "transpose(X)",
        "sum(A)",
        "sum(A, axis=0)",
        "sum(A, axis=1, keepdims=True)",
        "mean(A, axis=-1)",
        "max(A, axis=1, keepdims=True)",
        "softmax(A, axis=1)",
        "log_softmax(A, axis=1)",
        "pick(P, y)",
        "onehot(y, 27)",
        "take(C, idx)",
        "reshape(A, [32, -1])",
        "-mean(pick(logprobs, Yb))",
        "(bnvar + 1e-05)**(-0.5)",
        "abs(x) ** y",
    ],
)
def test_each_spelling_parses_and_prints_back(text):
    tree = parse(text)
    assert shape_of(parse(to_text(tree))) == shape_of(tree)


def shape_of(e):
    """The tree without columns."""
    if isinstance(e, ex.Call):
        return (e.key, e.arg, tuple(shape_of(a) for a in e.args))
    return e.name if isinstance(e, ex.Ref) else e.value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A.shape", "the attributes are .T and .mT"),
        ("A.T()", "only plain function calls"),
        ("sum(A, axis=0.5)", "axis must be a whole number"),
        ("sum(A, keepdims=1)", "keepdims must be True or False"),
        ("sum(A, axis=99)", "axis 99 is out of range"),
        ("softmax(A, keepdims=True)", "softmax() takes only axis"),
        ("pick(P)", "pick() takes two arguments, not 1"),
        ("reshape(A, 32)", "reshape's shape is a list"),
        ("reshape(A, [0])", "a reshape size is -1 or from 1"),
        ("reshape(A, [1, 2, 3, 4, 5, 6, 7, 8, 9])", "1 to 8 sizes"),
        ("onehot(y, 0)", "number of classes must be from 1"),
        ("onehot(y, k)", "must be a whole number"),
        ("A[0]", "a subscript takes : or start:stop on each axis (x[:, 0:2], a block)"),
        ("sum(*A)", "*arguments are not allowed"),
        ("sum(A, **k)", "sum() takes only axis and keepdims, not **"),
        ("summ(A)", "did you mean 'sum'"),
        ("__import__('os')", "quotes are not allowed"),  # every dialect refuses them (#16)
        ("A if B else C", "ifexp is not allowed"),
        ("[1, 2]", "a list is allowed only as reshape's shape"),
        ("lambda: 1", "lambda is not allowed"),
    ],
)
def test_refused_spellings(text, message):
    with pytest.raises(
        ParseError,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("*", r"\*")
        .replace("[", r"\["),
    ):
        parse(text)


def test_scalar_lessons_keep_the_scalar_grammar(tmp_path: Path) -> None:
    text = "title: T\ninputs: {a: 1}\ngraph:\n  - L = sum(a)\n"
    with pytest.raises(LessonError, match="unknown function 'sum'"):
        loads(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="AXW.T@()[],=-+*/01 sumaxiskeepdTruepicktakereshapeonehot", max_size=60))
def test_hostile_tensor_expressions_give_one_error(text):
    try:
        parse(text)
    except ParseError as exc:
        assert exc.message and "\n" not in exc.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "X @ W",
                "W @ X",
                "X.T",
                "sum(X, axis=1)",
                "log(X)",
                "X / b",
                "pick(X, y)",
                "take(W, y)",
                "reshape(X, [-1])",
                "onehot(y, 2)",
                "softmax(X, axis=3)",
                "max(X, axis=0, keepdims=True)",
                "sqrt(X - 1)",
                "X ** 0.5",
                "X ** b",
                "exp(X * 1000)",
                "reshape(X, [5, -1])",
                "mean(W)",
                "b - X",
            ]
        ),
        min_size=1,
        max_size=4,
    )
)
def test_hostile_tensor_lessons_give_lines_never_tracebacks(tmp_path_factory, exprs):
    lines = "".join(f"  - t{i} = {e}\n" for i, e in enumerate(exprs))
    total = " + ".join(f"sum(t{i})" for i in range(len(exprs)))
    text = (
        "title: T\ninputs:\n  X: [[1.0, -2.0], [3.0, 4.0]]\n  W: {randn: [2, 3]}\n"
        f"  b: [0.0, 2.0]\n  y: {{labels: [1, 0]}}\ngraph:\n{lines}  - L = {total}\n"
    )
    path = tmp_path_factory.mktemp("h") / "l.yaml"
    path.write_text(text)
    for line in check_file(path):
        # warnings are allowed (random numbers may make a mistake coincide), tracebacks not
        assert line.count("\n") == 0 and (": error: " in line or ": warning: " in line)


# -- the JSON Schema ----------------------------------------------------------------------------


@pytest.fixture
def validator():
    import json

    import jsonschema

    from tutor.authoring.template import schema_path

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_accepts_every_tensor_input_form(validator):
    import yaml

    validator.validate(yaml.safe_load(LINEAR))
    lesson = yaml.safe_load(LINEAR)
    lesson["inputs"]["T"] = [[[1, 2], [3, 4]]]
    lesson["inputs"]["Y"] = {"labels": [[1, 2], [0, 3]]}
    validator.validate(lesson)


@pytest.mark.parametrize(
    "value",
    [
        [],
        [1, "two"],
        {"randn": [0, 3]},
        {"randn": [2, 3], "sed": 1},
        {"uniform": [2], "low": "a"},
        {"labels": [0, -1]},
        {"labels": [0.5]},
        {"randn": [2], "labels": [1]},
        {"randn": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
    ],
    ids=repr,
)
def test_schema_refuses_bad_tensor_inputs(validator, value):
    import yaml

    lesson = yaml.safe_load(LINEAR)
    lesson["inputs"]["X"] = value
    assert not validator.is_valid(lesson)


# -- solve, solve --json and export -------------------------------------------------------------


def solve_json(tmp_path: Path, capsys, text: str) -> dict:
    import json

    from tutor.cli import main

    path = tmp_path / "lin.yaml"
    path.write_text(text)
    assert main(["solve", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_solve_json_keeps_the_shape_and_adds_shapes(tmp_path: Path, capsys) -> None:
    data = solve_json(tmp_path, capsys, LINEAR)
    # the scalar contract's keys (label, hints included), and a shape per node
    assert list(data) == ["lesson", "title", "output", "order", "seed", "inputs", "nodes", "hints"]
    nodes = {n["name"]: n for n in data["nodes"]}
    assert all(
        list(n) == ["name", "label", "op", "inputs", "value", "grad", "shape"]
        for n in nodes.values()
    )
    assert nodes["W"]["shape"] == [3, 4] and len(nodes["W"]["grad"]) == 3
    assert nodes["L"]["shape"] == [] and nodes["L"]["grad"] == 1.0
    assert nodes["s"]["shape"] == [] and isinstance(nodes["s"]["value"], float)
    assert nodes["y"] == {
        "name": "y",
        "label": "y",
        "op": None,
        "inputs": [],
        "value": [1, 3],
        "grad": None,
        "shape": [2],
    }
    assert nodes["Z_1"]["op"] == "@" and nodes["Z_1"]["inputs"] == ["X", "W"]
    assert data["inputs"]["y"] == [1, 3] and data["inputs"]["s"] == 2.0
    graph = build(loads(LINEAR))
    for name, node in graph.nodes.items():
        if node.has_grad:
            np.testing.assert_array_equal(nodes[name]["grad"], node.grad)


def test_solve_prints_the_table_with_vjps_and_shapes(tmp_path: Path, capsys, monkeypatch) -> None:
    from tutor.cli import main

    monkeypatch.setenv("COLUMNS", "250")
    path = tmp_path / "lin.yaml"
    path.write_text(LINEAR)
    assert main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    for text in (
        "dW += X.T @ dZ_1",
        "dX += dZ_1 @ W.T",
        "db += sum(dZ, axis=0)",
        "randn (3, 4) * 0.5, seed 1",
        "labels (2,)",
        "X (2, 3), W (3, 4)",
        "dL/dW = [[",
    ):
        assert text in out, text


def test_big_tensors_are_shown_as_shape_and_norm():
    from tutor.tensor.show import tensor_text

    assert tensor_text(np.array([1.0, -0.5])) == "[1, -0.5000]"
    assert tensor_text(np.full((4, 4), 0.5)) == "(4, 4) ‖·‖ 2"
    assert tensor_text(np.full((4, 4), 0.5), shape=False) == "‖·‖ 2"


def test_export_draws_tensor_records(tmp_path: Path, capsys) -> None:
    from tutor.cli import main

    path = tmp_path / "lin.yaml"
    path.write_text(
        LINEAR.replace("{randn: [3, 4], scale: 0.5, seed: 1}", "{randn: [3, 5]}")
        .replace("{uniform: [4], low: -1, high: 1, seed: 2}", "[1, 2, 3, 4, 5]")
        .replace("labels: [1, 3]", "labels: [1, 4]")
    )
    out = tmp_path / "g.dot"
    assert main(["export", str(path), "-o", str(out)]) == 0
    dot = out.read_text()
    # a tensor's fields stack: name, shape, then data and grad as a norm over a few rows
    assert '"y | shape (2,) | data [1, 4] | grad -", fillcolor="#e5e7eb"' in dot  # labels
    assert "W | shape (3, 5) | data ‖·‖ 3.6003\\l[0.1257, -0.1321, 0.6404, 0.1049, …]\\l" in dot
    assert "X | shape (2, 3) | data ‖·‖ 9.5394\\l[1, 2, 3]\\l[4, 5, 6]\\l | grad ‖·‖ " in dot
    assert main(["export", str(path), "-o", str(out), "--state", "blank"]) == 0
    assert '| grad ?"' in out.read_text() and '| grad -"' in out.read_text()


# -- the lesson list and the app -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        LINEAR,
        LINEAR.replace("  - L = ", "  - k = onehot(y, 4)\n  - L = sum(k * Z) + "),
        LINEAR.replace("  - L = ", "  - y2 = reshape(y, [2, 1])\n  - L = sum(take(Z.T, y2)) + "),
        LINEAR + "ask: inputs\n",
    ],
)
def test_the_list_counts_asked_nodes_without_numpy(text):
    from tutor.lesson.tensor_inputs import asked_count

    lesson = loads(text)
    assert asked_count(lesson) == len(build(lesson).order)


def test_makemore_is_counted_in_the_list():
    from tutor.authoring.catalog import entry_for
    from tutor.lesson.find import bundled_dir

    entry = entry_for(bundled_dir() / "makemore-ninja.yaml")
    assert entry.error is None and entry.size == 34


def test_the_app_opens_a_tensor_lesson(tmp_path: Path) -> None:
    from tutor.app.factory import make_app

    app = make_app("makemore-ninja", data_dir=tmp_path)  # issue 12: tensor lessons open
    session = app.ctx.session_for(app.ctx.start)
    assert session.current == "loss"


def test_overflow_is_reported_at_the_operation(tmp_path: Path) -> None:
    text = HEAD + "  X: [1.0, 800.0]\ngraph:\n  - L = sum(exp(X))\n"
    assert problems(tmp_path, text) == [
        "L:5:13: error: overflow: exp(X) is too large at L_1[1] at node 'L_1' with the "
        "lesson's inputs"
    ]


def test_the_course_quiz_is_the_whole_course_tensor_lessons_too(tmp_path: Path) -> None:
    """One core: a tensor lesson quizzes like a scalar one, so the course quiz keeps it."""
    from tutor.app.factory import make_quiz_app
    from tutor.lesson.course import read_course
    from tutor.lesson.find import bundled_dir

    app = make_quiz_app(data_dir=tmp_path, seed=3)
    names = [p.stem for p in app.ctx.paths]
    assert names == [p.stem for p in read_course(bundled_dir()).files]
    assert "makemore-ninja" in names and "two-layer-net" in names


def test_tensor_sqrt_at_an_exact_zero_is_named_at_the_op_as_in_a_scalar_lesson() -> None:
    """One builder: the tensor graph blames the sqrt line, not the input, like the scalar one."""
    from tutor.graph.build import GraphError

    text = (
        "title: t\ninputs:\n  X: [[0.0, 1.0], [4.0, 9.0]]\ngraph:\n"
        "  - Y = sqrt(X)\n  - L = sum(Y)\n"
    )
    with pytest.raises(GraphError) as caught:
        build(loads(text))
    assert caught.value.node == "Y" and caught.value.pos.line == 5
    assert caught.value.message == "infinite local derivative ∂Y/∂X (sqrt at X[0, 0] = 0)"
