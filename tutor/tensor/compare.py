"""A tensor answer against the right gradient: the shape first, then the values elementwise.

``compare`` reports, as backprop-ninja's ``cmp`` does, whether the answer is exact, close
under the lesson's tolerance, and the largest difference and where it is; the tensor kind
words it, and ``tutor.teach.grading`` grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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
