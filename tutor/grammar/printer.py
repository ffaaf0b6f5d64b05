"""``to_text(expr, dialect)``: the one printer, precedence-aware, in the dialect's spellings.

Parentheses are written only where Python's precedence needs them (and around a power or
an operator under a unary minus, and around a negative number on the right of an
operator, where a reader could stumble). ``**`` is written tight (``x**2``), as is a
quotient whose numerator is a number or a negation (``1/x``, ``-a/b**2``); every other
operator has a space on each side. What ``to_text`` writes parses back, in the same
dialect, to the same tree (up to columns and redundant parentheses).
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.grammar.dialect import Dialect, Form, ParamType, Written
from tutor.grammar.tree import Call, Expr, Grad, Lit, Nested, Num, Ref
from tutor.notation import grad_name, literal

__all__ = ["grad_text", "to_text"]

#: Python's binding strength of each operator (higher binds tighter).
_COMPARE, _ADD, _MUL, _UNARY, _POW, _ATOM = 1, 2, 3, 4, 5, 6
_PRECEDENCE = {"+": _ADD, "-": _ADD, "*": _MUL, "/": _MUL, "@": _MUL, "**": _POW}


def grad_text(name: str) -> str:
    """How a gradient is written: ``dW``; ``grad(W)`` for a name ``d`` cannot prefix."""
    return grad_name(name) if name.isidentifier() else f"grad({name})"


def to_text(expr: Expr, dialect: Dialect, gradient: Callable[[str], str] = grad_text) -> str:
    """Write ``expr`` as text in ``dialect``; ``gradient`` writes a ``Grad`` (``dW``)."""
    return _Printer(dialect, gradient).text(expr)[0]


class _Printer:
    def __init__(self, dialect: Dialect, gradient: Callable[[str], str]) -> None:
        self.d = dialect
        self.gradient = gradient

    def text(self, e: Expr) -> tuple[str, int]:
        """The text and its precedence."""
        if isinstance(e, Num):
            return e.text, _UNARY if e.text.startswith("-") else _ATOM
        if isinstance(e, Ref):
            return e.name, _ATOM
        if isinstance(e, Grad):
            return self.gradient(e.name), _ATOM
        if isinstance(e, Lit):
            return _nested(e.value), _ATOM
        return self.call(e)

    def at(self, e: Expr, least: int) -> str:
        """The operand's text, parenthesised when it binds looser than ``least``."""
        text, prec = self.text(e)
        return text if prec >= least else f"({text})"

    def call(self, e: Call) -> tuple[str, int]:
        written = self.spelling(e)
        form, symbol = written.spelling.form, written.spelling.symbol
        if form == Form.INFIX:
            return self.infix(e, symbol)
        if form == Form.PREFIX:
            return f"{symbol}{self.at(e.args[0], _ATOM)}", _UNARY
        if form == Form.POWER:
            k = _number(e.arg)
            exponent = Num(k, literal(k), 0)
            return f"{self.at(e.args[0], _ATOM)}**{self.at(exponent, _ATOM)}", _POW
        if form == Form.ATTRIBUTE:
            return f"{self.at(e.args[0], _ATOM)}.{symbol}", _ATOM
        if form == Form.SUBSCRIPT:
            axis = _whole(e.arg)
            return f"{self.at(e.args[0], _ATOM)}[{', '.join([':'] * axis + ['None'])}]", _ATOM
        if form == Form.SLICE:
            return f"{self.at(e.args[0], _ATOM)}[{_slices(e.arg)}]", _ATOM
        return self.function(e, written), _ATOM

    def spelling(self, e: Call) -> Written:
        """The first spelling of the op in this dialect that can write this call."""
        choices = self.d.printing.get(e.key, ())
        for w in choices:
            if w.spelling.form != Form.SUBSCRIPT or (isinstance(e.arg, int) and e.arg >= 0):
                return w
        raise ValueError(f"{self.d.name} cannot write the op {e.key!r}")

    def infix(self, e: Call, symbol: str) -> tuple[str, int]:
        prec = _PRECEDENCE.get(symbol, _COMPARE)
        left, right = e.args
        if symbol == "**":
            return f"{self.at(left, _ATOM)}**{self.at(right, _ATOM)}", _POW
        right_text, right_prec = self.text(right)
        if right_prec <= prec or (isinstance(right, Num) and right.text.startswith("-")):
            right_text = f"({right_text})"
        left_text = self.at(left, prec if prec != _COMPARE else _ADD)
        tight = symbol == "/" and (
            isinstance(left, Num) or (isinstance(left, Call) and self.is_prefix(left))
        )
        gap = "" if tight else " "
        return f"{left_text}{gap}{symbol}{gap}{right_text}", prec

    def is_prefix(self, e: Call) -> bool:
        return self.spelling(e).spelling.form == Form.PREFIX

    def function(self, e: Call, w: Written) -> str:
        args = _joined(e) if w.spelling.chains else list(e.args)
        parts = [self.text(a)[0] for a in args]
        params = w.params
        values: tuple[object, ...] = (
            () if not params else (e.arg,) if len(params) == 1 else _several(e.arg)
        )
        for p, value in zip(params, values, strict=True):
            if p.keyword:
                if value != p.default:
                    parts.append(f"{p.name}={_value(p.type, value)}")
            elif value is None and p.shown is not None:
                parts.append(_value(p.type, p.shown))
            elif value is not None:
                parts.append(_value(p.type, value))
        return f"{w.name}({', '.join(parts)})"


def _joined(e: Call) -> list[Expr]:
    """A chaining call's operands: ``concat(concat(a, b), c)`` is written ``concat(a, b, c)``."""
    first = e.args[0]
    if isinstance(first, Call) and first.key == e.key and first.arg == e.arg:
        return [*_joined(first), *e.args[1:]]
    return list(e.args)


def _value(kind: ParamType, value: object) -> str:
    """A constant parameter as written."""
    if kind == ParamType.NUMBER:
        return literal(_number(value))
    if kind == ParamType.SHAPE:
        return "[" + ", ".join(str(_whole(v)) for v in _several(value)) + "]"
    if kind == ParamType.SIZES:
        return ", ".join(str(_whole(v)) for v in _several(value))
    return str(value)


def _slices(value: object) -> str:
    """``:, 0:2`` from ``((None, None), (0, 2))``."""
    parts = []
    for pair in _several(value):
        lo, hi = _several(pair)
        parts.append(f"{'' if lo is None else lo}:{'' if hi is None else hi}")
    return ", ".join(parts)


def _nested(value: Nested | float) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_nested(v) for v in value) + "]"
    return literal(value)


def _number(value: object) -> float:
    """A call's numeric parameter (an exponent, a slope)."""
    if not isinstance(value, int | float):
        raise TypeError(f"a number was expected, not {value!r}")
    return float(value)


def _whole(value: object) -> int:
    """A call's whole-number parameter (an axis, a size)."""
    if not isinstance(value, int):
        raise TypeError(f"a whole number was expected, not {value!r}")
    return value


def _several(value: object) -> tuple[object, ...]:
    """A call's parameters, or a shape, as a tuple."""
    if not isinstance(value, tuple | list):
        raise TypeError(f"a tuple was expected, not {value!r}")
    return tuple(value)
