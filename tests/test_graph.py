"""tutor.graph.build: names, order, inputs per use, constants, ask, and the numeric check."""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lesson_texts import MICROGRAD

from tutor.graph import build as G
from tutor.lesson.find import loads

ROOT = Path(__file__).resolve().parent.parent


def _bench_lessons():
    spec = importlib.util.spec_from_file_location("bench_lessons", ROOT / "bench" / "lessons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(text: str) -> G.Graph:
    return G.build(loads(text))


def lesson_text(inputs: dict[str, float], lines: list[str], extra: str = "") -> str:
    ins = "".join(f"  {k}: {v!r}\n" for k, v in inputs.items())
    body = "".join(f"  - {line}\n" for line in lines)
    return f"title: t\ninputs:\n{ins}graph:\n{body}{extra}"


def assert_reverse_topological(g: G.Graph) -> None:
    """Every asked node comes after all its asked consumers; each node appears once."""
    position = {name: i for i, name in enumerate(g.order)}
    assert len(position) == len(g.order)
    for name in g.order:
        for consumer in g[name].consumers:
            if consumer in position:
                assert position[consumer] < position[name], (consumer, name, g.order)


# -- the micrograd walk-through ------------------------------------------------------------


def test_micrograd_labels_order_values_and_grads():
    g = build(MICROGRAD)
    assert g.order == ["L", "d", "f", "c", "e", "a", "b"]
    assert list(g.nodes) == ["a", "b", "c", "f", "e", "d", "L"]
    values = {n: g[n].value for n in g.nodes}
    assert values == {"a": 2, "b": -3, "c": 10, "f": -2, "e": -6, "d": 4, "L": -8}
    grads = {n: g[n].grad for n in g.nodes}
    assert grads == {"L": 1, "d": -2, "f": 4, "c": -2, "e": -2, "a": 6, "b": -4}
    assert {n: g[n].kind for n in g.nodes} == {
        "a": "input", "b": "input", "c": "input", "f": "input",
        "e": "op", "d": "op", "L": "op",
    }  # fmt: skip
    e = g["e"]
    assert (e.key, e.op, e.inputs) == ("*", "*", ("a", "b"))
    assert (e.local, e.symbols) == ((-3.0, 2.0), ("b", "a"))
    assert e.formula == "a * b"
    assert g["a"].consumers == ("e",) and g["a"].op is None
    assert g["L"].consumers == ()
    assert g.output == "L" and g.reachable() == set(g.nodes)


def test_numeric_check_on_the_micrograd_graph():
    g = build(MICROGRAD)
    assert g.numeric("f") == pytest.approx(4.0, abs=1e-9)
    assert g.numeric("e") == pytest.approx(-2.0, abs=1e-9)
    assert g.numeric("a", h=0.001) == pytest.approx(6.0, abs=1e-9)
    assert g["L"].value == -8.0 and g.values["L"].data == -8.0  # restored


def test_deep_learning_book_example():
    g = build(lesson_text({"u1": 4, "u2": 2}, ["u3 = u1 + u2", "u4 = u3 ** 2", "u5 = sin(u4)"]))
    assert g["u1"].grad == 12 * math.cos(36)
    assert g["u4"].symbols == ("2 * u3",)
    assert g["u4"].op == "**2" and g["u4"].key == "powc"
    assert g.order == ["u5", "u4", "u3", "u1", "u2"]


# -- inputs per use, consumers, uses -------------------------------------------------------


def test_a_plus_a_lists_a_twice():
    g = build(lesson_text({"a": 3.0}, ["b = a + a"]))
    assert g["b"].inputs == ("a", "a")
    assert g["a"].consumers == ("b",)
    assert g["a"].uses == {"b": 2}
    assert g["a"].grad == 2.0
    assert g["b"].local == (1.0, 1.0)


def test_uses_across_consumers_in_graph_order():
    g = build(lesson_text({"a": 3.0}, ["b = a * a + a"]))
    assert g["b_1"].inputs == ("a", "a")
    assert g["b"].inputs == ("b_1", "a")
    assert g["a"].consumers == ("b_1", "b")
    assert g["a"].uses == {"b_1": 2, "b": 1}
    assert g["a"].grad == 2 * 3.0 + 1


# -- generated names and constants ---------------------------------------------------------


def test_compound_assignment_generates_names():
    text = lesson_text({"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}, ["L = (a*b + c) * f"])
    g = build(text)
    assert list(g.nodes) == ["a", "b", "c", "f", "L_1", "L_2", "L"]
    assert g["L_1"].inputs == ("a", "b") and g["L_1"].op == "*"
    assert g["L_2"].inputs == ("L_1", "c") and g["L_2"].op == "+"
    assert g["L"].inputs == ("L_2", "f")
    grads = {n: g[n].grad for n in g.nodes}
    assert grads == {"L": 1, "L_2": -2, "f": 4, "c": -2, "L_1": -2, "a": 6, "b": -4}
    assert g.order == ["L", "L_2", "f", "L_1", "c", "a", "b"]


def test_generated_names_skip_names_the_lesson_uses():
    g = build(lesson_text({"a": 1.0, "b": 2.0}, ["L_1 = a + b", "L = (a*b + L_1) * a"]))
    assert "L_2" in g.nodes and "L_3" in g.nodes
    assert g["L_1"].inputs == ("a", "b")  # the lesson's own L_1, untouched
    assert g["L_2"].inputs == ("a", "b") and g["L_2"].op == "*"
    assert g["L_3"].inputs == ("L_2", "L_1")


def test_constants_are_const_nodes_not_asked():
    g = build(lesson_text({"x": 3.0}, ["y = x * 2 + 2"]))
    assert g["2"].kind == "const" and g["2"].op == "const" and g["2"].value == 2.0
    assert g["2#2"].kind == "const"
    assert g["y_1"].inputs == ("x", "2")
    assert g["y"].inputs == ("y_1", "2#2")
    assert g.order == ["y", "y_1", "x"]
    assert "2" not in g.order and "2#2" not in g.order
    assert g["x"].grad == 2.0


# -- ask -----------------------------------------------------------------------------------


def test_ask_inputs():
    g = build(MICROGRAD + "ask: inputs\n")
    assert g.order == ["f", "c", "a", "b"]
    assert g.asked == {"a", "b", "c", "f"}


def test_ask_a_list():
    g = build(MICROGRAD + "ask: [a, d, e]\n")
    assert g.order == ["d", "e", "a"]


def test_unreachable_statements_are_not_asked():
    g = build(lesson_text({"a": 1.0, "b": 2.0}, ["dead = a * 3", "out = a + b"]))
    assert g.output == "out"
    assert g.order == ["out", "a", "b"]
    assert g["dead"].grad == 0.0 and g.numeric("dead") == 0.0


# -- random DAG lessons --------------------------------------------------------------------

BOUNDED = ("tanh", "sin", "cos", "sigmoid")


@st.composite
def dag_lessons(draw) -> str:
    """A random lesson whose every node stays in [-1, 1] (so gradients stay moderate)."""
    n_inputs = draw(st.integers(1, 4))
    names = [f"x{i}" for i in range(n_inputs)]
    inputs = {n: draw(st.floats(-1.0, 1.0).map(lambda v: round(v, 3))) for n in names}
    lines = []
    for i in range(draw(st.integers(1, 14))):
        a, b = draw(st.sampled_from(names)), draw(st.sampled_from(names))  # may be equal
        form = draw(st.integers(0, 4))
        if form == 0:
            rhs = f"{draw(st.sampled_from(BOUNDED))}({a} {draw(st.sampled_from('+-*'))} {b})"
        elif form == 1:
            rhs = f"{a} * {b}"
        elif form == 2:
            rhs = f"({a} {draw(st.sampled_from('+-'))} {b}) * 0.5"
        elif form == 3:
            rhs = f"{a} ** 2"
        else:
            rhs = f"{draw(st.sampled_from(BOUNDED))}({a})"
        target = f"n{i}"
        lines.append(f"{target} = {rhs}")
        names.append(target)
    ask = draw(st.sampled_from(["all", "inputs"]))
    return lesson_text(inputs, lines, f"ask: {ask}\n")


@settings(max_examples=120, deadline=None)
@given(dag_lessons())
def test_order_is_reverse_topological_for_random_lessons(text):
    lesson = loads(text)
    g = G.build(lesson)
    assert_reverse_topological(g)
    reach = g.reachable()
    candidates = {n for n in reach if g[n].kind != "const"}
    if lesson.ask == "all":
        assert set(g.order) == candidates
        assert g.order[0] == g.output
    else:
        assert set(g.order) == {n for n in candidates if g[n].kind == "input"}
    for name, node in g.nodes.items():
        assert sum(node.uses.values()) == sum(g[c].inputs.count(name) for c in node.consumers)
        assert node.kind != "const" or node.inputs == ()


@settings(max_examples=80, deadline=None)
@given(dag_lessons())
def test_numeric_is_close_to_grad_for_every_node(text):
    g = G.build(loads(text))
    for name, node in g.nodes.items():
        assert g.numeric(name) == pytest.approx(node.grad, rel=1e-3, abs=1e-4), name


def test_large_synthetic_lesson():
    synthetic_lesson = _bench_lessons().synthetic_lesson
    g = G.build(loads(synthetic_lesson(400, seed=3)))
    assert len(g.nodes) == 400
    assert len(g.order) == 400 and g.order[0] == g.output
    assert_reverse_topological(g)
    for name in ("x0", "y0", "p50", "x99"):
        assert g.numeric(name) == pytest.approx(g[name].grad, rel=1e-3, abs=1e-4)
    assert g["x1"].uses == {"y1": 1, "p2": 1, "y2": 1}
    assert g["x5"].uses == {"y5": 2, "p6": 1, "y6": 1}  # y5 = x5 * x5


# -- what people read: constants by their number, folded constant parts -------------------

REPEATED = lesson_text(
    {"x": 3.0, "y0": 0.5},
    ["x2 = x * 1.0001", "x3 = x2 * 1.0001", "y = 1 * x3 + 1", "r = 1/2 - y", "L = r * y0 + 1"],
)


def _everything_people_read(g: G.Graph) -> list[str]:
    """Every text the tree, question, table, hints, solve and pictures build from a graph."""
    import io
    from contextlib import redirect_stdout
    from dataclasses import astuple

    from tutor import dot
    from tutor.teach import hints
    from tutor.teach import solution as solve

    texts = [n.label for n in g.nodes.values()] + [n.formula for n in g.nodes.values()]
    texts += [s for n in g.nodes.values() for s in n.symbols]
    for name in g.order:
        texts += [h.text for h in hints.hint_tiers(g, name, {})]
        texts.append(hints.reveal(g, name))
        texts += [" ".join(map(str, astuple(r))) for r in hints.table_rows(g, name)]
    texts += re.findall(r'label="([^"]*)"', dot.to_dot(g))  # colours are #rrggbb
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        solve.render(g)
    texts.append(buffer.getvalue())
    return texts


def test_repeated_constants_are_shown_as_their_number_everywhere():
    g = build(REPEATED)
    assert "1.0001#2" in g.nodes and "1#2" in g.nodes  # unique keys inside ...
    assert g["x3"].formula == "x2 * 1.0001"  # ... their number outside
    assert g["r"].formula == "0.5 - y" and g["L"].formula == "L_1 + 1"
    assert g["1.0001#2"].label == "1.0001"
    for text in _everything_people_read(g):
        assert "#" not in text, text


def test_constant_parts_are_folded_into_one_constant_never_asked():
    g = build(lesson_text({"x": 3.0}, ["y = x / sqrt(2)"]))
    assert g.order == ["y", "x"]  # no dy/dy_1
    assert g["y"].inputs == ("x", "sqrt(2)") and g["y"].formula == "x / sqrt(2)"
    assert g["sqrt(2)"].kind == "const" and g["sqrt(2)"].value == math.sqrt(2)  # exact
    assert g["x"].symbols == () and g["y"].symbols == ("1/sqrt(2)", "-x/sqrt(2)**2")
    assert g["x"].grad == 1 / math.sqrt(2)


@pytest.mark.parametrize(
    ("line", "inputs", "label", "value"),
    [
        ("y = x * (1 + 2) ** 2", ("x", "9"), "9", 9.0),
        ("y = x * -(3)", ("x", "-3"), "-3", -3.0),
        ("y = exp(-1) * x", ("exp(-1)", "x"), "exp(-1)", math.exp(-1)),
        ("y = 2 ** 0.5 * x", ("1.41421", "x"), "1.41421", 2**0.5),
        ("y = x + 1/3", ("x", "0.333333"), "0.333333", 1 / 3),
    ],
)
def test_folded_constants(line, inputs, label, value):
    g = build(lesson_text({"x": 3.0}, [line]))
    assert g["y"].inputs == inputs
    const = g[inputs[0] if inputs[1] == "x" else inputs[1]]
    assert (const.kind, const.label, const.value) == ("const", label, value)
    assert g.order == ["y", "x"]


def test_a_line_made_only_of_constants_is_a_constant():
    g = build(lesson_text({"x": 3.0}, ["k = 2 * 3", "y = k * x"]))
    assert g["k"].kind == "const" and g["k"].value == 6.0
    assert g.order == ["y", "x"]


@pytest.mark.parametrize(
    ("line", "message", "col"),
    [
        ("y = x / sqrt(0 - 2)", "sqrt of a negative value", 13),
        ("y = x * (1 / 0)", "division by zero", 14),
        ("y = x + log(0)", "log of a non-positive value", 13),
    ],
)
def test_a_folded_constant_that_fails_is_reported_at_its_operation(line, message, col):
    with pytest.raises(G.GraphError) as info:
        build(lesson_text({"x": 3.0}, [line]))
    assert info.value.message == message
    assert (info.value.pos.line, info.value.pos.col) == (5, col)
