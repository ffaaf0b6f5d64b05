"""``backprop-tutor solve``: a lesson's worked solution, as the DL book's table or JSON."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tutor.teach.solution import render, solution_json


def main_solve(
    lesson: str,
    as_json: bool = False,
    seed: int | None = None,
    lesson_dirs: Sequence[str] = (),
) -> int:
    """Print a lesson's worked solution; return the exit code.

    Args:
        lesson: a bundled lesson's name or a lesson file.
        as_json: print ``solution_json`` (with ``seed``) instead of the rendering.
        seed: solve randomized variant ``seed`` (the lesson's own numbers when None).
        lesson_dirs: the ``--lessons`` folders, searched first (``tutor.lesson.find.resolve``).

    Raises:
        FileNotFoundError: no such lesson (``cli.main`` reports it in one line).
        LessonError: the lesson has problems.
        GraphError: the graph cannot be computed.

    """
    from tutor.graph.variants import variant
    from tutor.lesson.find import load

    graph = variant(load(lesson, lesson_dirs), seed)
    if as_json:
        import json

        data = solution_json(graph)
        data["seed"] = seed
        if getattr(graph, "tensor", False):  # thousands of numbers: arrays on one line each
            from tutor.tensor.solve import dumps

            sys.stdout.write(dumps(data) + "\n")
            return 0
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return 0
    render(graph, seed)
    return 0
