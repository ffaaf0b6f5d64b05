"""Pictures of a lesson's graph: DOT text, rendered with the system Graphviz ``dot``.

``to_dot`` draws every value as a record ``{ label | data %.4f | grad %.4f }`` and every
operation as a small node of its own between its operands and its result, left to right,
one edge per use (``a * a`` draws two edges). The text depends only on the graph and the
state shown, never on Python object ids, so the same state always gives the same bytes.
``render`` writes DOT as is and runs ``dot`` (with a time limit) for SVG, PNG and PDF,
replacing the target in one step so no partial file is ever left.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tutor.graph.build import CONST, INPUT, OP, Graph, Node
from tutor.notation import shape_text
from tutor.safe_text import visible

FORMATS = ("svg", "png", "pdf", "dot")
SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
INSTALL_HINT = (
    "Graphviz 'dot' was not found: install it (apt install graphviz, brew install graphviz, "
    "or see graphviz.org/download) or export with --format dot"
)

#: Seconds Graphviz may take to lay out one picture before ``render`` gives up.
RENDER_TIMEOUT = 60.0
#: Graphs with more values than this cap Graphviz's layout effort (``nslimit``), which
#: otherwise grows quadratically when one value feeds many operations far apart.
LARGE = 100
_LARGE_HEADER = "\tgraph [nslimit=2, nslimit1=2];\n"

#: Fill colours by kind of value, and the look of the highlighted (current) node.
FILL = {INPUT: "#dbeafe", CONST: "#fef3c7", OP: "#f8fafc", "output": "#dcfce7"}
#: Fill of a tensor lesson's labels input (integers with no gradient).
LABELS_FILL = "#e5e7eb"
CURRENT = 'color="#dc2626", penwidth=3'
_HEADER = """\
\tgraph [rankdir=LR, fontname="Helvetica", fontsize=14, labelloc=t, nodesep=0.25, ranksep=0.35];
\tnode [shape=record, style=filled, fontname="Helvetica", fontsize=11, color="#475569"];
\tedge [color="#64748b", arrowsize=0.6];
"""
_OP_STYLE = (
    'shape=ellipse, fillcolor="#ffffff", fontsize=12, width=0.3, height=0.3, margin="0.04,0.02"'
)


class DotMissing(Exception):
    """The system Graphviz ``dot`` is not installed (the message says how to install it)."""

    def __init__(self, message: str = INSTALL_HINT) -> None:
        super().__init__(message)


class RenderError(Exception):
    """Graphviz failed for another reason (the message is one line)."""


def _text(s: str) -> str:
    r"""Escape text for a double-quoted DOT label, on one line.

    Graphviz turns entities into characters before it reads backslash escapes, so a
    backslash is written as two entities (``&#92;&#92;``, read as ``\\``, shown as
    ``\``); writing no backslash at all also keeps a trailing one from eating the quote.
    Control characters (``tutor.safe_text``) are shown as their escapes, so an SVG of a
    hostile title is still valid XML.
    """
    s = " ".join(visible(s).split())  # control characters as escapes: valid SVG
    return s.replace("&", "&amp;").replace("\\", "&#92;&#92;").replace('"', '\\"')


_RECORD = re.compile(r"([{}|<>])")


def _field(s: str) -> str:
    """Escape text for one field of a record label: ``{ } | < >`` get a backslash."""
    return _RECORD.sub(r"\\\1", _text(s))


def to_dot(
    graph: Graph[Any],
    grads: Mapping[str, float] | None = None,
    current: str | None = None,
    title: str | None = None,
    sizes: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """Draw the graph as DOT text.

    Args:
        graph: a built lesson graph.
        grads: the gradients to show, by node name; the others show ``grad ?``.
            None shows every gradient (the solved state); ``{}`` shows none (blank).
        current: a node to highlight (the one being asked); unknown names are ignored.
        title: a caption above the picture.
        sizes: each value's box as ``(width, height)`` in inches, by node name: the
            smallest it may be drawn (``plain_sizes`` of another state: the step
            pictures keep every box at its solved size, so nothing moves between steps).

    Returns:
        DOT text, byte-identical for the same graph and arguments.

    """
    shown = {n.name: n.grad for n in graph.nodes.values()} if grads is None else grads
    ids = {name: i for i, name in enumerate(graph.nodes)}
    out = [f"digraph {_quote(graph.lesson.name)} {{\n", _HEADER]
    if len(graph.nodes) > LARGE:
        out.append(_LARGE_HEADER)
    if title:
        out.append(f'\tlabel="{_text(title)}";\n')
    shapes = any(node.shape for node in graph.nodes.values())
    for i, node in enumerate(graph.nodes.values()):
        label = _record(graph, node, shown.get(node.name), shapes)
        kind = "output" if node.name == graph.output else node.kind
        style = ', style="filled,dashed"' if node.kind == CONST else ""
        mark = f", {CURRENT}" if node.name == current else ""
        if sizes is not None and node.name in sizes:
            w, h = sizes[node.name]
            mark += f', width="{w:.4f}", height="{h:.4f}"'
        out.append(
            f'\tv{i} [label="{label}", fillcolor="{FILL.get(kind, LABELS_FILL)}"{style}{mark}];\n'
        )
        if node.kind == OP:
            out.append(f'\to{i} [label="{_text(node.op or "?")}", {_OP_STYLE}];\n')
            out.extend(f"\tv{ids[child]} -> o{i};\n" for child in node.inputs)
            out.append(f"\to{i} -> v{i};\n")
    out.append("}\n")
    return "".join(out)


def _record(graph: Graph[Any], node: Node[Any], grad: Any, shapes: bool) -> str:
    """A node's record: ``{ a | data 2.0000 | grad ? }``, in a row; ``W | shape (3, 4) | ...``.

    A tensor lesson's records stack their fields (name over shape over data over grad:
    a picture drawn left to right turns a record without braces on its side), so that a
    few rows of entries fit under each other instead of a whole matrix on one line.

    Values are written by the graph's kind (a tensor as its norm over its first entries,
    a line per row); the shape is there when some node of the graph has one.
    Labels have no gradient (``-``) and an unknown gradient is ``?``.
    """
    show = graph.kind.show_record
    g = "-" if not node.has_grad else ("?" if grad is None else show(grad))
    fields = [node.label] + ([f"shape {shape_text(node.shape)}"] if shapes else [])
    fields += [f"data {show(node.value)}", f"grad {g}"]
    body = " | ".join(_lines(f) for f in fields)
    return body if shapes else "{ " + body + " }"  # a tensor's fields stack, a value's line up


def _lines(text: str) -> str:
    """One record field; a value of several lines (a tensor's entries) left-justified."""
    lines = text.split("\n")
    if len(lines) == 1:
        return _field(text)
    return "".join(_field(line) + "\\l" for line in lines)


def _quote(s: str) -> str:
    """Quote a DOT graph id (the lesson name)."""
    return f'"{_text(s)}"'


def dot_available() -> bool:
    """Whether the system Graphviz ``dot`` is on PATH (else only ``dot`` text can be written)."""
    return shutil.which("dot") is not None


def _one_line(text: str) -> str:
    """Return the first non-empty line of a message."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "Graphviz failed"


def _pipe(dot_text: str, fmt: str, timeout: float | None) -> bytes:
    """Run the system ``dot`` on the text through the ``graphviz`` package; return the bytes.

    Uses ``graphviz``'s ``run_check`` (which passes ``timeout`` on to ``subprocess``)
    rather than ``Source.pipe``, which has no time limit: a value used by hundreds of
    operations can make ``dot`` lay out for minutes.
    """
    import graphviz
    from graphviz.backend.execute import run_check

    if shutil.which("dot") is None:
        raise DotMissing()
    try:
        proc = run_check(
            ["dot", f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            quiet=True,
            timeout=timeout,
        )
    except graphviz.ExecutableNotFound:
        raise DotMissing() from None
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz took more than {timeout:g} s to lay out this graph: "
            "export with --format dot instead"
        ) from None
    except subprocess.CalledProcessError as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace")
        raise RenderError(f"Graphviz failed: {_one_line(stderr)}") from None
    except OSError as exc:
        raise RenderError(f"Graphviz could not run: {exc.strerror or exc}") from None
    if not proc.stdout:
        raise RenderError("Graphviz failed: it wrote no picture")
    picture: bytes = proc.stdout
    return picture


def pipe_text(dot_text: str, timeout: float | None = RENDER_TIMEOUT) -> str:
    """The picture as SVG text (raises as ``render``)."""
    return _pipe(dot_text, "svg", timeout).decode("utf-8")


def plain_sizes(
    graph: Graph[Any], dot_text: str, timeout: float | None = RENDER_TIMEOUT
) -> dict[str, tuple[float, float]]:
    """Each value's box ``(width, height)`` in inches as Graphviz lays ``dot_text`` out.

    ``dot_text`` is ``to_dot`` of ``graph`` (its value boxes are ``v0``, ``v1``, ...).
    Raises as ``render``.
    """
    names = list(graph.nodes)
    out: dict[str, tuple[float, float]] = {}
    for line in _pipe(dot_text, "plain", timeout).decode("utf-8").splitlines():
        parts = line.split(" ", 6)
        if parts[0] == "node" and len(parts) > 5 and re.fullmatch(r"v\d+", parts[1]):
            index = int(parts[1][1:])
            if index < len(names):
                out[names[index]] = (float(parts[4]), float(parts[5]))
    return out


class TargetRefused(Exception):
    """``export -o`` names something other than a regular file or a new path."""


def _refuse_odd_target(path: Path) -> None:
    """Refuse to replace a symbolic link, FIFO, device, folder or hard-linked file.

    Writing goes through a temporary file moved into place, which would turn any of these
    into a plain file (as root, ``-o /dev/null`` replaced the device).

    Raises:
        TargetRefused: ``path`` exists and is not a regular file with one name.

    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return  # a new path
    what = None
    if stat.S_ISLNK(st.st_mode):
        what = "a symbolic link"
    elif stat.S_ISFIFO(st.st_mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        what = "a device"
    elif stat.S_ISDIR(st.st_mode):
        what = "a folder"
    elif not stat.S_ISREG(st.st_mode):
        what = "not a regular file"
    elif st.st_nlink > 1:
        what = f"a file with {st.st_nlink} hard links"
    if what is not None:
        raise TargetRefused(
            f"refusing to write {path}: it is {what}; write to a regular file or a new path "
            "(or -o - for standard output)"
        )


def render(dot_text: str, path: Path, fmt: str, timeout: float | None = RENDER_TIMEOUT) -> Path:
    """Write the picture to ``path``: DOT as is, else rendered by Graphviz.

    The file is written under a temporary name in the same folder, then moved into
    place, so a failure never leaves a partial file.

    Args:
        dot_text: the DOT text (``to_dot``).
        path: the file to write: a new path, or a regular file (replaced).
        fmt: ``svg``, ``png``, ``pdf`` or ``dot``.
        timeout: seconds Graphviz may run (None: no limit).

    Raises:
        DotMissing: ``fmt`` needs Graphviz and ``dot`` is not on PATH.
        RenderError: Graphviz failed or ran out of time; the message is one line.
        TargetRefused: ``path`` is a symbolic link, FIFO, device, folder or hard link.
        OSError: the file cannot be written.

    """
    path = Path(path)
    _refuse_odd_target(path)
    data = picture(dot_text, fmt, timeout)
    _refuse_odd_target(path)  # again: Graphviz may have taken seconds
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a picture is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def picture(dot_text: str, fmt: str, timeout: float | None = RENDER_TIMEOUT) -> bytes:
    """The picture's bytes: DOT as is, else rendered by Graphviz (raises as ``render``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return dot_text.encode("utf-8") if fmt == "dot" else _pipe(dot_text, fmt, timeout)


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _free_name(directory: Path, stem: str, suffix: str) -> Path:
    """``stem.suffix`` in ``directory``, or ``stem-2.suffix``, ``stem-3.suffix``... if taken."""
    path, k = directory / f"{stem}{suffix}", 1
    while path.exists():
        k += 1
        path = directory / f"{stem}-{k}{suffix}"
    return path


def export_state(
    graph: Graph[Any],
    grads: Mapping[str, float] | None,
    current: str | None,
    directory: Path,
    lesson_name: str,
    step: int,
    fmt: str = "png",
    timeout: float | None = RENDER_TIMEOUT,
) -> Path:
    """Write the current state's picture as ``LESSON-stepNN.FMT`` (the app's export key).

    An existing file is never overwritten (``-2``, ``-3``... are added). Call
    ``dot_available()`` first to choose ``fmt="dot"`` when Graphviz is missing.

    Returns:
        The path written.

    Raises:
        DotMissing, RenderError, OSError: as ``render``.

    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", lesson_name).strip("._") or "lesson"
    path = _free_name(Path(directory), f"{safe}-step{step:02d}", f".{fmt}")
    title = f"{graph.lesson.title} ({lesson_name}, step {step})"
    return render(to_dot(graph, grads, current, title), path, fmt, timeout)
