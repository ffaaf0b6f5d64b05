"""Practice level 7 (issue 20): generated problems from the blocks after makemore-ninja
(a layernorm, an attention head, a conv layer, an RNN step), reproducible from their code
and meeting the good-problem rules."""

from __future__ import annotations

import numpy as np

from tutor.authoring.check import check_lesson
from tutor.graph.build import build
from tutor.lesson.find import loads
from tutor.practice import problems as pr
from tutor.session import Session
from tutor.teach.hints import reveal


def _printed(graph, name: str) -> str:
    return reveal(graph, name).split("Answer: ", 1)[1].splitlines()[0].split(" = ", 1)[1]


def test_level_7_problems_are_block_lessons_that_check_clean() -> None:
    topics = set()
    for seed in range(16):
        problem = pr.generate(7, seed)
        topics.add(problem.topic)
        lesson = loads(problem.text, problem.code)
        assert check_lesson(lesson) == [], problem.code
        graph = build(lesson)
        assert graph.kind.name == "tensor" and len(graph.order) >= 5
        for name in graph.order:  # no vanishing gradient
            assert np.max(np.abs(np.asarray(graph.nodes[name].grad))) >= 0.05, (seed, name)
    assert topics == set(pr.TOPICS[7]) == {"layernorm", "attention-head", "conv-layer", "rnn-step"}


def test_a_level_7_code_reproduces_its_problem_and_says_so() -> None:
    first = pr.generate(7, 4242)
    assert pr.parse_code(first.code) == (7, 4242)
    assert pr.generate(7, 4242) == first
    assert "practice --code L7-4242" in first.text
    assert first.lesson().title == f"Practice, level 7: {first.topic}"
    assert pr.generate(7, 4243).text != first.text


def test_each_level_7_topic_is_finished_by_typing_the_printed_answers() -> None:
    for topic in pr.TOPICS[7]:
        problem = pr.generate(7, pr.seed_for(7, topic, 0))
        graph = build(loads(problem.text, problem.code))
        s = Session(graph)
        while s.current is not None:
            node = s.current
            out = s.submit(_printed(graph, node))
            assert out.kind == "right", (topic, node, out.message)
        assert s.complete
