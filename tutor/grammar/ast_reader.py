"""The tree reader: a whitelisted ``ast`` tree -> the expression tree of ``tutor.grammar.tree``.

``tutor.grammar.parse`` parses the text with ``ast`` and hands the tree to ``AstReader``,
which converts what the dialect allows (numbers, names, its operators, attributes,
subscripts, list literals and calls, each call's arguments checked against the function's
parameters) and refuses everything else with a message and a column.
"""

from __future__ import annotations

import ast

from tutor.grammar.dialect import Dialect, Param, ParamType, Written
from tutor.grammar.errors import ParseError, axis_by_name, too_deep, unknown_function
from tutor.grammar.limits import MAX_DEPTH, MAX_DIM_SIZE, MAX_DIMS, MAX_JOINED, MAX_LITERAL
from tutor.grammar.literals import finite, is_number, number_literal
from tutor.grammar.tree import Call, Expr, Grad, Lit, Nested, Num, Ref
from tutor.messages import clip
from tutor.notation import literal, possessive

_BINOPS: dict[type, str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
    ast.MatMult: "@",
}
_COMPARE: dict[type, str] = {
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
#: Comparison symbols are not listed among "the operators" in messages.
COMPARISONS = frozenset(_COMPARE.values())
_COUNTS = {1: "exactly one argument", 2: "two arguments", 3: "three arguments"}
_PLACEHOLDERS = ("x", "y", "z")
_SUBSCRIPTS = (
    "a subscript takes : or start:stop on each axis (x[:, 0:2], a block) or : and one None "
    "(x[:, None], a new axis)"
)


class AstReader:
    """Turns a whitelisted ``ast`` tree into the expression tree; refuses everything else."""

    def __init__(self, dialect: Dialect, shift: int) -> None:
        self.d = dialect
        self.shift = shift
        ops = " ".join(s for s in dialect.operators if s not in COMPARISONS)
        attrs = "".join(f", .{a}" for a in dialect.attributes)
        self.only = f"only {ops}{attrs} and functions are allowed"
        self.use = f"use numbers, names, {ops}{attrs} and functions"

    def col(self, node: ast.AST) -> int:
        """Column of ``node`` in the original text (0-based)."""
        return getattr(node, "col_offset", 0) + self.shift

    def refuse(self, node: ast.AST, what: str = "") -> ParseError:
        """The error for a construct the dialect does not allow."""
        what = what or type(node).__name__.lower()
        return ParseError(f"{what} is not allowed here: {self.use}", self.col(node))

    def expr(self, node: ast.expr, depth: int) -> Expr:
        """Convert one expression node (``depth`` levels down), or refuse it."""
        col = self.col(node)
        if depth > MAX_DEPTH:
            error = too_deep()
            raise ParseError(error.message, col)
        if isinstance(node, ast.Constant):
            if is_number(node.value):
                value = finite(node.value, col)
                return Num(value, literal(node.value), col)
            raise ParseError(f"{clip(repr(node.value))} is not a number", col)
        if isinstance(node, ast.Name):
            return Ref(node.id, col)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth, col)
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth, col)
        if isinstance(node, ast.Compare):
            return self.compare(node, depth, col)
        if isinstance(node, ast.Call):
            return self.call(node, depth, col)
        if isinstance(node, ast.Attribute):
            return self.attribute(node, depth, col)
        if isinstance(node, ast.Subscript):
            return self.subscript(node, depth, col)
        if isinstance(node, ast.List | ast.Tuple):
            return self.literal_list(node, col)
        raise self.refuse(node)

    def unary(self, node: ast.UnaryOp, depth: int, col: int) -> Expr:
        """``+a``, ``-a`` and a negative number literal."""
        if isinstance(node.op, ast.UAdd):
            return self.expr(node.operand, depth + 1)
        if isinstance(node.op, ast.USub):
            value = number_literal(node)
            if value is not None:
                finite(value, col)
                return Num(value, literal(value), col)
            neg = self.d.prefix.get("-")
            if neg is not None:
                return Call(neg.key, (self.expr(node.operand, depth + 1),), col)
        raise ParseError(self.only, col)

    def binop(self, node: ast.BinOp, depth: int, col: int) -> Expr:
        """An infix operator, or a power with a literal exponent."""
        symbol = _BINOPS.get(type(node.op))
        if symbol == "**" and self.d.power is not None:
            exponent = number_literal(node.right)
            if exponent is not None:
                finite(exponent, self.col(node.right))
                left = self.expr(node.left, depth + 1)
                return Call(self.d.power.key, (left,), col, exponent)
        written = self.d.infix.get(symbol or "")
        if written is None:
            raise ParseError(self.only, col)
        left = self.expr(node.left, depth + 1)
        return Call(written.key, (left, self.expr(node.right, depth + 1)), col)

    def compare(self, node: ast.Compare, depth: int, col: int) -> Expr:
        """One comparison (``a > b``), where the dialect has it."""
        symbol = _COMPARE.get(type(node.ops[0]))
        written = self.d.infix.get(symbol or "")
        if written is None:
            raise self.refuse(node)
        if len(node.ops) > 1:
            raise ParseError("one comparison at a time: write (a < b) * (b < c)", col)
        left = self.expr(node.left, depth + 1)
        return Call(written.key, (left, self.expr(node.comparators[0], depth + 1)), col)

    def attribute(self, node: ast.Attribute, depth: int, col: int) -> Expr:
        """An attribute the dialect has (``a.T``)."""
        if not self.d.attributes:
            raise self.refuse(node)
        written = self.d.attributes.get(node.attr)
        if written is None:
            only = " and ".join(f".{a}" for a in self.d.attributes)
            are = "the attributes are" if len(self.d.attributes) > 1 else "the only attribute is"
            raise ParseError(f"'.{node.attr}' is not allowed: {are} {only}", col)
        return Call(written.key, (self.expr(node.value, depth + 1),), col)

    def subscript(self, node: ast.Subscript, depth: int, col: int) -> Expr:
        """``x[:, None]`` (a new axis) or ``x[:, 0:2]`` (a slice), where the dialect has it."""
        entries = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        nones = [i for i, e in enumerate(entries) if _is_none(e)]
        sliced = self.d.slicing
        if sliced is not None and not nones:
            if len(entries) > MAX_DIMS or not all(isinstance(e, ast.Slice) for e in entries):
                raise ParseError(_SUBSCRIPTS, col)
            bounds = tuple(self.bound(e) for e in entries if isinstance(e, ast.Slice))
            return Call(sliced.key, (self.expr(node.value, depth + 1),), col, bounds)
        written = self.d.subscript
        if written is None:
            raise self.refuse(node)
        colons = [e for e in entries if _is_colon(e)]
        if len(nones) != 1 or len(colons) + 1 != len(entries) or len(entries) > MAX_DIMS:
            if sliced is not None:
                raise ParseError(_SUBSCRIPTS, col)
            raise ParseError("a subscript takes only : and one None: x[:, None] adds an axis", col)
        return Call(written.key, (self.expr(node.value, depth + 1),), col, nones[0])

    def bound(self, e: ast.Slice) -> tuple[int | None, int | None]:
        """One axis of a slice: ``(start, stop)``, whole numbers, None where left out."""
        if e.step is not None:
            raise ParseError("a slice takes start:stop, no step", self.col(e.step))
        ends: list[int | None] = []
        for end in (e.lower, e.upper):
            if end is None:
                ends.append(None)
                continue
            value = self.integer(end, "a slice's start and stop")
            if abs(value) > MAX_DIM_SIZE:
                raise ParseError(f"a slice's bound is at most {MAX_DIM_SIZE:,}", self.col(end))
            ends.append(value)
        return ends[0], ends[1]

    def literal_list(self, node: ast.List | ast.Tuple, col: int) -> Expr:
        """A list literal, where the dialect has them."""
        if self.d.lists:
            return Lit(self.nested(node, col), col)
        for w in self.d.functions.values():
            for p in w.params:
                if p.type == ParamType.SHAPE:
                    raise ParseError(
                        f"a list is allowed only as {possessive(w.name)} {p.name}: "
                        f"{w.name}(A, [2, -1])",
                        col,
                    )
        raise self.refuse(node)

    def nested(self, node: ast.expr, col: int) -> Nested:
        """Nested tuples of numbers from a list literal (at most ``MAX_LITERAL`` numbers)."""
        count = 0

        def walk(n: ast.expr, level: int) -> Nested | float:
            nonlocal count
            if level > MAX_DIMS:
                raise ParseError("a literal list nested too deeply", col)
            if isinstance(n, ast.List | ast.Tuple):
                return tuple(walk(e, level + 1) for e in n.elts)
            value = number_literal(n)
            if value is None:
                raise ParseError("a literal list holds numbers only: [[1, 0], [0, 1]]", col)
            count += 1
            if count > MAX_LITERAL:
                raise ParseError(f"a literal list has at most {MAX_LITERAL} numbers", col)
            return finite(value, col)

        out = walk(node, 0)
        assert isinstance(out, tuple)  # node is a list
        return out

    # -- calls ----------------------------------------------------------------------------

    def call(self, node: ast.Call, depth: int, col: int) -> Expr:
        """A call of a dialect's function, its arguments checked against its parameters."""
        if not isinstance(node.func, ast.Name):
            example = next(iter(self.d.functions), "f")
            raise ParseError(f"only plain function calls such as {example}(x) are allowed", col)
        name = node.func.id
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise ParseError("*arguments are not allowed", col)
        if name == "grad" and self.d.gradients:
            target = node.args[0] if len(node.args) == 1 else None
            if node.keywords or not isinstance(target, ast.Name):
                raise ParseError("grad() takes a node's name: grad(W)", col)
            return Grad(target.id, col, f"grad({target.id})")
        written = self.d.functions.get(name)
        if written is None:  # found by _unknown_functions first; kept as a guard
            raise ParseError(unknown_function(name, self.d), col)
        positional = [p for p in written.params if not p.keyword]
        if written.spelling.chains:
            return self.chain(node, written, depth, col)
        self.count(node, written, positional, col)
        values = self.keywords(node, written)
        operands = tuple(self.expr(a, depth + 1) for a in node.args[: written.operands])
        rest = node.args[written.operands :]
        for i, p in enumerate(positional):
            if p.type == ParamType.SIZES:
                values[p.name] = tuple(self.size(e, f"a {name} size", False) for e in rest[i:])
            elif i < len(rest):
                values[p.name] = self.param(name, p, rest[i])
        arg = tuple(values.get(p.name, p.default) for p in written.params)
        return Call(written.key, operands, col, arg[0] if len(arg) == 1 else (arg or None))

    def chain(self, node: ast.Call, written: Written, depth: int, col: int) -> Expr:
        """A call that joins two operands or more: one call, every operand."""
        n = len(node.args)
        if not written.operands <= n <= MAX_JOINED:
            raise ParseError(
                f"{written.name}() takes {written.operands} to {MAX_JOINED} arguments, not {n}",
                col,
            )
        values = self.keywords(node, written)
        params = written.params
        arg = tuple(values.get(p.name, p.default) for p in params)
        one = arg[0] if len(arg) == 1 else (arg or None)
        operands = tuple(self.expr(a, depth + 1) for a in node.args)
        return Call(written.key, operands, col, one)

    def keywords(self, node: ast.Call, written: Written) -> dict[str, object]:
        """A call's keyword arguments, by parameter name (only those the function takes)."""
        allowed = {p.name: p for p in written.params if p.keyword}
        values: dict[str, object] = {}
        for kw in node.keywords:
            if kw.arg is None or kw.arg not in allowed:
                kcol = self.col(kw.value) if kw.arg is None else self.col(kw)
                shown = "**" if kw.arg is None else f"{kw.arg}="
                what = " and ".join(sorted(allowed))
                takes = f"takes only {what}" if allowed else "takes no keyword arguments"
                raise ParseError(f"{written.name}() {takes}, not {shown}", kcol)
            values[kw.arg] = self.param(written.name, allowed[kw.arg], kw.value)
        return values

    def takes(self, w: Written) -> tuple[str, bool]:
        """What a call takes, and whether that is a choice of forms.

        ``exp() takes exactly one argument``; a choice of forms:
        ``leaky_relu() takes leaky_relu(x) or leaky_relu(x, slope)``.
        """
        name = w.name
        positional = [p for p in w.params if not p.keyword]
        if any(p.type == ParamType.SIZES for p in positional):
            return f"{name}() takes 1 to {MAX_DIMS} sizes: {name}(8, 5)", True
        least = w.operands + sum(1 for p in positional if p.required)
        most = w.operands + len(positional)
        if least < most:
            xs = list(_PLACEHOLDERS[: w.operands])
            forms = [
                f"{name}({', '.join(xs + [p.name for p in positional[: k - w.operands]])})"
                for k in range(least, most + 1)
            ]
            return f"{name}() takes {' or '.join(forms)}", True
        return f"{name}() takes {_COUNTS.get(least, f'{least} arguments')}", False

    def count(self, node: ast.Call, w: Written, positional: list[Param], col: int) -> None:
        """Refuse a call with too few or too many positional arguments."""
        n = len(node.args)
        least = w.operands + sum(1 for p in positional if p.required or p.type == ParamType.SIZES)
        most = w.operands + len(positional)
        if any(p.type == ParamType.SIZES for p in positional):
            most = w.operands + MAX_DIMS
        if least <= n <= most:
            return
        named = axis_by_name(w, node.args, most, number_literal)
        if named is not None:
            raise ParseError(named, self.col(node.args[most]))
        message, forms = self.takes(w)
        raise ParseError(message if forms else f"{message}, not {n}", col)

    def param(self, fname: str, p: Param, node: ast.expr) -> object:
        """A constant parameter's value, checked against its type."""
        where = self.col(node)
        what = f"{possessive(fname)} {p.what or p.name}"
        if p.type == ParamType.NUMBER:
            value = number_literal(node)
            if value is None:
                raise ParseError(f"{what} must be a number, such as 0.01", where)
            return finite(value, where)
        if p.type == ParamType.FLAG:
            if not (isinstance(node, ast.Constant) and isinstance(node.value, bool)):
                raise ParseError(f"{p.name} must be True or False", where)
            return node.value
        if p.type == ParamType.AXIS or (p.type == ParamType.AXES and not _is_tuple(node)):
            axis = self.integer(node, p.name)
            if not -MAX_DIMS <= axis < MAX_DIMS:
                raise ParseError(f"axis {axis} is out of range", where)
            return axis
        if p.type == ParamType.AXES:
            return self.axes(p, node)
        if p.type == ParamType.COUNT:
            k = self.integer(node, what)
            if not 1 <= k <= MAX_DIM_SIZE:
                raise ParseError(f"{what} must be from 1 to {MAX_DIM_SIZE:,}", where)
            return k
        return self.shape(fname, p, node)

    def axes(self, p: Param, node: ast.expr) -> tuple[int, ...]:
        """A tuple of 1 to ``MAX_DIMS`` different axes: ``(0, 2)``."""
        assert isinstance(node, ast.Tuple)
        where = self.col(node)
        if not 1 <= len(node.elts) <= MAX_DIMS:
            raise ParseError(f"{p.name} takes 1 to {MAX_DIMS} axes: (0, 2)", where)
        axes = tuple(self.integer(e, p.name) for e in node.elts)
        if any(not -MAX_DIMS <= a < MAX_DIMS for a in axes):
            raise ParseError(f"an axis of {axes} is out of range", where)
        if len(set(axes)) != len(axes):
            raise ParseError(f"{p.name} names an axis twice: {axes}", where)
        return axes

    def shape(self, fname: str, p: Param, node: ast.expr) -> tuple[int, ...]:
        """A shape parameter: a list of 1 to ``MAX_DIMS`` sizes (``-1`` allowed)."""
        if not isinstance(node, ast.List | ast.Tuple):
            raise ParseError(
                f"{possessive(fname)} {p.name} is a list of whole numbers: [32, -1]", self.col(node)
            )
        if not 1 <= len(node.elts) <= MAX_DIMS:
            raise ParseError(
                f"{possessive(fname)} {p.name} has 1 to {MAX_DIMS} sizes", self.col(node)
            )
        return tuple(self.size(e, f"a {fname} size", True) for e in node.elts)

    def size(self, node: ast.expr, what: str, unknown: bool) -> int:
        """A size: 1 to ``MAX_DIM_SIZE`` (or -1 when ``unknown`` is allowed)."""
        size = self.integer(node, what)
        if not ((unknown and size == -1) or 1 <= size <= MAX_DIM_SIZE):
            either = "-1 or from 1" if unknown else "from 1"
            raise ParseError(f"{what} is {either} to {MAX_DIM_SIZE:,}", self.col(node))
        return size

    def integer(self, node: ast.expr, what: str) -> int:
        """A whole number literal (possibly negated)."""
        value = number_literal(node)
        raw = node.operand if isinstance(node, ast.UnaryOp) else node
        inner = getattr(raw, "value", None)
        if value is None or type(inner) is not int:
            raise ParseError(f"{what} must be a whole number", self.col(node))
        return int(value)


def _is_tuple(node: ast.expr) -> bool:
    return isinstance(node, ast.Tuple)


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_colon(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Slice)
        and node.lower is None
        and node.upper is None
        and node.step is None
    )
