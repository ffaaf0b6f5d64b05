"""The tensor ``one_consumer`` predictor, with a normalisation's statistics taken as constants.

A layernorm or a batchnorm computes statistics of its input (the mean ``mu``, the variance
``v``) and combines them with that input again (``xc = x - mu``, ``xhat = xc * rstd``). A
learner who treats the statistics as constants drops the paths through them: in steps,
one consumer's term alone (``dx = dxc``), which ``tutor.tensor.predictors.one_consumer``
predicts; in one fused formula (llm.c's ``layernorm_backward``, makemore's exercise 3),
``dx = rstd * dxhat`` or with only one of the two row means, which no single term gives.

So here the gradient of the asked node is computed again with the statistics frozen: the
backward pass skips them (each of them, and all of them). A statistic of node X is read
from the graph only (never from an op's key): a node X feeds that is smaller than X and
broadcasts against it (``(4, 1)`` against ``(4, 5)``), made from a node of X's shape (the
first such reduction, not what is computed from it), reached before any other asked node
(past one, it is that node's question), and met again by a node that X reaches without it
(``xc = x - mu``), before the output.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from tutor.mistakes import Prediction
from tutor.tensor import predictors as rules
from tutor.tensor.predictors import TTerm

if TYPE_CHECKING:
    from tutor.graph.model import Graph

__all__ = ["frozen_statistics", "one_consumer", "statistics"]

#: At most this many statistics are frozen in every combination (a layernorm has 2).
MAX_FROZEN = 3


def one_consumer(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """One use's contribution instead of the sum; or the statistics taken as constants."""
    yield from rules.one_consumer(graph, name, ts)
    yield from frozen_statistics(graph, name)


def _below(graph: Graph[np.ndarray], name: str) -> list[str]:
    """The nodes computed from ``name`` that the output depends on, in forward order."""
    reach = graph.reachable()
    seen = {name}
    for n, node in graph.nodes.items():
        if n not in seen and any(i in seen for i in node.inputs):
            seen.add(n)
    return [n for n in graph.nodes if n in seen and n != name and n in reach]


def _broadcasts(small: tuple[int, ...], big: tuple[int, ...]) -> bool:
    """Whether ``small`` has fewer elements than ``big`` and broadcasts against it."""
    if len(small) > len(big) or int(np.prod(small)) >= int(np.prod(big)):
        return False
    return all(s in (1, b) for s, b in zip(reversed(small), reversed(big), strict=False))


def _without(graph: Graph[np.ndarray], name: str, frozen: set[str]) -> set[str]:
    """``name`` and what is computed from it on paths that avoid every node of ``frozen``."""
    seen = {name}
    for n, node in graph.nodes.items():
        if n not in seen and n not in frozen and any(i in seen for i in node.inputs):
            seen.add(n)
    return seen


def _reaches_without(graph: Graph[np.ndarray], name: str, frozen: set[str]) -> bool:
    """Whether ``name`` reaches the output on a path that avoids every node of ``frozen``."""
    return graph.output in _without(graph, name, frozen)


def _rejoins(graph: Graph[np.ndarray], name: str, stat: str) -> bool:
    """Whether ``stat`` meets ``name`` again before the output (``xc = x - mu``)."""
    direct = _without(graph, name, {stat})
    after = {stat}
    for n, node in graph.nodes.items():
        if n in after or not any(i in after for i in node.inputs):
            continue
        after.add(n)
        if n != graph.output and any(i in direct for i in node.inputs):
            return True
    return False


def _ahead(graph: Graph[np.ndarray], name: str) -> list[str]:
    """The nodes computed from ``name`` before any asked node: what this step covers.

    A learner works from the gradients found already: past an asked node (``xc`` in
    layernorm-steps) a statistic is that node's question, not this one's.
    """
    asked = set(graph.order)
    seen = {name}
    for n, node in graph.nodes.items():
        if n not in seen and any(i in seen and (i == name or i not in asked) for i in node.inputs):
            seen.add(n)
    return [n for n in graph.nodes if n in seen and n != name]


def statistics(graph: Graph[np.ndarray], name: str) -> list[str]:
    """The statistics of ``name``: reductions of it that are combined with it again."""
    shape = np.shape(graph.nodes[name].value)
    ahead = _ahead(graph, name)
    full = {name, *(n for n in ahead if np.shape(graph.nodes[n].value) == shape)}
    found = []
    for n in ahead:
        node = graph.nodes[n]
        if n == graph.output or not _broadcasts(np.shape(node.value), shape):
            continue
        if any(i in full for i in node.inputs) and _rejoins(graph, name, n):
            found.append(n)
    return found


def _shown(graph: Graph[np.ndarray], stat: str) -> str:
    """The node a statistic is used as: along its one-consumer chain (``v`` -> ``rstd``)."""
    shape = np.shape(graph.nodes[stat].value)
    while len(cs := graph.uses(stat)) == 1:
        c = cs[0][0]
        if c == graph.output or np.shape(graph.nodes[c].value) != shape:
            break
        stat = c
    return stat


def _frozen_grad(graph: Graph[np.ndarray], name: str, frozen: set[str]) -> np.ndarray:
    """The gradient of ``name`` by a backward pass that passes nothing through ``frozen``."""
    kind = graph.kind
    below = _below(graph, name)
    grads: dict[str, np.ndarray] = {
        graph.output: np.ones(np.shape(graph.nodes[graph.output].value))
    }
    for c in reversed(below):
        g = grads.get(c)
        if g is None or c in frozen:
            continue
        tensor = graph.values[c]
        row = tensor.row
        for i, operand in enumerate(graph.nodes[c].inputs):
            if row is None or row.vjp[i] is None or (operand != name and operand not in below):
                continue
            term = kind.contribution(tensor, i, g).value
            grads[operand] = grads[operand] + term if operand in grads else term
    return grads.get(name, np.zeros(np.shape(graph.nodes[name].value)))


def _words(names: tuple[str, ...]) -> dict[str, str]:
    one = len(names) == 1
    listed = names[0] if one else ", ".join(names[:-1]) + " and " + names[-1]
    return {
        "stats": listed,
        "constants": "a constant" if one else "constants",
        "depend": "depends" if one else "depend",
        "them": "it" if one else "them",
    }


def frozen_statistics(graph: Graph[np.ndarray], name: str) -> Iterator[Prediction[Any]]:
    """The gradient of ``name`` with each set of its statistics taken as constants."""
    stats = statistics(graph, name)[:MAX_FROZEN]
    for k in range(1, len(stats) + 1):
        for chosen in combinations(stats, k):
            frozen = set(chosen)
            if not _reaches_without(graph, name, frozen):
                continue
            value = _frozen_grad(graph, name, frozen)
            if np.any(value):
                shown = tuple(_shown(graph, n) for n in chosen)
                yield Prediction(value, {"node": name, **_words(shown)}, "frozen")
