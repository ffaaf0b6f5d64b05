"""The texts of a graph-tree row's cells: the node text, its uses, its data and its grad.

Plain Rich (no Textual): ``GraphTree`` lays them out in columns.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from tutor.answer_status import AnswerStatus
from tutor.graph.build import CONST
from tutor.graph.model import Graph
from tutor.notation import num, number, record
from tutor.session import GIVEN, REVEALED, Session

#: How the grad column colours a gradient by how it became known (found: green).
GRAD_STYLES: dict[AnswerStatus, str] = {REVEALED: "yellow", GIVEN: "blue"}


def node_head(graph: Graph[Any], name: str) -> str:
    """``L = d * f`` for an operation, the name for an input, the label of a constant."""
    node = graph.nodes[name]
    if node.kind == CONST:
        return f"{node.label} (const)"
    if node.kind == "op":
        return f"{name} = {node.formula}"
    return name


def uses_tag(graph: Graph[Any], name: str) -> str:
    """`` (2 uses)`` after a node used more than once (one edge per use), else ``""``.

    Words, not ``×2``: after ``b = a + a``, a ``×2`` read as (a + a)·2.
    """
    uses = sum(graph.nodes[name].uses.values())
    return f" ({uses} uses)" if uses > 1 else ""


def data_text(graph: Graph[Any], name: str) -> str:
    """The value (4 decimals; ``-1.0000e9``; ``1e-5``, not ``0.0000``) or the shape."""
    value = graph.nodes[name].value
    text = number(value) if getattr(value, "ndim", 0) else record(value)
    return num(value) if text == record(0.0) and value else text


def grad_text(grad: float) -> str:
    """The grad column's text for a known gradient: the number, or ``✓`` for an array."""
    return "✓" if getattr(grad, "ndim", 0) else number(grad)


def grad_cell(
    session: Session, name: str, asked: Collection[str], on_the_way: Collection[str]
) -> tuple[str, str] | None:
    """The grad column's text and style for ``name``, or None for an empty cell.

    A gradient known is coloured by how it became known; one the learner may answer next
    is a bold ``?``, a later one a dim ``?``. Constants and labels (integer class indices)
    have no gradient. A ``?`` is shown only where the lesson asks (``asked``), and a
    gradient the tutor filled in only ``on_the_way`` to an asked node: one the learner
    uses and is shown in the backward table (L7-99's ``y_1``). Off the way (linear-layer's
    ``T`` and ``b``), a ``✓`` would claim the learner found what was never asked; the
    backward table has no row for it either.
    """
    node = session.graph.nodes[name]
    if node.kind == CONST or not node.has_grad:
        return None
    if name in session.known:
        if name not in asked and name not in on_the_way:
            return None
        status = session.status.get(name)
        style = GRAD_STYLES.get(status, "green") if status else "green"
        return grad_text(session.known[name]), style
    if name in asked and name in session.reach:
        return "?", "bold" if session.is_ready(name) else "dim"
    return None
