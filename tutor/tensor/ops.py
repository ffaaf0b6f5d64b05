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

NumPy is imported here, so this module is only imported when a lesson uses tensors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from tutor.notation import compact as fmt
from tutor.notation import shape_text
from tutor.skills import Skill
from tutor.tensor.more_ops import MORE_ROWS
from tutor.tensor.op_row import DomainFn, SymbolFn, TensorOp
from tutor.tensor.op_row import first_bad as _first_bad
from tutor.tensor.op_row import same_shape as _same
from tutor.tensor.op_row import sigmoid as _sigmoid
from tutor.tensor.shaped_ops import (  # the longer rows' fields
    _axis_formula,
    _count,
    _expand,
    _label_range,
    _log_softmax,
    _max_forward,
    _max_text,
    _max_vjp,
    _mean_text,
    _onehot_forward,
    _onehot_shape,
    _pick_shape,
    _pick_vjp,
    _reduce_formula,
    _reduce_shape,
    _reshape_shape,
    _reshape_text,
    _softmax,
    _softmax_shape,
    _sum_text,
    _take_shape,
    _take_vjp,
)
from tutor.tensor.shapes import (
    Arrays,
    DomainError,
    Names,
    OpArg,
    Shape,
    ShapeError,
    Shapes,
    broadcast_shape,
    element,
    first_index,
    unbroadcast,
    unbroadcast_text,
)
from tutor.tensor.shapes import grad_name as _d
from tutor.tensor.shapes import wrap as _w
from tutor.tensor.slips import FACTORS, SLIPS
from tutor.tensor.writing import ANSWERS_ONLY, WRITING

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

# -- elementwise ------------------------------------------------------------------------------


def _unary(
    key: str,
    forward: Callable[[np.ndarray], np.ndarray],
    vjp: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    local: Callable[[str, str], str],
    rule: str,
    domain: DomainFn | None = None,
    *,
    skill: Skill,
) -> TensorOp:
    """An elementwise function: ``local(x, out)`` is its derivative in symbols."""
    return TensorOp(
        key,
        1,
        _same,
        lambda xs, arg: forward(xs[0]),
        (lambda g, o, xs, arg: vjp(g, o, xs[0]),),
        (lambda n, o, s, so, arg: f"{_d(n[0])} += {local(n[0], o)} * {_d(o)}",),
        rule,
        lambda n, arg: f"{key}({n[0]})",
        domain,
        numeric_domain=domain is not None,
        skill=skill,
    )


def _binary(
    key: str,
    symbol: str,
    forward: Callable[[np.ndarray, np.ndarray], np.ndarray],
    vjps: tuple[
        Callable[[np.ndarray, np.ndarray, Arrays], np.ndarray],
        Callable[[np.ndarray, np.ndarray, Arrays], np.ndarray],
    ],
    texts: tuple[Callable[[str, str, str], str], Callable[[str, str, str], str]],
    rule: str,
    domain: DomainFn | None = None,
    shape_advice: str = "",
    *,
    skill: Skill,
) -> TensorOp:
    """An elementwise, broadcasting operator; ``texts`` write each VJP before unbroadcast."""

    def sym(i: int) -> SymbolFn:
        def text(n: Names, o: str, s: Shapes, so: Shape, arg: OpArg) -> str:
            return f"{_d(n[i])} += {unbroadcast_text(texts[i](n[0], n[1], o), so, s[i])}"

        return text

    return TensorOp(
        key,
        2,
        lambda shapes, ints, arg, names: broadcast_shape(shapes, symbol),
        lambda xs, arg: forward(xs[0], xs[1]),
        (lambda g, o, xs, arg: vjps[0](g, o, xs), lambda g, o, xs, arg: vjps[1](g, o, xs)),
        (sym(0), sym(1)),
        rule,
        lambda n, arg: f"{n[0]} {symbol} {n[1]}",
        domain,
        numeric_domain=domain is not None,
        shape_advice=shape_advice,
        skill=skill,
    )


def _div_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    return _first_bad(xs[1] == 0, names, 1, "division by zero")


def _pow_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    a, b = np.broadcast_arrays(xs[0], xs[1])
    bad = _first_bad(a < 0, names, 0, "a power with a variable exponent needs a non-negative base")
    return bad or _first_bad((a == 0) & (b <= 0), names, 0, "0 to a non-positive power")


def _pow_exponent_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays) -> np.ndarray:
    """d(a**b)/db = a**b * log(a); 0 where a**b is 0 (as the scalar engine does)."""
    a = xs[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        local = np.where(o == 0, 0.0, o * np.log(np.where(a > 0, a, 1.0)))
    return g * local


def _powc(k: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda a: np.power(a, k)


def _powc_domain(xs: Arrays, k: OpArg, names: Names) -> str | None:
    a = xs[0]
    if not float(k).is_integer():
        bad = _first_bad(a < 0, names, 0, "a negative base with a fractional exponent")
        if bad:
            return bad
    if k < 0:
        return _first_bad(a == 0, names, 0, "0 to a negative power (division by zero)")
    return None


def _powc_vjp(g: np.ndarray, o: np.ndarray, xs: Arrays, k: OpArg) -> np.ndarray:
    a = xs[0]
    if k == 0:
        return np.zeros_like(g * a)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: np.ndarray = g * (k * np.power(a, k - 1))
        return result


def _powc_text(n: Names, o: str, s: Shapes, so: Shape, k: OpArg) -> str:
    x = _w(n[0])
    if k == 1:
        local = "1"
    elif k == 2:
        local = f"2 * {x}"
    else:
        e = fmt(k - 1)
        local = f"{fmt(k)} * {x}**{e if k - 1 >= 0 else '(' + e + ')'}"
        if k == -1:
            local = f"-{x}**(-2)"
    return f"{_d(n[0])} += {local} * {_d(o)}"


def _log_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    return _first_bad(xs[0] <= 0, names, 0, "log of a non-positive value")


def _sqrt_domain(xs: Arrays, arg: OpArg, names: Names) -> str | None:
    return _first_bad(xs[0] < 0, names, 0, "sqrt of a negative value")


def _sqrt_vjp(g: np.ndarray, o: np.ndarray, x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return g * (0.5 / o)


# -- matrix product and transpose ------------------------------------------------------------


def _matmul_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    a, b = shapes
    ta, tb = shape_text(a), shape_text(b)
    if len(a) not in (1, 2) or len(b) not in (1, 2):
        raise ShapeError(f"cannot multiply {ta} @ {tb}: @ takes 1-D and 2-D tensors")
    inner_a, inner_b = a[-1], b[0]
    if inner_a != inner_b:
        raise ShapeError(f"cannot multiply {ta} @ {tb}: {inner_a} ≠ {inner_b}")
    return tuple(a[:-1]) + tuple(b[1:])


def _matmul_vjp_a(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    a, b = xs
    if b.ndim == 2:
        return g @ b.T  # (n,m)@(m,k) -> (n,k); 1-D a: (m,)@(m,k).T -> (k,)
    return np.multiply.outer(g, b) if a.ndim == 2 else g * b


def _matmul_vjp_b(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    a, b = xs
    if a.ndim == 2:
        result: np.ndarray = a.T @ g
        return result
    return np.multiply.outer(a, g) if b.ndim == 2 else g * a


def _matmul_text_a(n: Names, o: str, s: Shapes, so: Shape, arg: OpArg) -> str:
    a, b = n
    if len(s[1]) == 2:
        return f"{_d(a)} += {_d(o)} @ {_w(b)}.T"
    if len(s[0]) == 2:
        return f"{_d(a)} += outer({_d(o)}, {b})"
    return f"{_d(a)} += {_d(o)} * {_w(b)}"


def _matmul_text_b(n: Names, o: str, s: Shapes, so: Shape, arg: OpArg) -> str:
    a, b = n
    if len(s[0]) == 2:
        return f"{_d(b)} += {_w(a)}.T @ {_d(o)}"
    if len(s[1]) == 2:
        return f"{_d(b)} += outer({a}, {_d(o)})"
    return f"{_d(b)} += {_d(o)} * {_w(a)}"


def _transpose_shape(shapes: Shapes, ints: tuple[bool, ...], arg: OpArg, names: Names) -> Shape:
    (a,) = shapes
    if len(a) != 2:
        raise ShapeError(
            f"cannot transpose {names[0]} of shape {shape_text(a)}: .T takes a 2-D tensor"
        )
    return (a[1], a[0])


# -- the table -------------------------------------------------------------------------------

_ADD = "the upstream gradient passes through unchanged; a broadcast operand sums it back"

# fmt: off
_ROWS: tuple[TensorOp, ...] = (
    _binary("+", "+", np.add,
            (lambda g, o, xs: g, lambda g, o, xs: g),
            (lambda a, b, o: _d(o), lambda a, b, o: _d(o)),
            f"an add gate: {_ADD} over the axes it stretched", skill=Skill.ADD),
    _binary("-", "-", np.subtract,
            (lambda g, o, xs: g, lambda g, o, xs: -g),
            (lambda a, b, o: _d(o), lambda a, b, o: f"-{_d(o)}"),
            "a subtract gate: the gradient passes to the first operand and, negated, "
            "to the second; a broadcast operand sums it back", skill=Skill.ADD),
    _binary("*", "*", np.multiply,
            (lambda g, o, xs: g * xs[1], lambda g, o, xs: g * xs[0]),
            (lambda a, b, o: f"{_d(o)} * {_w(b)}", lambda a, b, o: f"{_w(a)} * {_d(o)}"),
            "an elementwise multiply: each operand's gradient is the upstream gradient "
            "times the other operand; a broadcast operand sums it back",
            shape_advice=" (* is elementwise: for a matrix product use @)", skill=Skill.MUL),
    _binary("/", "/", np.divide,
            (lambda g, o, xs: g / xs[1], lambda g, o, xs: -g * xs[0] / (xs[1] * xs[1])),
            (lambda a, b, o: f"{_d(o)} / {_w(b)}",
             lambda a, b, o: f"-{_d(o)} * {_w(a)} / {_w(b)}**2"),
            "an elementwise divide: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2",
            _div_domain, skill=Skill.DIV),
    _binary("pow", "**", np.power,
            (lambda g, o, xs: g * xs[1] * np.power(xs[0], xs[1] - 1), _pow_exponent_vjp),
            (lambda a, b, o: f"{_d(o)} * {_w(b)} * {_w(a)}**({b} - 1)",
             lambda a, b, o: f"{_d(o)} * {_w(o)} * log({a})"),
            "a power with a tensor exponent: d(a**b)/da = b * a**(b-1), "
            "d(a**b)/db = a**b * log(a)",
            _pow_domain, skill=Skill.POW),
    TensorOp("powc", 1, _same,
             lambda xs, k: np.power(xs[0], k),
             (_powc_vjp,), (_powc_text,),
             "the power rule, elementwise: d(x**n)/dx = n * x**(n-1)",
             lambda n, k: f"{_w(n[0])}**{fmt(k) if k >= 0 else '(' + fmt(k) + ')'}",
             _powc_domain, numeric_domain=True, skill=Skill.POW),
    TensorOp("neg", 1, _same, lambda xs, arg: -xs[0],
             (lambda g, o, xs, arg: -g,),
             (lambda n, o, s, so, arg: f"{_d(n[0])} += -{_d(o)}",),
             "a negation flips the sign of the gradient",
             lambda n, arg: f"-{_w(n[0])}", skill=Skill.SIGN),
    _unary("exp", np.exp, lambda g, o, x: g * o, lambda x, o: o,
           "exp is its own derivative: multiply the upstream gradient by the node's own value",
           skill=Skill.EXP),
    _unary("log", np.log, lambda g, o, x: g / x, lambda x, o: f"1/{_w(x)}",
           "d log(x)/dx = 1/x, elementwise", _log_domain, skill=Skill.LOG),
    _unary("sqrt", np.sqrt, _sqrt_vjp, lambda x, o: f"1/(2*{_w(o)})",
           "d sqrt(x)/dx = 1/(2*sqrt(x)), elementwise", _sqrt_domain, skill=Skill.POW),
    _unary("tanh", np.tanh, lambda g, o, x: g * (1.0 - o * o), lambda x, o: f"(1 - {_w(o)}**2)",
           "d tanh(x)/dx = 1 - tanh(x)**2: one minus the node's own value squared",
           skill=Skill.TANH),
    _unary("sigmoid", _sigmoid, lambda g, o, x: g * o * (1.0 - o),
           lambda x, o: f"{_w(o)} * (1 - {_w(o)})",
           "d sigmoid(x)/dx = s * (1 - s), where s is the node's own value", skill=Skill.SIGMOID),
    _unary("relu", lambda a: np.maximum(a, 0.0), lambda g, o, x: g * (x > 0),
           lambda x, o: f"({_w(x)} > 0)",
           "a relu passes the gradient where its input is positive and blocks it elsewhere",
           skill=Skill.RELU),
    _unary("sin", np.sin, lambda g, o, x: g * np.cos(x), lambda x, o: f"cos({x})",
           "d sin(x)/dx = cos(x), elementwise", skill=Skill.TRIG),
    _unary("cos", np.cos, lambda g, o, x: -g * np.sin(x), lambda x, o: f"-sin({x})",
           "d cos(x)/dx = -sin(x), elementwise", skill=Skill.TRIG),
    _unary("abs", np.abs, lambda g, o, x: g * np.sign(x), lambda x, o: f"sign({x})",
           "d |x|/dx = sign(x) (0 at 0, as PyTorch has it)", skill=Skill.SIGN),
    TensorOp("matmul", 2, _matmul_shape, lambda xs, arg: xs[0] @ xs[1],
             (_matmul_vjp_a, _matmul_vjp_b), (_matmul_text_a, _matmul_text_b),
             "a matrix product: dX = dZ @ W.T and dW = X.T @ dZ; check the shapes: "
             "each gradient has its operand's shape",
             lambda n, arg: f"{_w(n[0])} @ {_w(n[1])}",
             shape_advice=" (line the shapes up: a transpose may be missing, or the "
             "operands swapped)", skill=Skill.MATMUL),
    TensorOp("transpose", 1, _transpose_shape, lambda xs, arg: xs[0].T,
             (lambda g, o, xs, arg: g.T,),
             (lambda n, o, s, so, arg: f"{_d(n[0])} += {_d(o)}.T",),
             "a transpose: the gradient is transposed back",
             lambda n, arg: f"{_w(n[0])}.T", keeps_ints=True, skill=Skill.MATMUL),
    TensorOp("sum", 1, _reduce_shape("sum"),
             lambda xs, arg: np.sum(xs[0], axis=arg[0], keepdims=arg[1]),
             (lambda g, o, xs, arg: np.broadcast_to(
                 _expand(g, xs[0].shape, *arg), xs[0].shape),),
             (_sum_text,),
             "a sum copies the upstream gradient to every element it added up",
             _reduce_formula("sum"), skill=Skill.REDUCE),
    TensorOp("mean", 1, _reduce_shape("mean"),
             lambda xs, arg: np.mean(xs[0], axis=arg[0], keepdims=arg[1]),
             (lambda g, o, xs, arg: np.broadcast_to(
                 _expand(g, xs[0].shape, *arg) / _count(xs[0].shape, arg[0]), xs[0].shape),),
             (_mean_text,),
             "a mean copies the upstream gradient to every element, divided by their count",
             _reduce_formula("mean"), skill=Skill.REDUCE),
    TensorOp("max", 1, _reduce_shape("max"), _max_forward, (_max_vjp,), (_max_text,),
             "a max routes the gradient to the (first) maximum; every other element gets 0",
             _reduce_formula("max"), skill=Skill.REDUCE),
    TensorOp("softmax", 1, _softmax_shape("softmax"), lambda xs, axis: _softmax(xs[0], axis),
             (lambda g, o, xs, axis: o * (g - np.sum(g * o, axis=axis, keepdims=True)),),
             (lambda n, o, s, so, axis: f"{_d(n[0])} += {_w(o)} * ({_d(o)} - "
              f"sum({_d(o)} * {_w(o)}, axis={axis}, keepdims=True))",),
             "softmax: dA = P * (dP - sum(dP * P)) along the softmax axis",
             _axis_formula("softmax"), skill=Skill.SOFTMAX),
    TensorOp("log_softmax", 1, _softmax_shape("log_softmax"),
             lambda xs, axis: _log_softmax(xs[0], axis),
             (lambda g, o, xs, axis: g - np.exp(o) * np.sum(g, axis=axis, keepdims=True),),
             (lambda n, o, s, so, axis: f"{_d(n[0])} += {_d(o)} - exp({_w(o)}) * "
              f"sum({_d(o)}, axis={axis}, keepdims=True)",),
             "log_softmax: dA = dZ - softmax(A) * sum(dZ) along the axis",
             _axis_formula("log_softmax"), skill=Skill.SOFTMAX),
    TensorOp("pick", 2, _pick_shape,
             lambda xs, arg: xs[0][np.arange(xs[0].shape[0]), xs[1]],
             (_pick_vjp, None),
             (lambda n, o, s, so, arg:
              f"{_d(n[0])} += onehot({n[1]}, {s[0][1]}) * {_d(o)}[:, None]", None),
             "pick takes one entry per row: its gradient goes back to that entry only",
             lambda n, arg: f"pick({n[0]}, {n[1]})",
             _label_range(1, lambda xs, arg: xs[0].shape[1],
                          lambda n, k: f"{n[0]} has {k} columns"),
             labels=(1,), skill=Skill.GATHER),
    TensorOp("onehot", 1, _onehot_shape, _onehot_forward, (None,), (None,),
             "onehot(y, k) is a constant: labels get no gradient",
             lambda n, k: f"onehot({n[0]}, {k})",
             _label_range(0, lambda xs, k: int(k), lambda n, k: f"onehot has {k} classes"),
             labels=(0,), skill=Skill.SOFTMAX),
    TensorOp("take", 2, _take_shape, lambda xs, arg: xs[0][xs[1]],
             (_take_vjp, None),
             (lambda n, o, s, so, arg: f"add.at({_d(n[0])}, {n[1]}, {_d(o)})", None),
             "an embedding lookup: each looked-up row's gradient is scatter-added back to "
             "its row of the table, so a row used twice gets both gradients",
             lambda n, arg: f"take({n[0]}, {n[1]})",
             _label_range(1, lambda xs, arg: xs[0].shape[0],
                          lambda n, k: f"{n[0]} has {k} rows"),
             labels=(1,), skill=Skill.GATHER),
    TensorOp("reshape", 1, _reshape_shape,
             lambda xs, arg: xs[0].reshape(tuple(int(v) for v in arg)),
             (lambda g, o, xs, arg: g.reshape(xs[0].shape),), (_reshape_text,),
             "a reshape moves no numbers: reshape the gradient back",
             lambda n, arg: f"reshape({n[0]}, {list(arg)})", keeps_ints=True, skill=Skill.MATMUL),
)
# fmt: on

#: Every tensor primitive, by key (with its slips and factor from ``tutor.tensor.slips``).
#: Their spellings come from ``tutor.tensor.writing`` (NumPy-free, for the lesson reader).
TOPS: dict[str, TensorOp] = {
    op.key: replace(
        op,
        slips=SLIPS.get(op.key, ()),
        factor=FACTORS.get(op.key),
        written=WRITING[op.key].spellings,
        answers_only=op.key in ANSWERS_ONLY,
    )
    for op in (*_ROWS, *MORE_ROWS)
}
