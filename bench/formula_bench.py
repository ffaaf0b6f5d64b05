"""The formula check's cost: grading answers that name nodes (``tutor.teach.formula``).

An answer that names nodes is evaluated again at other draws of the lesson's inputs and
with random upstream gradients. The draws are built once per graph (the app builds them
on a worker thread when a lesson opens; otherwise the first formula answer does):
``cold`` times include building them (a fresh graph each run), ``warm`` times do not.
The answers are right formulas (every point evaluated) and coincident wrong ones (the
points up to the counterexample, and the catalogue's diagnosis there). The first answer
in the app, with the draws built at open or not, is ``first_answer_times``.

Used by ``bench/run.py`` (sections ``formula`` and ``formulaapp``); also runnable alone:
``python bench/formula_bench.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: The numbers that made a mistake coincide in bundled lessons before issue 17, so the
#: coincident wrong formulas below still coincide (the lessons have new numbers now).
OLD_NUMBERS = {
    "neuron-tanh": {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432},
    "sigmoid-squared-error": {"x": 2.0, "w": 0.5, "b": -1.0},
}

#: (lesson, node, answer): right formulas and coincident wrong ones, scalar and tensor.
CASES = (
    ("neuron-tanh", "n", "do * (1 - o**2)"),
    ("neuron-tanh", "n", "do * o**2"),
    ("neuron-tanh", "x2", "dx2w2"),
    ("sigmoid-squared-error", "z", "-1*p*p"),
    ("two-layer-net", "w12", "dx2w12 * x2"),
    ("makemore-ninja", "logits", "dnorm_logits + ones_like(logits) * dlogit_maxes"),
    (
        "makemore-ninja",
        "logits",
        "dnorm_logits + onehot(argmax(logits, axis=1), 27) * dlogit_maxes",
    ),
    ("makemore-ninja", "b1", "mean(dhprebn, axis=0)"),
    ("makemore-ninja", "hprebn", "chain"),
    ("makemore-ninja", "W1", "chain"),
    ("makemore-ninja", "C", "chain"),
    ("makemore-ninja", "bngain", "chain"),
)


def _known(graph, node):
    later = set(graph.order[graph.order.index(node) :])
    return {n: x.grad for n, x in graph.nodes.items() if n not in later and x.has_grad}


def times(runs: int) -> dict[tuple[str, str, str], tuple[float, float, bool]]:
    """Median (cold, warm) seconds to read and grade each case, and whether it was right."""
    from tutor.graph.build import build
    from tutor.lesson.find import load
    from tutor.teach import grading

    out = {}
    for lesson, node, text in CASES:
        loaded = load(lesson)
        loaded.inputs = {**loaded.inputs, **OLD_NUMBERS.get(lesson, {})}
        graph = build(loaded)
        if text == "chain":
            text = graph.kind.chain_form(graph, node)
        known = _known(graph, node)
        cold, warm = [], []
        verdict = None
        for _ in range(runs + 1):
            graph.memo.clear()
            for bucket in (cold, warm):
                t0 = time.perf_counter()
                value = grading.parse_answer(text, graph, known)
                verdict = grading.grade(graph, node, value, known, 0, text)
                bucket.append(time.perf_counter() - t0)
        assert verdict is not None
        out[(lesson, node, text)] = (
            statistics.median(cold[1:]),
            statistics.median(warm[1:]),
            verdict.correct,
        )
    return out


def ladder_times(runs: int, n: int = 2000) -> dict[str, tuple[float, float]]:
    """Median (cold, warm) seconds of a right formula at x1 of a 10- and an n-node ladder."""
    from bench.lessons import synthetic_lesson
    from tutor.graph.build import build
    from tutor.lesson.find import loads
    from tutor.teach import grading

    out = {}
    for size in (10, n):
        graph = build(loads(synthetic_lesson(size), "synthetic"))
        text = graph.kind.chain_form(graph, "x1")
        known = {name: graph.nodes[name].grad for name in graph.order}
        cold, warm = [], []
        for _ in range(runs + 1):
            graph.memo.clear()
            for bucket in (cold, warm):
                t0 = time.perf_counter()
                verdict = grading.grade(
                    graph, "x1", grading.parse_answer(text, graph, known), known, 0, text
                )
                bucket.append(time.perf_counter() - t0)
            assert verdict.correct and verdict.formula == "right"
        out[str(size)] = (statistics.median(cold[1:]), statistics.median(warm[1:]))
    return out


if __name__ == "__main__":
    for (lesson, node, text), (cold, warm, right) in times(9).items():
        mark = "right" if right else "wrong"
        print(
            f"{lesson:24} {node:8} {cold * 1e3:7.2f} ms {warm * 1e3:7.2f} ms  {mark}  {text[:50]}"
        )


#: The first answer in the app: a formula opened cold (its draws built on that answer), a
#: formula with the draws built at open (as the app does), and a plain number (the floor).
FIRST = ("cold", "prepared", "number")


async def _first_answer(path: Path, mode: str) -> float:
    """The first answer's Enter to settled screen, in a headless app on ``path``."""
    from textual.widgets import Input

    from tutor.app.factory import make_app
    from tutor.app.tutor_app import TutorApp

    app = make_app(path, keep_progress=False)
    assert isinstance(app, TutorApp)
    if mode == "cold":
        app.prepare_formulas = lambda graph: None  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        box = app.screen.query_one("#answer", Input)
        s = app.screen.session
        out = s.graph.output
        box.value = repr(s.graph.nodes[out].grad) if mode == "number" else f"{out} / {out}"
        t0 = time.perf_counter()
        await box.action_submit()
        await pilot.pause()
        took = time.perf_counter() - t0
        assert out in s.known, "the answer was not graded right"
        assert mode == "cold" or "draws" in s.graph.memo
    return took


def first_answer_times(rounds: int, n: int = 2000) -> dict[str, float]:
    """Median seconds of the first answer in an ``n``-node lesson, for each of ``FIRST``.

    Interleaved: one app of each per round, so load falls on all three alike.
    """
    import asyncio
    import tempfile

    from bench.lessons import synthetic_lesson

    path = Path(tempfile.mkdtemp()) / f"ladder{n}.yaml"
    path.write_text(synthetic_lesson(n))
    found: dict[str, list[float]] = {mode: [] for mode in FIRST}
    for _ in range(rounds):
        for mode in FIRST:
            found[mode].append(asyncio.run(_first_answer(path, mode)))
    return {mode: statistics.median(ts) for mode, ts in found.items()}
