"""The train view (issue 21): one makemore-ninja training step with its redraw.

Four measurements, interleaved (one of each per round), medians and worsts:

- ``Trainer.step`` alone: the forward and backward pass at the moved parameters, the
  learner's formulas evaluated again through the answer grammar, the ``cmp`` comparison;
- the step with its redraw: the train view's step action (the step, then the status,
  the ``cmp`` lines and the loss curve updated) and the curve's and panels' rendering,
  timed in one go on the app's thread (the budget's row);
- the step key to the screen settled under the headless pilot, beside
- a key bound to nothing on the same screen to settled: the pilot's and Textual's own
  cost of a key press and a refresh, the floor the row above stands on.

The learner's formulas are the chain rule's, one per asked node, as a learner who
answered every node with a formula.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time

from bench.run import Section, ms


async def _steps(rounds: int) -> dict[str, list[float]]:
    from textual.widgets import Static
    from textual_plotext import PlotextPlot

    from tutor.app.factory import make_app
    from tutor.app.screens.train import TrainScreen
    from tutor.train import Trainer

    app = make_app("makemore-ninja", keep_progress=False)
    got: dict[str, list[float]] = {"alone": [], "redraw": [], "key": [], "floor": []}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        session = app.screen.session
        graph = session.graph
        while session.current is not None:
            session.submit(graph.kind.chain_form(graph, session.current))
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainScreen)
        side = Trainer(graph, session.answers)
        plot = screen.query_one("#train-curve", PlotextPlot)
        panels = [screen.query_one(f"#{name}", Static) for name in ("train-status", "train-cmp")]
        for _ in range(rounds):
            t0 = time.perf_counter()
            side.step()
            got["alone"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            screen.action_step()
            plot.render()
            for panel in panels:
                panel.render()
            got["redraw"].append(time.perf_counter() - t0)
            await pilot.pause()
            t0 = time.perf_counter()
            await pilot.press("s")
            await pilot.pause()
            got["key"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            await pilot.press("z")  # bound to nothing here
            await pilot.pause()
            got["floor"].append(time.perf_counter() - t0)
        assert screen.trainer.steps == 2 * rounds
        assert all(c.close for c in screen.trainer.compared)
    return got


def bench_train(runs: int) -> Section:
    """Section (t): one makemore-ninja training step, alone and with the train view's redraw."""
    sec = Section(
        "(t) the train view: one makemore-ninja step with the learner's formulas (interleaved)",
        ["what", "median", "worst", "budget"],
    )
    got = asyncio.run(_steps(max(15, 3 * runs)))
    ok = statistics.median(got["redraw"]) <= 0.100
    rows = [
        ("Trainer.step alone", "alone", ""),
        ("step with its redraw (status, cmp, curve)", "redraw", "PASS" if ok else "FAIL"),
        ("step key to screen settled (pilot)", "key", ""),
        ("a key bound to nothing, to settled (the pilot's floor)", "floor", ""),
    ]
    for what, key, verdict in rows:
        sec.rows.append([what, ms(statistics.median(got[key])), ms(max(got[key])), verdict])
    sec.verdicts.append(("train: one makemore-ninja step with its redraw within 100 ms", ok))
    sec.notes.append(
        "The step builds the graph at the moved parameters (forward and backward) and "
        "evaluates 34 formulas through the answer grammar; the redraw updates the status, the "
        "cmp lines and the plotext curve and renders them. Load average: "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    return sec
