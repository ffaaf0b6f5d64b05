"""Nudge: micrograd's first optimisation step, once every gradient is found.

Every input moves by ``h·grad`` in the direction that raises the output, or, when the
output is a loss (the lesson has ``train``, or the output's name has ``loss`` in it),
against the gradient, to lower it. The forward pass is computed again at the moved
inputs, and the output's change is set beside the change the gradients predict,
``Σ grad·Δ`` (first order: the two agree to O(h²)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.graph.build import INPUT, build
from tutor.graph.model import Graph, GraphError
from tutor.notation import number

#: The step the learner gets unless they choose one (micrograd's lecture uses 0.01).
DEFAULT_H = 0.01
#: The largest step accepted (a bigger one is no nudge).
MAX_H = 10.0


class NudgeError(Exception):
    """The nudge cannot be made (bad h, or the moved inputs leave a function's domain)."""


@dataclass(frozen=True, slots=True)
class Nudge:
    """One nudge of every input along its gradient."""

    h: float
    """The step size."""
    sign: int
    """+1: along the gradient (raise the output); -1: against it (lower a loss)."""
    before: Graph[Any]
    """The graph at the lesson's inputs."""
    after: Graph[Any]
    """The graph at the moved inputs."""
    moved: tuple[str, ...]
    """The inputs moved, in graph order."""
    change: float
    """The output's change, new minus old."""
    predicted: float
    """``Σ grad·Δ`` over the moved inputs."""

    @property
    def goal(self) -> str:
        """``raise`` or ``lower``."""
        return "raise" if self.sign > 0 else "lower"

    def shown(self) -> dict[str, str]:
        """Each value that moved as the graph view shows it, ``old→new``, by node."""
        brief = self.before.kind.show_brief
        out: dict[str, str] = {}
        for name, node in self.before.nodes.items():
            old, new = brief(node.value), brief(self.after.nodes[name].value)
            if old != new:
                out[name] = f"{old}→{new}"
        return out

    def lines(self) -> list[str]:
        """What the screen says: each input's move, then the output's change vs Σ grad·Δ."""
        kind, out = self.before.kind, self.before.output
        step = number(self.sign * self.h, "g")
        rows = [f"Nudge: every input moved by {step}·grad, to {self.goal} {out}."]
        for name in self.moved:
            old, new = self.before.nodes[name].value, self.after.nodes[name].value
            rows.append(f"  {name}: {kind.show_brief(old)} → {kind.show_brief(new)}")
        old_out, new_out = self.before.nodes[out].value, self.after.nodes[out].value
        rows.append(f"  {out}: {kind.show_brief(old_out)} → {kind.show_brief(new_out)}")
        rows.append(
            f"Change of {out}: {number(self.change, '.6g')}; "
            f"Σ grad·Δ predicts {number(self.predicted, '.6g')}."
        )
        return rows


def lowers(graph: Graph[Any]) -> bool:
    """Whether a nudge should lower the output: it is a loss.

    A lesson with ``train`` is a loss to lower; otherwise the output is a loss when its
    name says so (``loss`` in it).
    """
    if graph.lesson.train is not None:
        return True
    return "loss" in graph.output.lower() or "loss" in graph.nodes[graph.output].label.lower()


def parse_h(text: str) -> float:
    """The learner's h: a positive number up to ``MAX_H``; empty text gives ``DEFAULT_H``."""
    text = text.strip()
    if not text:
        return DEFAULT_H
    try:
        h = float(text)
    except ValueError:
        raise NudgeError(f"h must be a number such as 0.01, not {text[:20]!r}") from None
    if not 0 < h <= MAX_H:
        raise NudgeError(f"h must be above 0 and at most {MAX_H:g}; {text[:20]!r} is not")
    return h


def nudge(graph: Graph[Any], h: float = DEFAULT_H) -> Nudge:
    """Move every input of ``graph`` by ``±h·grad`` and compute the forward pass there.

    Raises:
        NudgeError: the moved inputs leave a function's domain (the message says where).

    """
    sign = -1 if lowers(graph) else 1
    kind = graph.kind
    moved = tuple(n.name for n in graph.nodes.values() if n.kind == INPUT and n.has_grad)
    inputs = {n: graph.nodes[n].value for n in graph.lesson.inputs if n in graph.nodes}
    inputs.update({n: graph.nodes[n].value + sign * h * graph.nodes[n].grad for n in moved})
    try:
        after = build(graph.lesson, inputs)
    except GraphError as exc:
        raise NudgeError(f"the nudged inputs cannot be computed: {exc.one_line()}") from None
    predicted = sum(
        kind.inner(graph.nodes[n].grad, after.nodes[n].value - graph.nodes[n].value) for n in moved
    )
    out = graph.output
    change = kind.inner(after.nodes[out].value - graph.nodes[out].value, 1.0)
    return Nudge(h, sign, graph, after, moved, change, predicted)
