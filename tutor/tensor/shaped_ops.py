"""Fields of the tensor op table's shape-changing rows: matmul, reductions, softmax, labels.

The matrix product and transpose, sum/mean/max, softmax and log_softmax, the label rows
(pick, onehot, take) and reshape.

Each function here is one field of a ``tutor.tensor.ops.TensorOp`` row (a shape rule, a
forward value, a vector-Jacobian product or its symbols); only ``tutor.tensor.ops`` uses
them, so they keep their private names.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from tutor.notation import shape_text
from tutor.tensor.shapes import (
    Arrays,
    Names,
    OpArg,
    Shape,
    ShapeError,
    ShapeFn,
    Shapes,
    broadcast_shape,
    element,
    first_index,
    unbroadcast_text,
)

# -- matrix product and transpose ------------------------------------------------------------


def _matmul_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    a, b = shapes
    ta, tb = shape_text(a), shape_text(b)
    batched = len(a) > 2 or len(b) > 2
    if not (1 <= len(a) <= 4 and 1 <= len(b) <= 4) or (batched and 1 in (len(a), len(b))):
        raise ShapeError(
            f"cannot multiply {ta} @ {tb}: @ takes 1-D and 2-D tensors, or a batch of "
            "matrices (3-D or 4-D) with a matrix or a batch"
        )
    inner_a, inner_b = a[-1], b[-2] if batched else b[0]
    if inner_a != inner_b:
        raise ShapeError(f"cannot multiply {ta} @ {tb}: {inner_a} ≠ {inner_b}")
    if batched:
        batch = broadcast_shape((tuple(a[:-2]), tuple(b[:-2])), "@ (batch axes)")
        return (*batch, a[-2], b[-1])
    return tuple(a[:-1]) + tuple(b[1:])


def _matmul_vjp_a(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    a, b = xs
    if a.ndim > 2 or b.ndim > 2:  # a batch: summed back to a's shape by unbroadcast
        batched: np.ndarray = g @ np.swapaxes(b, -1, -2)
        return batched
    if b.ndim == 2:
        return g @ b.T  # (n,m)@(m,k) -> (n,k); 1-D a: (m,)@(m,k).T -> (k,)
    return np.multiply.outer(g, b) if a.ndim == 2 else g * b


def _matmul_vjp_b(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    a, b = xs
    if a.ndim > 2 or b.ndim > 2:
        batched: np.ndarray = np.swapaxes(a, -1, -2) @ g
        return batched
    if a.ndim == 2:
        result: np.ndarray = a.T @ g
        return result
    return np.multiply.outer(a, g) if b.ndim == 2 else g * a


def _matmul_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """``dA = dZ @ B.T``, ``dB = A.T @ dZ`` (``.mT`` and a sum over broadcast batch axes).

    1-D operands get an outer or elementwise product.
    """
    if len(s[0]) > 2 or len(s[1]) > 2:
        ta = "a.mT" if len(s[0]) > 2 else "a.T"
        tb = "b.mT" if len(s[1]) > 2 else "b.T"
        batch = so[:-2]
        da = unbroadcast_text(f"dout @ {tb}", (*batch, *s[0][-2:]), s[0])
        db = unbroadcast_text(f"{ta} @ dout", (*batch, *s[1][-2:]), s[1])
        return (da, db)
    a2, b2 = len(s[0]) == 2, len(s[1]) == 2
    da = "dout @ b.T" if b2 else "outer(dout, b)" if a2 else "dout * b"
    db = "a.T @ dout" if a2 else "outer(a, dout)" if b2 else "dout * a"
    return (da, db)


def _transpose_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    (a,) = shapes
    if len(a) != 2:
        raise ShapeError(
            f"cannot transpose {names[0]} of shape {shape_text(a)}: .T takes a 2-D tensor"
        )
    return (a[1], a[0])


# -- reductions ------------------------------------------------------------------------------


#: A reduction's axis: one, several (``axis=(0, 2)``) or None (all of them).
Axes = int | tuple[int, ...] | None


def _norm_axis(axis: Axes, ndim: int, shape: Shape, what: str) -> Axes:
    if axis is None:
        return None
    if isinstance(axis, tuple):
        out = tuple(_norm_one(a, ndim, shape, what) for a in axis)
        if len(set(out)) != len(out):
            raise ShapeError(f"{what}: axis {axis} names an axis twice")
        return tuple(sorted(out))
    return _norm_one(axis, ndim, shape, what)


def _norm_one(axis: int, ndim: int, shape: Shape, what: str) -> int:
    if not -ndim <= axis < ndim:
        raise ShapeError(f"{what}: axis {axis} is out of range for shape {shape_text(shape)}")
    return axis % ndim


def _axes_of(axis: Axes, ndim: int) -> tuple[int, ...]:
    """The reduced axes, normalised and sorted (every axis for None)."""
    if axis is None:
        return tuple(range(ndim))
    return tuple(sorted({a % ndim for a in (axis if isinstance(axis, tuple) else (axis,))}))


def _reduce_shape(key: str) -> ShapeFn:
    def shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
        (a,) = shapes
        axis, keepdims = arg
        ax = _norm_axis(axis, len(a), a, f"{key}({names[0]})")
        gone = _axes_of(ax, len(a))
        if key != "sum" and 0 in (a[i] for i in gone):  # a sum of nothing is 0
            raise ShapeError(f"{key} of an empty tensor {names[0]} {shape_text(a)}")
        if keepdims:
            return tuple(1 if i in gone else n for i, n in enumerate(a))
        return tuple(n for i, n in enumerate(a) if i not in gone)

    return shape


def _expand(g: np.ndarray, shape: Shape, axis: Axes, keepdims: bool) -> np.ndarray:
    """Put a reduced gradient back in the reduced axes (broadcastable to ``shape``)."""
    if axis is None:
        return g.reshape((1,) * len(shape)) if shape else g
    return g if keepdims else np.expand_dims(g, _axes_of(axis, len(shape)))


def _count(shape: Shape, axis: Axes) -> int:
    return math.prod(shape[i] for i in _axes_of(axis, len(shape)))


def _expand_text(g: str, ndim: int, axis: Axes, keepdims: bool) -> str:
    """``dout`` re-expanded so it broadcasts over the reduced axes: ``dout[:, None]``.

    Two axes: ``dout[None][:, :, None]``.
    """
    if axis is None or keepdims or ndim <= 1:
        return g
    for ax in _axes_of(axis, ndim):
        g = f"{g}[{', '.join('None' if i == ax else ':' for i in range(ndim))}]"
    return g


def _ones(shape: Shape) -> str:
    """``ones(8, 5) * ``, or nothing for a scalar (its gradient is the upstream one)."""
    return f"ones({', '.join(str(n) for n in shape)}) * " if shape else ""


def _sum_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """A sum's VJP: the upstream gradient copied to every element."""
    axis, keepdims = arg
    return (f"{_ones(s[0])}{_expand_text('dout', len(s[0]), axis, keepdims)}",)


def _mean_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """A mean's VJP: the upstream gradient copied to every element, over their count."""
    axis, keepdims = arg
    g = _expand_text("dout", len(s[0]), axis, keepdims)
    return (f"{_ones(s[0])}{g} / {_count(s[0], axis)}",)


def _max_forward(xs: Arrays, arg: OpArg) -> np.ndarray:
    axis, keepdims = arg
    result: np.ndarray = np.max(xs[0], axis=axis, keepdims=keepdims)
    return result


def _first_max_mask(a: np.ndarray, axis: int | None) -> np.ndarray:
    """1.0 at the first maximum (along ``axis``, or of the whole tensor), 0.0 elsewhere."""
    mask = np.zeros(a.shape)
    if axis is None:
        if a.ndim == 0:
            return np.ones(())
        mask.flat[int(np.argmax(a))] = 1.0
        return mask
    idx = np.expand_dims(np.argmax(a, axis=axis), axis)
    np.put_along_axis(mask, idx, 1.0, axis=axis)
    return mask


def _max_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    axis, keepdims = arg
    a = xs[0]
    result: np.ndarray = _first_max_mask(a, axis) * _expand(g, a.shape, axis, keepdims)
    return result


def _max_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """A max's VJP: the upstream gradient at the first maximum, 0 elsewhere."""
    axis, keepdims = arg
    g = _expand_text("dout", len(s[0]), axis, keepdims)
    if len(s[0]) == 2 and axis is not None and axis % 2 == 1:
        mask = f"onehot(argmax(a, axis=1), {s[0][1]})"
    elif axis is None:
        mask = "first_max_mask(a)"
    else:
        mask = f"first_max_mask(a, axis={axis})"
    return (f"{mask} * {g}",)


def _reduce_formula(key: str) -> Callable[[Names, OpArg], str]:
    def formula(n: Names, arg: OpArg) -> str:
        axis, keepdims = arg
        extra = "" if axis is None else f", axis={axis}"
        extra += ", keepdims=True" if keepdims else ""
        return f"{key}({n[0]}{extra})"

    return formula


# -- softmax ---------------------------------------------------------------------------------


def _softmax_shape(key: str) -> ShapeFn:
    def shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
        (a,) = shapes
        if not a:
            raise ShapeError(f"{key} needs at least a 1-D tensor, but {names[0]} is a scalar")
        _norm_axis(arg, len(a), a, f"{key}({names[0]})")
        if 0 in a:
            raise ShapeError(f"{key} of an empty tensor {names[0]} {shape_text(a)}")
        return tuple(a)

    return shape


def _softmax(a: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    result: np.ndarray = e / e.sum(axis=axis, keepdims=True)
    return result


def _log_softmax(a: np.ndarray, axis: int) -> np.ndarray:
    shifted = a - np.max(a, axis=axis, keepdims=True)
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return result


def _axis_formula(key: str) -> Callable[[Names, OpArg], str]:
    return lambda n, axis: f"{key}({n[0]}, axis={axis})"


# -- labels: pick, onehot, take ----------------------------------------------------------------


def _labels_needed(what: str, name: str) -> ShapeError:
    return ShapeError(
        f"{what} needs labels, but {name!r} holds numbers (give it as an input {{labels: [...]}})"
    )


def _numbers_by_labels(
    op: str, table: str, labels: str, ints: tuple[bool, ...], names: Names
) -> None:
    """Refuse operands of ``op(table, labels)`` (pick, take) that are not numbers, then labels."""
    if ints[0]:
        raise ShapeError(
            f"{op}({table}, {labels}) takes numbers for {table}, but {names[0]!r} holds labels"
        )
    if not ints[1]:
        raise _labels_needed(f"{op}({names[0]}, {names[1]})", names[1])


def _pick_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    p, y = shapes
    _numbers_by_labels("pick", "P", "y", ints, names)
    if len(p) < 2 or tuple(y) != tuple(p[:-1]):
        raise ShapeError(
            f"cannot pick {shape_text(p)} by labels {shape_text(y)}: "
            "pick(P, y) takes P of shape (n, k) and n labels y (or (B, T, k) and (B, T))"
        )
    return tuple(y)


def _pick_forward(xs: Arrays, arg: OpArg) -> np.ndarray:
    p, y = xs
    result: np.ndarray = np.take_along_axis(p, y[..., None], axis=-1)[..., 0]
    return result


def _pick_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """``onehot(b, 5) * dout[:, None]``: the gradient at each row's picked entry."""
    return (f"onehot(b, {s[0][-1]}) * dout[{', '.join([':'] * len(so) + ['None'])}]", None)


def _label_range(
    i: int, size: Callable[[Arrays, OpArg], int], what: Callable[[Names, int], str]
) -> Callable[[Arrays, OpArg, Names], str | None]:
    """Domain rule: every label of operand ``i`` in ``[0, size(xs, arg))``."""

    def domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
        y = xs[i]
        k = size(xs, arg)
        bad = (y < 0) | (y >= k)
        if not bad.any():
            return None
        at = first_index(bad)
        value = int(y[at]) if at else int(y)
        return f"label out of range: {element(names[i], at)} = {value}, but {what(names, k)}"

    return domain


def _labels_index(axis: int, what: str) -> Callable[[Arrays, OpArg, Names], str | None]:
    """Domain rule: the labels (operand 1) index axis ``axis`` of the table (operand 0)."""
    return _label_range(1, lambda xs, arg: xs[0].shape[axis], lambda n, k: f"{n[0]} has {k} {what}")


def _pick_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    p, y = xs
    out = np.zeros(p.shape)
    np.put_along_axis(out, y[..., None], g[..., None], axis=-1)
    return out


def _onehot_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    (y,) = shapes
    if not ints[0]:
        raise _labels_needed(f"onehot({names[0]}, {arg})", names[0])
    return tuple(y) + (int(arg),)


def _onehot_forward(xs: Arrays, k: OpArg) -> np.ndarray:
    y = xs[0]
    out = np.zeros(y.shape + (int(k),))
    np.put_along_axis(out, y[..., None], 1.0, axis=-1)
    return out


def _take_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    c, idx = shapes
    _numbers_by_labels("take", "C", "idx", ints, names)
    if not c:
        raise ShapeError(f"take({names[0]}, {names[1]}) needs a table C of at least 1-D")
    return tuple(idx) + tuple(c[1:])


def _take_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    c, idx = xs
    out = np.zeros(c.shape)
    np.add.at(out, idx, g)  # repeated indices accumulate
    return out


# -- reshape ---------------------------------------------------------------------------------


def _reshape_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    (a,) = shapes
    want = tuple(int(v) for v in arg)
    size = math.prod(a)
    text = f"cannot reshape {names[0]} of shape {shape_text(a)} to {list(want)}"
    if want.count(-1) > 1 or any(v < -1 for v in want):
        raise ShapeError(f"{text}: at most one -1, other sizes positive")
    known = math.prod(v for v in want if v != -1)
    if -1 in want:
        if known == 0 or size % known:
            raise ShapeError(f"{text}: {size} elements do not divide into {known}")
        want = tuple(size // known if v == -1 else v for v in want)
    if math.prod(want) != size:
        raise ShapeError(f"{text}: {size} elements ≠ {math.prod(want)}")
    return want


def _reshape_texts(s: Shapes, so: Shape, arg: OpArg) -> tuple[str | None, ...]:
    """A reshape's VJP: the upstream gradient reshaped back (a scalar: summed)."""
    if not s[0]:
        return ("sum(dout)",)
    return (f"reshape(dout, [{', '.join(str(n) for n in s[0])}])",)
