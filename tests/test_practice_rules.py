"""Issue 19, good problems: every practice level practises what it names.

The rules are checked here from the lessons themselves, by rebuilding each problem at
random inputs with the graph builder (not with ``level_rules``' own evaluator).
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_texts import graph_of

from tutor.graph.build import CONST, INPUT, GraphError, build
from tutor.mistakes import Mistake
from tutor.practice import problems as pr
from tutor.practice.level_rules import practises
from tutor.progress.review import MISTAKE_PRACTICE, SKILL_PRACTICE, DueCard, target_for
from tutor.progress.skills import MISTAKE_SKILL, skills_of
from tutor.skills import Skill

SEEDS = st.integers(min_value=0, max_value=pr.MAX_SEED)
PROPERTY = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def redrawn(graph, count: int = 30):
    """The graph rebuilt at ``count`` random inputs in -3..3 (draws off a gate's domain skipped)."""
    rng = random.Random(7)
    out = []
    for _ in range(count):
        inputs = {name: rng.uniform(-3, 3) for name in graph.inputs}
        try:
            out.append(build(graph.lesson, inputs))
        except (GraphError, ValueError, ZeroDivisionError, OverflowError):
            continue
    return out


def lesson(graph_lines: str, inputs: str) -> str:
    return f"title: t\ninputs: {{{inputs}}}\ngraph:\n" + "".join(
        f"  - {line}\n" for line in graph_lines.split(";")
    )


NEGATIVE_ADDED = re.compile(r"[+-] \(-\d|= -\d[\d.]* [+-] ")


def assert_practises(problem: pr.Problem) -> None:
    """The issue's rules, from the lesson text and rebuilt graphs."""
    graph = graph_of(problem.text)
    statements = [s.text for s in problem.lesson().statements]
    assert not any(NEGATIVE_ADDED.search(s) for s in statements), statements
    ops = [n for n in graph.nodes.values() if n.kind not in (INPUT, CONST)]
    draws = redrawn(graph)
    for node in ops:
        if node.op == "relu" and len(draws) >= 5:  # it passes somewhere and blocks somewhere
            signs = {d.nodes[node.inputs[0]].value > 0 for d in draws}
            assert signs == {True, False}, (problem.code, statements)
    if len(draws) >= 5:  # no node repeats another's value at every draw: no round trips
        names = [n for n, node in graph.nodes.items() if node.kind != CONST]
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                same = all(abs(d.nodes[a].value - d.nodes[b].value) < 1e-9 for d in draws)
                assert not same, (problem.code, a, b, statements)
    uses = {n: sum(node.uses.values()) for n, node in graph.nodes.items() if node.kind != CONST}
    if problem.level == 1 and problem.topic == "sub":
        assert re.search(r" - [a-z]", " ".join(statements)), statements  # a value's sign flips
    if problem.level in (3, 5):
        assert max(uses.values()) > 1, (problem.code, statements)  # something is reused


@pytest.mark.parametrize("level", pr.SCALAR_LEVELS)
def test_every_level_practises_what_it_names(level: int) -> None:
    @PROPERTY
    @given(seed=SEEDS)
    def check(seed: int) -> None:
        assert_practises(pr.generate(level, seed))

    check()


def test_relu_problems_pass_and_block() -> None:
    for start in range(0, 3000, 97):
        assert_practises(pr.generate(2, pr.seed_for(2, "relu", start)))


def test_the_issues_bad_problems_are_refused() -> None:
    cases = [
        (1, "sub", "L = a - (-2)", "a: 1.5"),
        (1, "add", "L = -2 + a", "a: 1.5"),
        (1, "sub", "L = a - 0.5", "a: 1.5"),
        (2, "relu", "u1 = cos(x);u2 = exp(u1);L = relu(u2)", "x: 0.5"),
        (2, "relu", "u1 = sqrt(x);L = relu(u1)", "x: 1.5"),
        (3, "self", "u1 = x * x;u2 = sqrt(u1);L = u2 ** 2", "x: 1.5"),
        (3, "diamond", "u1 = x - 0.5;u2 = 0.5 + u1;u3 = u1 ** 2;L = u2 + u3", "x: 1.5"),
        (5, "mixed", "u1 = sin(x);u2 = y / a;u3 = log(b);u4 = sin(c);u5 = u1 + u2;"
         "u6 = u3 + u4;L = u5 + u6", "x: 0.5, y: 1.5, a: 2.0, b: 1.5, c: 0.3"),
    ]  # fmt: skip
    for level, topic, lines, inputs in cases:
        assert practises(graph_of(lesson(lines, inputs)), level, topic), lines
    fine = [
        (1, "sub", "L = a - b", "a: 1.5, b: 2.0"),
        (2, "relu", "u1 = x * w;L = relu(u1)", "x: 0.5, w: -1.5"),
        (3, "self", "u1 = x + w;L = u1 * u1", "x: 1.5, w: 0.3"),
        (5, "mixed", "u1 = a * b;u2 = u1 + c;L = u1 * u2", "a: 0.5, b: 1.5, c: 2.0"),
    ]
    for level, topic, lines, inputs in fine:
        assert practises(graph_of(lesson(lines, inputs)), level, topic) == [], lines


def card(name: str, skill: str | None) -> DueCard:
    from datetime import UTC, datetime

    return DueCard(name, skill, datetime(2026, 1, 1, tzinfo=UTC), "why")


def practised(level: int, topic: str | None, seed: int):
    problem = next(pr.problems(level, topic, seed))
    graph = graph_of(problem.text)
    return graph, {s for name in graph.order for s in skills_of(graph, name)}


@pytest.mark.parametrize(
    "skill", [s for s, (level, _) in SKILL_PRACTICE.items() if level in pr.SCALAR_LEVELS]
)
def test_a_skill_card_gets_a_problem_that_practises_that_skill(skill: Skill) -> None:
    target = target_for(card(f"skill:{skill.value}", skill.value))
    for seed in (0, 123, 4567):
        _, skills = practised(target.level, target.topic, seed)
        assert skill in skills, (skill, target)


@pytest.mark.parametrize("code", sorted(set(MISTAKE_SKILL) | set(MISTAKE_PRACTICE)))
def test_a_mistake_card_gets_a_problem_where_the_mistake_can_be_made(code: str) -> None:
    skill = MISTAKE_SKILL.get(code)
    target = target_for(card(f"mistake:{code}", skill.value if skill else None))
    if target.level not in pr.SCALAR_LEVELS:
        return  # a tensor problem (level 6): tests/test_practice.py covers those
    for seed in (0, 321):
        graph, skills = practised(target.level, target.topic, seed)
        if skill is not None:
            assert skill in skills, (code, target)
        if code == Mistake.ROUNDING:  # the reason names "rounded too early": digits matter
            assert any(
                abs(graph.nodes[n].grad - round(graph.nodes[n].grad, 2)) > 1e-4 for n in graph.order
            ), target
