"""The GPT-2 block lesson (issue 20's largest): grading every asked node with every
misconception (``bench/run.py`` section ``gpt2`` adds ``solve --json`` and the first
screen, whole processes).

Used by ``bench/run.py`` (section ``gpt2``); also runnable alone:
``python bench/gpt2_bench.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NAME = "gpt2-block"


def grading_times(runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds to grade a wrong answer (every misconception row) at each asked node:
    the first time (cold: nothing cached on a freshly built graph) and the median after.

    The wrong answer is the right gradient scaled and shifted (no row predicts it, so
    every row's predictions are computed and compared: the worst case).
    """
    from tutor.graph.build import build
    from tutor.lesson.find import load
    from tutor.teach import grading

    graph = build(load(NAME))
    cold, warm = {}, {}
    for node in graph.order:
        known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
        wrong = graph.nodes[node].grad * 1.5 + 0.25
        times = []
        for _ in range(runs + 1):
            t0 = time.perf_counter()
            verdict = grading.grade(graph, node, wrong, known, 0)
            times.append(time.perf_counter() - t0)
        assert not verdict.correct
        cold[node], warm[node] = times[0], statistics.median(times[1:])
    return cold, warm


if __name__ == "__main__":
    cold, warm = grading_times(5)
    worst = max(cold, key=lambda n: cold[n])
    print(f"grading cold, worst node {worst}: {cold[worst] * 1000:.1f} ms of {len(cold)} nodes")
