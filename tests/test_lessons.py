"""The bundled curriculum: every lesson loads, builds, and its authors' answers are right."""

from __future__ import annotations

import math

import pytest
from golden.cases import BEYOND_NINJA

from tutor.graph.build import CONST, INPUT, Graph, build
from tutor.graph.variants import draw, variant
from tutor.lesson.course import read_course
from tutor.lesson.find import Lesson, bundled_dir, bundled_names, load
from tutor.scalar import evaluate as ex

NAMES = bundled_names()
#: Lessons of numbers; the tensor lessons (makemore-ninja) are tested in test_makemore.py.
SCALAR_NAMES = [n for n in NAMES if all(isinstance(v, float) for v in load(n).inputs.values())]
SEEDS = range(51)

REQUIRED = [
    "add-multiply-gates",
    "micrograd-labels",
    "dlbook-sin",
    "neuron-tanh",
    "reuse-sum",
    "division-powers",
    "sigmoid-squared-error",
    "softmax-xent",
    "two-layer-net",
]


def expected_value(lesson: Lesson, graph: Graph, name: str) -> float:
    """The author's expected answer for ``name``, evaluated (names mean node values)."""
    return ex.evaluate(lesson.expected[name].expr, graph.value_env)


# -- the curriculum as a whole ---------------------------------------------------------


def test_at_least_ten_lessons_including_the_required_ones() -> None:
    assert len(NAMES) >= 10
    missing = [n for n in REQUIRED if n not in NAMES]
    assert missing == []


def test_course_lists_every_lesson_in_teaching_order() -> None:
    folder = bundled_dir()
    course = read_course(folder)
    assert course.title == "Backpropagation by hand"
    listed = load_course_names(folder)
    assert sorted(listed) == sorted(NAMES)
    assert len(listed) == len(set(listed))
    assert listed[0] == "add-multiply-gates"
    assert listed[1] == "micrograd-labels"
    assert [n for n in listed if n in SCALAR_NAMES][-1] == "two-layer-net"
    # tensors come after every scalar lesson; issue 20's lessons after makemore-ninja
    assert listed[-1 - len(BEYOND_NINJA)] == "makemore-ninja"
    assert listed[-len(BEYOND_NINJA) :] == list(BEYOND_NINJA)
    assert [p.stem for p in course.files] == listed == NAMES


def load_course_names(folder) -> list[str]:
    """The ``lessons:`` list of course.yaml, as written."""
    import yaml

    data = yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8"))
    return list(data["lessons"])


# -- every lesson ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_lesson_loads_with_title_and_teaching_description(name: str) -> None:
    lesson = load(name)
    assert lesson.name == name
    assert lesson.title.strip()
    assert len(lesson.description.split()) >= 40, "the description should teach, not just name"
    assert lesson.summary
    assert lesson.hints, "every lesson has hints for the nodes where learners stumble"


@pytest.mark.parametrize("name", SCALAR_NAMES)
def test_expected_answers_match_the_engine(name: str) -> None:
    lesson = load(name)
    graph = build(lesson)
    assert lesson.expected, "every lesson states its answers"
    for node in lesson.expected:
        assert node in graph.nodes, f"expected names unknown node {node!r}"
        want = expected_value(lesson, graph, node)
        got = graph.nodes[node].grad
        assert lesson.tolerance.close(got, want), f"{name}: {node} engine {got} != expected {want}"
        # The authors' numbers are meant to be exact, not just within the learner's tolerance.
        assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9), (node, got, want)


@pytest.mark.parametrize("name", SCALAR_NAMES)
def test_every_asked_input_and_intermediate_has_an_expected_answer(name: str) -> None:
    lesson = load(name)
    graph = build(lesson)
    assert graph.order[0] == lesson.output
    assert set(graph.order) <= set(lesson.expected), set(graph.order) - set(lesson.expected)


@pytest.mark.parametrize("name", NAMES)
def test_hints_name_asked_nodes(name: str) -> None:
    lesson = load(name)
    graph = build(lesson)
    assert set(lesson.hints) <= graph.asked, set(lesson.hints) - graph.asked


@pytest.mark.parametrize("name", SCALAR_NAMES)
def test_numeric_check_agrees_with_every_gradient(name: str) -> None:
    graph = build(load(name))
    for node in graph.order:
        numeric = graph.numeric(node)
        assert math.isclose(numeric, graph[node].grad, rel_tol=1e-4, abs_tol=1e-6), node


@pytest.mark.parametrize("name", SCALAR_NAMES)
def test_randomized_variants_build_on_the_first_draw(name: str) -> None:
    lesson = load(name)
    for seed in SEEDS:
        graph = variant(lesson, seed)
        assert graph.order[0] == lesson.output
        if lesson.randomize:
            # Ranges are safe: the first draw never needs a redraw after a domain error.
            build(lesson, draw(lesson, seed))
            for node in graph.nodes.values():
                assert math.isfinite(node.value) and math.isfinite(node.grad)


def test_enough_lessons_have_quiz_ranges() -> None:
    randomized = [n for n in NAMES if load(n).randomize]
    assert "neuron-tanh" in randomized
    assert len(randomized) >= 3


def test_variants_actually_change_the_numbers() -> None:
    lesson = load("neuron-tanh")
    draws = {tuple(sorted(draw(lesson, seed).items())) for seed in SEEDS}
    assert len(draws) > 40


def test_relu_variants_stay_away_from_the_kink() -> None:
    lesson = load("relu-gate")
    for seed in SEEDS:
        graph = variant(lesson, seed)
        assert graph["z1"].value > 0 > graph["z2"].value
        assert graph["w2"].grad == 0.0


@pytest.mark.parametrize("name", NAMES)
def test_check_finds_no_problem(name: str) -> None:
    from tutor.authoring.check import check_file

    assert check_file(bundled_dir() / f"{name}.yaml") == []


# -- the seeds' numbers, exactly ------------------------------------------------------


def test_micrograd_labels_is_the_walk_through() -> None:
    lesson = load("micrograd-labels")
    assert lesson.inputs == {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}
    assert [s.text for s in lesson.statements] == ["e = a * b", "d = e + c", "L = d * f"]
    graph = build(lesson)
    assert graph.order == ["L", "d", "f", "c", "e", "a", "b"]
    values = {n: graph[n].value for n in ("e", "d", "L")}
    assert values == {"e": -6.0, "d": 4.0, "L": -8.0}
    grads = {n: graph[n].grad for n in graph.order}
    assert grads == {"L": 1.0, "d": -2.0, "f": 4.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}
    assert {n: float(e.text) for n, e in lesson.expected.items()} == grads
    # The walk-through's numeric check, with its h = 0.001 (a forward difference is exact
    # here up to rounding, because L is linear in each input).
    assert graph.numeric("f", h=0.001) == pytest.approx(4.0, abs=1e-9)


def test_dlbook_sin_is_the_books_example() -> None:
    lesson = load("dlbook-sin")
    assert lesson.inputs == {"u1": 4.0, "u2": 2.0}
    graph = build(lesson)
    assert graph["u3"].value == 6.0
    assert graph["u4"].value == 36.0
    assert graph["u5"].value == math.sin(36)
    assert abs(graph["u1"].grad - 12 * math.cos(36)) <= 1e-12
    assert abs(graph["u2"].grad - 12 * math.cos(36)) <= 1e-12
    assert abs(graph["u3"].grad - 12 * math.cos(36)) <= 1e-12
    assert abs(graph["u4"].grad - math.cos(36)) <= 1e-12
    assert lesson.expected["u1"].text == "12*cos(36)"
    assert lesson.expected["u2"].text == "12*cos(36)"
    assert lesson.expected["u3"].text == "12*cos(36)"
    assert lesson.expected["u4"].text == "cos(36)"
    assert graph.order == ["u5", "u4", "u3", "u1", "u2"]


def test_neuron_tanh_has_numbers_that_hide_no_slip() -> None:
    # micrograd's b = 6.8813735870195432 made o = 1/sqrt(2), where o**2 = 1 - o**2: tanh'
    # typed without "1 -" was graded correct; and w2 = 1 made dx2 = dn (issue 17)
    lesson = load("neuron-tanh")
    graph = build(lesson)
    assert lesson.inputs["b"] == 7.0
    o = graph["o"].value
    assert o == pytest.approx(math.tanh(0.5), abs=1e-12)
    assert abs(o**2 - (1 - o**2)) > 0.5 and graph["n"].grad == pytest.approx(1 - o**2)
    assert (graph["x1"].grad, graph["w1"].grad) == pytest.approx((-3 * (1 - o**2), 2 * (1 - o**2)))
    assert (graph["x2"].grad, graph["w2"].grad) == pytest.approx((0.5 * (1 - o**2), -(1 - o**2)))
    assert set(lesson.randomize) >= {"x1", "x2", "w1", "w2", "b"}


# -- particular lessons teach what they claim ------------------------------------------


def test_reuse_sum_reuses_a_node_and_has_a_diamond() -> None:
    graph = build(load("reuse-sum"))
    assert graph["a"].uses == {"b": 2}
    assert graph["a"].grad == 2 * graph["b"].grad
    assert len(graph["b"].consumers) == 2
    assert len(graph["w"].consumers) == 2


def test_division_powers_has_a_constant_power_and_a_reciprocal() -> None:
    graph = build(load("division-powers"))
    keys = {n.key for n in graph.nodes.values()}
    assert {"/", "powc"} <= keys
    consts = [n for n in graph.nodes.values() if n.kind == CONST]
    assert [c.value for c in consts] == [1.0]
    assert graph["i"].inputs == ("1", "x")
    assert graph["s"].arg == 3.0


def test_sigmoid_and_softmax_use_their_gates() -> None:
    sig = build(load("sigmoid-squared-error"))
    assert "sigmoid" in {n.key for n in sig.nodes.values()}
    assert sig["loss"].value == pytest.approx((sig["p"].value - 1.0) ** 2)
    assert "x" not in sig.order and "y" not in sig.order
    soft = build(load("softmax-xent"))
    assert {"exp", "log", "/"} <= {n.key for n in soft.nodes.values()}
    p1 = soft["p1"].value
    assert soft["z1"].grad == pytest.approx(p1 - 1, abs=1e-12)
    assert soft["z2"].grad == pytest.approx(1 - p1, abs=1e-12)


def test_two_layer_net_is_big_and_shaped_like_a_network() -> None:
    lesson = load("two-layer-net")
    graph = build(lesson)
    assert len(graph.order) >= 20
    assert len(lesson.inputs) >= 2
    hidden = [n for n in graph.nodes.values() if n.key in ("tanh", "relu")]
    assert len(hidden) == 2
    assert graph["loss"].value == pytest.approx(graph["err"].value ** 2)
    inputs_used_twice = [
        n.name for n in graph.nodes.values() if n.kind == INPUT and len(n.consumers) == 2
    ]
    assert {"x1", "x2"} <= set(inputs_used_twice)
