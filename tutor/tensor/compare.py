"""A tensor answer against the right gradient: the shape first, then the values elementwise.

``compare`` reports, as backprop-ninja's ``cmp`` does, whether the answer is exact, close
under the lesson's tolerance, and the largest difference and where it is; the tensor kind
words it, and ``tutor.teach.grading`` grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tutor.kind import Judgement
from tutor.notation import grad_name, number, precise, shape_text
from tutor.tensor.ops import element, first_index


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


def bound(want: np.ndarray, tol: Any) -> float:
    """The largest difference accepted at any entry: against the largest entry's size."""
    size = float(np.max(np.abs(want))) if np.size(want) else 0.0
    return float(tol.bound(size))


def compare(answer: np.ndarray, want: np.ndarray, tol: Any) -> Comparison:
    """Compare elementwise under ``tol``: one bound for every entry (``bound``)."""
    if answer.shape != want.shape:
        return Comparison(False, False, False, None, (), int(want.size))
    diff = np.abs(answer - want)
    bad = diff > bound(want, tol)
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
    return number(x, ".2g" if x and (abs(x) < 1e-3 or abs(x) >= 1e4) else ".4g")


def disagreement(name: str, value: np.ndarray, grad: np.ndarray, tol: Any) -> str | None:
    """How an author's ``expected`` array for ``name`` disagrees with the gradient, or None."""
    if value.shape not in ((), grad.shape):
        return (
            f"expected grad of {name!r} has shape {shape_text(value.shape)}, but the "
            f"gradient has shape {shape_text(grad.shape)}"
        )
    value = np.broadcast_to(value, grad.shape)
    bad = np.abs(value - grad) > bound(grad, tol)
    if not bad.any():
        return None
    at = first_index(bad)
    return (
        f"expected grad of {name!r} disagrees at {element(name, at)}: "
        f"{precise(value[at])} expected, but the engine computes {precise(grad[at])} "
        f"(tolerance: abs {precise(tol.abs)}, rel {precise(tol.rel)})"
    )


def shape_rule(name: str, shape: tuple[int, ...]) -> str:
    """``dW must have the shape of W, (3, 2)`` (no possessive: ``logprobs's`` reads badly)."""
    return f"{grad_name(name)} must have the shape of {name}, {shape_text(shape)}"


def judge(dv: str, name: str, want: np.ndarray, got: np.ndarray, tol: Any) -> Judgement:
    """The shape first, then the values elementwise, as backprop-ninja's ``cmp``."""
    want = np.asarray(want, dtype=np.float64)
    cmp = compare(got, want, tol)
    shape = tuple(got.shape)
    if cmp.close:
        how = "exact" if cmp.exact else f"close (maxdiff {num(cmp.maxdiff or 0.0)})"
        text = f"Correct: {dv}, shape {shape_text(want.shape)}, {how}."
        return Judgement(True, text, shape, cmp.maxdiff)
    if not cmp.shape_ok:
        text = f"{shape_rule(name, want.shape)}; yours is {shape_text(got.shape)}."
    elif want.ndim == 0:  # one number: no entries to count, no index to give
        text = f"Right shape (), but it is off by {num(cmp.maxdiff or 0.0)}."
    else:
        verb = "is" if cmp.wrong == 1 else "are"
        text = (
            f"Right shape {shape_text(want.shape)}, but {cmp.wrong} of {want.size} entries "
            f"{verb} off: maxdiff {num(cmp.maxdiff or 0.0)} at {index_text(cmp.where)}."
        )
    return Judgement(False, text, shape, cmp.maxdiff)
