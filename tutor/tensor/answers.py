"""Answers for tensor nodes: an expression in the safe tensor grammar, evaluated with NumPy.

A learner answers a tensor node with an expression such as ``dZ @ W.T``, ``X.T @ dZ``,
``sum(dZ, axis=0)`` or ``(softmax(logits, axis=1) - onehot(Yb, 27)) / 32``:

- a node's name stands for its value;
- ``d`` + name (``dY``, ``dlogits``) stands for that node's gradient, once the learner has
  found it; ``grad(name)`` is the same, for names that start with ``d``;
- besides ``tutor.grammar.tensor_expr``'s functions, ``ones_like(A)``, ``zeros_like(A)``,
  ``argmax(A, axis=1)`` (labels), ``scatter_add(D, idx, rows)`` (the inverse of ``take``:
  the rows of ``D`` added into a ``rows``-row matrix at ``idx``), ``scatter(D, idx, rows)``
  (the same with ``=``: a repeated index keeps its last row, which is what NumPy's
  ``dC[Xb] += demb`` does) and small literals ``[[1, 0], [0, 1]]``.

Nothing is evaluated as Python: the text is parsed with ``ast`` and only whitelisted
nodes are kept; each result's shape is worked out (with the op table's shape rules)
and checked against ``MAX_ELEMENTS`` before anything is computed.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from tutor.grammar import expr as ex
from tutor.grammar import tensor_expr as tx
from tutor.lesson.yamlpos import Problem
from tutor.tensor.limits import MAX_ELEMENTS
from tutor.tensor.ops import TOPS, ShapeError, shape_text

__all__ = [
    "ANSWER_FUNCTIONS",
    "MAX_LITERAL",
    "Lit",
    "TensorAnswerError",
    "ambiguous_names",
    "evaluate",
    "gradient_name",
    "parse",
]

#: Functions an answer may call on top of the lesson grammar's.
ANSWER_FUNCTIONS = ("ones_like", "zeros_like", "scatter_add", "scatter", "argmax", "grad")
#: Most numbers in a literal list.
MAX_LITERAL = 1000


class TensorAnswerError(Exception):
    """An answer that cannot be read or computed; ``message`` is one line.

    ``not_found`` is set when the answer uses a gradient the learner has not found yet.
    """

    def __init__(self, message: str, col: int = 0, not_found: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.not_found = not_found


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal list of numbers: ``[[1, 0], [0, 1]]``."""

    value: tuple[Any, ...]
    """The nested tuples of numbers."""
    col: int
    """Column in the answer."""


@dataclass(frozen=True, slots=True)
class Grad:
    """``dW`` or ``grad(W)``: the gradient of node ``name``."""

    name: str
    """The node whose gradient is meant."""
    col: int
    """Column in the answer."""


# -- parsing ------------------------------------------------------------------------------


class _AnswerConverter(tx._Converter):
    """The lesson grammar plus the answer functions and literal lists."""

    def convert(self, node: ast.expr, depth: int) -> Any:
        if isinstance(node, ast.List | ast.Tuple):
            return Lit(_literal_list(node, self.col(node)), self.col(node))
        return super().convert(node, depth)

    def call(self, node: ast.Call, depth: int, col: int) -> Any:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name not in ANSWER_FUNCTIONS:
            if name and name not in tx.TENSOR_FUNCTIONS:
                from tutor.messages import did_you_mean

                every = (*tx.TENSOR_FUNCTIONS, *ANSWER_FUNCTIONS)
                hint = did_you_mean(name, every) or f" (the functions are {' '.join(every)})"
                raise ex.ExprError(f"unknown function {name!r}{hint}", col)
            return super().call(node, depth, col)
        want = {
            "ones_like": 1,
            "zeros_like": 1,
            "grad": 1,
            "argmax": 1,
            "scatter_add": 3,
            "scatter": 3,
        }[name]
        allowed = {"axis"} if name == "argmax" else set()
        for kw in node.keywords:
            if kw.arg not in allowed:
                shown = "**" if kw.arg is None else f"{kw.arg}="
                raise ex.ExprError(f"{name}() takes no {shown}", self.col(kw.value))
        if len(node.args) != want or any(isinstance(a, ast.Starred) for a in node.args):
            raise ex.ExprError(f"{name}() takes {want} argument(s), not {len(node.args)}", col)
        if name == "grad":
            target = node.args[0]
            if not isinstance(target, ast.Name):
                raise ex.ExprError("grad() takes a node's name: grad(dW)", col)
            return Grad(target.id, col)
        args = tuple(self.convert(a, depth + 1) for a in node.args)
        if name in ("scatter_add", "scatter"):
            rows = self.integer(node.args[2], f"{name}'s number of rows")
            if not 1 <= rows <= tx.MAX_DIM_SIZE:
                raise ex.ExprError(f"{name}'s rows must be 1 to {tx.MAX_DIM_SIZE:,}", col)
            return ex.Call(name, args[:2], col, rows)
        if name == "argmax":
            axis: Any = None
            for kw in node.keywords:
                axis = self.keyword("argmax", kw)
            return ex.Call("argmax", args, col, axis)
        return ex.Call(name, args, col)


def _literal_list(node: ast.expr, col: int, depth: int = 0) -> Any:
    """Nested tuples of numbers from a list literal (at most ``MAX_LITERAL`` numbers)."""
    count = [0]

    def walk(n: ast.expr, level: int) -> Any:
        if level > tx.MAX_DIMS:
            raise ex.ExprError("a literal list nested too deeply", col)
        if isinstance(n, ast.List | ast.Tuple):
            return tuple(walk(e, level + 1) for e in n.elts)
        value = ex._literal(n)
        if value is None:
            raise ex.ExprError("a literal list holds numbers only: [[1, 0], [0, 1]]", col)
        count[0] += 1
        if count[0] > MAX_LITERAL:
            raise ex.ExprError(f"a literal list has at most {MAX_LITERAL} numbers", col)
        return ex._finite(value, col)

    return walk(node, depth)


def parse(text: str) -> Any:
    """Parse an answer (``TensorAnswerError`` with the column on a bad one)."""
    import warnings

    text = text.strip()
    if len(text) > ex.MAX_LENGTH:
        raise TensorAnswerError(f"answer too long ({len(text)} characters)")
    if not text:
        raise TensorAnswerError("the answer is empty")
    if re.match(r"\s*[A-Za-z_]\w*\s*\+?=[^=]", text):
        raise TensorAnswerError("type only the expression, without '=' (for example: dZ @ W.T)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        col = max((exc.offset or 1) - 1, 0)
        raise TensorAnswerError(f"cannot read {text!r}: {exc.msg}", col) from None
    except (RecursionError, MemoryError, ValueError):
        raise TensorAnswerError(f"cannot read {text[:40]!r}: nested too deeply") from None
    try:
        return _AnswerConverter(0).convert(tree.body, 0)
    except ex.ExprError as exc:
        raise TensorAnswerError(exc.message, exc.col) from None
    except RecursionError:
        raise TensorAnswerError("answer nested too deeply") from None


# -- names -------------------------------------------------------------------------------


def gradient_name(name: str, nodes: Mapping[str, Any]) -> str | None:
    """The node whose gradient ``name`` means (``dW`` -> ``W``), or None.

    A node's own name wins: in a lesson with nodes ``W`` and ``dW``, ``dW`` is the node
    (``check`` warns about such lessons; ``grad(W)`` always means the gradient).
    """
    if name in nodes or not name.startswith("d"):
        return None
    rest = name[1:]
    return rest if rest in nodes else None


def ambiguous_names(nodes: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Pairs ``(dX, X)`` of node names where ``dX`` could mean X's gradient."""
    return [(n, n[1:]) for n in nodes if n.startswith("d") and n[1:] in nodes]


def ambiguity_problems(lesson: Any, graph: Any) -> list[Problem]:
    """``check`` warnings: node names that make ``d`` + name ambiguous in answers."""
    found = []
    for name, base in ambiguous_names(graph.nodes):
        found.append(
            Problem(
                graph.nodes[name].pos,
                f"node {name!r} shadows the gradient of {base!r} in answers: {name} means "
                f"the node; learners must type grad({base}) (rename {name} to avoid this)",
                "warning",
            )
        )
    return found


# -- evaluation ----------------------------------------------------------------------------


def evaluate(
    tree: Any,
    values: Mapping[str, Any],
    known: Mapping[str, Any] | None = None,
    labels: frozenset[str] = frozenset(),
    question: str = "",
) -> np.ndarray:
    """The answer's value as a float64 array.

    Args:
        tree: from ``parse``.
        values: node name -> value (arrays; labels hold integers).
        known: node name -> gradient the learner has found (anything else is not usable).
        labels: names of nodes with no gradient (``dYb`` is refused with a reason).
        question: how the node asked is written, for messages (``dL/dW``).

    Raises:
        TensorAnswerError: an unknown name, a gradient not found yet (``not_found`` set),
            shapes that do not fit, a result too large or not finite.

    """
    ev = _Evaluator(values, known or {}, labels, question)
    with np.errstate(all="ignore"):
        out = ev.eval(tree)
    out = np.asarray(out)
    if out.dtype.kind not in "fiub":
        raise TensorAnswerError("the answer is not a number or an array of numbers")
    out = out.astype(np.float64)
    if not np.isfinite(out).all():
        raise TensorAnswerError("the answer has entries that are not finite (inf or nan)")
    return out


class _Evaluator:
    def __init__(
        self,
        values: Mapping[str, Any],
        known: Mapping[str, Any],
        labels: frozenset[str],
        question: str,
    ) -> None:
        self.values = values
        self.known = known
        self.labels = labels
        self.question = question

    def gradient(self, name: str, col: int, typed: str) -> np.ndarray:
        if name in self.labels:
            raise TensorAnswerError(f"{name} holds labels: it has no gradient", col)
        if name not in self.known:
            raise TensorAnswerError(
                f"{typed} is not found yet: answer it first (or write the expression "
                "it stands for)",
                col,
                not_found=name,
            )
        return np.asarray(self.known[name], dtype=np.float64)

    def ref(self, name: str, col: int) -> np.ndarray:
        if name in self.values:
            return np.asarray(self.values[name])
        base = gradient_name(name, self.values)
        if base is not None:
            return self.gradient(base, col, name)
        if name in ex.CONSTANTS:
            return np.asarray(ex.CONSTANTS[name], dtype=np.float64)
        from tutor.messages import did_you_mean

        names = [n for n in self.values if n.isidentifier()]
        hint = did_you_mean(name, names + [f"d{n}" for n in names])
        if hint:
            raise TensorAnswerError(f"unknown name {name!r}{hint}", col)
        listed = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        raise TensorAnswerError(
            f"unknown name {name!r} (nodes here: {listed}; dX is X's gradient)", col
        )

    def eval(self, e: Any) -> np.ndarray:
        if isinstance(e, ex.Num):
            return np.asarray(e.value, dtype=np.float64)
        if isinstance(e, ex.Ref):
            return self.ref(e.name, e.col)
        if isinstance(e, Grad):
            if e.name not in self.values:
                raise TensorAnswerError(f"grad({e.name}): no node {e.name!r}", e.col)
            return self.gradient(e.name, e.col, f"grad({e.name})")
        if isinstance(e, Lit):
            try:
                return np.array(e.value, dtype=np.float64)
            except ValueError:
                raise TensorAnswerError("a literal list must be rectangular", e.col) from None
        args = tuple(self.eval(a) for a in e.args)
        extra = _EXTRA.get(e.key)
        if extra is not None:
            out: np.ndarray = extra(self, args, e)
            return out
        return self.apply(e.key, args, e)

    def apply(self, key: str, xs: tuple[np.ndarray, ...], e: ex.Call) -> np.ndarray:
        fn = TOPS[key]
        names = tuple(_describe(a) for a in e.args)
        ints = tuple(x.dtype.kind in "iub" for x in xs)
        if key in ("onehot", "pick", "take"):
            i = 0 if key == "onehot" else 1
            xs = xs[:i] + (_as_labels(xs[i], names[i], e.col),) + xs[i + 1 :]
            ints = tuple(x.dtype.kind in "iu" for x in xs)
        try:
            shape = fn.shape(tuple(x.shape for x in xs), ints, e.arg, names)
        except ShapeError as exc:
            raise TensorAnswerError(str(exc) + _SHAPE_ADVICE.get(key, ""), e.col) from None
        _limit(shape, e.col)
        if fn.domain is not None:
            bad = fn.domain(xs, e.arg, names)
            if bad is not None and key not in ("log", "sqrt", "/", "pow", "powc"):
                raise TensorAnswerError(bad, e.col)
        data = np.asarray(fn.forward(xs, e.arg))
        if not fn.keeps_ints and data.dtype.kind != "f":
            data = data.astype(np.float64)
        return data


_SHAPE_ADVICE = {
    "matmul": " (line the shapes up: a transpose may be missing, or the operands swapped)",
    "*": " (* is elementwise: for a matrix product use @)",
}


def _describe(e: Any) -> str:
    if isinstance(e, ex.Ref):
        return e.name
    if isinstance(e, Grad):
        return f"grad({e.name})"
    return "operand"


def _as_labels(x: np.ndarray, name: str, col: int) -> np.ndarray:
    if x.dtype.kind in "iu":
        return x
    if x.size and not np.all(np.equal(np.mod(x, 1), 0)):
        raise TensorAnswerError(f"{name} must hold whole numbers (labels)", col)
    return x.astype(np.int64)


def _limit(shape: tuple[int, ...], col: int) -> None:
    if math.prod(shape) > MAX_ELEMENTS:
        raise TensorAnswerError(
            f"the result would have shape {shape_text(shape)}: over {MAX_ELEMENTS:,} elements",
            col,
        )


def _like(fill: float) -> Any:
    def f(ev: _Evaluator, args: Any, e: Any) -> np.ndarray:
        return np.full(args[0].shape, fill)

    return f


def _argmax(ev: _Evaluator, args: Any, e: Any) -> np.ndarray:
    (a,) = args
    if a.ndim == 0 and e.arg is not None:
        raise TensorAnswerError("argmax of a scalar has no axis", e.col)
    if e.arg is not None and not -a.ndim <= e.arg < a.ndim:
        raise TensorAnswerError(f"argmax: axis {e.arg} is out of range", e.col)
    if a.size == 0:
        raise TensorAnswerError("argmax of an empty tensor", e.col)
    return np.asarray(np.argmax(a, axis=e.arg), dtype=np.int64)


def _scatter(accumulate: bool) -> Any:
    def f(ev: _Evaluator, args: Any, e: Any) -> np.ndarray:
        return _scatter_into(args, e, accumulate)

    return f


def _scatter_into(args: Any, e: Any, accumulate: bool) -> np.ndarray:
    d, idx = args
    idx = _as_labels(idx, _describe(e.args[1]), e.col)
    rows = int(e.arg)
    if d.shape[: idx.ndim] != idx.shape:
        raise TensorAnswerError(
            f"{e.key}(D, idx, rows): D {shape_text(d.shape)} must start with idx's "
            f"shape {shape_text(idx.shape)}",
            e.col,
        )
    if idx.size and (idx.min() < 0 or idx.max() >= rows):
        raise TensorAnswerError(f"{e.key}: an index is outside 0..{rows - 1}", e.col)
    shape = (rows, *d.shape[idx.ndim :])
    _limit(shape, e.col)
    out = np.zeros(shape)
    if accumulate:
        np.add.at(out, idx, d)
    else:
        out[idx] = d
    return out


_EXTRA = {
    "ones_like": _like(1.0),
    "zeros_like": _like(0.0),
    "argmax": _argmax,
    "scatter_add": _scatter(True),
    "scatter": _scatter(False),
}
