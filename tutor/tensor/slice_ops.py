"""Rows of the tensor op table that cut and join: slicing, ``concat``, ``zeros`` and ``.mT``.

- ``X[:, 0:2]`` (the ``slice`` row): a block of ``X``, one ``start:stop`` (or ``:``) per
  axis, no step, every bound inside the axis (bounded, never clamped as NumPy does). Its
  VJP puts the upstream gradient back in place, zeros around it: written with ``concat``
  and ``zeros``.
- ``concat(a, b, c, axis=0)``: two operands or more (up to ``MAX_JOINED``) joined along an
  axis, one node however many; each operand's gradient is its own block of the upstream
  gradient (a slice): the two rows are each other's VJP.
- ``zeros(4, 2)`` (answers only): zeros of a shape, for the slice's VJP.
- ``a.mT``: the last two axes swapped (PyTorch's ``mT``), a batched matmul's transpose.

``tutor.tensor.ops`` adds them to ``TOPS``; their spellings are in ``tutor.tensor.writing``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tutor.grammar.limits import MAX_JOINED
from tutor.notation import shape_text
from tutor.skills import Skill
from tutor.tensor.op_row import TensorOp, VjpFn, texts
from tutor.tensor.shapes import Arrays, Names, OpArg, Shape, ShapeError, Shapes
from tutor.tensor.shapes import wrap as _w

__all__ = ["SLICE_ROWS", "bounds", "slice_text"]

#: One axis of a slice: ``(start, stop)``, either None when left out (``:`` is both).
Bound = tuple[int | None, int | None]


def bounds(shape: Shape, arg: Sequence[Bound], name: str) -> tuple[tuple[int, int], ...]:
    """Each axis's ``[start, stop)`` inside ``shape`` (axes past the slice's are whole).

    Raises:
        ShapeError: more entries than axes, a bound outside its axis, or an empty block.

    """
    if len(arg) > len(shape):
        raise ShapeError(
            f"{name}[{slice_text(arg)}] has {len(arg)} entries, but {name} has shape "
            f"{shape_text(shape)}"
        )
    out = []
    for axis, n in enumerate(shape):
        lo, hi = arg[axis] if axis < len(arg) else (None, None)
        start = 0 if lo is None else lo + n if lo < 0 else lo
        stop = n if hi is None else hi + n if hi < 0 else hi
        if not 0 <= start < stop <= n:
            raise ShapeError(
                f"{name}[{slice_text(arg)}]: {_entry((lo, hi))} on axis {axis} is outside "
                f"0:{n} or empty (shape {shape_text(shape)})"
            )
        out.append((start, stop))
    return tuple(out)


def _entry(b: Bound) -> str:
    lo, hi = b
    return f"{'' if lo is None else lo}:{'' if hi is None else hi}"


def slice_text(arg: Sequence[Bound]) -> str:
    """``:, 0:2`` for ``((None, None), (0, 2))``."""
    return ", ".join(_entry(b) for b in arg)


def _slice_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    return tuple(hi - lo for lo, hi in bounds(shapes[0], arg, names[0]))


def _index(a_shape: Shape, arg: OpArg) -> tuple[slice, ...]:
    return tuple(slice(lo, hi) for lo, hi in bounds(a_shape, arg, "a"))


def _slice_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    out = np.zeros(xs[0].shape)
    out[_index(xs[0].shape, arg)] = g
    return out


def _sizes(shape: Sequence[int]) -> str:
    return f"zeros({', '.join(str(n) for n in shape)})"


def _slice_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """``concat(dout, zeros(4, 4), axis=1)``: the gradient back in place, zeros around it."""
    text, cur = "dout", list(so)
    for axis, ((lo, hi), n) in enumerate(zip(bounds(s[0], arg, "a"), s[0], strict=True)):
        if lo:
            text = f"concat({_sizes([*cur[:axis], lo, *cur[axis + 1 :]])}, {text}, axis={axis})"
        if hi < n:
            after = _sizes([*cur[:axis], n - hi, *cur[axis + 1 :]])
            text = f"concat({text}, {after}, axis={axis})"
        cur[axis] = n
    return (text,)


def _concat_shape(shapes: Shapes, ints: tuple[bool, ...], axis: OpArg, names: Names) -> Shape:
    first = shapes[0]
    listed = " and ".join(shape_text(s) for s in shapes)
    clash = f"cannot concat {listed} along axis {axis}"
    if any(len(s) != len(first) for s in shapes) or not first:
        every = "both" if len(shapes) == 2 else "all"
        raise ShapeError(f"{clash}: {every} need the same number of axes, at least 1")
    if not -len(first) <= axis < len(first):
        raise ShapeError(f"{clash}: axis {axis} is out of range")
    ax = axis % len(first)
    if any(s[i] != first[i] for s in shapes for i in range(len(first)) if i != ax):
        raise ShapeError(f"{clash}: the other axes differ")
    return tuple(sum(s[ax] for s in shapes) if i == ax else n for i, n in enumerate(first))


def _concat_block(axis: int, ndim: int, lo: int, hi: int) -> tuple[Bound, ...]:
    """The slice of operand ``lo:hi`` along ``axis`` (every axis before it whole)."""
    return (*(((None, None),) * (axis % ndim)), (lo, hi))


def _concat_vjp(i: int) -> VjpFn:
    """Operand ``i``'s block of the gradient: the slice after the operands before it."""

    def vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, axis: OpArg) -> np.ndarray:
        ax = int(axis) % g.ndim
        lo = sum(x.shape[ax] for x in xs[:i])
        index = [slice(None)] * g.ndim
        index[ax] = slice(lo, lo + xs[i].shape[ax])
        result: np.ndarray = g[tuple(index)]
        return result

    return vjp


def _concat_texts(s: Shapes, so: Shape, axis: OpArg) -> tuple[str | None, ...]:
    """``dout[:, 0:2]``, ``dout[:, 2:6]``, ...: each operand's block of the gradient."""
    ax, ndim = int(axis) % len(so), len(so)
    ends = [sum(shape[ax] for shape in s[:k]) for k in range(len(s) + 1)]
    return tuple(
        f"dout[{slice_text(_concat_block(ax, ndim, lo, hi))}]"
        for lo, hi in zip(ends, ends[1:], strict=False)
    )


def _concat_formula(n: Names, axis: OpArg) -> str:
    """``concat(a, b, c, axis=1)``: one call, every operand."""
    return f"concat({', '.join(n)}" + (f", axis={axis})" if axis else ")")


def _mt_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    (a,) = shapes
    if len(a) < 2:
        raise ShapeError(f"{names[0]}.mT of shape {shape_text(a)}: .mT takes 2 axes or more")
    return (*a[:-2], a[-1], a[-2])


def _swap(a: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.swapaxes(a, -1, -2)
    return result


# fmt: off
SLICE_ROWS: tuple[TensorOp, ...] = (
    TensorOp("slice", 1, _slice_shape,
             lambda xs, arg: xs[0][_index(xs[0].shape, arg)].copy(),
             (_slice_vjp,), (),
             "a slice passes its block of the gradient back in place; every element it left "
             "out gets 0", lambda n, arg: f"{_w(n[0])}[{slice_text(arg)}]",
             keeps_ints=True, skill=Skill.GATHER, vjp_texts=_slice_texts),
    TensorOp("concat", 2, _concat_shape,
             lambda xs, axis: np.concatenate(xs, axis=int(axis)),
             tuple(_concat_vjp(i) for i in range(MAX_JOINED)), (),
             "a concat hands each operand its own block of the gradient: a slice of it",
             _concat_formula, skill=Skill.GATHER, vjp_texts=_concat_texts, most=MAX_JOINED),
    TensorOp("mT", 1, _mt_shape, lambda xs, arg: _swap(xs[0]).copy(),
             (lambda g, o, xs, arg: _swap(g),), (),
             "a transpose of the last two axes: the gradient is transposed back",
             lambda n, arg: f"{_w(n[0])}.mT", keeps_ints=True, skill=Skill.MATMUL,
             vjp_texts=texts("dout.mT")),
    TensorOp("zeros", 0, lambda shapes, ints, sizes, names: tuple(int(s) for s in sizes),
             lambda xs, sizes: np.zeros(tuple(int(s) for s in sizes)), (), (),
             "zeros of a shape", lambda n, sizes: _sizes([int(s) for s in sizes]),
             skill=Skill.REDUCE),
)
# fmt: on
