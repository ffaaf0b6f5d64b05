"""The other points where the formula check evaluates an answer: draws of the inputs.

A lesson's graph is one point. ``draws(graph)`` builds the same lesson at ``DRAWS`` other
values of its inputs: inside each input's ``randomize`` range where it has one, otherwise
moved by the kind (``Kind.redraw``: a scalar by a random relative amount, a tensor input
with another seed). The whole graph is recomputed at each draw, and draws that leave an
op's domain are skipped. The draws come from the lesson and its values only (a seeded
generator), so a verdict is the same every time; they are built once per graph. The app
builds them when a lesson opens, on a worker thread (``TutorApp.open_lesson``), so the
first formula answer does not wait for them: ``draws`` may be called from two threads,
and the second waits for the first's draws instead of building its own.
"""

from __future__ import annotations

import random
import threading
import zlib
from _thread import LockType
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tutor.graph.build import Graph, GraphError, build
from tutor.notation import compact
from tutor.scalar.kind import SCALAR

__all__ = ["DRAWS", "Draw", "NoGradient", "Values", "drawn", "draws", "seeded"]

#: Other draws of the inputs an answer that uses names is checked at.
DRAWS = 3
#: Draws tried to find ``DRAWS`` that can be computed.
TRIES = 12


@dataclass(frozen=True, slots=True)
class Draw:
    """The lesson's graph at other values of its inputs."""

    graph: Graph[Any]
    """The graph, fully computed at the drawn inputs."""
    shown: dict[str, str]
    """Each drawn input and how its new value is shown (``x``: ``1.3``; a new seed)."""


class Values(Mapping[str, Any]):
    """The nodes' values by name, read from the graph as asked (not copied per answer)."""

    def __init__(self, nodes: Mapping[str, Any]) -> None:
        self.nodes = nodes

    def __getitem__(self, name: str) -> Any:
        return self.nodes[name].value

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, name: object) -> bool:
        return name in self.nodes


class NoGradient:
    """The names of the nodes no gradient reaches (labels), looked up as asked."""

    def __init__(self, nodes: Mapping[str, Any]) -> None:
        self.nodes = nodes

    def __contains__(self, name: object) -> bool:
        node = self.nodes.get(name) if isinstance(name, str) else None
        return node is not None and not node.has_grad


def seeded(graph: Graph[Any], salt: str) -> random.Random:
    """A generator seeded by the lesson's name, its input values and ``salt``."""
    shown = graph.kind.show
    values = ";".join(f"{n}={shown(v)}" for n, v in graph.inputs.items())
    return random.Random(f"{graph.lesson.name}:{zlib.crc32(values.encode())}:{salt}")


def _inputs(graph: Graph[Any], rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    """One draw of every input that can move, and how each is shown."""
    lesson = graph.lesson
    drawn: dict[str, Any] = {}
    shown: dict[str, str] = {}
    for name, given in lesson.inputs.items():
        kind = SCALAR if isinstance(given, int | float) else graph.kind  # a number input
        if name in lesson.randomize:
            low, high = lesson.randomize[name]
            value = kind.draw(given, low, high, rng)
            quoted = kind.quote(value)
            drawn[name], shown[name] = value, kind.show(value) if quoted is None else compact(value)
            continue
        moved = kind.redraw(given, graph.inputs[name], rng)
        if moved is not None:
            drawn[name], shown[name] = moved
    return drawn, shown


def drawn(graph: Graph[Any]) -> bool:
    """Whether ``draws(graph)`` is built already (it then returns at once)."""
    return isinstance(graph.memo.get("draws"), list)


def draws(graph: Graph[Any]) -> list[Draw]:
    """``DRAWS`` other draws of the lesson's inputs that can be computed (built once).

    Fewer when the lesson has no input that can move, or when most draws leave an op's
    domain.
    """
    cached = graph.memo.get("draws")
    if isinstance(cached, list):
        return cached
    lock = graph.memo.setdefault("draws-lock", threading.Lock())  # setdefault is atomic
    assert isinstance(lock, LockType)
    with lock:
        cached = graph.memo.get("draws")  # built meanwhile by another thread
        if isinstance(cached, list):
            return cached
        found = _build_draws(graph)
        graph.memo["draws"] = found
    return found


def _build_draws(graph: Graph[Any]) -> list[Draw]:
    """Build ``DRAWS`` draws of the inputs (trying up to ``TRIES``)."""
    rng = seeded(graph, "draws")
    found: list[Draw] = []
    for _ in range(TRIES):
        if len(found) == DRAWS:
            break
        inputs, shown = _inputs(graph, rng)
        if not inputs:
            break
        try:
            other = build(graph.lesson, inputs)
        except GraphError:
            continue
        found.append(Draw(other, shown))
    return found
