"""Quiz variants: input values drawn from a lesson's ``randomize`` ranges, reproducibly."""

from __future__ import annotations

import random
import zlib
from typing import TYPE_CHECKING, Any

from tutor.lesson.find import Lesson

if TYPE_CHECKING:
    from tutor.graph.build import Graph
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
    for name, (low, high) in lesson.randomize.items():
        spec = values[name]
        if not isinstance(spec, int | float):  # a tensor: every element drawn
            from tutor.lesson.tensor_inputs import TensorInput
            from tutor.tensor.arrays import draw as draw_tensor

            assert isinstance(spec, TensorInput)  # lesson inputs are numbers or TensorInputs
            values[name] = draw_tensor(spec, low, high, rng.getrandbits(64))
            continue
        if isinstance(low, int) and isinstance(high, int):
            values[name] = float(rng.randint(low, high))
        else:
            values[name] = min(max(round(rng.uniform(low, high), 2), low), high)
    return values


def variant(lesson: Lesson, seed: int | None) -> Graph[Any]:
    """The graph of variant ``seed`` (the lesson's own numbers when seed is None or no ranges).

    Draws again (deterministically) when a draw hits a math domain error.

    Raises:
        GraphError: when no draw in ``MAX_TRIES`` can be computed.

    """
    from tutor.graph.build import GraphError, build

    if seed is None or not lesson.randomize:
        return build(lesson)
    error: GraphError | None = None
    for attempt in range(MAX_TRIES):
        try:
            return build(lesson, draw(lesson, seed, attempt))
        except GraphError as exc:
            error = exc
    assert error is not None
    raise error
