"""Nudge: every input moved by h·grad once the gradients are found (micrograd's first step)."""

from __future__ import annotations

import pytest

from tutor.app.widgets.graph_view import GraphView
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.nudge import DEFAULT_H, NudgeError, nudge, parse_h

MICROGRAD_ANSWERS = ["1", "f", "4", "-2", "-2", "6", "-4"]  # L, d, f, c, e, a, b
SIZE = (120, 36)


def test_micrograd_labels_nudged_as_in_the_lecture():
    n = nudge(build(load("micrograd-labels")))
    assert n.h == DEFAULT_H and n.sign == 1 and n.goal == "raise"
    after = {k: n.after.nodes[k].value for k in "abcf"}
    assert after == pytest.approx({"a": 2.06, "b": -3.04, "c": 9.98, "f": -1.96})
    assert n.after.nodes["L"].value == pytest.approx((2.06 * -3.04 + 9.98) * -1.96)  # -7.286496
    assert n.change == pytest.approx(0.713504)
    assert n.predicted == pytest.approx(0.01 * (6**2 + 4**2 + 2**2 + 4**2))  # h·Σ grad²
    assert n.lines() == [
        "Nudge: every input moved by 0.01·grad, to raise L.",
        "  a: 2.0000 → 2.0600",
        "  b: -3.0000 → -3.0400",
        "  c: 10.0000 → 9.9800",
        "  f: -2.0000 → -1.9600",
        "  L: -8.0000 → -7.2865",
        "Change of L: 0.713504; Σ grad·Δ predicts 0.72.",
    ]
    assert n.shown()["a"] == "2.0000→2.0600" and n.shown()["L"] == "-8.0000→-7.2865"


@pytest.mark.parametrize(
    "name", ["micrograd-labels", "neuron-tanh", "two-layer-net", "linear-layer"]
)
def test_the_prediction_is_first_order(name):
    graph = build(load(name))
    small = nudge(graph, 1e-6)
    assert small.change == pytest.approx(small.predicted, rel=1e-4)
    big = nudge(graph, 1e-3)
    assert abs(big.change - big.predicted) > abs(small.change - small.predicted)


@pytest.mark.parametrize("name", ["two-layer-net", "linear-layer", "makemore-ninja"])
def test_a_loss_is_lowered(name):
    n = nudge(build(load(name)))
    assert n.sign == -1 and n.goal == "lower"
    assert n.change < 0 and n.predicted < 0
    assert n.lines()[0].endswith(f"by -0.01·grad, to lower {n.before.output}.")


def test_a_tensor_input_moves_elementwise():
    graph = build(load("linear-layer"))
    n = nudge(graph, 0.1)
    for name in n.moved:
        before, after = graph.nodes[name], n.after.nodes[name]
        assert after.value == pytest.approx(before.value - 0.1 * before.grad)
    assert "‖·‖" in n.lines()[1]


@pytest.mark.parametrize(
    ("text", "said"),
    [("abc", "h must be a number"), ("0", "above 0"), ("-1", "above 0"), ("1e9", "at most 10")],
)
def test_a_bad_h_is_one_line(text, said):
    with pytest.raises(NudgeError, match=said):
        parse_h(text)
    assert parse_h("") == DEFAULT_H and parse_h(" 0.05 ") == 0.05


def feedback(app) -> str:
    log = app.screen.query_one("#feedback")
    return " ".join(" ".join(line.text for line in log.lines).split())


def box(app, name: str) -> str:
    return " ".join(app.screen.query_one(GraphView).box_text(name).split())


async def finish(pilot, app):
    for answer in MICROGRAD_ANSWERS:
        await pilot.press(*list(answer), "enter")
        await pilot.pause()
    if app.screen is not app.screen_stack[1]:  # the summary: stay on the lesson
        await pilot.press("escape")
        await pilot.pause()


async def test_f4_nudges_a_finished_lesson_in_the_graph_view(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert "Nudge works once every gradient is found (7 to go)." in feedback(app)
        await finish(pilot, app)
        assert "F4 nudges every input by h·grad" in feedback(app)
        await pilot.press("f4")
        await pilot.pause()
        text = feedback(app)
        assert "Nudge: every input moved by 0.01·grad, to raise L." in text
        assert "Change of L: 0.713504; Σ grad·Δ predicts 0.72." in text
        view = app.screen.query_one(GraphView)
        assert view.display and not app.screen.query_one("#graph-box").display
        assert "│ a │ data 2.0000→2.0600 │ grad 6.0000 │" == box(app, "a")
        assert "data -8.0000→-7.2865" in box(app, "L")


async def test_a_nudge_in_the_graph_view_replaces_it_and_a_second_nudge_too(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await finish(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        assert len(app.screen.query(GraphView)) == 1
        assert "data 2.0000→2.0600" in box(app, "a")
        await pilot.press(*"0.02", "f4")
        await pilot.pause()
        assert len(app.screen.query(GraphView)) == 1
        assert "data 2.0000→2.1200" in box(app, "a")
        assert app.screen.query_one(GraphView).display


async def test_h_is_the_learners_choice(app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await finish(pilot, app)
        await pilot.press(*"0.1", "f4")
        await pilot.pause()
        assert "moved by 0.1·grad" in feedback(app)
        assert "data 2.0000→2.6000" in box(app, "a")
        await pilot.press(*"x1", "f4")
        await pilot.pause()
        assert "h must be a number such as 0.01, not 'x1'" in feedback(app)


def test_snapshot_nudge(snap_compare, app_for):
    from tests.test_snapshots import answers_then

    run = answers_then(*MICROGRAD_ANSWERS, extra=("escape", "f4"))
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=run)
