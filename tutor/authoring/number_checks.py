"""``check``'s rules for a lesson's numbers: its tolerance, and numbers that hide a mistake.

- A tolerance under which a sign flip or a 0 would pass for one of the lesson's asked
  gradients is an error, at the tolerance's line and column; ``rel`` above ``MAX_REL`` is
  a warning (a learner's 5% slip would be right).
- Coincidences (``tutor.teach.coincidences``) are warnings at the node's line: a
  catalogue row that predicts the right value at an asked node at these inputs only, and
  an asked gradient that is 0 or negligible where ``expected`` does not say 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.lesson.yamlpos import Problem
from tutor.notation import num, number, partial

if TYPE_CHECKING:
    from tutor.graph.model import Graph

#: Above this ``rel``, ``check`` warns.
MAX_REL = 0.05


def tolerance_problems(graph: Graph[Any]) -> list[Problem]:
    """The tolerance refused where a sign flip or a 0 passes; ``rel`` above 0.05 warned."""
    lesson, kind, tol = graph.lesson, graph.kind, graph.tolerance
    problems: list[Problem] = []
    if tol.rel > MAX_REL:
        problems.append(
            Problem(
                lesson.pos("tolerance", "rel"),
                f"tolerance rel {tol.rel:g} accepts answers {tol.rel:.0%} off the gradient; "
                f"at most {MAX_REL:g} keeps a slip from passing",
                "warning",
            )
        )
    for name in sorted(graph.order, key=lambda n: kind.magnitude(graph.nodes[n].grad)):
        g = graph.nodes[name].grad
        size = kind.magnitude(g)
        if size <= tol.floor:
            continue
        flipped, zero = kind.close(-g, g, tol), kind.close(g * 0.0, g, tol)
        if not (flipped or zero):
            break  # the smallest nonzero gradient is safe, so every larger one is
        what = "a 0 and a sign flip" if zero and flipped else ("a 0" if zero else "a sign flip")
        key = "rel" if tol.rel * size >= max(tol.abs, tol.floor) else "abs"
        fix = "rel below 1" if key == "rel" else f"abs below {num(size)}"
        problems.append(
            Problem(
                lesson.pos("tolerance", key),
                f"tolerance {key} {number(getattr(tol, key), 'g')} lets {what} pass for "
                f"{partial(graph.output, name)} (size {num(size)}): use {fix}, or leave "
                f"{key} out (the default compares with the gradient's own size)",
            )
        )
        break
    return problems


def number_warnings(graph: Graph[Any]) -> list[Problem]:
    """Coincident mistakes and gradients about 0, as warnings at each node's line."""
    from tutor.teach.coincidences import findings

    return [Problem(graph.nodes[f.node].pos, f.text, "warning") for f in findings(graph)]
