"""What the bundled lessons claim holds: at their own numbers and in 20 quiz variants.

Each claim is checked with the engine's finite differences (``numeric_grad``/``nudge``),
not with the engine's own backward pass.
"""

from __future__ import annotations

import math

import pytest

from tutor.graph.build import build
from tutor.graph.variants import variant
from tutor.lesson.find import load, loads
from tutor.notation import num
from tutor.scalar.engine import nudge, numeric_grad
from tutor.teach.placeholders import fill

SEEDS = [None, *range(20)]


def graphs(name):
    lesson = load(name)
    return [variant(lesson, seed) for seed in SEEDS]


def fd(g, node: str) -> float:
    return numeric_grad(g.values[g.output], g.values[node])


def test_division_sign_claim_is_true_for_every_sign():
    text = " ".join(load("division-powers").description.split())
    assert "whenever x/y is positive" not in text
    assert "it is negative whenever x is positive, whatever the sign of y" in text
    for x in (-3, -2, -1, 1, 2, 3):
        for y in (-4, -2, -1, 1, 2, 4):
            g = build(loads(f"title: d\ninputs: {{x: {x}, y: {y}}}\ngraph:\n  - r = x / y\n"))
            dr_dy = fd(g, "y")
            assert math.copysign(1, dr_dy) == -math.copysign(1, x), (x, y)


@pytest.mark.parametrize("g", graphs("numeric-check"), ids=lambda g: str(g.inputs))
def test_numeric_check_forward_and_central_differences(g):
    h = 0.001
    f = g.values[g.output]
    up, down = nudge(f, g.values["x"], h)
    forward, central = (up - f.data) / h, (up - down) / (2 * h)
    text = " ".join(fill(g.lesson.description, g, num).split())
    grad = fd(g, "x")
    assert forward == pytest.approx(grad + h, abs=1e-6)
    assert central == pytest.approx(grad, abs=1e-6)
    shown = num(g.nodes["x"].grad)
    assert f"df/dx + h = {shown} + 0.001" in text and f"exactly df/dx = {shown}" in text
    assert "verifies every answer" not in text


@pytest.mark.parametrize("g", graphs("neuron-tanh"), ids=lambda g: str(g.inputs))
def test_neuron_weight_gradient_is_input_times_upstream(g):
    x2, upstream = g.nodes["x2"].value, fd(g, "n")
    assert fd(g, "w2") == pytest.approx(x2 * upstream, abs=1e-6)
    assert upstream == pytest.approx(1 - g.nodes["o"].value ** 2, abs=1e-6)
    text = " ".join(fill(g.lesson.description, g, num).split())
    shown = f"Here x2 = {num(x2)}, so w2's gradient is {num(x2)} times {num(g.nodes['n'].grad)}."
    assert shown in text


@pytest.mark.parametrize("g", graphs("relu-gate"), ids=lambda g: str(g.inputs))
def test_relu_one_unit_on_one_off_in_every_variant(g):
    assert g.nodes["z1"].value > 0 > g.nodes["z2"].value
    assert fd(g, "w2") == pytest.approx(0, abs=1e-9) and g.nodes["w2"].value != 0


@pytest.mark.parametrize("g", graphs("sigmoid-squared-error"), ids=lambda g: str(g.inputs))
def test_sigmoid_loss_gradient_is_negative_and_slope_at_most_a_quarter(g):
    assert fd(g, "err") < 0 and g.nodes["p"].value < g.nodes["y"].value
    assert 0 < g.nodes["p"].local[0] <= 0.25


@pytest.mark.parametrize("g", graphs("softmax-xent"), ids=lambda g: str(g.inputs))
def test_softmax_predicted_minus_target(g):
    p1 = g.nodes["p1"].value
    assert fd(g, "z1") == pytest.approx(p1 - 1, abs=1e-6)
    assert fd(g, "z2") == pytest.approx(1 - p1, abs=1e-6)


def test_fixed_lessons_quote_their_own_numbers():
    g = build(load("two-layer-net"))
    assert num(g.nodes["out"].value) == "2.1079" and num(g.nodes["h1"].value) == "0.6351"
    assert num(g.nodes["h2"].value) == "-0.9051" and len(g.order) == 28
    g = build(load("dlbook-sin"))
    assert (g.nodes["u3"].value, g.nodes["u4"].value) == (6, 36)
    assert fd(g, "u3") == pytest.approx(12 * math.cos(36), rel=1e-4)
    g = build(load("micrograd-labels"))
    assert (g.nodes["d"].value, g.nodes["f"].value) == (4, -2)
    assert [g.nodes[n].value for n in ("b", "f", "e")] == [-3, -2, -6]
