"""The arrays of a tensor lesson: its inputs as NumPy arrays, quiz draws, norms.

``tutor.lesson.tensor_inputs`` reads what a lesson file says (no NumPy); this module makes
the arrays, so NumPy is imported only for tensor lessons.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, cast

import numpy as np

if TYPE_CHECKING:
    from tutor.lesson.tensor_inputs import TensorInput


def input_array(spec: TensorInput) -> np.ndarray:
    """A tensor input's values (``float64``; ``int64`` for labels)."""
    if spec.kind == "randn":
        return np.random.default_rng(spec.seed).standard_normal(spec.shape) * spec.scale
    if spec.kind == "uniform":
        return np.random.default_rng(spec.seed).uniform(spec.low, spec.high, spec.shape)
    dtype = np.int64 if spec.is_labels else np.float64
    return np.array(spec.values, dtype=dtype).reshape(spec.shape)


def drawn_array(spec: TensorInput | float, override: object = None) -> np.ndarray:
    """An input's array: the lesson's own, or ``override`` (a draw, or one number for all).

    ``check`` tries the corners of ``randomize`` ranges with one number for every element.
    ``spec`` is a number or a ``TensorInput`` (anything that is not a number).
    """
    if override is not None and not isinstance(override, int | float | np.ndarray):
        spec, override = cast("TensorInput", override), None  # the lesson's own input
    given = spec if not isinstance(spec, int | float) else None
    dtype = np.int64 if given is not None and given.is_labels else np.float64
    if override is None:
        return input_array(given) if given is not None else np.array(spec, dtype=dtype)
    array = np.asarray(override, dtype=dtype)
    if given is not None and array.shape != given.shape:
        array = np.broadcast_to(array, given.shape).copy()
    return array


def draw(spec: TensorInput, low: float, high: float, seed: int) -> np.ndarray:
    """A ``randomize`` draw for a tensor input: every element from ``[low, high]``.

    Integer bounds draw integers (labels always do); other bounds draw numbers rounded to
    two places, as scalar inputs are. Reproducible from ``seed``.
    """
    rng = np.random.default_rng(seed)
    if spec.is_labels or (isinstance(low, int) and isinstance(high, int)):
        values = rng.integers(int(low), int(high), spec.shape, endpoint=True)
        return values if spec.is_labels else values.astype(np.float64)
    return np.clip(np.round(rng.uniform(low, high, spec.shape), 2), low, high)


def redraw(spec: TensorInput, value: np.ndarray, seed: int) -> tuple[object, str] | None:
    """Another draw of a tensor input for the formula check (None: labels stay).

    ``randn`` and ``uniform`` inputs take another seed; written values are each moved by a
    random relative amount (0 by up to 1 either way).
    """
    if spec.is_labels:
        return None
    if spec.kind in ("randn", "uniform"):
        other = replace(spec, seed=int(seed % 2**31))
        return other, other.text()
    rng = np.random.default_rng(seed)
    array = np.asarray(value, dtype=np.float64)
    moved = np.where(
        array == 0, rng.uniform(-1.0, 1.0, array.shape), array * rng.uniform(0.6, 1.4, array.shape)
    )
    return np.round(moved, 3), "written values, each moved"


def norm(x: object) -> float:
    """The Frobenius norm of an array (the absolute value of a scalar)."""
    return float(math.sqrt(float(np.sum(np.square(np.asarray(x, dtype=np.float64))))))
