"""More rows of the tensor op table: softplus, leaky_relu and the answers' own functions.

``softplus`` and ``leaky_relu`` are elementwise, like the scalar rows of the same names
(PyTorch's values and derivatives, kinks included). The rest are ``answers_only``: what a
learner may write in an answer, and what the tutor's printed VJPs use: ``ones_like``,
``zeros_like``, ``ones(8, 5)``, ``argmax``, ``first_max_mask``, ``scatter_add`` (the inverse
of ``take``), ``scatter``, comparisons as 0/1 masks, ``sign``, ``where``, ``outer`` and
``unsqueeze`` (``x[:, None]``). ``tutor.tensor.ops`` adds them to ``TOPS``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tutor.grammar.limits import MAX_DIMS
from tutor.notation import literal, shape_text
from tutor.skills import Skill
from tutor.tensor.op_row import TensorOp, texts
from tutor.tensor.op_row import same_shape as _same
from tutor.tensor.op_row import sigmoid as _sigmoid
from tutor.tensor.shaped_ops import _first_max_mask, _norm_axis
from tutor.tensor.shapes import (
    Arrays,
    Names,
    OpArg,
    Shape,
    ShapeError,
    Shapes,
    broadcast_shape,
)
from tutor.tensor.writing import LEAKY_SLOPE

__all__ = ["MORE_ROWS"]

#: Above this input softplus is the identity, as in PyTorch (``threshold=20``).
SOFTPLUS_THRESHOLD = 20.0


def _slope(arg: OpArg) -> float:
    return float(arg if arg is not None else LEAKY_SLOPE)


def _softplus(a: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.where(
        a > SOFTPLUS_THRESHOLD, a, np.log1p(np.exp(np.minimum(a, SOFTPLUS_THRESHOLD)))
    )
    return result


def _softplus_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    a = xs[0]
    return g * np.where(a > SOFTPLUS_THRESHOLD, 1.0, _sigmoid(a))


def _unary_row(
    key: str, forward: Callable[[Arrays, OpArg], np.ndarray], rule: str, skill: Skill
) -> TensorOp:
    """An answers-only function of one operand with no gradient, in its operand's shape."""
    return TensorOp(
        key,
        1,
        _same,
        forward,
        (None,),
        (None,),
        rule,
        lambda n, arg: f"{key}({n[0]})",
        skill=skill,
    )


def _argmax_shape(shapes: Shapes, ints: tuple[bool, ...], axis: OpArg, names: Names) -> Shape:
    (a,) = shapes
    if not a and axis is not None:
        raise ShapeError("argmax of a scalar has no axis")
    if 0 in a:
        raise ShapeError("argmax of an empty tensor")
    ax = _norm_axis(axis, len(a), a, "argmax")
    return () if ax is None else tuple(n for i, n in enumerate(a) if i != ax)


def _scatter_shape(key: str) -> Callable[[Shapes, tuple[bool, ...], OpArg, Names], Shape]:
    def shape(shapes: Shapes, ints: tuple[bool, ...], rows: OpArg, names: Names) -> Shape:
        d, idx = shapes
        if tuple(d[: len(idx)]) != tuple(idx):
            raise ShapeError(
                f"{key}(D, idx, rows): D {shape_text(d)} must start with idx's "
                f"shape {shape_text(idx)}"
            )
        return (int(rows), *d[len(idx) :])

    return shape


def _scatter_domain(key: str) -> Callable[[Arrays, OpArg, Names], str | None]:
    def domain(xs: Arrays, rows: OpArg, names: Names) -> str | None:
        idx = xs[1]
        if idx.size and (idx.min() < 0 or idx.max() >= int(rows)):
            return f"{key}: an index is outside 0..{int(rows) - 1}"
        return None

    return domain


def _scatter(accumulate: bool) -> Callable[[Arrays, OpArg], np.ndarray]:
    def forward(xs: Arrays, rows: OpArg) -> np.ndarray:
        d, idx = xs
        out = np.zeros((int(rows), *d.shape[idx.ndim :]))
        if accumulate:
            np.add.at(out, idx, d)
        else:
            out[idx] = d
        return out

    return forward


def _compare(
    key: str, symbol: str, test: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> TensorOp:
    """A comparison as a 0/1 mask: no gradient flows through a step."""
    return TensorOp(
        key,
        2,
        lambda shapes, ints, arg, names: broadcast_shape(shapes, symbol),
        lambda xs, arg: test(xs[0], xs[1]).astype(np.float64),
        (None, None),
        (None, None),
        f"a comparison {symbol} is 1 where it holds and 0 elsewhere: a step, which passes "
        "no gradient",
        lambda n, arg: f"{n[0]} {symbol} {n[1]}",
        skill=Skill.RELU,
    )


def _where_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    c, a, b = shapes
    return broadcast_shape((broadcast_shape((c, a), "where"), b), "where")


def _where_vjp(i: int) -> Callable[[np.ndarray, np.ndarray, Arrays, OpArg], np.ndarray]:
    def vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
        chosen = xs[0] != 0
        result: np.ndarray = np.where(chosen if i == 1 else ~chosen, g, 0.0)
        return result

    return vjp


def _unsqueeze_shape(shapes: Shapes, ints: tuple[bool, ...], axis: OpArg, names: Names) -> Shape:
    (a,) = shapes
    n = len(a) + 1
    if n > MAX_DIMS:
        raise ShapeError(f"unsqueeze({names[0]}): at most {MAX_DIMS} dimensions")
    if not -n <= int(axis) < n:
        raise ShapeError(f"unsqueeze: axis {axis} is out of range for shape {shape_text(a)}")
    at = int(axis) % n
    return (*a[:at], 1, *a[at:])


def _mask_shape(shapes: Shapes, ints: tuple[bool, ...], axis: OpArg, names: Names) -> Shape:
    (a,) = shapes
    _norm_axis(axis, len(a), a, f"first_max_mask({names[0]})")
    if 0 in a:
        raise ShapeError(f"first_max_mask of an empty tensor {names[0]} {shape_text(a)}")
    return tuple(a)


def _outer_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    a, b = shapes
    if len(a) != 1 or len(b) != 1:
        raise ShapeError(
            f"outer(a, b) takes two 1-D tensors, not {shape_text(a)} and {shape_text(b)}"
        )
    return (a[0], b[0])


_MASK = "a mask has no gradient: it is a constant 0/1 pattern"

# fmt: off
MORE_ROWS: tuple[TensorOp, ...] = (
    TensorOp("softplus", 1, _same, lambda xs, arg: _softplus(xs[0]),
             (_softplus_vjp,), (None,),
             "d softplus(x)/dx = sigmoid(x), elementwise: softplus is log(1 + exp(x)), a "
             "smooth relu", lambda n, arg: f"softplus({n[0]})", skill=Skill.SIGMOID,
             vjp_texts=texts("sigmoid(a) * dout")),
    TensorOp("leaky_relu", 1, _same,
             lambda xs, s: np.where(xs[0] > 0, xs[0], xs[0] * _slope(s)),
             (lambda g, o, xs, s: g * np.where(xs[0] > 0, 1.0, _slope(s)),), (None,),
             "a leaky relu passes the gradient where its input is positive and scales it by "
             "the slope elsewhere (at 0 too, as PyTorch has it)",
             lambda n, s: f"leaky_relu({n[0]}, {_slope(s):g})", skill=Skill.RELU,
             vjp_texts=lambda s, so, slope: (f"where(a > 0, 1, {literal(_slope(slope))}) * dout",)),
    # -- answers only -----------------------------------------------------------------------
    _unary_row("ones_like", lambda xs, arg: np.ones(xs[0].shape), "ones in a tensor's shape",
               Skill.REDUCE),
    _unary_row("zeros_like", lambda xs, arg: np.zeros(xs[0].shape), "zeros in a tensor's shape",
               Skill.REDUCE),
    TensorOp("ones", 0, lambda shapes, ints, sizes, names: tuple(int(s) for s in sizes),
             lambda xs, sizes: np.ones(tuple(int(s) for s in sizes)), (), (),
             "ones of a shape", lambda n, sizes: f"ones({', '.join(str(s) for s in sizes)})",
             skill=Skill.REDUCE),
    TensorOp("argmax", 1, _argmax_shape,
             lambda xs, axis: np.asarray(np.argmax(xs[0], axis=axis), dtype=np.int64),
             (None,), (None,), "argmax gives labels: the (first) maximum's index",
             lambda n, axis: f"argmax({n[0]}" + ("" if axis is None else f", axis={axis}") + ")",
             skill=Skill.REDUCE),
    TensorOp("first_max_mask", 1, _mask_shape,
             lambda xs, axis: _first_max_mask(xs[0], axis), (None,), (None,),
             f"1 at the first maximum (along the axis), 0 elsewhere; {_MASK}",
             lambda n, axis: f"first_max_mask({n[0]})", skill=Skill.REDUCE),
    TensorOp("scatter_add", 2, _scatter_shape("scatter_add"), _scatter(True),
             (lambda g, o, xs, rows: g[xs[1]], None), (None, None),
             "scatter_add(D, idx, rows): the rows of D added into a rows-row matrix at idx "
             "(the inverse of take: a row used twice gets both)",
             lambda n, rows: f"scatter_add({n[0]}, {n[1]}, {rows})",
             _scatter_domain("scatter_add"),
             skill=Skill.GATHER, vjp_texts=texts("take(dout, b)", None)),
    TensorOp("scatter", 2, _scatter_shape("scatter"), _scatter(False), (None, None), (None, None),
             "scatter(D, idx, rows): like scatter_add, but a repeated index keeps its last row",
             lambda n, rows: f"scatter({n[0]}, {n[1]}, {rows})", _scatter_domain("scatter"),
             skill=Skill.GATHER),
    _compare("gt", ">", np.greater),
    _compare("ge", ">=", np.greater_equal),
    _compare("lt", "<", np.less),
    _compare("le", "<=", np.less_equal),
    _unary_row("sign", lambda xs, arg: np.sign(xs[0]).astype(np.float64),
               "sign(x) is 1, 0 or -1 elementwise: a step, which passes no gradient", Skill.SIGN),
    TensorOp("where", 3, _where_shape,
             lambda xs, arg: np.where(xs[0] != 0, xs[1], xs[2]).astype(np.float64),
             (None, _where_vjp(1), _where_vjp(2)), (None, None, None),
             "where(c, a, b) is a where c holds (is not 0) and b elsewhere: the gradient goes "
             "to the operand chosen, element by element",
             lambda n, arg: f"where({n[0]}, {n[1]}, {n[2]})", skill=Skill.RELU,
             vjp_texts=texts(None, "where(a, dout, 0)", "where(a, 0, dout)"), broadcasts=True),
    TensorOp("outer", 2, _outer_shape, lambda xs, arg: np.multiply.outer(xs[0], xs[1]),
             (lambda g, o, xs, arg: g @ xs[1], lambda g, o, xs, arg: xs[0] @ g), (None, None),
             "outer(a, b)[i, j] = a[i] * b[j]: da = dZ @ b and db = a @ dZ",
             lambda n, arg: f"outer({n[0]}, {n[1]})", skill=Skill.MATMUL,
             vjp_texts=texts("dout @ b", "a @ dout")),
    TensorOp("unsqueeze", 1, _unsqueeze_shape,
             lambda xs, axis: np.expand_dims(xs[0], int(axis)),
             (lambda g, o, xs, axis: g.reshape(xs[0].shape),), (None,),
             "unsqueeze adds an axis of size 1: its gradient is summed over that axis",
             lambda n, axis: f"unsqueeze({n[0]}, {axis})",
             keeps_ints=True, skill=Skill.REDUCE,
             vjp_texts=lambda s, so, axis: (f"sum(dout, axis={int(axis) % (len(s[0]) + 1)})",)),
)
# fmt: on
