"""``solve`` for tensor lessons: the Deep Learning book's table with shapes, and the JSON.

The table has one row per use of a node V by a consumer C: C's operation, the VJP in
symbols (``dX += dZ @ W.T``), C's inputs with their shapes, the contribution's shape and
norm, and V's total gradient G with its shape and norm. Tensors of at most
``SMALL`` elements are printed in full.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tutor.graph.model import CONST, INPUT, LABELS
from tutor.graph.model import Graph as TensorGraph
from tutor.lesson.tensor_inputs import TensorInput
from tutor.tensor.arrays import norm
from tutor.tensor.ops import shape_text

#: Tensors with at most this many elements are printed in full (the export uses it too).
SMALL = 12


def _plain(x: Any) -> Any:
    """An array as nested lists of Python numbers (a 0-d array as one number)."""
    return np.asarray(x).tolist()


def node_json(n: Any) -> dict[str, Any]:
    """One tensor node in ``tutor.teach.solution.solution_json``'s shape, plus its ``shape``.

    ``value`` and ``grad`` are nested lists (``shape`` ``[]`` for a scalar); labels and
    nodes computed from labels alone have ``grad`` None, and labels inputs ``op`` None, as
    every input.
    """
    return {
        "name": n.name,
        "label": n.label,
        "op": n.op,
        "inputs": list(n.inputs),
        "value": _plain(n.value),
        "grad": None if not n.has_grad else _plain(n.grad),
        "shape": list(np.shape(n.value)),
    }


def inputs_json(graph: TensorGraph[Any]) -> dict[str, Any]:
    """The input values, arrays as nested lists."""
    return {name: _plain(v) for name, v in graph.inputs.items()}


def dumps(data: dict[str, Any]) -> str:
    """JSON text indented like ``json.dumps(data, indent=2)``, with each array on one line.

    The indented encoder is pure Python and slow on thousands of numbers; arrays are
    written by the C encoder instead (the same data, fewer lines).
    """
    arrays: list[str] = []

    def mark(x: Any) -> Any:
        if isinstance(x, list) and x and isinstance(x[0], list | int | float):
            arrays.append(json.dumps(x, separators=(", ", ": ")))
            return f"\0{len(arrays) - 1}\0"
        return x

    shown = {**data, "inputs": {k: mark(v) for k, v in data["inputs"].items()}}
    shown["nodes"] = [
        {**n, "value": mark(n["value"]), "grad": mark(n["grad"]), "shape": mark(n["shape"])}
        for n in data["nodes"]
    ]
    text = json.dumps(shown, indent=2)
    parts = text.split('"\\u0000')
    out = [parts[0]]
    for part in parts[1:]:
        index, rest = part.split('\\u0000"', 1)
        out.append(arrays[int(index)] + rest)
    return "".join(out)


# -- the table --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TensorRow:
    """One row of the backward table: node V, one use of it by consumer C."""

    V: str
    """The node whose gradient is computed."""
    C: str
    """Its consumer (``-`` for the output's own row)."""
    op: str
    """C's operation: ``X @ W``."""
    vjp: str
    """The VJP in symbols: ``dX += dZ @ W.T``."""
    inputs: str
    """C's inputs with shapes: ``X (32, 30), W (30, 64)``."""
    contribution: str
    """The contribution's shape and norm (in full when small)."""
    G: str
    """V's total gradient: shape and norm (in full when small)."""


def tensor_text(x: Any, small: int = SMALL, shape: bool = True) -> str:
    """An array in brief: in full when small (``[1, -0.5]``), else ``(30, 64) ‖·‖ 1.234``.

    ``shape=False`` leaves the shape out of the brief form (``‖·‖ 1.234``).
    """
    from tutor.notation import num

    array = np.asarray(x, dtype=np.float64)
    if array.ndim == 0:
        return num(float(array))
    if array.size <= small:
        return _nested(array, num)
    brief = f"‖·‖ {num(norm(array))}"
    return f"{shape_text(array.shape)} {brief}" if shape else brief


def _nested(array: np.ndarray, fmt: Callable[[float], str]) -> str:
    if array.ndim == 0:
        return fmt(float(array))
    return "[" + ", ".join(_nested(a, fmt) for a in array) + "]"


def table_rows(graph: TensorGraph[Any]) -> list[TensorRow]:
    """The whole backward table: one row per use, for each asked node in asked order."""
    reach = graph.reachable()
    rows = []
    for name in graph.order:
        node = graph.nodes[name]
        g = tensor_text(node.grad)
        if name == graph.output:
            rows.append(TensorRow(name, "-", f"{name} (output)", f"d{name} = 1", "-", "-", g))
            continue
        found = False
        for c in node.consumers:
            if c not in reach:
                continue
            cn = graph.nodes[c]
            inputs = ", ".join(
                f"{i} {shape_text(graph.nodes[i].shape)}" for i in dict.fromkeys(cn.inputs)
            )
            for i, operand in enumerate(cn.inputs):
                if operand != name or not cn.symbols[i] or not cn.has_grad:
                    continue
                part = graph.values[c].contribution(i)
                rows.append(
                    TensorRow(name, c, cn.formula, cn.symbols[i], inputs, tensor_text(part), g)
                )
                found = True
        if not found:
            rows.append(TensorRow(name, "-", f"{name} (unused)", "-", "-", "-", g))
    return rows


def render(graph: TensorGraph[Any], seed: int | None = None) -> None:
    """Print the worked solution of a tensor lesson with rich."""
    import os
    import sys

    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    from tutor.teach.plain_table import fill_backward

    out = graph.output
    variant = f" (variant {seed})" if seed is not None and graph.lesson.randomize else ""
    title = Text.assemble((graph.lesson.title, "bold"), variant, "  ", (graph.lesson.name, "dim"))

    forward = Table(title="Forward pass", title_justify="left")
    for column in ("node", "operation", "shape"):
        forward.add_column(column)
    forward.add_column("value", justify="right")
    for name, node in graph.nodes.items():
        if node.kind in (INPUT, LABELS):
            spec = graph.lesson.inputs.get(name)
            operation = spec.text() if isinstance(spec, TensorInput) else "input"
        elif node.kind == CONST:
            operation = "constant"
        else:
            operation = node.formula
        forward.add_row(name, operation, shape_text(node.shape), tensor_text(node.value))

    backward = Table(title=f"Backward pass: G = d{out}/dV", title_justify="left")
    fill_backward(backward, table_rows(graph), "VJP", lambda row: row.vjp)

    answers = Text("Answers", "bold")
    for name in graph.order:
        node = graph.nodes[name]
        answers.append(f"\n  d{out}/d{name} = {tensor_text(node.grad)}", "")

    wide = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 200
    console = Console(highlight=False, markup=False, emoji=False, width=wide)
    console.print(Group(title, "", forward, "", backward, "", answers))
