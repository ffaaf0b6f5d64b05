"""The tensor operations: one row each, with shape rule, forward, VJP per operand, symbols.

This is the tensor twin of ``tutor.ops``. Each row says, for one primitive:

- ``shape``: the result's shape from the operands' shapes, or a ``ShapeError`` naming both
  (run before anything is allocated, so a size limit can refuse a huge result first);
- ``forward``: the value, on NumPy ``float64`` arrays;
- ``vjp``: per operand, the vector-Jacobian product ``dX`` given the upstream gradient
  ``dZ``, in the shape of the result (``tutor.tensor`` undoes broadcasting with the one
  shared ``unbroadcast``);
- ``symbols``: per operand, that product written out (``dX += dZ @ W.T``), for hints and
  the solution table; a broadcast operand's text gets the same ``sum(..., axis=0)`` that
  ``unbroadcast`` computes.

NumPy is imported here, so this module is only imported when a lesson uses tensors.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tutor.ops import fmt

Shape = tuple[int, ...]


class ShapeError(ValueError):
    """Operands whose shapes (or kinds) do not fit the operation; the message names both."""


class DomainError(ValueError):
    """An element outside the operation's domain; the message names the element."""


def shape_text(shape: Shape) -> str:
    """Write a shape as Python does: ``(4, 3)``, ``(5,)``, ``()``."""
    return str(tuple(shape))


def element(name: str, index: tuple[int, ...]) -> str:
    """Name one element: ``X[2, 1]``; a 0-d tensor is just its name."""
    return f"{name}[{', '.join(str(i) for i in index)}]" if index else name


def first_index(mask: np.ndarray) -> tuple[int, ...]:
    """Index of the first true element (row-major), as a tuple of ints."""
    flat = int(np.flatnonzero(mask)[0]) if mask.ndim else 0
    return tuple(int(i) for i in np.unravel_index(flat, mask.shape)) if mask.ndim else ()


# -- unbroadcast: the one place broadcasting is undone ----------------------------------------


def broadcast_axes(big: Shape, small: Shape) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Axes of ``big`` to sum to get back ``small``: (leading axes, kept axes of size 1)."""
    extra = len(big) - len(small)
    lead = tuple(range(extra))
    kept = tuple(extra + i for i, n in enumerate(small) if n == 1 and big[extra + i] != 1)
    return lead, kept


def unbroadcast(g: np.ndarray, shape: Shape) -> np.ndarray:
    """Sum ``g`` over the axes a broadcast added or stretched, giving an array of ``shape``."""
    if g.shape == shape:
        return g
    lead, kept = broadcast_axes(g.shape, shape)
    if lead:
        g = g.sum(axis=lead)
    if kept:
        g = g.sum(axis=tuple(a - len(lead) for a in kept), keepdims=True)
    return g.reshape(shape)


def _axis_text(axes: tuple[int, ...]) -> str:
    """``0`` or ``(0, 1)``."""
    return str(axes[0]) if len(axes) == 1 else str(axes)


def unbroadcast_text(text: str, big: Shape, small: Shape) -> str:
    """``unbroadcast`` in symbols: ``sum(dZ, axis=0)``, ``sum(dZ, axis=0, keepdims=True)``."""
    if tuple(big) == tuple(small):
        return text
    if not small:
        return f"sum({text})"
    lead, kept = broadcast_axes(big, small)
    if lead:
        text = f"sum({text}, axis={_axis_text(lead)})"
    if kept:
        text = f"sum({text}, axis={_axis_text(tuple(a - len(lead) for a in kept))}, keepdims=True)"
    return text


def broadcast_shape(shapes: tuple[Shape, ...], symbol: str) -> Shape:
    """NumPy's broadcast of two shapes, or a ``ShapeError`` naming both and the clash."""
    a, b = shapes
    if a == b or not b:
        return tuple(a)
    if not a:
        return tuple(b)
    try:
        return tuple(np.broadcast_shapes(a, b))
    except ValueError:
        pass
    n = max(len(a), len(b))
    pa, pb = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    clash = next(i for i in range(n) if pa[i] != pb[i] and 1 not in (pa[i], pb[i]))
    raise ShapeError(
        f"cannot broadcast {shape_text(a)} {symbol} {shape_text(b)}: "
        f"{pa[clash]} ≠ {pb[clash]} (axis {clash - n})"
    )


# -- the row ---------------------------------------------------------------------------------

#: ``shape(shapes, ints, arg, names)``: ``ints`` says which operands hold integer labels.
ShapeFn = Callable[[tuple[Shape, ...], tuple[bool, ...], object, tuple[str, ...]], Shape]
#: ``vjp(g, out, xs, arg)`` -> this operand's contribution (in the result's shape if broadcast).
VjpFn = Callable[[np.ndarray, np.ndarray, tuple[np.ndarray, ...], object], np.ndarray]
#: ``symbol(names, out, shapes, out_shape, arg)`` -> ``dX += ...``.
SymbolFn = Callable[[tuple[str, ...], str, tuple[Shape, ...], Shape, object], str]


@dataclass(frozen=True, slots=True)
class TensorOp:
    """One tensor primitive: shape rule, forward value, VJP and its symbols per operand."""

    key: str
    """Name in ``TOPS`` (``"matmul"``, ``"+"``, ``"sum"`` ...)."""
    arity: int
    """Number of tensor operands."""
    shape: ShapeFn
    """The result's shape, or ``ShapeError``; runs before anything is computed."""
    forward: Callable[[tuple[np.ndarray, ...], object], np.ndarray]
    """``forward(xs, arg)`` -> the result."""
    vjp: tuple[VjpFn | None, ...]
    """Per operand: its vector-Jacobian product (None: the operand gets no gradient)."""
    symbols: tuple[SymbolFn | None, ...]
    """Per operand: the VJP written out, ``dX += dZ @ W.T``."""
    rule: str
    """Rule of thumb, for hints."""
    formula: Callable[[tuple[str, ...], object], str]
    """The operation written with operand names: ``X @ W``, ``sum(A, axis=0)``."""
    domain: Callable[[tuple[np.ndarray, ...], object, tuple[str, ...]], str | None] | None = None
    """A message naming the first element outside the domain, or None."""
    keeps_ints: bool = False
    """Labels in, labels out (``reshape`` and ``transpose`` of labels stay labels)."""

    @property
    def differentiable(self) -> bool:
        """Whether any operand gets a gradient (``onehot`` is a constant)."""
        return any(v is not None for v in self.vjp)


def _d(name: str) -> str:
    """The gradient's name: ``dW``; parenthesised for constants (``d(2)``)."""
    return f"d{name}" if name[:1].isalpha() or name[:1] == "_" else f"d({name})"


def _w(name: str) -> str:
    """Parenthesise an operand unless it is a plain name or number."""
    return name if name.replace("_", "a").replace(".", "0").isalnum() else f"({name})"


# -- elementwise ------------------------------------------------------------------------------


def _same(shapes, ints, arg, names) -> Shape:
    return tuple(shapes[0])


def _first_bad(mask: np.ndarray, names: tuple[str, ...], i: int, what: str) -> str | None:
    """``what at X[2, 1]`` for the first true element of ``mask``, else None."""
    if not mask.any():
        return None
    return f"{what} at {element(names[i], first_index(mask))}"


def _unary(
    key: str,
    forward: Callable[[np.ndarray], np.ndarray],
    vjp: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    local: Callable[[str, str], str],
    rule: str,
    domain=None,
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
    )


def _binary(
    key: str,
    symbol: str,
    forward: Callable[[np.ndarray, np.ndarray], np.ndarray],
    vjps: tuple[Callable, Callable],
    texts: tuple[Callable[[str, str, str], str], Callable[[str, str, str], str]],
    rule: str,
    domain=None,
) -> TensorOp:
    """An elementwise, broadcasting operator; ``texts`` write each VJP before unbroadcast."""

    def sym(i: int) -> SymbolFn:
        def text(n, o, s, so, arg) -> str:
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
    )


def _div_domain(xs, arg, names) -> str | None:
    return _first_bad(xs[1] == 0, names, 1, "division by zero")


def _pow_domain(xs, arg, names) -> str | None:
    a, b = np.broadcast_arrays(xs[0], xs[1])
    bad = _first_bad(a < 0, names, 0, "a power with a variable exponent needs a non-negative base")
    return bad or _first_bad((a == 0) & (b <= 0), names, 0, "0 to a non-positive power")


def _pow_exponent_vjp(g, o, xs) -> np.ndarray:
    """d(a**b)/db = a**b * log(a); 0 where a**b is 0 (as the scalar engine does)."""
    a = xs[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        local = np.where(o == 0, 0.0, o * np.log(np.where(a > 0, a, 1.0)))
    return g * local


def _powc(k: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda a: np.power(a, k)


def _powc_domain(xs, k, names) -> str | None:
    a = xs[0]
    if not float(k).is_integer():
        bad = _first_bad(a < 0, names, 0, "a negative base with a fractional exponent")
        if bad:
            return bad
    if k < 0:
        return _first_bad(a == 0, names, 0, "0 to a negative power (division by zero)")
    return None


def _powc_vjp(g, o, xs, k) -> np.ndarray:
    a = xs[0]
    if k == 0:
        return np.zeros_like(g * a)
    with np.errstate(divide="ignore", invalid="ignore"):
        return g * (k * np.power(a, k - 1))


def _powc_text(n, o, s, so, k) -> str:
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


def _log_domain(xs, arg, names) -> str | None:
    return _first_bad(xs[0] <= 0, names, 0, "log of a non-positive value")


def _sqrt_domain(xs, arg, names) -> str | None:
    return _first_bad(xs[0] < 0, names, 0, "sqrt of a negative value")


def _sigmoid(a: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sqrt_vjp(g, o, x) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return g * (0.5 / o)


# -- matrix product and transpose ------------------------------------------------------------


def _matmul_shape(shapes, ints, arg, names) -> Shape:
    a, b = shapes
    ta, tb = shape_text(a), shape_text(b)
    if len(a) not in (1, 2) or len(b) not in (1, 2):
        raise ShapeError(f"cannot multiply {ta} @ {tb}: @ takes 1-D and 2-D tensors")
    inner_a, inner_b = a[-1], b[0]
    if inner_a != inner_b:
        raise ShapeError(f"cannot multiply {ta} @ {tb}: {inner_a} ≠ {inner_b}")
    return tuple(a[:-1]) + tuple(b[1:])


def _matmul_vjp_a(g, o, xs, arg) -> np.ndarray:
    a, b = xs
    if b.ndim == 2:
        return g @ b.T  # (n,m)@(m,k) -> (n,k); 1-D a: (m,)@(m,k).T -> (k,)
    return np.multiply.outer(g, b) if a.ndim == 2 else g * b


def _matmul_vjp_b(g, o, xs, arg) -> np.ndarray:
    a, b = xs
    if a.ndim == 2:
        return a.T @ g
    return np.multiply.outer(a, g) if b.ndim == 2 else g * a


def _matmul_text_a(n, o, s, so, arg) -> str:
    a, b = n
    if len(s[1]) == 2:
        return f"{_d(a)} += {_d(o)} @ {_w(b)}.T"
    if len(s[0]) == 2:
        return f"{_d(a)} += outer({_d(o)}, {b})"
    return f"{_d(a)} += {_d(o)} * {_w(b)}"


def _matmul_text_b(n, o, s, so, arg) -> str:
    a, b = n
    if len(s[0]) == 2:
        return f"{_d(b)} += {_w(a)}.T @ {_d(o)}"
    if len(s[1]) == 2:
        return f"{_d(b)} += outer({a}, {_d(o)})"
    return f"{_d(b)} += {_d(o)} * {_w(a)}"


def _transpose_shape(shapes, ints, arg, names) -> Shape:
    (a,) = shapes
    if len(a) != 2:
        raise ShapeError(
            f"cannot transpose {names[0]} of shape {shape_text(a)}: .T takes a 2-D tensor"
        )
    return (a[1], a[0])


# -- reductions ------------------------------------------------------------------------------


def _norm_axis(axis: int | None, ndim: int, shape: Shape, what: str) -> int | None:
    if axis is None:
        return None
    if not -ndim <= axis < ndim:
        raise ShapeError(f"{what}: axis {axis} is out of range for shape {shape_text(shape)}")
    return axis % ndim


def _reduce_shape(key: str) -> ShapeFn:
    def shape(shapes, ints, arg, names) -> Shape:
        (a,) = shapes
        axis, keepdims = arg
        ax = _norm_axis(axis, len(a), a, f"{key}({names[0]})")
        if key == "max" and 0 in (a if ax is None else (a[ax],)):
            raise ShapeError(f"max of an empty tensor {names[0]} {shape_text(a)}")
        if ax is None:
            return (1,) * len(a) if keepdims else ()
        return (
            tuple(1 if i == ax else n for i, n in enumerate(a))
            if keepdims
            else tuple(n for i, n in enumerate(a) if i != ax)
        )

    return shape


def _expand(g: np.ndarray, shape: Shape, axis: int | None, keepdims: bool) -> np.ndarray:
    """Put a reduced gradient back in the reduced axes (broadcastable to ``shape``)."""
    if axis is None:
        return g.reshape((1,) * len(shape)) if shape else g
    return g if keepdims else np.expand_dims(g, axis % len(shape))


def _count(shape: Shape, axis: int | None) -> int:
    return math.prod(shape) if axis is None else shape[axis % len(shape)]


def _expand_text(g: str, ndim: int, axis: int | None, keepdims: bool) -> str:
    """``dZ`` re-expanded so it broadcasts over the reduced axis: ``dZ[:, None]``."""
    if axis is None or keepdims or ndim <= 1:
        return g
    ax = axis % ndim
    return f"{g}[{', '.join('None' if i == ax else ':' for i in range(ndim))}]"


def _ones(shape: Shape) -> str:
    return f"ones{shape_text(shape)}" if len(shape) != 1 else f"ones({shape[0]})"


def _sum_text(n, o, s, so, arg) -> str:
    axis, keepdims = arg
    return f"{_d(n[0])} += {_ones(s[0])} * {_expand_text(_d(o), len(s[0]), axis, keepdims)}"


def _mean_text(n, o, s, so, arg) -> str:
    axis, keepdims = arg
    count = _count(s[0], axis)
    g = _expand_text(_d(o), len(s[0]), axis, keepdims)
    return f"{_d(n[0])} += {_ones(s[0])} * {g} / {count}"


def _max_forward(xs, arg) -> np.ndarray:
    axis, keepdims = arg
    return np.max(xs[0], axis=axis, keepdims=keepdims)


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


def _max_vjp(g, o, xs, arg) -> np.ndarray:
    axis, keepdims = arg
    a = xs[0]
    return _first_max_mask(a, axis) * _expand(g, a.shape, axis, keepdims)


def _max_text(n, o, s, so, arg) -> str:
    axis, keepdims = arg
    a = n[0]
    g = _expand_text(_d(o), len(s[0]), axis, keepdims)
    if len(s[0]) == 2 and axis is not None and axis % 2 == 1:
        mask = f"onehot(argmax({a}, axis=1), {s[0][1]})"
    elif axis is None:
        mask = f"first_max_mask({a})"
    else:
        mask = f"first_max_mask({a}, axis={axis})"
    return f"{_d(a)} += {mask} * {g}"


def _reduce_formula(key: str) -> Callable[[tuple[str, ...], object], str]:
    def formula(n, arg) -> str:
        axis, keepdims = arg
        extra = "" if axis is None else f", axis={axis}"
        extra += ", keepdims=True" if keepdims else ""
        return f"{key}({n[0]}{extra})"

    return formula


# -- softmax ---------------------------------------------------------------------------------


def _softmax_shape(key: str) -> ShapeFn:
    def shape(shapes, ints, arg, names) -> Shape:
        (a,) = shapes
        if not a:
            raise ShapeError(f"{key} needs at least a 1-D tensor, but {names[0]} is a scalar")
        _norm_axis(arg, len(a), a, f"{key}({names[0]})")
        return tuple(a)

    return shape


def _softmax(a: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(a: np.ndarray, axis: int) -> np.ndarray:
    shifted = a - np.max(a, axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _axis_formula(key: str) -> Callable[[tuple[str, ...], object], str]:
    return lambda n, axis: f"{key}({n[0]}, axis={axis})"


# -- labels: pick, onehot, take ----------------------------------------------------------------


def _labels_needed(what: str, name: str) -> ShapeError:
    return ShapeError(
        f"{what} needs labels, but {name!r} holds numbers (give it as an input {{labels: [...]}})"
    )


def _pick_shape(shapes, ints, arg, names) -> Shape:
    p, y = shapes
    if ints[0]:
        raise ShapeError(f"pick(P, y) takes numbers for P, but {names[0]!r} holds labels")
    if not ints[1]:
        raise _labels_needed(f"pick({names[0]}, {names[1]})", names[1])
    if len(p) != 2 or len(y) != 1 or p[0] != y[0]:
        raise ShapeError(
            f"cannot pick {shape_text(p)} by labels {shape_text(y)}: "
            "pick(P, y) takes P of shape (n, k) and n labels y"
        )
    return (p[0],)


def _label_range(i: int, size: int, what: str) -> Callable:
    """Domain rule: every label of operand ``i`` in ``[0, size(xs, arg))``."""

    def domain(xs, arg, names) -> str | None:
        y = xs[i]
        k = size(xs, arg)
        bad = (y < 0) | (y >= k)
        if not bad.any():
            return None
        at = first_index(bad)
        value = int(y[at]) if at else int(y)
        return f"label out of range: {element(names[i], at)} = {value}, but {what(names, k)}"

    return domain


def _pick_vjp(g, o, xs, arg) -> np.ndarray:
    p, y = xs
    out = np.zeros(p.shape)
    out[np.arange(p.shape[0]), y] = g
    return out


def _onehot_shape(shapes, ints, arg, names) -> Shape:
    (y,) = shapes
    if not ints[0]:
        raise _labels_needed(f"onehot({names[0]}, {arg})", names[0])
    return tuple(y) + (int(arg),)


def _onehot_forward(xs, k) -> np.ndarray:
    y = xs[0]
    out = np.zeros(y.shape + (int(k),))
    np.put_along_axis(out, y[..., None], 1.0, axis=-1)
    return out


def _take_shape(shapes, ints, arg, names) -> Shape:
    c, idx = shapes
    if ints[0]:
        raise ShapeError(f"take(C, idx) takes numbers for C, but {names[0]!r} holds labels")
    if not ints[1]:
        raise _labels_needed(f"take({names[0]}, {names[1]})", names[1])
    if not c:
        raise ShapeError(f"take({names[0]}, {names[1]}) needs a table C of at least 1-D")
    return tuple(idx) + tuple(c[1:])


def _take_vjp(g, o, xs, arg) -> np.ndarray:
    c, idx = xs
    out = np.zeros(c.shape)
    np.add.at(out, idx, g)  # repeated indices accumulate
    return out


# -- reshape ---------------------------------------------------------------------------------


def _reshape_shape(shapes, ints, arg, names) -> Shape:
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


def _reshape_text(n, o, s, so, arg) -> str:
    return f"{_d(n[0])} += reshape({_d(o)}, {list(s[0])})"


# -- the table -------------------------------------------------------------------------------

_ADD = "the upstream gradient passes through unchanged; a broadcast operand sums it back"

# fmt: off
_ROWS: tuple[TensorOp, ...] = (
    _binary("+", "+", np.add,
            (lambda g, o, xs: g, lambda g, o, xs: g),
            (lambda a, b, o: _d(o), lambda a, b, o: _d(o)),
            f"an add gate: {_ADD} over the axes it stretched"),
    _binary("-", "-", np.subtract,
            (lambda g, o, xs: g, lambda g, o, xs: -g),
            (lambda a, b, o: _d(o), lambda a, b, o: f"-{_d(o)}"),
            "a subtract gate: the gradient passes to the first operand and, negated, "
            "to the second; a broadcast operand sums it back"),
    _binary("*", "*", np.multiply,
            (lambda g, o, xs: g * xs[1], lambda g, o, xs: g * xs[0]),
            (lambda a, b, o: f"{_d(o)} * {_w(b)}", lambda a, b, o: f"{_w(a)} * {_d(o)}"),
            "an elementwise multiply: each operand's gradient is the upstream gradient "
            "times the other operand; a broadcast operand sums it back"),
    _binary("/", "/", np.divide,
            (lambda g, o, xs: g / xs[1], lambda g, o, xs: -g * xs[0] / (xs[1] * xs[1])),
            (lambda a, b, o: f"{_d(o)} / {_w(b)}",
             lambda a, b, o: f"-{_d(o)} * {_w(a)} / {_w(b)}**2"),
            "an elementwise divide: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2",
            _div_domain),
    _binary("pow", "**", np.power,
            (lambda g, o, xs: g * xs[1] * np.power(xs[0], xs[1] - 1), _pow_exponent_vjp),
            (lambda a, b, o: f"{_d(o)} * {_w(b)} * {_w(a)}**({b} - 1)",
             lambda a, b, o: f"{_d(o)} * {_w(o)} * log({a})"),
            "a power with a tensor exponent: d(a**b)/da = b * a**(b-1), "
            "d(a**b)/db = a**b * log(a)",
            _pow_domain),
    TensorOp("powc", 1, _same,
             lambda xs, k: np.power(xs[0], k),
             (_powc_vjp,), (_powc_text,),
             "the power rule, elementwise: d(x**n)/dx = n * x**(n-1)",
             lambda n, k: f"{_w(n[0])}**{fmt(k) if k >= 0 else '(' + fmt(k) + ')'}",
             _powc_domain),
    TensorOp("neg", 1, _same, lambda xs, arg: -xs[0],
             (lambda g, o, xs, arg: -g,),
             (lambda n, o, s, so, arg: f"{_d(n[0])} += -{_d(o)}",),
             "a negation flips the sign of the gradient",
             lambda n, arg: f"-{_w(n[0])}"),
    _unary("exp", np.exp, lambda g, o, x: g * o, lambda x, o: o,
           "exp is its own derivative: multiply the upstream gradient by the node's own value"),
    _unary("log", np.log, lambda g, o, x: g / x, lambda x, o: f"1/{_w(x)}",
           "d log(x)/dx = 1/x, elementwise", _log_domain),
    _unary("sqrt", np.sqrt, _sqrt_vjp, lambda x, o: f"1/(2*{_w(o)})",
           "d sqrt(x)/dx = 1/(2*sqrt(x)), elementwise", _sqrt_domain),
    _unary("tanh", np.tanh, lambda g, o, x: g * (1.0 - o * o), lambda x, o: f"(1 - {_w(o)}**2)",
           "d tanh(x)/dx = 1 - tanh(x)**2: one minus the node's own value squared"),
    _unary("sigmoid", _sigmoid, lambda g, o, x: g * o * (1.0 - o),
           lambda x, o: f"{_w(o)} * (1 - {_w(o)})",
           "d sigmoid(x)/dx = s * (1 - s), where s is the node's own value"),
    _unary("relu", lambda a: np.maximum(a, 0.0), lambda g, o, x: g * (x > 0),
           lambda x, o: f"({_w(x)} > 0)",
           "a relu passes the gradient where its input is positive and blocks it elsewhere"),
    _unary("sin", np.sin, lambda g, o, x: g * np.cos(x), lambda x, o: f"cos({x})",
           "d sin(x)/dx = cos(x), elementwise"),
    _unary("cos", np.cos, lambda g, o, x: -g * np.sin(x), lambda x, o: f"-sin({x})",
           "d cos(x)/dx = -sin(x), elementwise"),
    _unary("abs", np.abs, lambda g, o, x: g * np.sign(x), lambda x, o: f"sign({x})",
           "d |x|/dx = sign(x) (0 at 0, as PyTorch has it)"),
    TensorOp("matmul", 2, _matmul_shape, lambda xs, arg: xs[0] @ xs[1],
             (_matmul_vjp_a, _matmul_vjp_b), (_matmul_text_a, _matmul_text_b),
             "a matrix product: dX = dZ @ W.T and dW = X.T @ dZ; check the shapes: "
             "each gradient has its operand's shape",
             lambda n, arg: f"{_w(n[0])} @ {_w(n[1])}"),
    TensorOp("transpose", 1, _transpose_shape, lambda xs, arg: xs[0].T,
             (lambda g, o, xs, arg: g.T,),
             (lambda n, o, s, so, arg: f"{_d(n[0])} += {_d(o)}.T",),
             "a transpose: the gradient is transposed back",
             lambda n, arg: f"{_w(n[0])}.T", keeps_ints=True),
    TensorOp("sum", 1, _reduce_shape("sum"),
             lambda xs, arg: np.sum(xs[0], axis=arg[0], keepdims=arg[1]),
             (lambda g, o, xs, arg: np.broadcast_to(
                 _expand(g, xs[0].shape, *arg), xs[0].shape),),
             (_sum_text,),
             "a sum copies the upstream gradient to every element it added up",
             _reduce_formula("sum")),
    TensorOp("mean", 1, _reduce_shape("mean"),
             lambda xs, arg: np.mean(xs[0], axis=arg[0], keepdims=arg[1]),
             (lambda g, o, xs, arg: np.broadcast_to(
                 _expand(g, xs[0].shape, *arg) / _count(xs[0].shape, arg[0]), xs[0].shape),),
             (_mean_text,),
             "a mean copies the upstream gradient to every element, divided by their count",
             _reduce_formula("mean")),
    TensorOp("max", 1, _reduce_shape("max"), _max_forward, (_max_vjp,), (_max_text,),
             "a max routes the gradient to the (first) maximum; every other element gets 0",
             _reduce_formula("max")),
    TensorOp("softmax", 1, _softmax_shape("softmax"), lambda xs, axis: _softmax(xs[0], axis),
             (lambda g, o, xs, axis: o * (g - np.sum(g * o, axis=axis, keepdims=True)),),
             (lambda n, o, s, so, axis: f"{_d(n[0])} += {_w(o)} * ({_d(o)} - "
              f"sum({_d(o)} * {_w(o)}, axis={axis}, keepdims=True))",),
             "softmax: dA = P * (dP - sum(dP * P)) along the softmax axis",
             _axis_formula("softmax")),
    TensorOp("log_softmax", 1, _softmax_shape("log_softmax"),
             lambda xs, axis: _log_softmax(xs[0], axis),
             (lambda g, o, xs, axis: g - np.exp(o) * np.sum(g, axis=axis, keepdims=True),),
             (lambda n, o, s, so, axis: f"{_d(n[0])} += {_d(o)} - exp({_w(o)}) * "
              f"sum({_d(o)}, axis={axis}, keepdims=True)",),
             "log_softmax: dA = dZ - softmax(A) * sum(dZ) along the axis",
             _axis_formula("log_softmax")),
    TensorOp("pick", 2, _pick_shape,
             lambda xs, arg: xs[0][np.arange(xs[0].shape[0]), xs[1]],
             (_pick_vjp, None),
             (lambda n, o, s, so, arg:
              f"{_d(n[0])} += onehot({n[1]}, {s[0][1]}) * {_d(o)}[:, None]", None),
             "pick takes one entry per row: its gradient goes back to that entry only",
             lambda n, arg: f"pick({n[0]}, {n[1]})",
             _label_range(1, lambda xs, arg: xs[0].shape[1],
                          lambda n, k: f"{n[0]} has {k} columns")),
    TensorOp("onehot", 1, _onehot_shape, _onehot_forward, (None,), (None,),
             "onehot(y, k) is a constant: labels get no gradient",
             lambda n, k: f"onehot({n[0]}, {k})",
             _label_range(0, lambda xs, k: int(k), lambda n, k: f"onehot has {k} classes")),
    TensorOp("take", 2, _take_shape, lambda xs, arg: xs[0][xs[1]],
             (_take_vjp, None),
             (lambda n, o, s, so, arg: f"add.at({_d(n[0])}, {n[1]}, {_d(o)})", None),
             "an embedding lookup: each looked-up row's gradient is scatter-added back to "
             "its row of the table, so a row used twice gets both gradients",
             lambda n, arg: f"take({n[0]}, {n[1]})",
             _label_range(1, lambda xs, arg: xs[0].shape[0],
                          lambda n, k: f"{n[0]} has {k} rows")),
    TensorOp("reshape", 1, _reshape_shape,
             lambda xs, arg: xs[0].reshape(tuple(int(v) for v in arg)),
             (lambda g, o, xs, arg: g.reshape(xs[0].shape),), (_reshape_text,),
             "a reshape moves no numbers: reshape the gradient back",
             lambda n, arg: f"reshape({n[0]}, {list(arg)})", keeps_ints=True),
)
# fmt: on

#: Every tensor primitive, by key.
TOPS: dict[str, TensorOp] = {op.key: op for op in _ROWS}
