"""Generated practice problems: good problems at every level, reproducible from their code."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_texts import graph_of

from tutor.authoring.check import check_lesson
from tutor.errors import ExitStatus, TutorError
from tutor.graph.build import CONST, build
from tutor.practice import good_problems as good
from tutor.practice import problems as pr
from tutor.teach.grading import MISTAKES

SEEDS = st.integers(min_value=0, max_value=pr.MAX_SEED)
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def assert_good(problem: pr.Problem) -> None:
    """Every rule of a good problem, checked from the lesson text alone."""
    lesson = problem.lesson()
    assert check_lesson(lesson) == [], problem.text  # passes `check`, so no domain error
    graph = build(lesson)
    for name, value in graph.inputs.items():
        assert good.friendly_number(value), (problem.code, name, value)
        assert abs(value) <= 10
    blocked = good.blocked_below(graph)
    if blocked:
        assert problem.topic == "relu", problem.text  # only where a relu is what is taught
    for name in graph.order:
        node = graph.nodes[name]
        if name in blocked:
            assert node.grad == 0
        else:
            assert abs(node.grad) >= good.MIN_GRAD, (problem.code, name, node.grad)
        assert good.distinct_mistakes(graph, name), (problem.code, name)
        # the node's value is never its gradient
        assert not good.MARGIN.close(node.value, node.grad), (problem.code, name)
        # local derivative alone / upstream alone: wrong unless the gate makes them right
        # (an add gate passes the upstream gradient on; right below the output it is 1)
        for cname in node.consumers:
            c = graph.nodes[cname]
            if node.uses[cname] != 1 or len(node.consumers) != 1:
                continue
            local = c.local[c.inputs.index(name)]
            if abs(abs(local) - 1) > 1e-12 and c.grad != 0:
                assert not good.MARGIN.close(c.grad, node.grad), (problem.code, name, "upstream")
            if abs(abs(c.grad) - 1) > 1e-12 and local != 0:
                assert not good.MARGIN.close(local, node.grad), (problem.code, name, "local")


@pytest.mark.parametrize("level", pr.SCALAR_LEVELS)
def test_good_problems_over_many_seeds(level: int) -> None:
    @PROPERTY
    @given(seed=SEEDS)
    def check(seed: int) -> None:
        problem = pr.generate(level, seed)
        assert problem.code == f"L{level}-{seed}"
        assert problem.topic == pr.topic_of(level, seed)
        assert_good(problem)

    check()


@pytest.mark.parametrize("level", pr.SCALAR_LEVELS)
def test_variety_of_shapes(level: int) -> None:
    shapes = {good.shape(graph_of(pr.generate(level, seed).text)) for seed in range(200)}
    assert len(shapes) >= 40, len(shapes)


@pytest.mark.parametrize(("level", "low", "high"), [(1, 2, 5), (2, 3, 6), (5, 10, 20)])
def test_sizes_per_level(level: int, low: int, high: int) -> None:
    for seed in range(60):
        graph = graph_of(pr.generate(level, seed).text)
        size = sum(1 for n in graph.nodes.values() if n.kind != CONST)
        assert low <= size <= high, (seed, size)
        ops = [n for n in graph.nodes.values() if n.kind == "op"]
        if level == 1:
            assert 1 <= len(ops) <= 2 and all(n.key in "+-*" for n in ops)


def test_every_topic_is_drawn_and_its_skill_is_in_the_problem() -> None:
    skill_ops = {
        "add": {"+"}, "mul": {"*"}, "sub": {"-"}, "exp": {"exp"}, "log": {"log"},
        "tanh": {"tanh"}, "sigmoid": {"sigmoid"}, "relu": {"relu"}, "trig": {"sin", "cos"},
        "pow": {"powc"}, "softmax": {"exp", "log", "/"},
    }  # fmt: skip
    for level, topics in pr.TOPICS.items():
        for topic in topics:
            seed = pr.seed_for(level, topic, 1234)
            problem = pr.generate(level, seed)
            assert problem.topic == topic
            graph = graph_of(problem.text)
            keys = {n.key for n in graph.nodes.values() if n.key}
            wanted = skill_ops.get(topic, set())
            if topic == "trig":
                assert wanted & keys, problem.text
            else:
                assert wanted <= keys, (topic, problem.text)
            if level == 3:
                assert any(sum(n.uses.values()) > 1 for n in graph.nodes.values()), topic


def test_a_relu_that_blocks_is_taught_with_zero_gradients_below_it() -> None:
    found = 0
    for start in range(0, 4000, 37):
        problem = pr.generate(2, pr.seed_for(2, "relu", start))
        graph = graph_of(problem.text)
        blocked = good.blocked_below(graph)
        if blocked:
            found += 1
            assert all(graph.nodes[n].grad == 0 for n in blocked)
            assert good.quality(graph) == []
    assert found >= 3


def test_a_code_reproduces_its_problem_exactly() -> None:
    for level in pr.LEVELS:
        first = pr.generate(level, 48213)
        assert pr.generate(*pr.parse_code(first.code)) == first
    assert pr.parse_code(" l3-48213 ") == (3, 48213)


def test_the_sequence_goes_on_and_keeps_the_topic() -> None:
    stream = pr.problems(3, "fanout", seed=10)
    codes = [next(stream) for _ in range(5)]
    assert all(p.topic == "fanout" for p in codes)
    assert len({p.code for p in codes}) == 5
    assert codes[0].seed >= 10


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: pr.generate(8, 1), "no level 8: levels are 1 to 7"),
        (lambda: pr.generate(0, 1), "no level 0"),
        (lambda: pr.generate(1, pr.MAX_SEED + 1), "seeds are 0 to"),
        (lambda: pr.parse_code("3-12"), "not a problem code"),
        (lambda: pr.parse_code("L8-12"), "no level 8"),
        (lambda: next(pr.problems(2, "fanout")), "level 2 has no topic 'fanout'"),
    ],
)
def test_usage_errors(call, words: str) -> None:
    with pytest.raises(TutorError) as info:
        call()
    assert words in str(info.value)
    assert info.value.status == ExitStatus.USAGE


# -- distinct_mistakes: the seam for the misconception table -----------------------------------


def lesson(graph_lines: str, inputs: str) -> str:
    return f"title: t\ninputs: {{{inputs}}}\ngraph:\n" + "".join(
        f"  - {line}\n" for line in graph_lines.split(";")
    )


def test_predictions_use_the_grading_codes() -> None:
    graph = graph_of(pr.generate(5, 7).text)
    for name in graph.order:
        assert {code for code, _ in good.predictions(graph, name)} <= set(MISTAKES)


def test_a_value_equal_to_its_gradient_is_refused() -> None:
    graph = graph_of(lesson("L = a * b", "a: 2.0, b: 2.0"))  # dL/da = b = 2 = a
    assert not good.distinct_mistakes(graph, "a")
    graph = graph_of(lesson("L = a * b", "a: 2.0, b: 3.0"))
    assert good.distinct_mistakes(graph, "a") and good.distinct_mistakes(graph, "b")


def test_what_a_gate_makes_right_is_not_a_mistake_but_a_coincidence_is() -> None:
    # an add gate: the upstream gradient alone is the answer, by construction
    graph = graph_of(lesson("e = a + b;L = e * c", "a: 2.0, b: 3.0, c: 1.5"))
    assert good.distinct_mistakes(graph, "a")
    # c = 1: the upstream gradient alone (1) equals dL/da = c only by coincidence
    graph = graph_of(lesson("e = a + b;L = e * c", "a: 2.0, b: 3.0, c: 1.0"))
    assert not good.distinct_mistakes(graph, "e")


def test_the_half_square_is_never_drafted() -> None:
    graph = graph_of(lesson("s = e ** 2;L = 0.5 * s", "e: 1.5"))  # dL/de = e, the value
    assert not good.distinct_mistakes(graph, "e")


def test_codes_keep_their_problems_across_versions() -> None:
    """A code printed today gives the same problem tomorrow (change this only on purpose)."""
    lesson = pr.generate(3, 48213).lesson()
    assert lesson.inputs == {"x": -0.1, "w": -0.6}
    assert [s.text for s in lesson.statements] == [
        "u1 = x + 2",
        "u2 = u1 + w",
        "u3 = sin(u1)",
        "u4 = u2 * u3",
        "L = cos(u4)",
    ]
    assert lesson.title == "Practice, level 3: diamond"  # the code is in the description
    assert "practice --code L3-48213" in lesson.description


# -- level 6: tensor lessons -------------------------------------------------------------------


def test_level_6_problems_are_tensor_lessons_that_check_clean() -> None:
    import numpy as np

    from tutor.authoring.check import check_lesson
    from tutor.graph.build import build
    from tutor.lesson.find import loads

    topics = set()
    for seed in range(24):
        problem = pr.generate(6, seed)
        topics.add(problem.topic)
        lesson = loads(problem.text, problem.code)
        assert check_lesson(lesson) == [], problem.code
        assert lesson.title == f"Practice, level 6: {problem.topic}"
        graph = build(lesson)
        assert graph.kind.name == "tensor" and len(graph.order) >= 5
        for name in graph.order:  # no vanishing gradient, inputs small and friendly
            assert np.max(np.abs(np.asarray(graph.nodes[name].grad))) >= 0.05, (seed, name)
        for name in lesson.inputs:
            values = np.asarray(graph.nodes[name].value, dtype=float).ravel()
            assert np.all(np.round(values * 10) == values * 10), (seed, name)  # one decimal
    assert topics == set(pr.TOPICS[6])
