"""The formula check's other draws are built when a lesson opens, off the UI thread.

On first use they cost a 2,000-node lesson three graph builds; the app builds them on a
worker thread as it opens the lesson, so the first answer that names a node waits for
nothing (issue 17). Asserted by structure: which thread built them, and how many builds.
"""

from __future__ import annotations

import threading
import time

from tutor.answer_status import OutcomeKind
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.teach import formula_points
from tutor.teach.formula_points import DRAWS, draws

SIZE = (120, 36)


def _count_builds(monkeypatch, pause: float = 0.0) -> list[str]:
    """Record the thread of each graph build the draws make.

    (Opening a lesson also checks it, which may build the draws of the checked graph, a
    graph of its own, on the screen's thread.)
    """
    threads: list[str] = []
    real = formula_points.build

    def counted(*args, **kwargs):
        threads.append(threading.current_thread().name)
        time.sleep(pause)  # a slow build: lets another thread run meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(formula_points, "build", counted)
    return threads


async def test_opening_a_lesson_builds_its_draws_on_a_worker_thread(app_for, monkeypatch):
    built = _count_builds(monkeypatch)
    app = app_for("micrograd-labels")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        session = app.screen.session
        assert "draws" in session.graph.memo, "the draws were not built before any answer"
        assert len(draws(session.graph)) == DRAWS
        main = threading.main_thread().name
        assert [t for t in built if t != main] == [built[-1]] * DRAWS  # one worker built them
        before = len(built)
        outcome = session.submit("L/L")  # the first answer that names a node
        assert outcome.kind == OutcomeKind.RIGHT, outcome.message
        assert len(built) == before, "the first formula answer built graphs again"


async def test_a_completed_lesson_builds_no_draws(app_for):
    app = app_for("add-multiply-gates")
    async with app.run_test(size=SIZE) as pilot:
        session = app.screen.session
        for name in list(session.asked):
            session.submit(session.graph.kind.show(session.graph.nodes[name].grad))
        assert session.complete
        app.open_lesson(app.screen.index)  # reopened, complete: nothing left to grade
        await pilot.pause()
        await app.workers.wait_for_complete()
        reopened = app.screen.session
        assert reopened is not session and reopened.complete
        assert "draws" not in reopened.graph.memo


def test_two_threads_asking_at_once_build_the_draws_once(monkeypatch):
    built = _count_builds(monkeypatch, pause=0.02)
    graph = build(load("neuron-tanh"))
    got: list[object] = []
    start = threading.Barrier(2)

    def ask() -> None:
        start.wait()
        got.append(draws(graph))

    workers = [threading.Thread(target=ask) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert len(got) == 2 and got[0] is got[1]
    assert len(built) == DRAWS
