"""The tensor operations: one row each, with shape rule, forward, VJP per operand, symbols.

This is the tensor twin of ``tutor.scalar.ops``. Each row says, for one primitive:

- ``shape``: the result's shape from the operands' shapes, or a ``ShapeError`` naming both
  (run before anything is allocated, so a size limit can refuse a huge result first);
- ``forward``: the value, on NumPy ``float64`` arrays;
- ``vjp``: per operand, the vector-Jacobian product ``dX`` given the upstream gradient
  ``dZ``, in the shape of the result (``tutor.tensor.engine`` undoes broadcasting with the one
  shared ``unbroadcast``);
- ``symbols``: per operand, that product written out (``dX += dZ @ W.T``), for hints and
  the solution table; a broadcast operand's text gets the same ``sum(..., axis=0)`` that
  ``unbroadcast`` computes.

The rows' longer fields live beside it: ``tutor.tensor.elementwise_ops`` (the unary and
broadcasting builders, domains, power VJPs) and ``tutor.tensor.shaped_ops`` (matmul,
transpose, reductions, softmax, labels, reshape); ``tutor.tensor.more_ops`` holds more rows.

NumPy is imported here, so this module is only imported when a lesson uses tensors.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tutor.grammar.template import render
from tutor.notation import compact as fmt
from tutor.notation import grad_name as _d
from tutor.skills import Skill
from tutor.tensor.conv_ops import CONV_ROWS
from tutor.tensor.dialects import ANSWERS
from tutor.tensor.elementwise_ops import (  # the elementwise rows' fields
    _binary,
    _div_domain,
    _log_domain,
    _pow_domain,
    _pow_exponent_vjp,
    _powc_domain,
    _powc_texts,
    _powc_vjp,
    _sqrt_domain,
    _sqrt_vjp,
    _unary,
)
from tutor.tensor.more_ops import MORE_ROWS
from tutor.tensor.op_row import SymbolFn, TensorOp, texts
from tutor.tensor.op_row import same_shape as _same
from tutor.tensor.op_row import sigmoid as _sigmoid
from tutor.tensor.shaped_ops import (  # the shape-changing rows' fields
    _axis_formula,
    _count,
    _expand,
    _label_range,
    _labels_index,
    _log_softmax,
    _matmul_shape,
    _matmul_texts,
    _matmul_vjp_a,
    _matmul_vjp_b,
    _max_forward,
    _max_texts,
    _max_vjp,
    _mean_texts,
    _onehot_forward,
    _onehot_shape,
    _pick_forward,
    _pick_shape,
    _pick_texts,
    _pick_vjp,
    _reduce_formula,
    _reduce_shape,
    _reshape_shape,
    _reshape_texts,
    _softmax,
    _softmax_shape,
    _sum_texts,
    _take_shape,
    _take_vjp,
    _transpose_shape,
)
from tutor.tensor.shapes import (
    DomainError,
    Names,
    OpArg,
    Shape,
    ShapeError,
    Shapes,
    element,
    first_index,
    unbroadcast,
    unbroadcast_text,
)
from tutor.tensor.shapes import wrap as _w
from tutor.tensor.slice_ops import SLICE_ROWS
from tutor.tensor.slips import FACTORS, SLIPS
from tutor.tensor.stat_ops import STAT_ROWS
from tutor.tensor.writing import ANSWERS_ONLY, LABEL_OPERANDS, WRITING

__all__ = [
    "TOPS",
    "DomainError",
    "ShapeError",
    "TensorOp",
    "element",
    "first_index",
    "unbroadcast",
    "unbroadcast_text",
]

# -- the table -------------------------------------------------------------------------------

_ADD = "the upstream gradient passes through unchanged; a broadcast operand sums it back"

# fmt: off
_ROWS: tuple[TensorOp, ...] = (
    _binary("+", "+", np.add,
            (lambda g, o, xs: g, lambda g, o, xs: g),
            ("dout", "dout"),
            f"an add gate: {_ADD} over the axes it stretched", skill=Skill.ADD),
    _binary("-", "-", np.subtract,
            (lambda g, o, xs: g, lambda g, o, xs: -g),
            ("dout", "-dout"),
            "a subtract gate: the gradient passes to the first operand and, negated, "
            "to the second; a broadcast operand sums it back", skill=Skill.ADD),
    _binary("*", "*", np.multiply,
            (lambda g, o, xs: g * xs[1], lambda g, o, xs: g * xs[0]),
            ("dout * b", "a * dout"),
            "an elementwise multiply: each operand's gradient is the upstream gradient "
            "times the other operand; a broadcast operand sums it back",
            shape_advice=" (* is elementwise: for a matrix product use @)", skill=Skill.MUL),
    _binary("/", "/", np.divide,
            (lambda g, o, xs: g / xs[1], lambda g, o, xs: -g * xs[0] / (xs[1] * xs[1])),
            ("dout / b", "-dout * a / b**2"),
            "an elementwise divide: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2",
            _div_domain, skill=Skill.DIV),
    _binary("pow", "**", np.power,
            (lambda g, o, xs: g * xs[1] * np.power(xs[0], xs[1] - 1), _pow_exponent_vjp),
            ("dout * b * a**(b - 1)", "dout * out * log(a)"),
            "a power with a tensor exponent: d(a**b)/da = b * a**(b-1), "
            "d(a**b)/db = a**b * log(a)",
            _pow_domain, skill=Skill.POW),
    TensorOp("powc", 1, _same,
             lambda xs, k: np.power(xs[0], k),
             (_powc_vjp,), (),
             "the power rule, elementwise: d(x**n)/dx = n * x**(n-1)",
             lambda n, k: f"{_w(n[0])}**{fmt(k) if k >= 0 else '(' + fmt(k) + ')'}",
             _powc_domain, numeric_domain=True, skill=Skill.POW, vjp_texts=_powc_texts),
    TensorOp("neg", 1, _same, lambda xs, arg: -xs[0],
             (lambda g, o, xs, arg: -g,),
             (),
             "a negation flips the sign of the gradient",
             lambda n, arg: f"-{_w(n[0])}", skill=Skill.SIGN, vjp_texts=texts("-dout")),
    _unary("exp", np.exp, lambda g, o, x: g * o, "out",
           "exp is its own derivative: multiply the upstream gradient by the node's own value",
           skill=Skill.EXP),
    _unary("log", np.log, lambda g, o, x: g / x, "1/a",
           "d log(x)/dx = 1/x, elementwise", _log_domain, skill=Skill.LOG),
    _unary("sqrt", np.sqrt, _sqrt_vjp, "1/(2 * out)",
           "d sqrt(x)/dx = 1/(2*sqrt(x)), elementwise", _sqrt_domain, skill=Skill.POW),
    _unary("tanh", np.tanh, lambda g, o, x: g * (1.0 - o * o), "(1 - out**2)",
           "d tanh(x)/dx = 1 - tanh(x)**2: one minus the node's own value squared",
           skill=Skill.TANH),
    _unary("sigmoid", _sigmoid, lambda g, o, x: g * o * (1.0 - o),
           "out * (1 - out)",
           "d sigmoid(x)/dx = s * (1 - s), where s is the node's own value", skill=Skill.SIGMOID),
    _unary("relu", lambda a: np.maximum(a, 0.0), lambda g, o, x: g * (x > 0),
           "(a > 0)",
           "a relu passes the gradient where its input is positive and blocks it elsewhere",
           skill=Skill.RELU),
    _unary("sin", np.sin, lambda g, o, x: g * np.cos(x), "cos(a)",
           "d sin(x)/dx = cos(x), elementwise", skill=Skill.TRIG),
    _unary("cos", np.cos, lambda g, o, x: -g * np.sin(x), "-sin(a)",
           "d cos(x)/dx = -sin(x), elementwise", skill=Skill.TRIG),
    _unary("abs", np.abs, lambda g, o, x: g * np.sign(x), "sign(a)",
           "d |x|/dx = sign(x) (0 at 0, as PyTorch has it)", skill=Skill.SIGN),
    TensorOp("matmul", 2, _matmul_shape, lambda xs, arg: xs[0] @ xs[1],
             (_matmul_vjp_a, _matmul_vjp_b), (),
             "a matrix product: dX = dZ @ W.T and dW = X.T @ dZ; check the shapes: "
             "each gradient has its operand's shape",
             lambda n, arg: f"{_w(n[0])} @ {_w(n[1])}",
             shape_advice=" (line the shapes up: a transpose may be missing, or the "
             "operands swapped)", skill=Skill.MATMUL, vjp_texts=_matmul_texts),
    TensorOp("transpose", 1, _transpose_shape, lambda xs, arg: xs[0].T,
             (lambda g, o, xs, arg: g.T,),
             (),
             "a transpose: the gradient is transposed back",
             lambda n, arg: f"{_w(n[0])}.T", keeps_ints=True, skill=Skill.MATMUL,
             vjp_texts=texts("dout.T")),
    TensorOp("sum", 1, _reduce_shape("sum"),
             lambda xs, arg: np.sum(xs[0], axis=arg[0], keepdims=arg[1]),
             (lambda g, o, xs, arg: np.broadcast_to(
                 _expand(g, xs[0].shape, *arg), xs[0].shape),),
             (),
             "a sum copies the upstream gradient to every element it added up",
             _reduce_formula("sum"), skill=Skill.REDUCE, vjp_texts=_sum_texts),
    TensorOp("mean", 1, _reduce_shape("mean"),
             lambda xs, arg: np.mean(xs[0], axis=arg[0], keepdims=arg[1]),
             (lambda g, o, xs, arg: np.broadcast_to(
                 _expand(g, xs[0].shape, *arg) / _count(xs[0].shape, arg[0]), xs[0].shape),),
             (),
             "a mean copies the upstream gradient to every element, divided by their count",
             _reduce_formula("mean"), skill=Skill.REDUCE, vjp_texts=_mean_texts),
    TensorOp("max", 1, _reduce_shape("max"), _max_forward, (_max_vjp,), (),
             "a max routes the gradient to the (first) maximum; every other element gets 0",
             _reduce_formula("max"), skill=Skill.REDUCE, vjp_texts=_max_texts),
    TensorOp("softmax", 1, _softmax_shape("softmax"), lambda xs, axis: _softmax(xs[0], axis),
             (lambda g, o, xs, axis: o * (g - np.sum(g * o, axis=axis, keepdims=True)),),
             (),
             "softmax: dA = P * (dP - sum(dP * P)) along the softmax axis",
             _axis_formula("softmax"), skill=Skill.SOFTMAX,
             vjp_texts=lambda s, so, axis: (
                 f"out * (dout - sum(dout * out, axis={axis}, keepdims=True))",)),
    TensorOp("log_softmax", 1, _softmax_shape("log_softmax"),
             lambda xs, axis: _log_softmax(xs[0], axis),
             (lambda g, o, xs, axis: g - np.exp(o) * np.sum(g, axis=axis, keepdims=True),),
             (),
             "log_softmax: dA = dZ - softmax(A) * sum(dZ) along the axis",
             _axis_formula("log_softmax"), skill=Skill.SOFTMAX,
             vjp_texts=lambda s, so, axis: (
                 f"dout - exp(out) * sum(dout, axis={axis}, keepdims=True)",)),
    TensorOp("pick", 2, _pick_shape, _pick_forward,
             (_pick_vjp, None),
             (),
             "pick takes one entry per row: its gradient goes back to that entry only",
             lambda n, arg: f"pick({n[0]}, {n[1]})",
             _labels_index(-1, "columns"),
             skill=Skill.GATHER, vjp_texts=_pick_texts),
    TensorOp("onehot", 1, _onehot_shape, _onehot_forward, (None,), (),
             "onehot(y, k) is a constant: labels get no gradient",
             lambda n, k: f"onehot({n[0]}, {k})",
             _label_range(0, lambda xs, k: int(k), lambda n, k: f"onehot has {k} classes"),
             skill=Skill.SOFTMAX),
    TensorOp("take", 2, _take_shape, lambda xs, arg: xs[0][xs[1]],
             (_take_vjp, None),
             (),
             "an embedding lookup: each looked-up row's gradient is scatter-added back to "
             "its row of the table, so a row used twice gets both gradients",
             lambda n, arg: f"take({n[0]}, {n[1]})",
             _labels_index(0, "rows"),
             skill=Skill.GATHER,
             vjp_texts=lambda s, so, arg: (f"scatter_add(dout, b, {s[0][0]})", None)),
    TensorOp("reshape", 1, _reshape_shape,
             lambda xs, arg: xs[0].reshape(tuple(int(v) for v in arg)),
             (lambda g, o, xs, arg: g.reshape(xs[0].shape),), (),
             "a reshape moves no numbers: reshape the gradient back",
             lambda n, arg: f"reshape({n[0]}, {list(arg)})", keeps_ints=True, skill=Skill.MATMUL,
             vjp_texts=_reshape_texts),
)
# fmt: on


#: Every tensor primitive, by key (with its slips and factor from ``tutor.tensor.slips``).
def _printed(op: TensorOp, i: int) -> SymbolFn:
    """Operand ``i``'s VJP written out (``dX += dZ @ W.T``) from the row's VJP text."""

    def symbol(names: Names, out: str, shapes: Shapes, out_shape: Shape, arg: OpArg) -> str:
        text = op.vjp_texts(shapes, out_shape, arg)[i]
        assert text is not None  # the operand gets a gradient
        if op.broadcasts:
            text = unbroadcast_text(text, out_shape, shapes[i])
        return f"{_d(names[i])} += {render(text, ANSWERS, names, out)}"

    return symbol


def _symbols(op: TensorOp) -> tuple[SymbolFn | None, ...]:
    return tuple(_printed(op, i) if v is not None else None for i, v in enumerate(op.vjp))


#: Their spellings come from ``tutor.tensor.writing`` (NumPy-free, for the lesson reader);
#: their printed VJPs (``symbols``) from their VJP texts.
TOPS: dict[str, TensorOp] = {
    op.key: replace(
        op,
        symbols=_symbols(op),
        slips=SLIPS.get(op.key, ()),
        factor=FACTORS.get(op.key),
        written=WRITING[op.key].spellings,
        labels=LABEL_OPERANDS.get(op.key, ()),
        answers_only=op.key in ANSWERS_ONLY,
    )
    for op in (*_ROWS, *MORE_ROWS, *STAT_ROWS, *SLICE_ROWS, *CONV_ROWS)
}
