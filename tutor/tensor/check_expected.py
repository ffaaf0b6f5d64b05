"""The checks of ``tutor.authoring.check`` that differ for tensor lessons: ``expected`` and ``ask``.

An ``expected`` answer in a tensor lesson is a tensor expression over node values
(``2 * W``, ``sum(X, axis=0)``, ``X.T @ y``). It must have the gradient's shape (a single
number stands for every element) and agree element by element within the tolerance.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tutor.grammar.errors import ParseError
from tutor.grammar.tree import Expr
from tutor.graph.model import LABELS
from tutor.graph.model import Graph as TensorGraph
from tutor.lesson.find import Lesson
from tutor.lesson.yamlpos import Problem
from tutor.messages import did_you_mean
from tutor.notation import shape_text
from tutor.tensor.evaluate import TensorEnv
from tutor.tensor.evaluate import evaluate as tensor_evaluate
from tutor.tensor.ops import element, first_index


def evaluate(expr: Expr, graph: TensorGraph[Any]) -> np.ndarray:
    """Evaluate a tensor expression on the graph's node values (no gradients).

    Raises:
        ParseError: an unknown name, or a shape, domain or size problem, with its column.

    """
    values = {name: np.asarray(node.value) for name, node in graph.nodes.items()}
    return tensor_evaluate(expr, TensorEnv(values))


def check_expected(lesson: Lesson, graph: TensorGraph[Any], named: list[str]) -> list[Problem]:
    """Compare each ``expected`` answer with the engine's gradient, element by element."""
    problems: list[Problem] = []
    tol = lesson.tolerance
    for name, want in lesson.expected.items():
        node = graph.nodes.get(name)
        if node is None:
            hint = did_you_mean(name, named)
            problems.append(
                Problem(
                    lesson.key_pos("expected", name),
                    f"expected answer for unknown node {name!r}{hint}",
                )
            )
            continue
        if not node.has_grad:
            problems.append(
                Problem(
                    lesson.key_pos("expected", name),
                    f"expected answer for {name!r}, which has no gradient (labels and what is "
                    "computed from labels alone)",
                )
            )
            continue
        try:
            value = evaluate(want.expr, graph).astype(np.float64)
        except ParseError as exc:
            problems.append(
                Problem(want.pos.shifted(exc.col), f"expected answer for {name!r}: {exc.message}")
            )
            continue
        grad = np.asarray(node.grad)
        if value.shape not in ((), grad.shape):
            problems.append(
                Problem(
                    want.pos,
                    f"expected grad of {name!r} has shape {shape_text(value.shape)}, but the "
                    f"gradient has shape {shape_text(grad.shape)}",
                )
            )
            continue
        value = np.broadcast_to(value, grad.shape)
        bad = np.abs(value - grad) > np.maximum(tol.abs, tol.rel * np.abs(grad))
        if bad.any():
            at = first_index(bad)
            problems.append(
                Problem(
                    want.pos,
                    f"expected grad of {name!r} disagrees at {element(name, at)}: "
                    f"{value[at]:.10g} expected, but the engine computes {grad[at]:.10g} "
                    f"(tolerance: abs {tol.abs:.10g}, rel {tol.rel:.10g})",
                )
            )
    return problems


def check_ask(lesson: Lesson, graph: TensorGraph[Any]) -> list[Problem]:
    """An ``ask`` list must not name labels or nodes computed from labels alone."""
    if not isinstance(lesson.ask, list):
        return []
    problems: list[Problem] = []
    for i, name in enumerate(lesson.ask):
        node = graph.nodes.get(name)
        if node is not None and not node.has_grad:
            what = "the labels" if node.kind == LABELS else "the constant"
            problems.append(
                Problem(
                    lesson.pos("ask", i),
                    f"'ask' names {what} {name!r}, which has no gradient; it is never asked",
                )
            )
    return problems
