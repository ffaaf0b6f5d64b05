"""Mistakes named with random upstream gradients (``tutor.teach.formula_paths``).

Where a path's true gradient is 0 at every input, only random upstream gradients show a
formula wrong, and the catalogue's predictors (which read the true gradients) cannot be
asked. A forgotten path (one_consumer) and a flipped one (sign) were named there; so are
now the op rows' slips, asked with the random upstream gradients: a max's gradient
spread over its row (max_route) and a pick's over every entry (pick_spread).
"""

from __future__ import annotations

import pytest
from test_formula_check import graded

from tutor.graph.build import build
from tutor.lesson.find import load, loads

#: A pick whose path carries 0 at every input: log_softmax does not change when a whole
#: row of z moves together, so dp = -sum(dz, axis=1) = 0 (as dlogit_maxes in makemore).
PICK_ZERO = """\
title: A pick whose path carries zero
inputs:
  X: {randn: [4, 3], seed: 1}
  Y: {labels: [0, 2, 1, 1]}
  T: {randn: [4, 3], seed: 2}
graph:
  - p = pick(X, Y)
  - z = X - reshape(p, [4, 1])
  - ls = log_softmax(z, axis=1)
  - loss = sum(ls * T)
output: loss
expected:
  p: 0
"""


#: A max-pool whose path carries 0 at every input (D = P - P).
POOL_ZERO = """\
title: A max-pool whose path carries zero
inputs:
  X: {randn: [1, 1, 4, 4], seed: 5}
  G: {randn: [1, 1, 4, 4], seed: 6}
  H: {randn: [1, 1, 2, 2], seed: 7}
graph:
  - P = maxpool2d(X, 2)
  - D = P - P
  - loss = sum(X * G) + sum(D * H)
output: loss
"""


def pick_zero():
    return build(loads(PICK_ZERO, "pick-zero"))


@pytest.mark.parametrize(
    ("lesson", "answer"),
    [
        ("cross-entropy-steps", "dnorm_logits + ones_like(logits) * dlogit_maxes"),
        ("makemore-ninja", "dnorm_logits + ones_like(logits) * dlogit_maxes"),
        ("cross-entropy-steps", "dnorm_logits + ones_like(logits) * dlogit_maxes / 5"),  # a mean
    ],
)
def test_a_max_spread_over_its_row_is_max_route_under_random_upstream(lesson, answer):
    verdict = graded(build(load(lesson)), "logits", answer)
    assert not verdict.correct and verdict.formula == "wrong"
    assert verdict.counterexample is not None and verdict.counterexample["upstream"]
    assert verdict.mistake == "max_route", verdict.message
    assert "There: A max passes its gradient only to the (first) maximum of each row" in (
        verdict.message
    )
    assert "logit_maxes = max(logits, axis=1, keepdims=True)" in verdict.message


@pytest.mark.parametrize("answer", ["upsample(dP, 2)", "upsample(dP, 2) / 4"])
def test_a_max_pool_spread_over_its_window_is_max_route_under_random_upstream(answer):
    graph = build(loads(POOL_ZERO, "pool-zero"))
    verdict = graded(graph, "X", f"dloss_1 * G + {answer}")
    assert verdict.formula == "wrong" and verdict.counterexample["upstream"]
    assert verdict.mistake == "max_route", verdict.message
    assert "in P = maxpool2d(X, 2) every other entry gets 0" in verdict.message
    assert graded(graph, "X", "dloss_1 * G").mistake == "one_consumer"


def test_a_pick_spread_over_every_entry_is_pick_spread_under_random_upstream():
    graph = pick_zero()
    assert graph.kind.magnitude(graph.nodes["p"].grad) < 1e-12  # the path carries 0
    verdict = graded(graph, "X", "dz + ones_like(X) * dp[:, None]")
    assert not verdict.correct and verdict.formula == "wrong"
    assert verdict.counterexample is not None
    assert verdict.counterexample["upstream"] == {"p": "random", "z": "random"}
    assert verdict.mistake == "pick_spread", verdict.message
    assert (
        "There: A pick passes its gradient only to the entry it picked in each row: in "
        "p = pick(X, Y) every other entry of X gets 0, not a copy of the upstream."
    ) in verdict.message


def test_the_paths_are_still_named_as_before_and_the_right_formula_is_right():
    graph = pick_zero()
    assert graded(graph, "X", "dz + onehot(Y, 3) * dp[:, None]").correct
    assert graded(graph, "X", "dz").mistake == "one_consumer"
    assert graded(graph, "X", "dz - onehot(Y, 3) * dp[:, None]").mistake == "sign"
    ce = build(load("cross-entropy-steps"))
    assert graded(ce, "logits", "dnorm_logits").mistake == "one_consumer"
    right = "dnorm_logits + onehot(argmax(logits, axis=1), 5) * dlogit_maxes"
    assert graded(ce, "logits", right).correct


def test_an_unexplained_wrong_formula_gets_no_slip_named():
    verdict = graded(pick_zero(), "X", "dz + ones_like(X) * dp[:, None] * 3")
    assert verdict.formula == "wrong" and verdict.mistake is None, verdict.message
