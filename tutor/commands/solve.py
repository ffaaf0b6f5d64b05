"""``backprop-tutor solve``: a lesson's worked solution, as the DL book's table or JSON."""

from __future__ import annotations

import sys

from tutor.commands.context import Context
from tutor.teach.solution import render, solution_json


def main_solve(ctx: Context, lesson: str) -> int:
    """Print a lesson's worked solution; return the exit code.

    Args:
        ctx: ``--lessons`` folders (searched first, ``tutor.lesson.find.resolve``); ``--seed``
            (solve that randomized variant; the lesson's own numbers when None); ``--json``
            (print ``solution_json`` with the seed instead of the rendering).
        lesson: a lesson's name or a lesson file.

    Raises:
        FileNotFoundError: no such lesson (``cli.main`` reports it in one line).
        LessonError: the lesson has problems.
        GraphError: the graph cannot be computed.

    """
    from tutor.authoring.gate import load_checked
    from tutor.teach.quiz import variant

    seed = ctx.seed
    graph = variant(load_checked(lesson, ctx.lesson_dirs), seed)
    if ctx.json:
        data = solution_json(graph)
        data["seed"] = seed
        sys.stdout.write(graph.kind.dumps(data) + "\n")
        return 0
    render(graph, seed)
    return 0
