"""The train view (F5, or Train on the lesson's summary): pilot tests and a snapshot."""

from __future__ import annotations

from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.train import TrainScreen
from tutor.app.widgets.graph_view import GraphView

SIZE = (120, 36)


def feedback(app, screen=None) -> str:
    log = (screen or app.screen).query_one("#feedback")
    return " ".join(" ".join(line.text for line in log.lines).split())


def status(app) -> str:
    return str(app.screen.query_one("#train-status").render())


def cmp_text(app) -> str:
    return str(app.screen.query_one("#train-cmp").render())


def answer_all_but(session, left: int = 0, formulas: bool = False) -> None:
    """Answer the lesson's gradients through the session (formulas: the chain rule's)."""
    graph = session.graph
    while session.current is not None and len(session.asked) - session.answered_count > left:
        name = session.current
        text = graph.kind.chain_form(graph, name) if formulas else repr(graph.nodes[name].grad)
        assert session.submit(text).kind.value == "right", (name, text)


async def test_f5_waits_for_every_gradient_then_trains_two_layer_net(app_for):
    app = app_for("two-layer-net")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert "Training works once every gradient is found (28 to go)." in feedback(app)
        answer_all_but(app.screen.session)
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainScreen)
        assert status(app).startswith("Step 0 · lr 0.01 · paused (Space runs 30 steps)")
        assert "Data, the same at every step: x1, x2, y" in status(app)
        said = "Gradients: the engine's (you typed numbers: they hold at step 0 only)."
        assert said in status(app)
        start = screen.trainer.losses[0]
        await pilot.press("s")
        await pilot.pause()
        assert status(app).startswith("Step 1 · lr 0.01 · paused")
        assert screen.trainer.losses[1] < start
        # the graph view shows the current data and the gradients the next step uses
        view = screen.query_one(GraphView)
        w11 = screen.trainer.graph.nodes["w11"]
        brief = screen.trainer.graph.kind.show_brief
        shown = " ".join(view.box_text("w11").split())
        assert shown == f"│ w11 │ data {brief(w11.value)} │ grad {brief(w11.grad)} │"
        await pilot.press("space")
        for _ in range(400):  # the run: 30 steps, one each 0.05 s
            await pilot.pause(0.05)
            if screen.timer is None:
                break
        assert screen.timer is None and screen.trainer.steps == 31
        assert screen.trainer.losses[-1] < 1e-6 * start
        assert status(app).startswith("Step 31 · lr 0.01 · paused")
        await pilot.press("plus", "plus", "minus")
        await pilot.pause()
        assert status(app).startswith("Step 31 · lr 0.02 · paused")
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.session.complete


async def test_a_lesson_without_train_says_so(app_for):
    app = app_for("micrograd-labels")
    async with app.run_test(size=SIZE) as pilot:
        answer_all_but(app.screen.session)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "micrograd-labels has no train key in its file" in feedback(app)


async def test_makemore_trains_with_the_learners_formulas_from_the_summary(app_for):
    app = app_for("makemore-ninja")
    async with app.run_test(size=SIZE) as pilot:
        session = app.screen.session
        answer_all_but(session, left=1, formulas=True)
        await pilot.pause()
        last = session.graph.kind.chain_form(session.graph, session.current)
        await pilot.press(*list(last), "enter")
        await pilot.pause()
        lesson = next(s for s in app.screen_stack if isinstance(s, LessonScreen))
        assert "F5 trains the network with your gradients." in feedback(app, lesson)
        await pilot.press("t")  # the summary's Train
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainScreen)
        assert not screen.query(GraphView)  # too big a graph to draw under the curve
        assert "Gradients: your formulas, evaluated again at every step." in status(app)
        assert "W2     | exact: True  | approximate: True  | maxdiff: 0" in cmp_text(app)
        await pilot.press("s", "s")
        await pilot.pause()
        assert screen.trainer.steps == 2 and screen.trainer.losses[2] < screen.trainer.losses[0]
        assert all(c.close for c in screen.trainer.compared)


def test_snapshot_train_view(snap_compare, app_for):
    async def run(pilot) -> None:
        answer_all_but(pilot.app.screen.session)
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press(*["s"] * 8)
        await pilot.pause()

    assert snap_compare(app_for("two-layer-net"), terminal_size=SIZE, run_before=run)
