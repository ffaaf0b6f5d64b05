"""``backprop-tutor solve``: a lesson's worked solution, as a rich rendering or JSON.

The rendering follows the Deep Learning book: the forward values, then the backward
pass as its table (V, C, op, dC/dV, inputs, contribution, G), then the answers.
Only what the command needs is imported (never the user interface), so it starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from tutor.graph import Graph


def solution_json(graph: Graph) -> dict[str, Any]:
    """Return the worked solution as plain data.

    Returns:
        ``{"lesson", "title", "output", "order", "seed", "inputs", "nodes"}``; ``nodes`` are
        in definition order, each ``{"name", "op", "inputs", "value", "grad"}`` with
        ``op`` None for inputs and ``"const"`` for constants, and one input per use.
        ``seed`` is None here (``main_solve`` fills it in). Tensor lessons keep this shape
        (``tutor.tensor_solve.solution_json``): values and gradients are nested lists,
        each node has a ``shape``, and labels have ``grad`` None.

    """
    if getattr(graph, "tensor", False):
        from tutor import tensor_solve

        return tensor_solve.solution_json(graph)
    return {
        "lesson": graph.lesson.name,
        "title": graph.lesson.title,
        "output": graph.output,
        "order": list(graph.order),
        "seed": None,
        "inputs": dict(graph.inputs),
        "nodes": [
            {
                "name": n.name,
                "op": n.op,
                "inputs": list(n.inputs),
                "value": n.value,
                "grad": n.grad,
            }
            for n in graph.nodes.values()
        ],
    }


def _operation(graph: Graph, name: str) -> str:
    """How a node is computed, for the forward table: ``a * b``, ``input``, ``constant``."""
    node = graph.nodes[name]
    if node.kind == "input":
        return "input"
    if node.kind == "const":
        return "constant"
    return node.formula


def render(graph: Graph, seed: int | None = None) -> None:
    """Print the worked solution with rich (no colour when stdout is not a terminal)."""
    if getattr(graph, "tensor", False):
        from tutor import tensor_solve

        tensor_solve.render(graph, seed)
        return
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    from tutor.hints import num, partial, solution_rows

    out = graph.output
    variant = f" (variant {seed})" if seed is not None and graph.lesson.randomize else ""
    title = Text.assemble((graph.lesson.title, "bold"), variant, "  ", (graph.lesson.name, "dim"))

    forward = Table(title="Forward pass", title_justify="left")
    forward.add_column("node")
    forward.add_column("operation")
    forward.add_column("value", justify="right")
    for name in graph.nodes:
        forward.add_row(name, _operation(graph, name), num(graph.nodes[name].value))

    backward = Table(title=f"Backward pass: G = d{out}/dV", title_justify="left")
    for column in ("V", "C", "op", "dC/dV", "inputs", "contribution"):
        backward.add_column(column)
    backward.add_column("G", justify="right")
    rows = solution_rows(graph)
    for i, row in enumerate(rows):
        last = i + 1 == len(rows) or rows[i + 1].V != row.V
        cells = (row.V, row.C, row.op, row.dCdV, row.inputs, row.contribution)
        backward.add_row(*cells, row.G if last else "", end_section=last)

    answers = Text("Answers", "bold")
    for name in graph.order:
        answers.append(f"\n  {partial(out, name)} = {num(graph.nodes[name].grad)}", "")

    # Piped output gets room for the table instead of rich's default 80 columns; lesson
    # texts are printed as they are (no markup, no emoji codes).
    wide = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160
    console = Console(highlight=False, markup=False, emoji=False, width=wide)
    console.print(Group(title, "", forward, "", backward, "", answers))


def main_solve(lesson: str, as_json: bool = False, seed: int | None = None) -> int:
    """Print a lesson's worked solution; return the exit code.

    Args:
        lesson: a bundled lesson's name or a lesson file.
        as_json: print ``solution_json`` (with ``seed``) instead of the rendering.
        seed: solve randomized variant ``seed`` (the lesson's own numbers when None).

    Raises:
        FileNotFoundError: no such lesson (``cli.main`` reports it in one line).
        LessonError: the lesson has problems.
        GraphError: the graph cannot be computed.

    """
    from tutor.lesson import load
    from tutor.variants import variant

    graph = variant(load(lesson), seed)
    if as_json:
        import json

        data = solution_json(graph)
        data["seed"] = seed
        if getattr(graph, "tensor", False):  # thousands of numbers: arrays on one line each
            from tutor.tensor_solve import dumps

            sys.stdout.write(dumps(data) + "\n")
            return 0
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return 0
    render(graph, seed)
    return 0
