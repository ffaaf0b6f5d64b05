"""Tensor lessons in the tutor: grading one makemore-ninja answer (every misconception
consulted), the lesson's first screen, and switching nodes in the app.

Used by ``bench/run.py`` (section ``tensorapp``); also runnable alone:
``python bench/tensor_app_bench.py``.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

NAME = "makemore-ninja"

#: Wrong answers graded (each runs every misconception row), by node.
WRONG = {
    "W2": "dlogits_1.T @ h",
    "b2": "dlogits",
    "bngain": "sum(dhpreact_1 * bnraw, axis=0)",
    "bndiff": "2 * bndiff * dbndiff2",
    "hprebn": "dbndiff",
    "W1": "dhprebn_1.T @ embcat",
    "C": "scatter(demb, Xb, 27)",
    "logits": "-dnorm_logits",
}


def grading_times(runs: int) -> dict[str, float]:
    """Median seconds to read and grade one wrong answer at each node of ``WRONG``."""
    from tutor.graph.build import build as build_tensor
    from tutor.lesson.find import load
    from tutor.teach import grading

    graph = build_tensor(load(NAME))
    out = {}
    for node, text in WRONG.items():
        known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
        times = []
        for _ in range(runs + 1):
            t0 = time.perf_counter()
            value = grading.parse_answer(text, graph, known)
            verdict = grading.grade(graph, node, value, known, 0)
            times.append(time.perf_counter() - t0)
        assert not verdict.correct
        out[node] = statistics.median(times[1:])
    return out


FIRST_SCREEN = """
import sys
from tutor.app.factory import make_app
async def leave(pilot):
    await pilot.pause()
    pilot.app.exit()
app = make_app(sys.argv[1], keep_progress=False)
app.run(headless=True, size=(120, 36), auto_pilot=leave)
"""


def first_screen_times(runs: int) -> dict[str, float]:
    """Median whole-process seconds to the first screen: makemore-ninja and a scalar lesson.

    The two alternate, so load on a shared machine falls on both alike.
    """
    times: dict[str, list[float]] = {NAME: [], "micrograd-labels": []}
    for _ in range(runs):
        for name in times:
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", FIRST_SCREEN, name], check=True, capture_output=True
            )
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(t) for name, t in times.items()}


async def _switching(name: str, answers: dict[str, str], limit: int = 20) -> dict[str, list]:
    """Per answer: the whole answer -> next node settled, and the redraw from the session.

    ``redraw`` is the one redraw (``watch_revision``: every widget from the session) as the
    session change triggers it; ``settled`` adds Textual's layout and painting, to idle.
    """
    from tutor.app.factory import make_app

    app = make_app(name, keep_progress=False)
    times: dict[str, list] = {"settled": [], "redraw": []}
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        s = screen.session
        box = screen.query_one("#answer")
        redraw = screen.watch_revision

        def timed() -> None:
            t0 = time.perf_counter()
            redraw()
            times["redraw"].append(time.perf_counter() - t0)

        screen.watch_revision = timed  # the watcher is looked up on the screen by name
        while s.current is not None and len(times["settled"]) < limit:
            box.value = answers[s.current]
            t0 = time.perf_counter()
            await pilot.press("enter")  # answer: the next node becomes current
            await pilot.pause()
            times["settled"].append(time.perf_counter() - t0)
    return times


MICROGRAD = {"L": "1", "d": "f", "f": "4", "c": "-2", "e": "-2", "a": "6", "b": "-4"}


def switching_times(rounds: int = 2) -> dict[str, float]:
    """Medians: makemore-ninja's redraw, and answer-to-settled against a scalar lesson's."""
    from test_tensor_session import NINJA

    got: dict[str, list[float]] = {"redraw": [], "settled": [], "scalar settled": []}
    for _ in range(rounds):  # alternate, so load falls on both alike
        tensor = asyncio.run(_switching(NAME, NINJA))
        scalar = asyncio.run(_switching("micrograd-labels", MICROGRAD))
        got["redraw"] += tensor["redraw"]
        got["settled"] += tensor["settled"]
        got["scalar settled"] += scalar["settled"]
    return {
        "redraw from the session (every widget)": statistics.median(got["redraw"]),
        "redraw, worst": max(got["redraw"]),
        "answer -> next node settled (headless)": statistics.median(got["settled"]),
        "same, micrograd-labels (baseline)": statistics.median(got["scalar settled"]),
    }


def main() -> None:
    """Print the three measurements."""
    for node, t in grading_times(7).items():
        print(f"grade {node}: {t * 1000:.1f} ms")
    for name, t in first_screen_times(3).items():
        print(f"first screen {name}: {t:.2f} s")
    for what, t in switching_times().items():
        print(f"{what}: {t * 1000:.1f} ms")


if __name__ == "__main__":
    main()
