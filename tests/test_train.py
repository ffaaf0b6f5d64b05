"""Training with the learner's gradients (``tutor.train``): the loss falls, and formulas are
re-evaluated at every step and compared with the engine's as makemore's ``cmp`` does."""

from __future__ import annotations

import math

import numpy as np
import pytest
from golden import reference
from golden.cases import TRAIN_STEPS, TRAINED
from golden.oracles import oracles

from tutor.graph.build import build
from tutor.lesson.find import load, loads
from tutor.nudge import nudge
from tutor.train import Trainer, TrainError, formula_texts


def chain_forms(name: str) -> tuple[object, dict[str, str]]:
    """A lesson's graph and a right formula for every asked gradient (the chain rule's)."""
    graph = build(load(name))
    return graph, {n: graph.kind.chain_form(graph, n) for n in graph.order}


def test_two_layer_net_loss_falls_to_zero_on_its_one_example():
    graph = build(load("two-layer-net"))
    t = Trainer(graph)
    assert t.lr == 0.01 and t.params[0] == "w11" and t.data == ("x1", "x2", "y")
    t.run(30)
    assert t.steps == 30 and len(t.losses) == 31
    assert t.losses[0] == pytest.approx(graph.nodes["loss"].value)
    assert all(b < a for a, b in zip(t.losses, t.losses[1:], strict=False))  # every step lowers it
    assert t.losses[-1] < 1e-6 * t.losses[0]
    # the data never moves, the parameters do
    assert t.graph.nodes["x1"].value == graph.nodes["x1"].value
    assert t.graph.nodes["w11"].value != graph.nodes["w11"].value


def test_one_step_is_minus_lr_times_the_gradient():
    graph = build(load("two-layer-net"))
    t = Trainer(graph, lr=0.5)
    t.step()
    for p in t.params:
        want = graph.nodes[p].value - 0.5 * graph.nodes[p].grad
        assert t.graph.nodes[p].value == pytest.approx(want, rel=1e-12)


def test_makemore_formulas_agree_with_the_engine_at_every_step():
    graph, forms = chain_forms("makemore-ninja")
    t = Trainer(graph, forms)
    assert set(t.formulas) >= set(t.params)
    for _ in range(3):
        assert all(c.close and c.formula for c in t.compared), t.lines()
        assert all(c.maxdiff <= 1e-12 for c in t.compared)
        t.step()
    assert t.losses[-1] < t.losses[0]


def test_formulas_are_evaluated_again_not_reused():
    graph, forms = chain_forms("makemore-ninja")
    t = Trainer(graph, forms)
    first = t.grads["W2"].copy()
    t.step()
    assert float(abs(t.grads["W2"] - first).max()) > 1e-6  # a new point, a new gradient
    assert float(abs(t.grads["W2"] - t.graph.nodes["W2"].grad).max()) < 1e-12


def test_a_wrong_formula_is_reported_as_not_close():
    graph, forms = chain_forms("makemore-ninja")
    forms["W2"] = "2 * (h.T @ dlogits_1)"
    t = Trainer(graph, forms)
    by = {c.name: c for c in t.compared}
    assert not by["W2"].close and not by["W2"].exact and by["W2"].maxdiff > 1e-3
    assert by["W1"].close  # the others do not depend on dW2
    line = next(ln for ln in t.lines() if ln.startswith("W2"))
    assert "exact: False | approximate: False | maxdiff: " in line


def test_a_wrong_formula_upstream_spreads_to_every_parameter_below():
    graph, forms = chain_forms("makemore-ninja")
    forms["h"] = "dlogits_1 @ W2.T * 0.5"
    by = {c.name: c for c in Trainer(graph, forms).compared}
    assert by["W2"].close and by["b2"].close  # above h
    assert not by["W1"].close and not by["C"].close  # below h: the learner's own dh


def test_a_formula_of_the_wrong_shape_stops_the_step():
    graph, forms = chain_forms("makemore-ninja")
    forms["W2"] = "dlogits_1.T @ h"
    t = Trainer(graph, forms)
    assert math.isinf(next(c for c in t.compared if c.name == "W2").maxdiff)
    with pytest.raises(TrainError, match=r"your dW2 has the shape \(27, 64\), and W2 \(64, 27\)"):
        t.step()


def test_numbers_stand_for_the_engines_gradients():
    graph = build(load("two-layer-net"))
    answers = {"loss": "1", "err": "2*err", "out": "2.2157"}
    assert list(formula_texts(graph, answers)) == ["err"]
    t = Trainer(graph, answers)
    assert not any(c.formula for c in t.compared)
    assert t.lines()[0] == "w11 | exact: True  | approximate: True  | maxdiff: 0"
    graph, forms = chain_forms("makemore-ninja")
    del forms["W2"]  # revealed, or found in an earlier session
    lines = Trainer(graph, forms).lines()
    assert lines[3] == "W2     | exact: True  | approximate: True  | maxdiff: 0  (engine)"
    assert lines[2] == "b1     | exact: True  | approximate: True  | maxdiff: 0"


def test_a_lesson_without_train_is_refused():
    with pytest.raises(TrainError, match="micrograd-labels has no train key: nothing to train"):
        Trainer(build(load("micrograd-labels")))


def test_a_diverging_step_says_to_lower_the_learning_rate():
    text = "title: T\ninputs:\n  w: 3\ngraph:\n  - loss = exp(w**2)\ntrain:\n  params: [w]\n"
    t = Trainer(build(loads(text)), lr=10)
    with pytest.raises(TrainError, match=r"step \d+ cannot be computed \(lower the learning rate"):
        t.run(5)


def test_train_makes_the_output_a_loss_for_the_nudge():
    plain = "title: T\ninputs:\n  w: 2\n  b: 1\ngraph:\n  - y = (w + b)**2\n"
    assert nudge(build(loads(plain))).sign == 1  # no train, not named loss: raised
    trained = nudge(build(loads(plain + "train:\n  params: [w, b]\n")))
    assert trained.sign == -1 and trained.change < 0


def test_the_session_keeps_what_the_learner_typed_for_each_right_answer():
    from tutor.session import Session

    s = Session(build(load("two-layer-net")))
    s.submit("1")
    s.submit("3")  # wrong: not kept
    s.submit("2 * err")
    assert s.answers == {"loss": "1", "err": "2 * err"}
    assert list(formula_texts(s.graph, s.answers)) == ["err"]


@pytest.mark.parametrize("name", TRAINED)
def test_training_with_the_chain_rules_formulas_follows_pytorchs_sgd(name):
    """Ten steps with a formula at every node against torch's ``p -= lr * p.grad``."""
    graph, forms = chain_forms(name)
    t = Trainer(graph, forms)
    assert set(t.formulas) == set(forms) - {graph.output}  # the output's "1" is a number
    t.run(TRAIN_STEPS)

    def live(torch):
        return reference.training(torch, graph, t.params, t.lr, TRAIN_STEPS)

    for source, theirs in oracles("training", name, live):
        np.testing.assert_allclose(t.losses[:-1], theirs.grads["losses"], rtol=1e-9, err_msg=source)
        assert t.losses[-1] == pytest.approx(theirs.value, rel=1e-9), source
        for p in t.params:
            got = np.asarray(t.graph.nodes[p].value, dtype=np.float64)
            np.testing.assert_allclose(got, theirs.grads[p], rtol=1e-9, atol=1e-12, err_msg=p)
