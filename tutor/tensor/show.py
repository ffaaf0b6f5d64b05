"""How a tensor value is shown: in brief, as a corner, as cells of the matrix panel, as JSON.

The tensor kind shows values through these (``tutor.tensor.kind``); the app's matrix
panel uses the cells.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np

from tutor.notation import num, number, shape_text
from tutor.tensor.arrays import norm

#: Tensors with at most this many elements are printed in full (the export uses it too).
SMALL = 12

#: Rows and columns of a corner shown in text.
CORNER = (4, 4)


#: Rows and columns of a tensor a picture's record shows (``record_text``).
RECORD_CORNER = (3, 4)


def record_text(x: Any, rows: int = RECORD_CORNER[0], cols: int = RECORD_CORNER[1]) -> str:
    """A tensor in a picture's record, one line each: its norm, then its first entries.

    ``‖·‖ 2.345`` over ``[0.5, -1.2, 0.3, …]`` for each of the first ``rows`` rows (a
    tensor of more dimensions by its last axis), ``⋮`` when rows are left out: a few
    entries readable at normal zoom, never a whole matrix on one line. A 0-d array is
    its number; integers (labels) have no norm.
    """
    integers = np.issubdtype(np.asarray(x).dtype, np.integer)
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        return num(float(a))
    m = a.reshape(1, -1) if a.ndim == 1 else a.reshape(-1, a.shape[-1])
    lines = [] if integers else [f"‖·‖ {num(norm(a))}"]
    for row in m[:rows]:
        cells = [num(float(v)) for v in row[:cols]] + (["…"] if m.shape[1] > cols else [])
        lines.append("[" + ", ".join(cells) + "]")
    if m.shape[0] > rows:
        lines.append("⋮")
    return "\n".join(lines)


def cell_text(x: Any) -> str:
    """A tensor in a table cell: its shape and first entry, ``(4, 2) [-0.9556 …]``.

    The entry is the one the matrix panel's grid starts with, in the question's precision;
    ``…`` says more entries follow. A 0-d array is its number. When that entry shows as
    zero, ``[0.0000 …]`` would read as all zero (a sparse gradient such as dlogprobs):
    the cell counts the entries that are not, ``(32, 27) 32 nonzero``, or ``all 0``.
    """
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        return num(float(a))
    shape = shape_text(a.shape)
    if a.size == 0:
        return f"{shape} []"
    first = number(float(a.flat[0]))
    if a.size == 1:
        return f"{shape} [{first}]"
    if float(first) != 0:
        return f"{shape} [{first} …]"
    nonzero = int(np.count_nonzero(a))
    return f"{shape} {nonzero} nonzero" if nonzero else f"{shape} all 0"


#: Labels a one-line brief shows (``brief_text``).
BRIEF_LABELS = 3


def brief_text(x: Any) -> str:
    """A tensor in one short line: ``‖·‖ 1.234``; a 0-d array its number.

    Integer labels (``Yb``) show their first row's first entries instead, ``[5, 13, 13, …]``,
    and ``⋮`` when rows are left out: a norm of class indices means nothing.
    """
    a = np.asarray(x)
    if a.ndim == 0 or a.size == 0 or not np.issubdtype(a.dtype, np.integer):
        return tensor_text(x, small=0, shape=False)
    first = as_rows(a)
    shown = [str(int(v)) for v in first[0, :BRIEF_LABELS]]
    if first.shape[1] > BRIEF_LABELS:
        shown.append("…")
    return "[" + ", ".join(shown) + "]" + (" ⋮" if first.shape[0] > 1 else "")


def corner(array: Any, rows: int = CORNER[0], cols: int = CORNER[1]) -> str:
    """A tensor's top-left corner as text, with ``...`` where rows or columns are cut."""
    a = np.asarray(array, dtype=np.float64)
    if a.ndim == 0:
        return number(float(a), ".4g")
    if a.ndim == 1:
        a = a[None, :]
    elif a.ndim > 2:
        a = a.reshape(a.shape[0], -1)
    cut_r, cut_c = a.shape[0] > rows, a.shape[1] > cols
    # 4 decimals, as the question and the matrix panel write them (it was 3 digits, 0.125
    # beside the panel's 0.1250), in columns as wide as the corner's widest
    shown = [[number(float(x)) for x in row[:cols]] for row in a[:rows]]
    width = max((len(x) for row in shown for x in row), default=1)
    lines = []
    for row in shown:
        cells = "".join(f" {x.rjust(width)}" for x in row) + (" ..." if cut_c else "")
        lines.append("[" + cells + "]")
    if cut_r:
        lines.append(" ...")
    return "\n".join(lines)


def tensor_text(x: Any, small: int = SMALL, shape: bool = True) -> str:
    """An array in brief: in full when small (``[1, -0.5]``), else ``(30, 64) ‖·‖ 1.234``.

    ``shape=False`` leaves the shape out of the brief form (``‖·‖ 1.234``).
    """
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


def plain(x: Any) -> Any:
    """An array as nested lists of Python numbers (a 0-d array as one number)."""
    return np.asarray(x).tolist()


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


def corner_cells(
    array: Any, rows: int = CORNER[0], cols: int = CORNER[1]
) -> tuple[list[list[tuple[tuple[int, int], float]]], bool, bool]:
    """A tensor's top-left corner: rows of ``((i, j), value)``, and whether rows, columns were cut.

    ``(i, j)`` index the tensor seen as 2-D (``as_rows``): a 1-D tensor is one row, more
    dimensions are flattened per row.
    """
    a = np.asarray(array, dtype=np.float64)
    if a.ndim == 0:
        return [[((0, 0), float(a))]], False, False
    flat = as_rows(a)
    grid = []
    for i in range(min(rows, flat.shape[0])):
        row = []
        for j in range(min(cols, flat.shape[1])):
            row.append(((i, j), float(flat[i, j])))
        grid.append(row)
    return grid, bool(flat.shape[0] > rows), bool(flat.shape[1] > cols)


def as_rows(array: Any) -> np.ndarray:
    """A tensor seen as 2-D: a 1-D one as one row, more dimensions flattened per row."""
    a = np.asarray(array)
    if a.ndim == 0:
        return a.reshape(1, 1)
    return a[None, :] if a.ndim == 1 else a.reshape(a.shape[0], -1)


def slices(shape: tuple[int, ...]) -> tuple[tuple[int, ...], list[tuple[int, ...]]]:
    """How a tensor of more than two dimensions is shown: as 2-D slices, as NumPy prints it.

    Returns the axes each slice shows (its rows' and its columns' axes: the last two of
    size over 1, or fewer) and the index of every slice over the other axes, in C order
    (``(0, 0)``, ``(0, 1)``, ...; one ``()`` when at most two axes are over 1). A
    ``(1, 2, 1, 1)`` bias is one row, ``[0, :, 0, 0]``.
    """
    big = [axis for axis, size in enumerate(shape) if size > 1]
    shown = tuple(big[-2:]) if big else (len(shape) - 1,)
    lead = [axis for axis in big if axis not in shown]
    return shown, [tuple(i) for i in np.ndindex(*(shape[a] for a in lead))]


def slice_index(
    shape: tuple[int, ...], shown: tuple[int, ...], at: tuple[int, ...]
) -> tuple[int | slice, ...]:
    """The index of one slice: ``:`` on the shown axes, ``at`` on the others of size over 1."""
    lead = iter(at)
    out: list[int | slice] = []
    for axis, size in enumerate(shape):
        if axis in shown:
            out.append(slice(None))
        else:
            out.append(next(lead) if size > 1 else 0)
    return tuple(out)


def index_text(index: tuple[int | slice, ...]) -> str:
    """``[0, 1, :, :]``: a slice's index as NumPy and PyTorch write it."""
    return "[" + ", ".join(":" if isinstance(i, slice) else str(i) for i in index) + "]"
