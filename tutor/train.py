"""Training a lesson's network by gradient descent with the learner's own gradients.

A lesson's ``train`` key names its parameters (``tutor.lesson.model.Train``). Each step
takes the gradients at the current point, moves every parameter by ``-lr * grad``, and
builds the graph again at the moved parameters (the forward and backward pass; the other
inputs are the data, the same at every step).

The gradients are the learner's. An answer that was a formula (it names nodes or
gradients, ``dh @ W2.T``) is evaluated again at every step through the answer grammar
(``tutor.teach.grading.parse_answer``: bounded, never ``eval``), each in the order the
learner answered, so a formula's ``dX`` is the learner's own ``dX`` at this step. Every
other gradient (a number, a revealed answer, one the tutor filled in) is the engine's at
each step; at the first step the two are equal, as the learner found them. Each step
compares the learner's gradient of every parameter with the engine's as makemore's
``cmp`` does: exact, close (the lesson's tolerance) and the largest difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tutor.graph.build import Graph, GraphError, build
from tutor.notation import grad_name, number, shape_text
from tutor.teach.formula import refs
from tutor.teach.grading import AnswerError, parse_answer


class TrainError(Exception):
    """A step cannot be made; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Compared:
    """One parameter's gradient, the learner's against the engine's (makemore's ``cmp``)."""

    name: str
    """The parameter."""
    exact: bool
    """Equal to the last bit."""
    close: bool
    """Within the lesson's tolerance."""
    maxdiff: float
    """The largest difference between the two (an entry's, for a tensor)."""
    formula: bool
    """The learner's formula (True) or the engine's gradient (no formula was typed)."""

    def line(self, width: int = 0, mark: bool = True) -> str:
        """``W1   | exact: False | approximate: True  | maxdiff: 2.3e-10``, as ``cmp`` prints.

        ``(engine)`` ends the line of a parameter whose gradient is the engine's (the
        learner typed a number, not a formula).
        """
        source = "" if self.formula or not mark else "  (engine)"
        return (
            f"{self.name:<{width}} | exact: {self.exact!s:<5} | approximate: {self.close!s:<5}"
            f" | maxdiff: {number(self.maxdiff, '.2g')}{source}"
        )


def formula_texts(graph: Graph[Any], answers: Mapping[str, str]) -> dict[str, str]:
    """The answers that are formulas (they name nodes or gradients), in the order given."""
    out = {}
    for name, text in answers.items():
        if name in graph.nodes and graph.nodes[name].has_grad:
            values, grads = refs(graph, text)
            if values or grads:
                out[name] = text
    return out


class Trainer:
    """Gradient descent on one lesson's loss, one step at a time."""

    def __init__(
        self, graph: Graph[Any], answers: Mapping[str, str] | None = None, lr: float | None = None
    ) -> None:
        """Train ``graph``'s lesson from ``graph``'s point.

        Args:
            graph: the lesson's graph at its inputs (the learner's variant).
            answers: what the learner typed for each gradient, by node, in the order
                answered (its formulas are used; its numbers stand for the engine's).
            lr: the learning rate (default: the lesson's).

        Raises:
            TrainError: the lesson has no ``train``, or a formula cannot be computed here
                (the graph's output is one number: ``build`` refuses any other).

        """
        train = graph.lesson.train
        if train is None:
            raise TrainError(f"{graph.lesson.name} has no train key: nothing to train")
        self.params = train.params
        """The inputs trained."""
        self.lr = train.lr if lr is None else lr
        """The learning rate (the learner may change it between steps)."""
        self.formulas = formula_texts(graph, answers or {})
        """The learner's formulas, by node, in the order answered."""
        self.data = tuple(n for n in graph.lesson.inputs if n not in train.params)
        """The inputs that are data: the same at every step."""
        self.graph = graph
        """The graph at the current point."""
        self.steps = 0
        """Steps made."""
        self.losses = [self.loss]
        """The loss at the start and after each step."""
        self.grads = self.gradients()
        """The learner's gradients at the current point (what the next step uses)."""
        self.compared = self.compare()
        """Each parameter's gradient at the current point against the engine's."""

    @property
    def loss(self) -> float:
        """The output's value at the current point."""
        return self.graph.kind.inner(self.graph.nodes[self.graph.output].value, 1.0)

    def gradients(self) -> dict[str, Any]:
        """Every gradient at the current point: the learner's formulas, else the engine's."""
        graph = self.graph
        known = {n: node.grad for n, node in graph.nodes.items() if node.has_grad}
        for name, text in self.formulas.items():
            try:
                known[name] = parse_answer(text, graph, known)
            except AnswerError as exc:
                raise TrainError(
                    f"your formula for {name} ({text[:40]}) cannot be computed after "
                    f"{self.steps} steps: {exc.message}"
                ) from None
        return known

    def compare(self) -> tuple[Compared, ...]:
        """Each parameter's gradient (``self.grads``) against the engine's, as ``cmp``."""
        kind, tol, out = self.graph.kind, self.graph.tolerance, []
        for name in self.params:
            got, want = self.grads[name], self.graph.nodes[name].grad
            if kind.shape(got) != kind.shape(want):
                diff, exact, close = float("inf"), False, False
            else:
                diff = kind.magnitude(got - want)
                exact, close = diff == 0.0, kind.close(got, want, tol)
            out.append(Compared(name, exact, close, diff, name in self.formulas))
        return tuple(out)

    def step(self) -> float:
        """One step of gradient descent with the learner's gradients; returns the new loss.

        Raises:
            TrainError: a gradient has the wrong shape, the moved parameters leave a
                function's domain (or overflow), or a formula cannot be computed there.

        """
        graph, kind = self.graph, self.graph.kind
        inputs = {n: graph.nodes[n].value for n in graph.lesson.inputs if n in graph.nodes}
        for name in self.params:
            value, grad = inputs[name], self.grads[name]
            if kind.shape(grad) != kind.shape(value):
                got, want = shape_text(kind.shape(grad)), shape_text(kind.shape(value))
                raise TrainError(
                    f"your {grad_name(name)} has the shape {got}, and {name} {want}: "
                    "a step cannot use it"
                )
            inputs[name] = value - self.lr * grad
        try:
            moved = build(graph.lesson, inputs)
        except GraphError as exc:
            raise TrainError(
                f"step {self.steps + 1} cannot be computed (lower the learning rate "
                f"{number(self.lr, 'g')}): {exc.one_line()}"
            ) from None
        self.graph = moved
        self.steps += 1
        self.losses.append(self.loss)
        self.grads = self.gradients()
        self.compared = self.compare()
        return self.losses[-1]

    def run(self, steps: int) -> float:
        """``steps`` steps; returns the last loss."""
        for _ in range(steps):
            self.step()
        return self.losses[-1]

    def lines(self) -> list[str]:
        """The comparison, one ``cmp`` line per parameter, names aligned.

        ``(engine)`` marks the engine's gradients only when some others are formulas.
        """
        width = max((len(c.name) for c in self.compared), default=0)
        mixed = any(c.formula for c in self.compared)
        return [c.line(width, mixed) for c in self.compared]
