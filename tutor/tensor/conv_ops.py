"""Rows of the tensor op table for CS231n's convolution layers: conv2d, max-pool, permute.

- ``conv2d(X, W)``: X of shape (N, C, H, W), kernels W of shape (F, C, kh, kw), stride 1,
  no padding (CS231n's ``conv_forward_naive`` with ``stride=1, pad=0``; PyTorch's
  ``F.conv2d``, a cross-correlation). dX is ``conv_transpose2d(dout, W)`` (the kernel
  flipped, the gradient spread back over every window it touched); dW correlates X with
  dout, summed over the batch and every position: written with ``conv2d`` and ``permute``.
- ``conv_transpose2d(D, W)`` (answers only): PyTorch's ``F.conv_transpose2d``.
- ``maxpool2d(X, k)``: k x k windows, stride k, over the last two axes (each divisible by
  k); the gradient goes to each window's first maximum (as PyTorch's ``max_pool2d``).
- ``upsample(X, k)`` (answers only): each element repeated into a k x k block.
- ``permute(X, (1, 0, 2, 3))``: the axes reordered; the gradient is permuted back.
- ``flip(X, axis=(2, 3))``: the order reversed along the axes (a kernel turned round).

``tutor.tensor.ops`` adds them to ``TOPS``; their spellings are in ``tutor.tensor.writing``.
"""

from __future__ import annotations

import numpy as np

from tutor.notation import shape_text
from tutor.skills import Skill
from tutor.tensor.conv_math import _conv, _conv_dw, _spread, _upsample
from tutor.tensor.op_row import TensorOp, texts
from tutor.tensor.shapes import Arrays, Names, OpArg, Shape, ShapeError, Shapes

__all__ = ["CONV_ROWS"]

#: dW of ``conv2d(a, b)`` in the answer language: X correlated with dout, batch for channel.
_SWAP = "(1, 0, 2, 3)"
_DW = f"permute(conv2d(permute(a, {_SWAP}), permute(dout, {_SWAP})), {_SWAP})"


def _conv_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    x, w = shapes
    what = f"conv2d({names[0]}, {names[1]}) of {shape_text(x)} and {shape_text(w)}"
    if len(x) != 4 or len(w) != 4:
        raise ShapeError(f"{what}: conv2d takes X (N, C, H, W) and kernels W (F, C, kh, kw)")
    if x[1] != w[1]:
        raise ShapeError(f"{what}: X has {x[1]} channels, W {w[1]}")
    if w[2] > x[2] or w[3] > x[3] or 0 in (*x, *w):
        raise ShapeError(f"{what}: the kernel is larger than the image")
    return (x[0], w[0], x[2] - w[2] + 1, x[3] - w[3] + 1)


def _transpose_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    d, w = shapes
    what = f"conv_transpose2d({names[0]}, {names[1]}) of {shape_text(d)} and {shape_text(w)}"
    if len(d) != 4 or len(w) != 4 or d[1] != w[0]:
        raise ShapeError(f"{what}: it takes D (N, F, Ho, Wo) and kernels W (F, C, kh, kw)")
    return (d[0], w[1], d[2] + w[2] - 1, d[3] + w[3] - 1)


# -- max-pool ----------------------------------------------------------------------------------


def _pool_shape(shapes: Shapes, ints: tuple[bool, ...], k: OpArg, names: Names) -> Shape:
    (x,) = shapes
    if len(x) < 2 or x[-1] % int(k) or x[-2] % int(k) or 0 in x:
        raise ShapeError(
            f"maxpool2d({names[0]}, {k}) of shape {shape_text(x)}: the last two axes must "
            f"divide into {k} x {k} windows"
        )
    return (*x[:-2], x[-2] // int(k), x[-1] // int(k))


def _windows(x: np.ndarray, k: int) -> np.ndarray:
    """(..., Ho, Wo, k*k): each window's elements in row-major order."""
    *lead, h, w = x.shape
    blocks = x.reshape(*lead, h // k, k, w // k, k)
    n = len(lead)
    moved = blocks.transpose(*range(n), n, n + 2, n + 1, n + 3)
    return moved.reshape(*lead, h // k, w // k, k * k)


def _pool_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, k: OpArg) -> np.ndarray:
    x, k = xs[0], int(k)
    win = _windows(x, k)
    mask = np.zeros(win.shape)
    np.put_along_axis(mask, np.argmax(win, axis=-1)[..., None], 1.0, axis=-1)
    *lead, h, w = x.shape
    n = len(lead)
    spread = (mask * g[..., None]).reshape(*lead, h // k, w // k, k, k)
    result: np.ndarray = spread.transpose(*range(n), n, n + 2, n + 1, n + 3).reshape(x.shape)
    return result


def _upsample_shape(shapes: Shapes, ints: tuple[bool, ...], k: OpArg, names: Names) -> Shape:
    (x,) = shapes
    if len(x) < 2:
        raise ShapeError(f"upsample({names[0]}, {k}) takes at least 2 axes")
    return (*x[:-2], x[-2] * int(k), x[-1] * int(k))


# -- permute -----------------------------------------------------------------------------------


def _permute_shape(shapes: Shapes, ints: tuple[bool, ...], dims: OpArg, names: Names) -> Shape:
    (a,) = shapes
    order = tuple(dims) if isinstance(dims, tuple) else (dims,)
    if sorted(order) != list(range(len(a))):
        raise ShapeError(
            f"permute({names[0]}, {order}): of shape {shape_text(a)}, it takes an order of "
            f"the axes 0 to {len(a) - 1}, each once"
        )
    return tuple(a[i] for i in order)


def _flip_shape(shapes: Shapes, ints: tuple[bool, ...], axis: OpArg, names: Names) -> Shape:
    (a,) = shapes
    for ax in axis if isinstance(axis, tuple) else () if axis is None else (axis,):
        if not -len(a) <= ax < len(a):
            raise ShapeError(f"flip({names[0]}): axis {ax} is out of range for {shape_text(a)}")
    return tuple(a)


def _order(dims: OpArg) -> tuple[int, ...]:
    return tuple(dims) if isinstance(dims, tuple) else (int(dims),)


def _permute_texts(s: Shapes, so: Shape, dims: OpArg) -> tuple[str | None, ...]:
    back = tuple(int(i) for i in np.argsort(_order(dims)))
    return (f"permute(dout, {back if len(back) > 1 else f'({back[0]},)'})",)


def _flip_texts(s: Shapes, so: Shape, axis: OpArg) -> tuple[str | None, ...]:
    return (f"flip(dout{'' if axis is None else f', axis={axis}'})",)


# fmt: off
CONV_ROWS: tuple[TensorOp, ...] = (
    TensorOp("conv2d", 2, _conv_shape, lambda xs, arg: _conv(xs[0], xs[1]),
             (lambda g, o, xs, arg: _spread(g, xs[1]), _conv_dw), (),
             "a convolution slides each kernel over the image: dX spreads each output's "
             "gradient back over its window (the kernel flipped: conv_transpose2d), and dW "
             "adds X's window times the gradient over every position and example",
             lambda n, arg: f"conv2d({n[0]}, {n[1]})", skill=Skill.MATMUL,
             vjp_texts=texts("conv_transpose2d(dout, b)", _DW)),
    TensorOp("conv_transpose2d", 2, _transpose_shape, lambda xs, arg: _spread(xs[0], xs[1]),
             (None, None), (None, None),
             "conv_transpose2d(D, W): each D entry spreads W's kernel over its window",
             lambda n, arg: f"conv_transpose2d({n[0]}, {n[1]})", skill=Skill.MATMUL),
    TensorOp("maxpool2d", 1, _pool_shape,
             lambda xs, k: np.max(_windows(xs[0], int(k)), axis=-1),
             (_pool_vjp,), (),
             "a max-pool routes each window's gradient to its (first) maximum; the other "
             "elements of the window get 0",
             lambda n, k: f"maxpool2d({n[0]}, {k})", skill=Skill.REDUCE,
             vjp_texts=lambda s, so, k: (f"(a == upsample(out, {k})) * upsample(dout, {k})",)),
    TensorOp("upsample", 1, _upsample_shape, lambda xs, k: _upsample(xs[0], int(k)),
             (None,), (None,), "upsample(X, k) repeats each element into a k x k block",
             lambda n, k: f"upsample({n[0]}, {k})", skill=Skill.REDUCE),
    TensorOp("permute", 1, _permute_shape, lambda xs, dims: np.transpose(xs[0], _order(dims)),
             (lambda g, o, xs, dims: np.transpose(g, np.argsort(_order(dims))),), (),
             "a permute moves no numbers: permute the gradient back",
             lambda n, dims: f"permute({n[0]}, {_order(dims)})", keeps_ints=True,
             skill=Skill.MATMUL, vjp_texts=_permute_texts),
    TensorOp("flip", 1, _flip_shape, lambda xs, axis: np.flip(xs[0], axis).copy(),
             (lambda g, o, xs, axis: np.flip(g, axis),), (),
             "a flip reverses the order along its axes: the gradient is flipped back",
             lambda n, axis: f"flip({n[0]}" + ("" if axis is None else f", axis={axis}") + ")",
             keeps_ints=True, skill=Skill.MATMUL, vjp_texts=_flip_texts),
)
# fmt: on
