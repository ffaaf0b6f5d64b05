"""The grammar of tensor lessons: ``tutor.grammar.expr``'s whitelist plus tensor spellings.

A lesson with a tensor input reads its graph lines with ``parse`` here instead of
``tutor.grammar.expr.parse``. It adds exactly these to the scalar grammar, never evaluating
anything as Python:

- ``A @ B`` (matrix product) and ``A.T`` (the only attribute allowed);
- ``abs`` and the tensor functions ``sum mean max softmax log_softmax pick onehot take
  reshape transpose``;
- keyword arguments ``axis=`` (an integer) and ``keepdims=`` (``True``/``False``) on the
  reductions, ``axis=`` on ``softmax``/``log_softmax``, and nothing else;
- a list literal of integers only as ``reshape``'s shape (``reshape(A, [32, -1])``).

The result uses ``tutor.grammar.expr``'s ``Num``, ``Ref`` and ``Call`` nodes; ``Call.key`` is a
key of ``tutor.tensor.ops.TOPS`` and ``Call.arg`` holds the op's constant argument:
the exponent of ``powc``, ``(axis, keepdims)`` of a reduction, the axis of a softmax,
``k`` of ``onehot``, the shape of ``reshape``. This module does not import NumPy.
"""

from __future__ import annotations

import ast
import warnings

from tutor.grammar import expr as ex
from tutor.messages import clip, did_you_mean
from tutor.notation import literal
from tutor.scalar.engine import FUNCTIONS

#: Elementwise functions of one tensor (the scalar ones, plus abs).
ELEMENTWISE = (*FUNCTIONS, "abs")
#: Reductions: ``f(A)``, ``f(A, axis=0)``, ``f(A, axis=1, keepdims=True)``.
REDUCTIONS = ("sum", "mean", "max")
#: Every function a tensor lesson may call.
TENSOR_FUNCTIONS = (
    *ELEMENTWISE,
    *REDUCTIONS,
    "softmax",
    "log_softmax",
    "pick",
    "onehot",
    "take",
    "reshape",
    "transpose",
)
#: Most dimensions a ``reshape`` shape may have.
MAX_DIMS = 8
#: Largest size written in a ``reshape`` shape or as ``onehot``'s class count.
MAX_DIM_SIZE = 100_000

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "matmul"}
_ONLY = "only + - * / ** @, .T and functions are allowed"


def parse(text: str) -> ex.Expr:
    """Parse a tensor expression.

    Raises:
        ExprError: with a message and the column to point at.

    """
    if len(text) > ex.MAX_LENGTH:
        raise ex.ExprError(f"expression too long ({len(text)} characters, at most {ex.MAX_LENGTH})")
    if not text.strip():
        raise ex.ExprError("empty expression")
    shift = len(text) - len(text.lstrip())
    too_deep = f"expression nested too deeply (more than {ex.MAX_DEPTH} levels)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        col = max((exc.offset or 1) - 1, 0) + shift
        raise ex.ExprError(f"cannot read {clip(text.strip())!r}: {exc.msg}", col) from None
    except (RecursionError, MemoryError):
        raise ex.ExprError(too_deep) from None
    except ValueError as exc:
        raise ex.ExprError(f"cannot read {clip(text.strip())!r}: {exc}") from None
    try:
        return _Converter(shift).convert(tree.body, 0)
    except RecursionError:
        raise ex.ExprError(too_deep) from None


class _Converter:
    """Turns a whitelisted ``ast`` tree into ``Num``/``Ref``/``Call``; refuses the rest."""

    def __init__(self, shift: int) -> None:
        self.shift = shift

    def col(self, node: ast.AST) -> int:
        return getattr(node, "col_offset", 0) + self.shift

    def convert(self, node: ast.expr, depth: int) -> ex.Expr:
        col = self.col(node)
        if depth > ex.MAX_DEPTH:
            raise ex.ExprError(
                f"expression nested too deeply (more than {ex.MAX_DEPTH} levels)", col
            )
        if isinstance(node, ast.Constant):
            if ex._is_number(node.value):
                value = ex._finite(node.value, col)
                return ex.Num(value, literal(value), col)
            raise ex.ExprError(f"{clip(repr(node.value))} is not a number", col)
        if isinstance(node, ast.Name):
            return ex.Ref(node.id, col)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.convert(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                number = ex._literal(node)
                if number is not None:
                    ex._finite(number, col)
                    return ex.Num(number, literal(number), col)
                return ex.Call("neg", (self.convert(node.operand, depth + 1),), col)
            raise ex.ExprError(_ONLY, col)
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth, col)
        if isinstance(node, ast.Attribute):
            if node.attr != "T":
                raise ex.ExprError(f"'.{node.attr}' is not allowed: the only attribute is .T", col)
            return ex.Call("transpose", (self.convert(node.value, depth + 1),), col)
        if isinstance(node, ast.Call):
            return self.call(node, depth, col)
        if isinstance(node, ast.List | ast.Tuple):
            raise ex.ExprError(
                "a list is allowed only as reshape's shape: reshape(A, [2, -1])", col
            )
        what = type(node).__name__.lower()
        raise ex.ExprError(
            f"{what} is not allowed here: use numbers, names, + - * / ** @, .T and functions", col
        )

    def binop(self, node: ast.BinOp, depth: int, col: int) -> ex.Expr:
        if isinstance(node.op, ast.Pow):
            left = self.convert(node.left, depth + 1)
            exponent = ex._literal(node.right)
            if exponent is not None:
                ex._finite(exponent, self.col(node.right))
                return ex.Call("powc", (left,), col, exponent)
            return ex.Call("pow", (left, self.convert(node.right, depth + 1)), col)
        key = _BINOPS.get(type(node.op))
        if key is None:
            raise ex.ExprError(_ONLY, col)
        left = self.convert(node.left, depth + 1)
        return ex.Call(key, (left, self.convert(node.right, depth + 1)), col)

    def call(self, node: ast.Call, depth: int, col: int) -> ex.Expr:
        if not isinstance(node.func, ast.Name):
            raise ex.ExprError("only plain function calls such as sum(x) are allowed", col)
        name = node.func.id
        if name not in TENSOR_FUNCTIONS:
            hint = did_you_mean(name, TENSOR_FUNCTIONS)
            extra = hint or f" (the functions are {' '.join(TENSOR_FUNCTIONS)})"
            raise ex.ExprError(f"unknown function {name!r}{extra}", col)
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise ex.ExprError("*arguments are not allowed", col)
        allowed = {"axis", "keepdims"} if name in REDUCTIONS else set()
        if name in ("softmax", "log_softmax"):
            allowed = {"axis"}
        keywords: dict[str, object] = {}
        for kw in node.keywords:
            kcol = self.col(kw.value) if kw.arg is None else self.col(kw)
            if kw.arg is None or kw.arg not in allowed:
                what = "no keyword arguments" if not allowed else " and ".join(sorted(allowed))
                shown = "**" if kw.arg is None else f"{kw.arg}="
                takes = f"takes {what}" if not allowed else f"takes only {what}"
                raise ex.ExprError(f"{name}() {takes}, not {shown}", kcol)
            keywords[kw.arg] = self.keyword(name, kw)
        positional = 2 if name in ("pick", "onehot", "take", "reshape") else 1
        if len(node.args) != positional:
            n = "one argument" if positional == 1 else "two arguments"
            raise ex.ExprError(f"{name}() takes {n}, not {len(node.args)}", col)
        first = self.convert(node.args[0], depth + 1)
        if name in ELEMENTWISE:
            return ex.Call(name, (first,), col)
        if name in REDUCTIONS:
            return ex.Call(
                name, (first,), col, (keywords.get("axis"), keywords.get("keepdims", False))
            )
        if name in ("softmax", "log_softmax"):
            return ex.Call(name, (first,), col, keywords.get("axis", -1))
        if name == "transpose":
            return ex.Call("transpose", (first,), col)
        second = node.args[1]
        if name == "onehot":
            return ex.Call("onehot", (first,), col, self.count(second))
        if name == "reshape":
            return ex.Call("reshape", (first,), col, self.shape(second))
        return ex.Call(name, (first, self.convert(second, depth + 1)), col)

    def integer(self, node: ast.expr, what: str) -> int:
        """An integer literal (possibly negated)."""
        value = ex._literal(node)
        raw = node.operand if isinstance(node, ast.UnaryOp) else node
        if (
            value is None
            or not isinstance(getattr(raw, "value", None), int)
            or isinstance(getattr(raw, "value", None), bool)
        ):
            raise ex.ExprError(f"{what} must be a whole number", self.col(node))
        return int(value)

    def keyword(self, name: str, kw: ast.keyword) -> object:
        if kw.arg == "keepdims":
            if not (isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, bool)):
                raise ex.ExprError("keepdims must be True or False", self.col(kw.value))
            return kw.value.value
        axis = self.integer(kw.value, "axis")
        if not -MAX_DIMS <= axis < MAX_DIMS:
            raise ex.ExprError(f"axis {axis} is out of range", self.col(kw.value))
        return axis

    def count(self, node: ast.expr) -> int:
        k = self.integer(node, "onehot's number of classes")
        if not 1 <= k <= MAX_DIM_SIZE:
            raise ex.ExprError(
                f"onehot's number of classes must be from 1 to {MAX_DIM_SIZE:,}", self.col(node)
            )
        return k

    def shape(self, node: ast.expr) -> tuple[int, ...]:
        if not isinstance(node, ast.List | ast.Tuple):
            raise ex.ExprError(
                "reshape's shape is a list of whole numbers: [32, -1]", self.col(node)
            )
        if not 1 <= len(node.elts) <= MAX_DIMS:
            raise ex.ExprError(f"reshape's shape has 1 to {MAX_DIMS} sizes", self.col(node))
        sizes = tuple(self.integer(e, "a reshape size") for e in node.elts)
        for e, size in zip(node.elts, sizes, strict=True):
            if not (size == -1 or 1 <= size <= MAX_DIM_SIZE):
                raise ex.ExprError(
                    f"a reshape size is -1 or from 1 to {MAX_DIM_SIZE:,}", self.col(e)
                )
        return sizes


def to_text(expr: ex.Expr) -> str:
    """Write a tensor expression back as text (operands of operators parenthesised)."""
    from tutor.tensor.ops import TOPS

    if isinstance(expr, ex.Num):
        return expr.text
    if isinstance(expr, ex.Ref):
        return expr.name
    parts = tuple(
        f"({to_text(a)})" if isinstance(a, ex.Call) and TOPS[a.key].arity == 2 else to_text(a)
        for a in expr.args
    )
    return TOPS[expr.key].formula(parts, expr.arg)
