"""Quiz variants: input values drawn from a lesson's ``randomize`` ranges, reproducibly."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tutor.graph.build import Graph, GraphError, build, kind_of
from tutor.lesson.find import Lesson
from tutor.scalar.kind import SCALAR

if TYPE_CHECKING:
    from tutor.lesson.tensor_inputs import Drawn

#: Draws tried before a variant gives up on avoiding math domain errors.
MAX_TRIES = 200


def draw(lesson: Lesson, seed: int, attempt: int = 0) -> dict[str, Drawn]:
    """One draw of the randomized inputs for ``seed`` (integer ranges give integers).

    The lesson's name is mixed into the seed, so one quiz seed gives each lesson its own
    numbers; the same seed always gives the same numbers.
    """
    rng = random.Random(f"{zlib.crc32(lesson.name.encode())}:{seed}:{attempt}")
    values: dict[str, Drawn] = dict(lesson.inputs)
    kind = kind_of(lesson)
    for name, (low, high) in lesson.randomize.items():
        given = values[name]
        number = isinstance(given, int | float)  # a number input, in a tensor lesson too
        values[name] = (SCALAR if number else kind).draw(given, low, high, rng)
    return values


def variant(
    lesson: Lesson, seed: int | None, good: Callable[[Graph[Any]], bool] | None = None
) -> Graph[Any]:
    """The graph of variant ``seed`` (the lesson's own numbers when seed is None or no ranges).

    Draws again (deterministically) when a draw hits a math domain error, and, with
    ``good``, while ``good(graph)`` is False (``tutor.teach.quiz.variant`` passes the rule
    that no asked gradient is 0 by accident and no mistake coincides). When no draw in
    ``MAX_TRIES`` is good, the first that can be computed is used.

    Raises:
        GraphError: when no draw in ``MAX_TRIES`` can be computed.

    """
    if seed is None or not lesson.randomize:
        return build(lesson)
    error: GraphError | None = None
    first: Graph[Any] | None = None
    for attempt in range(MAX_TRIES):
        try:
            graph = build(lesson, draw(lesson, seed, attempt))
        except GraphError as exc:
            error = exc
            continue
        if good is None or good(graph):
            return graph
        first = first or graph
    if first is not None:
        return first
    assert error is not None
    raise error
