"""``backprop-tutor solve``: a lesson's worked solution, as a rich rendering or JSON.

The rendering follows the Deep Learning book: the forward values, then the backward
pass as its table (V, C, op, dC/dV, inputs, contribution, G), then the answers.
Only what the command needs is imported (never the user interface), so it starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from tutor.graph.build import CONST, INPUT, LABELS, Graph
from tutor.lesson.tensor_inputs import input_text
from tutor.notation import partial, shape_text
from tutor.safe_text import one_line, visible

if TYPE_CHECKING:
    from tutor.teach.plain_table import PlainLines, PlainTable


def solution_json(graph: Graph[Any]) -> dict[str, Any]:
    """Return the worked solution as plain data.

    Returns:
        ``{"lesson", "title", "output", "order", "seed", "inputs", "nodes", "hints"}``;
        ``nodes`` are in definition order, each ``{"name", "label", "op", "inputs", "value",
        "grad"}`` with ``op`` None for inputs and ``"const"`` for constants, and one input
        per use. ``name`` is the node's unique key (``inputs`` refer to it; a repeated
        constant is ``2#2``); ``label`` is how people see it (``2``). ``seed`` is None here
        (``main_solve`` fills it in). ``hints`` holds the lesson's own hints with their
        placeholders filled for this variant: a string per node, or ``{tier: text}`` for
        hints written per tier. In a tensor lesson values and gradients are
        nested lists, each node also has a ``shape``, and labels have ``grad`` None.

    """
    kind = graph.kind
    return {
        "lesson": graph.lesson.name,
        "title": graph.lesson.title,
        "output": graph.output,
        "order": list(graph.order),
        "seed": None,
        "inputs": {name: kind.json_value(v) for name, v in graph.inputs.items()},
        "nodes": [kind.node_json(n) for n in graph.nodes.values()],
        "hints": lesson_hints(graph),
    }


def lesson_hints(graph: Graph[Any]) -> dict[str, str | dict[str, str]]:
    """The lesson's own hints, placeholders filled with this variant's numbers.

    As the file writes them: a node's plain hint is a string, its hints written per tier
    are ``{tier: text}`` (``pattern``, ``local``, ``numbers``).
    """
    from tutor.notation import num
    from tutor.teach.placeholders import fill

    lesson = graph.lesson
    out: dict[str, str | dict[str, str]] = {}
    for name in {**lesson.hints, **lesson.tier_hints}:
        if name in lesson.tier_hints:
            tiers = lesson.tier_hints[name]
            out[name] = {tier: fill(text, graph, num) for tier, text in tiers.items()}
        else:
            out[name] = fill(lesson.hints[name], graph, num)
    return out


def _hint_lines(hints: dict[str, str | dict[str, str]]) -> list[str]:
    """The lesson's hints one a line: ``  x: text``, or ``  x (local): text`` per tier."""
    lines = []
    for name, hint in hints.items():
        if isinstance(hint, str):
            lines.append(f"  {name}: {visible(hint)}")
        else:
            lines += [f"  {name} ({tier}): {visible(text)}" for tier, text in hint.items()]
    return lines


def _operation(graph: Graph[Any], name: str) -> str:
    """How a node is computed, for the forward table: ``a * b``, ``input``, ``constant``."""
    node = graph.nodes[name]
    if node.kind in (INPUT, LABELS):
        return input_text(graph.lesson.inputs.get(name))
    if node.kind == CONST:
        return "constant"
    return node.formula


def solution_tables(graph: Graph[Any]) -> tuple[PlainTable, PlainTable]:
    """The forward table (node, operation, shape, value) and the DL book's backward table.

    The shape column is there when some node has a shape (a tensor lesson).
    """
    from tutor.teach.hints import solution_rows
    from tutor.teach.plain_table import PlainTable, fill_backward

    kind = graph.kind
    shapes = any(node.shape for node in graph.nodes.values())
    forward = PlainTable("Forward pass")
    forward.add_column("node")
    forward.add_column("operation")
    if shapes:
        forward.add_column("shape")
    forward.add_column("value", justify="right")
    for name, node in graph.nodes.items():
        cells = [node.label, _operation(graph, name)]
        cells += [shape_text(node.shape)] if shapes else []
        forward.add_row(*cells, kind.show(node.value))

    backward = PlainTable(f"Backward pass: G = {partial(graph.output, 'V')}")
    fill_backward(backward, solution_rows(graph), kind.texts.local_column, lambda row: row.dCdV)
    return forward, backward


def solution_answers(graph: Graph[Any]) -> PlainLines:
    """``Answers``: one ``dL/dx = value`` line per asked node, then the lesson's hints."""
    from tutor.teach.plain_table import PlainLines

    out = graph.output
    show = graph.kind.show
    lines = [f"  {partial(out, name)} = {show(graph.nodes[name].grad)}" for name in graph.order]
    own = lesson_hints(graph)
    if own:
        lines += ["", "Lesson hints", *_hint_lines(own)]
    return PlainLines(["Answers", *lines], "bold")


def render(graph: Graph[Any], seed: int | None = None) -> None:
    """Print the worked solution with rich (no colour when stdout is not a terminal)."""
    from rich.console import Console, Group
    from rich.text import Text

    variant = f" (variant {seed})" if seed is not None and graph.lesson.randomize else ""
    lesson = graph.lesson
    title = Text.assemble(
        (one_line(lesson.title), "bold"), variant, "  ", (one_line(lesson.name), "dim")
    )
    forward, backward = solution_tables(graph)
    answers = solution_answers(graph)

    # Piped output gets room for the table instead of rich's default 80 columns (a tensor
    # lesson's VJPs are long); lesson texts are printed as they are (no markup, no emoji).
    shapes = any(node.shape for node in graph.nodes.values())
    wide = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 200 if shapes else 160
    console = Console(highlight=False, markup=False, emoji=False, width=wide)
    console.print(Group(title, "", forward, "", backward, "", answers))
