"""Quiz variants that teach: redrawn until their numbers hide no mistake.

``variant(lesson, seed)`` is ``tutor.graph.variants.variant`` with the rule of good
numbers (``good``): no asked gradient is 0 or saturated by accident (at most
``tutor.teach.coincidences.SATURATED`` of the largest, unless the lesson's ``expected``
says 0 for it) and no catalogue mistake gives the right value at an asked node
(``tutor.teach.coincidences``). Draws stay reproducible: the same seed, the same numbers.
"""

from __future__ import annotations

from typing import Any

from tutor.graph.build import Graph
from tutor.graph.variants import variant as drawn_variant
from tutor.lesson.model import Lesson

__all__ = ["good", "variant"]


def good(graph: Graph[Any]) -> bool:
    """Whether a variant's numbers hide no mistake."""
    from tutor.teach.coincidences import SATURATED, findings  # the catalogue: for redraws

    return not findings(graph, SATURATED)


def variant(lesson: Lesson, seed: int | None) -> Graph[Any]:
    """The graph of quiz variant ``seed``, redrawn until ``good`` (the lesson's own: as is)."""
    return drawn_variant(lesson, seed, good)
