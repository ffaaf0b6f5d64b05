"""The labelled corpus: realistic wrong answers, each computed here from its mistake's
definition (this file's own derivative table, not the tutor's), graded by the tutor.

The test asserts that at least 90% of the labelled answers get the right code, that no
answer no misconception explains gets any code, and that every right answer (the
solution, under 20 seeds for randomized lessons) is graded right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lesson_texts import scalar_bundled

from tutor.graph.build import build
from tutor.graph.variants import variant
from tutor.lesson.find import load, loads
from tutor.mistakes import Mistake
from tutor.notation import num
from tutor.scalar.engine import numeric_grad
from tutor.teach.grading import grade
from tutor.teach.misconceptions import PRIORITY, TABLE, predictions
from tutor.teach.solution import solution_json

# -- lessons written for this test: every gate, non-round numbers, upstreams other than 1 ----

TEST_LESSONS = {
    "mul3": "inputs: {a: 1.5, b: -2.5, c: 0.75}\ngraph:\n  - p = a * b\n  - L = p * c\n",
    "tanhn": (
        "inputs: {x: 0.6, w: -1.3, b: 0.4, k: 1.7}\n"
        "graph:\n  - z = x * w\n  - n = z + b\n  - o = tanh(n)\n  - L = o * k\n"
    ),
    "sig": (
        "inputs: {u: 0.3, v: 1.1, t: 0.9}\n"
        "graph:\n  - s = u * v\n  - p = sigmoid(s)\n  - e = p - t\n  - L = e ** 2\n"
    ),
    "trig": (
        "inputs: {t: 0.7, k: 1.9}\n"
        "graph:\n  - q = t * k\n  - s = sin(q)\n  - m = cos(k)\n  - L = s * m\n"
    ),
    "cube": "inputs: {x: 1.3, y: 0.8}\ngraph:\n  - c3 = x ** 3\n  - h = c3 * y\n  - L = h ** 2\n",
    "div": (
        "inputs: {a: 2.5, b: 1.6, w: 0.9}\ngraph:\n  - r = a / b\n  - m = r * w\n  - L = m ** 2\n"
    ),
    "relu": (
        "inputs: {x: 1.2, w1: 0.8, w2: -1.5, v: 2.3}\n"
        "graph:\n  - z1 = x * w1\n  - z2 = x * w2\n  - r1 = relu(z1)\n  - r2 = relu(z2)\n"
        "  - s = r1 + r2\n  - L = s * v\n"
    ),
    "explog": (
        "inputs: {x: 0.4, y: 2.2}\n"
        "graph:\n  - e = exp(x)\n  - g = log(y)\n  - m = e * g\n  - L = tanh(m)\n"
    ),
    "subneg": (
        "inputs: {a: 1.7, b: 0.6, c: -0.9}\ngraph:\n  - d = a - b\n  - n = -d\n  - L = n * c\n"
    ),
    "reuse": "inputs: {a: 0.9, w: -1.4}\ngraph:\n  - p = a * w\n  - q = a + w\n  - L = p * q\n",
    "sqrt": (
        "inputs: {x: 2.3, y: 0.7}\ngraph:\n  - r = sqrt(x)\n  - m = r * y\n  - L = sigmoid(m)\n"
    ),
    "scaled": (
        "inputs: {x: 0.7, w: 1.3}\n"
        "graph:\n  - z = x * w\n  - h = z * 0.75\n  - t = tanh(h)\n  - L = t / 3\n"
    ),
    "coscube": (
        "inputs: {u: 0.45, k: 2.6}\n"
        "graph:\n  - a = u * k\n  - c = cos(a)\n  - h = c ** 3\n  - L = h * k\n"
    ),
}


def _test_graph(name: str):
    return build(loads(f"title: {name}\n" + TEST_LESSONS[name], name=name))


# -- this test's own derivative table (independent of tutor.scalar.ops) ----------------------


def _sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def local(graph, cname: str, i: int) -> float:
    """d C / d operand i, written from calculus here."""
    c = graph.nodes[cname]
    xs = [graph.nodes[n].value for n in c.inputs]
    x, k = xs[0], c.arg
    return {
        "+": lambda: 1.0,
        "-": lambda: (1.0, -1.0)[i],
        "*": lambda: xs[1 - i],
        "/": lambda: (1 / xs[1], -xs[0] / xs[1] ** 2)[i],
        "neg": lambda: -1.0,
        "powc": lambda: k * x ** (k - 1),
        "tanh": lambda: 1 - math.tanh(x) ** 2,
        "sigmoid": lambda: _sig(x) * (1 - _sig(x)),
        "sin": lambda: math.cos(x),
        "cos": lambda: -math.sin(x),
        "exp": lambda: math.exp(x),
        "log": lambda: 1 / x,
        "sqrt": lambda: 1 / (2 * math.sqrt(x)),
        "relu": lambda: 1.0 if x > 0 else 0.0,
    }[c.key]()


@dataclass(frozen=True)
class Use:
    consumer: str
    index: int
    up: float
    local: float


def uses(graph, name: str) -> list[Use]:
    reach = graph.reachable()
    found = []
    for cname in graph.nodes[name].consumers:
        if cname in reach:
            c = graph.nodes[cname]
            for i, operand in enumerate(c.inputs):
                if operand == name:
                    found.append(Use(cname, i, c.grad, local(graph, cname, i)))
    return found


def definitions(graph, name: str) -> list[tuple[Mistake, float]]:
    """Wrong answers at ``name``, one per mistake definition that applies."""
    node = graph.nodes[name]
    if name == graph.output:
        return [(Mistake.OUTPUT_ONE, 0.0), (Mistake.VALUE_NOT_GRAD, node.value), (Mistake.SIGN, -1)]
    us = uses(graph, name)
    right = sum(u.up * u.local for u in us)
    out: list[tuple[Mistake, float]] = [
        (Mistake.VALUE_NOT_GRAD, node.value),
        (Mistake.SIGN, -right),
        (Mistake.ROUNDING, float(f"{right:.2g}")),
        (Mistake.ROUNDING, right * 1.006),
    ]
    if len(us) == 1:
        u = us[0]
        out += [
            (Mistake.NO_UPSTREAM, u.local),
            (Mistake.UPSTREAM_ONLY, u.up),
            (Mistake.ADD_NOT_MUL, u.up + u.local),
        ]
        c = graph.nodes[u.consumer]
        for dname in c.consumers:
            if dname != graph.output and dname in graph.reachable():
                out.append((Mistake.WRONG_UPSTREAM, graph.nodes[dname].grad * u.local))
        # the upstream worked out in degrees one trig gate above
        if c.consumers and graph.nodes[c.consumers[0]].key in ("sin", "cos"):
            dn = graph.nodes[c.consumers[0]]
            r = math.radians(c.value)
            deg = math.cos(r) if dn.key == "sin" else -math.sin(r)
            out.append((Mistake.DEGREES, dn.grad * deg * u.local))
    else:
        out += [(Mistake.ONE_CONSUMER, u.up * u.local) for u in us]
    for u in us:
        c = graph.nodes[u.consumer]
        x, y, k = node.value, c.value, c.arg

        def swap(wrong_local: float, u=u) -> float:
            return right - u.up * u.local + u.up * wrong_local

        if c.key == "*":
            out.append((Mistake.MUL_OWN_INPUT, swap(x)))
        if c.key in ("tanh", "sigmoid", "sin", "cos", "log", "sqrt", "powc"):
            out.append((Mistake.FUNC_NOT_DERIV, swap(y)))
        if c.key == "tanh":
            out.append((Mistake.ACT_AT_INPUT, swap(1 - x**2)))
            out.append((Mistake.AT_OUTPUT, swap(1 - math.tanh(y) ** 2)))
        if c.key == "sigmoid":
            out.append((Mistake.ACT_AT_INPUT, swap(x * (1 - x))))
        if c.key == "sin":
            out.append((Mistake.AT_OUTPUT, swap(math.cos(y))))
            out.append((Mistake.DEGREES, swap(math.cos(math.radians(x)))))
        if c.key == "cos":
            out.append((Mistake.AT_OUTPUT, swap(-math.sin(y))))
            out.append((Mistake.DEGREES, swap(-math.sin(math.radians(x)))))
        if c.key == "log":
            out.append((Mistake.AT_OUTPUT, swap(1 / y)))
        if c.key == "exp":
            out.append((Mistake.AT_OUTPUT, swap(math.exp(y))))
        if c.key == "powc":
            out.append((Mistake.POWER_FACTOR, swap(x ** (k - 1))))
            out.append((Mistake.POWER_EXPONENT, swap(k * x**k)))
            out.append((Mistake.AT_OUTPUT, swap(k * y ** (k - 1))))
        if c.key == "/":
            a, b = (graph.nodes[n].value for n in c.inputs)
            out.append((Mistake.QUOTIENT, swap(-a / b if u.index == 1 else -a / b**2)))
        if c.key == "relu":
            out.append((Mistake.RELU_GATE, swap(0.0 if x > 0 else 1.0)))
        # misremembered local derivatives (local_formula)
        if c.key == "tanh":
            out += [(Mistake.LOCAL_FORMULA, swap(1 - y)), (Mistake.LOCAL_FORMULA, swap(y**2))]
        if c.key == "sigmoid":
            out += [(Mistake.LOCAL_FORMULA, swap(y**2)), (Mistake.LOCAL_FORMULA, swap(1 - y))]
        if c.key == "sin":
            out.append((Mistake.LOCAL_FORMULA, swap(-math.sin(x))))
        if c.key == "log":
            out.append((Mistake.LOCAL_FORMULA, swap(-1 / x**2)))
        if c.key == "sqrt":
            out.append((Mistake.LOCAL_FORMULA, swap(1 / y)))
        # a constant scale (a number written in the graph) left out of the chain rule
        others = [n for i, n in enumerate(c.inputs) if i != u.index]
        if c.key in ("*", "/") and others and graph.nodes[others[0]].kind == "const":
            if abs(u.local) != 1:
                out.append((Mistake.DROPPED_SCALE, swap(1.0)))
    if node.key == "relu" and node.value == 0:
        out.append((Mistake.RELU_GATE, 0.0))
    return out


def _close(graph, a: float, b: float) -> bool:
    return graph.lesson.tolerance.close(a, b)


def _is_rounding(graph, value: float, right: float) -> bool:
    return abs(value - right) <= 0.02 * abs(right) and not _close(graph, value, right)


def labelled(graph, name: str) -> list[tuple[float, Mistake]]:
    """(answer, expected code): codes whose definitions agree are settled by PRIORITY."""
    right = graph.nodes[name].grad
    defs = definitions(graph, name)
    items: list[tuple[float, Mistake]] = []
    for code, value in defs:
        if not math.isfinite(value) or _close(graph, value, right):
            continue
        if code == Mistake.ROUNDING and not _is_rounding(graph, value, right):
            continue
        if any(_close(graph, value, v) for v, _ in items):
            continue
        agree = {c for c, v in defs if _close(graph, v, value)}
        if _is_rounding(graph, value, right):
            agree.add(Mistake.ROUNDING)
        items.append((value, min(agree, key=PRIORITY.index)))
    return items


def _graphs():
    for lesson in scalar_bundled():
        yield lesson, build(load(lesson))
    for name in TEST_LESSONS:
        yield name, _test_graph(name)


def corpus() -> list[tuple[str, str, float, Mistake]]:
    return [
        (lesson, name, value, code)
        for lesson, graph in _graphs()
        for name in graph.order
        for value, code in labelled(graph, name)
    ]


# -- the tests ----------------------------------------------------------------------------


def test_the_tests_derivative_table_matches_finite_differences():
    for _, graph in _graphs():
        for name in graph.order:
            right = sum(u.up * u.local for u in uses(graph, name)) if name != graph.output else 1
            assert right == pytest.approx(graph.nodes[name].grad, rel=1e-9, abs=1e-12)
            numeric = numeric_grad(graph.values[graph.output], graph.values[name], 1e-5)
            assert numeric == pytest.approx(right, rel=1e-4, abs=1e-6)


def test_labelled_corpus():
    items = corpus()
    from_test_lessons = [i for i in items if i[0] in TEST_LESSONS]
    assert len(items) >= 150 and len(from_test_lessons) >= 50
    graphs = dict(_graphs())
    right_code, false = 0, []
    for lesson, name, value, code in items:
        verdict = grade(graphs[lesson], name, value)
        assert not verdict.correct
        right = graphs[lesson].nodes[name].grad
        if not float(right).is_integer():  # the message never states the right number
            assert num(right) not in verdict.message and f"{right:.3f}" not in verdict.message
        if verdict.mistake == code.value:
            right_code += 1
        elif verdict.mistake is not None and code.value not in verdict.mistakes:
            false.append((lesson, name, value, code.value, verdict.mistakes))
    share = right_code / len(items)
    print(f"\ncorpus: {len(items)} labelled, {share:.1%} right code, {len(false)} false")
    assert share >= 0.9, false
    # every code of the table with a scalar predictor is in the corpus
    scalar_codes = {row.code for row in TABLE if row.predictors["scalar"] is not None}
    assert {code for *_, code in items} == scalar_codes


def unexplained(graph, name: str) -> list[float]:
    """Wrong answers no definition explains (a guess, an arithmetic slip elsewhere)."""
    right = graph.nodes[name].grad
    node = graph.nodes[name]
    guesses = [right * 3 + 0.37, right - 0.77 * (abs(right) + 1), 17.31 + node.value * 0.5]
    defs = [v for _, v in definitions(graph, name)] + [right]
    return [
        g
        for g in guesses
        if all(abs(g - v) > 0.05 * max(abs(v), 0.1) for v in defs)
        and all(abs(g - graph.nodes[n].value) > 0.01 for n in graph.nodes)
        and all(abs(g - graph.nodes[n].grad) > 0.01 for n in graph.nodes)
    ]


def test_unexplained_answers_get_no_code():
    items = [
        (lesson, graph, name, value)
        for lesson, graph in _graphs()
        for name in graph.order
        for value in unexplained(graph, name)
    ]
    assert len(items) >= 20
    wrongly = [
        (lesson, name, value, grade(graph, name, value).mistakes)
        for lesson, graph, name, value in items
        if grade(graph, name, value).mistakes
    ]
    print(f"\nunexplained: {len(items)}, diagnosed anyway: {len(wrongly)}")
    assert not wrongly


@pytest.mark.parametrize("lesson", scalar_bundled())
def test_every_right_answer_is_graded_right(lesson):
    loaded = load(lesson)
    seeds = [None] + (list(range(20)) if loaded.randomize else [])
    for seed in seeds:
        graph = variant(loaded, seed)
        solution = solution_json(graph)
        grads = {n["name"]: n["grad"] for n in solution["nodes"]}
        for name in solution["order"]:
            verdict = grade(graph, name, grads[name])
            assert verdict.correct and verdict.mistakes == (), (seed, name)


def test_right_answers_of_the_test_lessons():
    for name in TEST_LESSONS:
        graph = _test_graph(name)
        for node in graph.order:
            assert grade(graph, node, graph.nodes[node].grad).correct


def test_every_row_has_a_name_message_and_example():
    assert [row.code for row in TABLE] == list(PRIORITY)
    assert set(PRIORITY) == set(Mistake)
    for row in TABLE:
        assert row.name and row.example
        assert row.message or row.variants


def test_every_code_is_documented_with_its_example():
    from pathlib import Path

    from tutor.teach.grading import parse_answer

    doc = (Path(__file__).resolve().parents[1] / "docs" / "misconceptions.md").read_text()
    for row in TABLE:
        lesson, node, answer = row.example.split(" ", 2)
        assert f"| `{row.code}` |" in doc and f"`{lesson}` {node}: `{answer}`" in doc
        graph = build(load(lesson))
        known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
        value = parse_answer(answer, graph, known)
        assert grade(graph, node, value, known).mistake == row.code


_UNARY = ["tanh", "sin", "cos", "exp", "sigmoid", "relu"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["+", "*", "-", "/", "**2", "**3"] + _UNARY),
            st.integers(0, 9),
            st.integers(0, 9),
        ),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.sampled_from([-1.7, -0.6, 0.4, 0.9, 1.3, 2.2]), min_size=2, max_size=2),
)
def test_every_prediction_is_diagnosed_and_right_answers_never_are(steps, xs):
    lines, names = [], ["x0", "x1"]
    for i, (op, j, k) in enumerate(steps):
        a, b = names[j % len(names)], names[k % len(names)]
        if op in _UNARY:
            rhs = f"{op}({a})"
        elif op.startswith("**"):
            rhs = f"{a} {op}"
        else:
            rhs = f"{a} {op} {b}"
        lines.append(f"  - n{i} = {rhs}")
        names.append(f"n{i}")
    text = f"title: p\ninputs: {{x0: {xs[0]}, x1: {xs[1]}}}\ngraph:\n" + "\n".join(lines) + "\n"
    try:
        graph = build(loads(text))
    except Exception:  # noqa: BLE001 - a division by zero or overflow: not a lesson
        return
    for name in graph.order:
        right = grade(graph, name, graph.nodes[name].grad)
        assert right.correct and right.mistakes == ()
        for code, value in predictions(graph, name):
            verdict = grade(graph, name, value)
            assert not verdict.correct and code.value in verdict.mistakes
            assert verdict.mistake == verdict.mistakes[0]
