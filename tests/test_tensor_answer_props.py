"""Property: any answer text either evaluates to a finite array or is refused with one
line (``AnswerError``); grading never raises on what parses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.graph.build import build as build_tensor
from tutor.lesson.find import load
from tutor.teach import grading

GRAPH = build_tensor(load("linear-layer"))
KNOWN = {n: GRAPH.nodes[n].grad for n in GRAPH.order[:4]}
TOKENS = [
    "X", "W", "b", "T", "Y", "dY", "dE", "dXW", "dW", "grad(E)", "XW", "E2", "1", "2.5", "-3",
    "@", "*", "+", "-", "/", "**", ".T", "(", ")", ",", "axis=0", "axis=1", "keepdims=True",
    "sum(", "mean(", "max(", "ones_like(", "zeros_like(", "argmax(", "softmax(", "exp(",
    "log(", "reshape(", "[", "]", "[[1, 0], [0, 1]]", "scatter_add(", "onehot(", "__class__",
    "lambda", "=", "1e308", "9" * 30,
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12))
def test_any_answer_is_read_or_refused_in_one_line(tokens):
    text = " ".join(tokens)
    try:
        value = grading.parse_answer(text, GRAPH, KNOWN)
    except grading.AnswerError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert isinstance(value, np.ndarray) and np.isfinite(value).all()
    verdict = grading.grade(GRAPH, "XW", value, KNOWN, 0)
    assert verdict.message


@pytest.mark.parametrize(
    "text",
    ["ones_like(X) @ ones_like(X).T @ ones_like(X) @ ones_like(X).T" * 1, "X" + " @ X.T" * 40],
)
def test_long_chains_stay_bounded(text):
    try:
        grading.parse_answer(text, GRAPH, KNOWN)
    except grading.AnswerError:
        pass
