"""The graph laid out in character cells as micrograd's ``draw_dot`` lays it out.

Graphviz's own layout does the work: the graph is written as DOT with ``rankdir=LR``,
one fixed-size box per value (as wide as its ``label | data | grad`` record in
characters) and one small node per operation, and ``dot -Tplain`` gives back every
node's centre and every edge's spline. Those are turned into cells: boxes at whole
columns and rows, edges sampled along their Bézier curves into a four-connected path of
cells, which ``tutor.layout_draw`` draws with box-drawing characters and an arrowhead
where an edge meets its head. One edge per use: ``a * a`` gives two edges.

Plain Python, no Textual: the app's graph view and the tests read the ``Layout``.
Why Graphviz and not netext or grandalf: ``docs/graph-view.md``.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tutor.graph.build import CONST, OP, Graph, Node
from tutor.notation import shape_text

#: Columns and rows per inch of Graphviz's plane (a cell is about twice as tall as wide).
CX, CY = 8.0, 4.0
#: Rows of a value's box (border, fields, border) and of an operation node.
BOX_ROWS, OP_ROWS = 3, 1
#: Graphs with more nodes than this are not laid out (the view shows the tree instead).
MAX_NODES = 400
#: The end of every reason the graph view cannot be shown.
FALLBACK = "so the graph view shows a tree"
#: Seconds ``dot`` may take before the view falls back to the tree.
LAYOUT_TIMEOUT = 5.0
#: Graph attributes: left to right in layers, with room for an edge and its arrowhead.
_HEADER = (
    "digraph g {\n"
    "\tgraph [rankdir=LR, nodesep=0.3, ranksep=0.55, splines=true];\n"
    '\tnode [shape=box, fixedsize=true, label=""];\n\tedge [tailport=e, headport=w];\n'
)


class LayoutUnavailable(Exception):
    """The graph cannot be laid out here; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle of cells: a value's record or an operation node."""

    name: str
    """The graph node it stands for (an operation node stands for its result)."""
    x: int
    """Leftmost column."""
    y: int
    """Top row."""
    w: int
    """Width in columns."""
    h: int
    """Height in rows."""

    def contains(self, col: int, row: int) -> bool:
        """Whether the cell ``(col, row)`` lies inside the box (its border included)."""
        return self.x <= col < self.x + self.w and self.y <= row < self.y + self.h


@dataclass(frozen=True, slots=True)
class Edge:
    """One use of a value: from a box to an operation node, or an operation to its result."""

    tail: str
    """Key of the box it leaves (``Layout.boxes`` or ``Layout.ops``: ``v:NAME`` / ``o:NAME``)."""
    head: str
    """Key of the box it enters."""
    cells: tuple[tuple[int, int], ...]
    """The path outside both boxes, four-connected, from the tail's side to the head's."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Where everything of one graph goes, in cells."""

    width: int
    """Columns of the whole picture."""
    height: int
    """Rows of the whole picture."""
    boxes: dict[str, Box]
    """Every value's box, keyed ``v:NAME`` (one per node, however often it is used)."""
    ops: dict[str, Box]
    """Every operation node, keyed ``o:NAME`` (NAME is the operation's result)."""
    edges: tuple[Edge, ...]
    """Every edge, one per use."""

    def box_at(self, col: int, row: int) -> str | None:
        """The graph node whose box (or operation node) holds the cell, if any."""
        for box in (*self.boxes.values(), *self.ops.values()):
            if box.contains(col, row):
                return box.name
        return None


@dataclass(frozen=True, slots=True)
class Fields:
    """How wide each part of a record is, fixed for the whole graph."""

    value: int
    """Width of a ``data`` or ``grad`` number (the widest either will ever be)."""
    shapes: bool
    """Whether records have a shape field (some node has a shape)."""
    shape: int
    """Width of the shape field."""


def fields(graph: Graph[Any], fit: Iterable[str] = ()) -> Fields:
    """Field widths that fit every value and gradient the graph will show (and ``fit``).

    The width is the same for every box, so a box's size tells nothing about its answer.
    """
    brief = graph.kind.show_brief
    widths = [len("?"), *(len(text) for text in fit)]
    for node in graph.nodes.values():
        widths.append(len(brief(node.value)))
        if node.has_grad:
            widths.append(len(brief(node.grad)))
    shapes = any(node.shape for node in graph.nodes.values())
    shape = max((len(shape_text(n.shape)) for n in graph.nodes.values()), default=0)
    return Fields(max(widths), shapes, shape if shapes else 0)


def record_fields(node: Node[Any], spec: Fields, data: str, grad: str | None) -> list[str]:
    """The texts of a record's fields, padded to their widths: name, [shape], data, [grad].

    A constant has no grad field; ``grad`` is what to show (``?`` when not found yet).
    """
    parts = [node.label]
    if spec.shapes:
        parts.append(shape_text(node.shape).ljust(spec.shape))
    parts.append(f"data {data.rjust(spec.value)}")
    if node.kind != CONST:
        shown = "-" if not node.has_grad else (grad if grad is not None else "?")
        parts.append(f"grad {shown.rjust(spec.value)}")
    return parts


def record_width(parts: Sequence[str]) -> int:
    """Columns of a record drawn as ``│ a │ data 2.0000 │ grad ? │``."""
    return sum(len(p) + 2 for p in parts) + len(parts) + 1


def op_text(node: Node[Any]) -> str:
    """An operation node's text, ``(*)``, ``(tanh)``."""
    return f"({node.op or '?'})"


def sizes(graph: Graph[Any], fit: Iterable[str] = ()) -> dict[str, tuple[int, int]]:
    """Each box's ``(columns, rows)``, keyed as in ``Layout`` (values and operations)."""
    spec = fields(graph, fit)
    reach = graph.reachable()
    out: dict[str, tuple[int, int]] = {}
    for node in graph.nodes.values():
        if node.name not in reach:
            continue
        parts = record_fields(node, spec, "", None)
        out[f"v:{node.name}"] = (record_width(parts), BOX_ROWS)
        if node.kind == OP:
            out[f"o:{node.name}"] = (len(op_text(node)), OP_ROWS)
    return out


def edges_of(graph: Graph[Any]) -> list[tuple[str, str]]:
    """Every edge as ``(tail key, head key)``: one per use of a value, one per operation."""
    reach = graph.reachable()
    out: list[tuple[str, str]] = []
    for node in graph.nodes.values():
        if node.name in reach and node.kind == OP:
            out.extend((f"v:{child}", f"o:{node.name}") for child in node.inputs)
            out.append((f"o:{node.name}", f"v:{node.name}"))
    return out


def to_dot(size: Mapping[str, tuple[int, int]], edges: Sequence[tuple[str, str]]) -> str:
    """DOT text of fixed-size boxes (in inches, from cells) and their edges."""
    ids = {key: f"n{i}" for i, key in enumerate(size)}
    lines = [_HEADER]
    for key, (w, h) in size.items():
        lines.append(f'\t{ids[key]} [width="{w / CX:.4f}", height="{h / CY:.4f}"];\n')
    lines.extend(f"\t{ids[t]} -> {ids[h]};\n" for t, h in edges)
    lines.append("}\n")
    return "".join(lines)


def run_dot(text: str, timeout: float = LAYOUT_TIMEOUT) -> str:
    """``dot -Tplain`` of ``text``.

    Raises:
        LayoutUnavailable: ``dot`` is missing, failed or took longer than ``timeout``.

    """
    exe = shutil.which("dot")
    if exe is None:
        raise LayoutUnavailable(f"Graphviz 'dot' is not installed, {FALLBACK}")
    try:
        proc = subprocess.run(
            [exe, "-Tplain"], input=text, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise LayoutUnavailable(
            f"Graphviz took more than {timeout:g} s to lay this graph out, {FALLBACK}"
        ) from None
    except OSError as exc:
        raise LayoutUnavailable(
            f"Graphviz could not run ({exc.strerror or exc}), {FALLBACK}"
        ) from None
    if proc.returncode != 0 or not proc.stdout.startswith("graph "):
        raise LayoutUnavailable(f"Graphviz could not lay this graph out, {FALLBACK}")
    return proc.stdout


def lay_out(graph: Graph[Any], timeout: float = LAYOUT_TIMEOUT, fit: Iterable[str] = ()) -> Layout:
    """Lay the graph out with Graphviz, in cells (data fields wide enough for ``fit`` too).

    Raises:
        LayoutUnavailable: the graph is too big, or ``dot`` is missing, failed or was slow.

    """
    size = sizes(graph, fit)
    if len(size) > MAX_NODES:
        raise LayoutUnavailable(
            f"{len(size)} boxes are too many to draw (at most {MAX_NODES}), {FALLBACK}"
        )
    edges = edges_of(graph)
    keys = list(size)
    plain = run_dot(to_dot(size, edges), timeout)
    return from_plain(plain, keys, size, edges, {k: _name(k) for k in keys})


def _name(key: str) -> str:
    """The graph node of a layout key (``v:a`` and ``o:a`` both stand for ``a``)."""
    return key[2:]


def from_plain(
    plain: str,
    keys: Sequence[str],
    size: Mapping[str, tuple[int, int]],
    edges: Sequence[tuple[str, str]],
    names: Mapping[str, str],
) -> Layout:
    """Read ``dot -Tplain`` output (nodes ``n0``... in the order of ``keys``) into cells."""
    height = 0.0
    centres: dict[str, tuple[float, float]] = {}
    splines: dict[tuple[str, str], list[list[tuple[float, float]]]] = {}
    for line in plain.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "graph":
            height = float(parts[3])
        elif parts[0] == "node":
            centres[keys[int(parts[1][1:])]] = (float(parts[2]), float(parts[3]))
        elif parts[0] == "edge":
            n = int(parts[3])
            coords = [float(p) for p in parts[4 : 4 + 2 * n]]
            pair = (keys[int(parts[1][1:])], keys[int(parts[2][1:])])
            points = list(zip(coords[0::2], coords[1::2], strict=True))
            splines.setdefault(pair, []).append(points)
    boxes: dict[str, Box] = {}
    for key, (cx, cy) in centres.items():
        w, h = size[key]
        col = round(cx * CX - w / 2)
        row = round((height - cy) * CY - h / 2)
        boxes[key] = Box(names[key], max(0, col), max(0, row), w, h)
    routed = tuple(
        Edge(t, h, _route(splines[(t, h)].pop(0), height, boxes[t], boxes[h])) for t, h in edges
    )
    width = max((b.x + b.w for b in boxes.values()), default=0)
    rows = max((b.y + b.h for b in boxes.values()), default=0)
    for edge in routed:
        for col, row in edge.cells:
            width, rows = max(width, col + 1), max(rows, row + 1)
    values = {k: b for k, b in boxes.items() if k.startswith("v:")}
    ops = {k: b for k, b in boxes.items() if k.startswith("o:")}
    return Layout(width, rows, values, ops, routed)


def _bezier(points: Sequence[tuple[float, float]], steps: int) -> Iterator[tuple[float, float]]:
    """Points along a piecewise cubic Bézier curve (``1 + 3k`` control points)."""
    yield points[0]
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for s in range(1, steps + 1):
            t = s / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            yield (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )


def _route(
    spline: Sequence[tuple[float, float]], height: float, tail: Box, head: Box
) -> tuple[tuple[int, int], ...]:
    """The cells an edge passes through, outside its two boxes, four-connected.

    The path starts beside the tail box and ends beside the head box (where the arrowhead
    goes), so it touches each box from outside.
    """
    cells: list[tuple[int, int]] = []
    for x, y in _bezier(spline, 12):
        cell = (int(x * CX), int((height - y) * CY))
        if not cells:
            cells.append(cell)
            continue
        _step_to(cells, cell)
    cells = [c for c in cells if not tail.contains(*c) and not head.contains(*c)]
    if not cells:  # boxes side by side: one cell between them
        cells = [(head.x - 1, head.y + head.h // 2)]
    _join(cells, tail, at_start=True)
    _join(cells, head, at_start=False)
    # a path that left a box and came back in is cut at its last visit, so no cell repeats
    seen: dict[tuple[int, int], int] = {}
    out: list[tuple[int, int]] = []
    for cell in cells:
        if cell in seen:
            del out[seen[cell] + 1 :]
            seen = {c: i for i, c in enumerate(out)}
            continue
        seen[cell] = len(out)
        out.append(cell)
    return tuple(out)


def _step_to(cells: list[tuple[int, int]], target: tuple[int, int]) -> None:
    """Extend the path to ``target`` one cell at a time (columns first, then rows)."""
    col, row = cells[-1]
    while (col, row) != target:
        if col != target[0]:
            col += 1 if target[0] > col else -1
        else:
            row += 1 if target[1] > row else -1
        cells.append((col, row))


def _join(cells: list[tuple[int, int]], box: Box, at_start: bool) -> None:
    """Make the path's end touch ``box``'s side (a cell next to it, not a corner)."""
    end = cells[0] if at_start else cells[-1]
    col, row = end
    if _touches(box, col, row):
        return
    # the nearest cell beside the box: left or right of it in a middle row, else above/below
    row_in = min(max(row, box.y), box.y + box.h - 1)
    target = (box.x - 1, row_in) if col < box.x else (box.x + box.w, row_in)
    if box.x <= col < box.x + box.w:
        target = (col, box.y - 1) if row < box.y else (col, box.y + box.h)
    path = [end]
    _step_to(path, target)
    path = [c for c in path[1:] if not box.contains(*c)]
    if at_start:
        cells[:0] = list(reversed(path))
    else:
        cells.extend(path)


def _touches(box: Box, col: int, row: int) -> bool:
    """Whether the cell is beside the box (sharing a side with one of its cells)."""
    beside_x = col in (box.x - 1, box.x + box.w) and box.y <= row < box.y + box.h
    beside_y = row in (box.y - 1, box.y + box.h) and box.x <= col < box.x + box.w
    return beside_x or beside_y
