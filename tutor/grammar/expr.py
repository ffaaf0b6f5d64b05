"""Safe arithmetic expressions: parsed with ``ast`` under a whitelist, never ``eval``.

Lesson statements (``d = e + c``) and learners' answers (``12*cos(36)``) share this
grammar: numbers, names, ``+ - * / **``, unary ``-``/``+``, parentheses and the
functions in ``engine.FUNCTIONS``, and the named constants ``pi`` and ``e`` (which an
environment's own names shadow). The parse result is a tiny tree of ``Num``, ``Ref`` and
``Call`` nodes that carry their column for error messages. Nothing Python would read
differently from what is written gets through: no comment (``#``), no text (quotes), no
non-ASCII name.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from tutor.messages import clip, did_you_mean
from tutor.notation import literal
from tutor.scalar.engine import FUNCTIONS, OPS

#: Longest expression accepted (characters).
MAX_LENGTH = 2000
#: Deepest nesting accepted (operators and calls).
MAX_DEPTH = 40

#: Characters Python reads as the start of a comment or a string. ``ast`` would silently
#: drop a comment (``w*x#+ 1000`` reads as ``w*x``), so they are refused where they are.
_NOT_ARITHMETIC = {
    "#": "'#' is not allowed in an expression (Python would skip the rest as a comment)",
    "'": "quotes are not allowed in an expression (they start a text, not a number)",
    '"': "quotes are not allowed in an expression (they start a text, not a number)",
}

#: Named constants. A lesson's own name (an input or an assigned name) shadows them:
#: in micrograd's walk-through ``e`` is a node, elsewhere ``e`` is 2.718...
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}

#: What a keyword used as a name could be called instead.
_KEYWORD_NAMES = {"lambda": "lam", "in": "inp", "is": "is_", "if": "if_", "as": "as_"}
#: Well-known functions that are not here: no "did you mean" (``sign`` is not ``sin``).
_OTHER_FUNCTIONS = {
    "ln": "the natural logarithm is log",
    "pow": "write a ** b",
    "square": "write x ** 2",
    "max": "relu(x) is max(0, x)",
}
_OTHER_FUNCTIONS.update(
    dict.fromkeys(
        "min sign tan atan asin acos sinh cosh floor ceil round log10 log2 exp2 sum".split(), ""
    )
)
#: How close a misspelt function name must be to get a "did you mean".
_FUNCTION_CUTOFF = 0.75
#: A word that could be a name (not the exponent of a number: ``1e5``).
_WORD = re.compile(r"(?<![\w.])[A-Za-z_]\w*")

_BINOPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "pow"}


class ExprError(Exception):
    """An expression that cannot be read or evaluated; ``col`` is 0-based in the text."""

    def __init__(self, message: str, col: int = 0, more: tuple[ExprError, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.more = more
        """Further problems of the same expression (every unknown function is reported)."""

    def all(self) -> tuple[ExprError, ...]:
        """Return this problem and the further ones, in reading order."""
        return (self, *self.more)


@dataclass(frozen=True, slots=True)
class Num:
    """A numeric literal."""

    value: float
    """The number."""
    text: str
    """How it was written."""
    col: int
    """Column (0-based) in the expression text."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A name: a lesson node (or, in answers, a node's value)."""

    name: str
    """The identifier."""
    col: int
    """Column (0-based) in the expression text."""


@dataclass(frozen=True, slots=True)
class Call:
    """An operation applied to operands: ``key`` is a key of ``engine.OPS``."""

    key: str
    """The operation (``"+"``, ``"powc"``, ``"tanh"`` ...)."""
    args: tuple[Expr, ...]
    """The operands, in order."""
    col: int
    """Column (0-based) of the operation in the expression text."""
    arg: Any = None
    """The row's parameter, typed by ``key``: the exponent of ``powc`` (a float); for tensor
    ops an axis, ``(axis, keepdims)``, a class count or a shape (``tensor_shapes.OpArg``)."""


Expr = Num | Ref | Call


def _is_number(value: object) -> TypeGuard[int | float]:
    """An int or float literal (``type`` is exact: ``True`` is not a number here)."""
    return type(value) in (int, float)


def _literal(node: ast.expr) -> float | None:
    """The value of a numeric literal, possibly negated (``2``, ``-0.5``), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _literal(node.operand)
        if inner is None:
            return None
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and _is_number(node.value):
        try:
            return float(node.value)
        except OverflowError:
            return math.inf
    return None


def _finite(value: float, col: int) -> float:
    """Return ``value`` as a float, refusing literals too large for a float (``1e999``)."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ExprError("number too large", col)
    return number


def parse(text: str) -> Expr:
    """Parse ``text`` into an expression tree.

    Raises:
        ExprError: with a message a learner or an author can act on.

    """
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression too long ({len(text)} characters, at most {MAX_LENGTH})")
    if not text.strip():
        raise ExprError("empty expression")
    _scan(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        _keyword(text)
        col = max((exc.offset or 1) - 1, 0) + (len(text) - len(text.lstrip()))
        raise ExprError(f"cannot read {clip(text.strip())!r}: {exc.msg}", col) from None
    except (RecursionError, MemoryError):
        raise ExprError(f"expression nested too deeply (more than {MAX_DEPTH} levels)") from None
    except ValueError as exc:
        raise ExprError(f"cannot read {clip(text.strip())!r}: {exc}") from None
    shift = len(text) - len(text.lstrip())
    _unknown_functions(tree, shift)
    try:
        return _convert(tree.body, 0, shift)
    except RecursionError:
        raise ExprError(f"expression nested too deeply (more than {MAX_DEPTH} levels)") from None


def _scan(text: str) -> None:
    """Refuse characters that would change what Python reads, at their column.

    Python would also accept non-ASCII names and fold some into ASCII (a full-width
    ``ｘ`` reads as ``x``), so an expression is ASCII only.
    """
    for col, char in enumerate(text):
        if char in _NOT_ARITHMETIC:
            raise ExprError(_NOT_ARITHMETIC[char], col)
        if not char.isascii():
            if char.isalpha():
                raise ExprError(
                    f"{char!r} cannot be part of a name: names are ASCII letters, digits and _",
                    col,
                )
            raise ExprError(f"{char!r} is not allowed: use + - * / ** and ASCII names", col)


def keyword_advice(name: str) -> str:
    """``'lambda' is a Python keyword; use another name, e.g. 'lam'``."""
    instead = _KEYWORD_NAMES.get(name, name + "_")
    return f"{name!r} is a Python keyword; use another name, e.g. {instead!r}"


def _keyword(text: str) -> None:
    """After a syntax error: blame a Python keyword used as a name, if there is one."""
    for match in _WORD.finditer(text):
        if keyword.iskeyword(match.group()) and match.group() not in ("True", "False", "None"):
            raise ExprError(keyword_advice(match.group()), match.start())


def _unknown_functions(tree: ast.Expression, shift: int) -> None:
    """Report every call of an unknown function at once, in reading order."""
    unknown = sorted(
        (node.col_offset + shift, node.func.id)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id not in FUNCTIONS
    )
    if unknown:
        errors = [ExprError(_unknown_function(name), col) for col, name in unknown]
        raise ExprError(errors[0].message, errors[0].col, tuple(errors[1:]))


def _unknown_function(name: str) -> str:
    """The message for a call of ``name``, which is not one of ``FUNCTIONS``."""
    listed = f" (the functions are {' '.join(FUNCTIONS)})"
    if name in _OTHER_FUNCTIONS:
        advice = _OTHER_FUNCTIONS[name]
        return f"unknown function {name!r}" + (f": {advice}" if advice else listed)
    return f"unknown function {name!r}" + (
        did_you_mean(name, FUNCTIONS, cutoff=_FUNCTION_CUTOFF) or listed
    )


def _convert(node: ast.expr, depth: int, shift: int) -> Expr:
    """Turn a whitelisted ``ast`` node into an ``Expr``; refuse everything else."""
    col = getattr(node, "col_offset", 0) + shift
    if depth > MAX_DEPTH:
        raise ExprError(f"expression nested too deeply (more than {MAX_DEPTH} levels)", col)
    if isinstance(node, ast.Constant):
        if _is_number(node.value):
            return Num(_finite(node.value, col), literal(node.value), col)
        raise ExprError(f"{clip(repr(node.value))} is not a number", col)
    if isinstance(node, ast.Name):
        return Ref(node.id, col)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.UAdd):
            return _convert(node.operand, depth + 1, shift)
        if isinstance(node.op, ast.USub):
            value = _literal(node)
            if value is not None:
                _finite(value, col)
                return Num(value, literal(value), col)
            return Call("neg", (_convert(node.operand, depth + 1, shift),), col)
        raise ExprError("only + - * / ** and functions are allowed", col)
    if isinstance(node, ast.BinOp):
        key = _BINOPS.get(type(node.op))
        if key is None:
            raise ExprError("only + - * / ** and functions are allowed", col)
        left = _convert(node.left, depth + 1, shift)
        if key == "pow":
            exponent = _literal(node.right)
            if exponent is not None:
                _finite(exponent, getattr(node.right, "col_offset", 0) + shift)
                return Call("powc", (left,), col, exponent)
        return Call(key, (left, _convert(node.right, depth + 1, shift)), col)
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise ExprError("only plain function calls such as tanh(x) are allowed", col)
        name = node.func.id
        if name not in FUNCTIONS:  # found by _unknown_functions first; kept as a guard
            raise ExprError(_unknown_function(name), col)
        op = OPS[name]
        if op.param and not node.keywords and len(node.args) in (1, 2):
            arg = None  # left out: the op's default (``Op.given``)
            if len(node.args) == 2:
                where = getattr(node.args[1], "col_offset", 0) + shift
                arg = _literal(node.args[1])
                if arg is None:
                    raise ExprError(f"{name}'s {op.param} must be a number, such as 0.01", where)
                arg = _finite(arg, where)
            return Call(name, (_convert(node.args[0], depth + 1, shift),), col, arg)
        if op.param:
            raise ExprError(f"{name}() takes {name}(x) or {name}(x, {op.param})", col)
        if node.keywords or len(node.args) != 1:
            raise ExprError(f"{name}() takes exactly one argument", col)
        return Call(name, (_convert(node.args[0], depth + 1, shift),), col)
    what = type(node).__name__.lower()
    raise ExprError(
        f"{what} is not allowed here: use numbers, names, + - * / ** and functions", col
    )


def names(expr: Expr) -> list[Ref]:
    """Every name the expression uses, in reading order, one per use."""
    out: list[Ref] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Ref):
            out.append(node)
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))
    return out


def evaluate(expr: Expr, env: Mapping[str, float] | Callable[[str], float | None]) -> float:
    """Evaluate with floats; names are looked up in ``env``.

    Raises:
        ExprError: unknown name, or a math error (division by zero, log of a negative,
            overflow), with its column.

    """
    lookup = env if callable(env) else env.get
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Ref):
        value = lookup(expr.name)
        if value is None:
            value = CONSTANTS.get(expr.name)  # the env's own names shadow pi and e
        if value is None:
            raise ExprError(f"unknown name {expr.name!r}", expr.col)
        return float(value)
    values = [evaluate(a, env) for a in expr.args]
    try:
        result = OPS[expr.key].forward(*values, expr.arg)
    except ZeroDivisionError:
        raise ExprError("division by zero", expr.col) from None
    except OverflowError:
        raise ExprError("number too large", expr.col) from None
    except ValueError as exc:
        raise ExprError(f"math domain error in {expr.key}: {exc}", expr.col) from None
    if not math.isfinite(result):
        raise ExprError("number too large", expr.col)
    return result


def to_text(expr: Expr) -> str:
    """Write the expression back as text (fully parenthesised where needed)."""
    if isinstance(expr, Num):
        return expr.text
    if isinstance(expr, Ref):
        return expr.name
    op = OPS[expr.key]
    if op.arity == 1:  # the formula wraps its operand itself: `tanh(x)`, `(a + b)**2`, `-(a * b)`
        return op.formula((to_text(expr.args[0]),), expr.arg, literal)
    parts = tuple(_paren(a) for a in expr.args)
    return op.formula(parts, expr.arg, literal)


def _paren(expr: Expr) -> str:
    """Text of an operand, parenthesised when it is itself a binary operation."""
    text = to_text(expr)
    if isinstance(expr, Call) and (OPS[expr.key].arity == 2 or expr.key in ("powc", "neg")):
        return f"({text})"  # `(a**2) ** b`, `(-a) ** b`: ** binds tighter than a bare operand
    if isinstance(expr, Num) and expr.value < 0:
        return f"({text})"
    return text
