"""Grading a tensor answer: the shape first, then the values elementwise, then the mistake.

An answer is read by ``tutor.tensor.answers`` (through the kind). ``compare`` reports,
as backprop-ninja's ``cmp`` does, whether the answer is exact, close under the lesson's
tolerance, and the largest difference and where it is. ``grade`` puts the verdict's words
together; the mistake comes from the one misconception table (``tutor.teach.misconceptions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tutor.teach import misconceptions as mc
from tutor.tensor.ops import shape_text

#: Entries listed by position in a message at most.
MAX_LISTED = 3


@dataclass(frozen=True, slots=True)
class Comparison:
    """An answer against the right gradient, as backprop-ninja's ``cmp`` reports it."""

    shape_ok: bool
    """Whether the shapes agree (nothing else is compared when they do not)."""
    exact: bool
    """Every element equal."""
    close: bool
    """Every element within the lesson's tolerance."""
    maxdiff: float | None
    """The largest absolute difference (None when the shapes differ)."""
    where: tuple[int, ...]
    """Index of the largest difference."""
    wrong: int
    """Elements outside the tolerance."""
    mask: np.ndarray | None = None
    """True at each element outside the tolerance (None when the shapes differ)."""


def index_text(index: tuple[int, ...]) -> str:
    """``[2, 0]``; ``[]`` for a scalar."""
    return "[" + ", ".join(str(i) for i in index) + "]"


def compare(answer: np.ndarray, want: np.ndarray, tol: Any) -> Comparison:
    """Compare elementwise under ``tol`` (``|x - y| <= max(abs, rel * |y|)``)."""
    if answer.shape != want.shape:
        return Comparison(False, False, False, None, (), int(want.size))
    diff = np.abs(answer - want)
    bad = diff > np.maximum(tol.abs, tol.rel * np.abs(want))
    if diff.size:
        at = np.unravel_index(int(np.argmax(diff)), diff.shape)
        where = tuple(int(i) for i in at)
        maxdiff = float(diff[where]) if where else float(diff)
    else:
        where, maxdiff = (), 0.0
    return Comparison(
        True, bool(np.array_equal(answer, want)), not bad.any(), maxdiff, where, int(bad.sum()), bad
    )


def num(x: float) -> str:
    """A difference for messages: ``0.31``, ``2.2e-16``."""
    return f"{x:.2g}" if x and (abs(x) < 1e-3 or abs(x) >= 1e4) else f"{x:.4g}"


@dataclass(frozen=True, slots=True)
class TensorVerdict:
    """What ``grade`` found (``tutor.teach.grading`` turns it into its ``Verdict``)."""

    correct: bool
    message: str
    mistakes: tuple[str, ...]
    comparison: Comparison


def shape_message(graph: Any, name: str, answer: np.ndarray) -> str:
    """The shape message: ``dW must have W's shape (3, 2); yours is (2, 3).``."""
    node = graph.nodes[name]
    want = shape_text(np.shape(node.grad))
    return f"d{name} must have {name}'s shape {want}; yours is {shape_text(answer.shape)}."


def grade(graph: Any, name: str, answer: np.ndarray, attempts: int = 0) -> TensorVerdict:
    """Grade a tensor answer: shape, then values, then the misconception that explains it."""
    node = graph.nodes[name]
    want = np.asarray(node.grad, dtype=np.float64)
    tol = graph.lesson.tolerance
    cmp = compare(answer, want, tol)
    dv = f"d{graph.output}/d{name}"
    if cmp.close:
        how = "exact" if cmp.exact else f"close (maxdiff {num(cmp.maxdiff or 0.0)})"
        return TensorVerdict(
            True, f"Correct: {dv}, shape {shape_text(want.shape)}, {how}.", (), cmp
        )
    found = mc.match(graph, name, answer)
    parts = [f"Not quite (attempt {attempts + 1})."]
    if not cmp.shape_ok:
        parts.append(shape_message(graph, name, answer))
    else:
        at = index_text(cmp.where)
        parts.append(
            f"Right shape {shape_text(want.shape)}, but {cmp.wrong} of {want.size} entries "
            f"are off: maxdiff {num(cmp.maxdiff or 0.0)} at {at}."
        )
    if found:
        text = found[0].message
        if len(found) > 1:
            text += f" (The same answer also comes from: {', '.join(m.name for m in found[1:])}.)"
        parts.append(text)
    return TensorVerdict(False, " ".join(parts), tuple(m.code.value for m in found), cmp)
