"""Central differences on a tensor graph: the numeric check of a gradient.

Both checks nudge one node, recompute everything downstream of it and read the (summed)
output, restoring every value afterwards: ``numeric_grad`` element by element (the tests'
oracle and the kind's ``numeric``), ``directional`` along one direction at once (the
learner's numeric check, ``tutor.tensor.teaching``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from tutor.tensor.engine import Tensor


@contextmanager
def nudging(output: Tensor, node: Tensor) -> Iterator[Callable[[np.ndarray], float]]:
    """A function from a value of ``node`` to ``sum(output)``; every value restored on exit.

    Raises:
        ValueError: ``output`` does not depend on ``node``.

    """
    topo = output.topo()
    saved = [n.data for n in topo]
    start = next((i for i, n in enumerate(topo) if n is node), None)
    if start is None:
        raise ValueError(f"{output!r} does not depend on {node!r}")
    downstream = topo[start + 1 :]

    def output_at(data: np.ndarray) -> float:
        node.data = data
        for n in downstream:
            n.recompute()
        return float(np.sum(output.data))

    try:
        yield output_at
    finally:
        for n, d in zip(topo, saved, strict=True):
            n.data = d


def numeric_grad(output: Tensor, node: Tensor, h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar ``output`` for every element of ``node``.

    Everything downstream of ``node`` is recomputed for each nudge, and every value is
    restored afterwards. A node the output does not depend on gets zeros.
    """
    base = node.data
    grad = np.zeros(base.shape)
    if not any(n is node for n in output.topo()):
        return grad
    with nudging(output, node) as output_at:
        for index in np.ndindex(base.shape):
            results = []
            for step in (h, -h):
                nudged = base.copy()
                nudged[index] += step
                results.append(output_at(nudged))
            grad[index] = (results[0] - results[1]) / (2 * h)
    return grad


def directional(output: Tensor, node: Tensor, direction: np.ndarray, h: float) -> float:
    """Central difference of ``sum(output)`` along ``direction`` at ``node``."""
    with nudging(output, node) as output_at:
        base = node.data
        up = output_at(base + h * direction)
        down = output_at(base - h * direction)
    return (up - down) / (2 * h)
