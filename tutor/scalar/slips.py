"""The classic slips of the scalar op rows: wrong local derivatives a learner uses.

A ``Slip`` is one op's classic wrong local derivative (the function instead of its
derivative, the power rule without its factor, a relu passing where it blocks ...). The
op rows (``tutor.scalar.ops``) list theirs; the misconception catalogue's generic
predictors (``tutor.teach.predictors.slips``) read the slips of the consumer's row, so no
code outside the op table asks which op it looks at. The slips several rows share are
defined here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.mistakes import Mistake
from tutor.scalar.functions import real_pow

if TYPE_CHECKING:
    from tutor.scalar.ops import Op


@dataclass(frozen=True, slots=True)
class At:
    """Where a slip is applied: one use of node V by gate C (or C itself, for ``own``)."""

    op: Op
    """C's op row."""
    xs: tuple[float, ...]
    """C's operand values."""
    out: float
    """C's value."""
    arg: float | None
    """C's constant (a ``powc`` exponent), or None."""
    index: int
    """Which operand of C node V is (-1 for a slip about C's own gradient)."""
    local: float
    """The right local derivative dC/dV (nan for a slip about C's own gradient)."""
    names: tuple[str, ...]
    """C's operand names."""
    node: str
    """V's name."""


@dataclass(frozen=True, slots=True)
class Slip:
    """A classic wrong local derivative of one op: what a learner making ``code`` uses."""

    code: Mistake
    """The misconception it is (its messages are the catalogue row's)."""
    wrong: Callable[[At], float | None]
    """The wrong dC/dV (None: no slip here); a math error counts as None."""
    operands: tuple[int, ...] | None = None
    """The operands it is made for (None: every operand)."""
    variant: Callable[[At], str] | None = None
    """Which of the row's messages fits (None: its main message)."""
    fill: Callable[[At], dict[str, str]] | None = None
    """More words for the message (``{n}``: a power's exponent)."""
    own: bool = False
    """A slip about the gate's own gradient: ``wrong`` gives that gradient itself (a relu
    whose output is 0 still gets its consumers' gradient, not 0)."""
    form: str = ""
    """The wrong local derivative as written, ``{c}`` the gate and ``{x}`` its operand
    (``{c}**2`` for tanh' without "1 -"): the message's ``{wrong}``."""

    def applies(self, code: Mistake, index: int) -> bool:
        """Whether this is a slip of ``code`` for operand ``index`` (-1: the gate itself)."""
        if self.code != code or self.own != (index < 0):
            return False
        return self.own or self.operands is None or index in self.operands


# -- slips shared by several rows ------------------------------------------------------------

#: Math errors a slip may run into (it then predicts nothing there).
MATH_ERRORS = (ValueError, ZeroDivisionError, OverflowError)


def _at_output(at: At) -> float:
    """The local derivative evaluated at the gate's output instead of its input."""
    try:
        out = at.op.forward(at.out, at.arg)
    except MATH_ERRORS:
        out = math.nan  # log(y) of a negative y: d log/dx = 1/x does not need it
    return at.op.local((at.out,), out, at.arg)[0]


def _from_input(at: At) -> float:
    """An activation's derivative written from its input: the output's formula fed ``x``."""
    x = at.xs[0]
    return at.op.local((x,), x, at.arg)[0]


def _in_degrees(at: At) -> float:
    """The local derivative with the angle taken in degrees."""
    r = math.radians(at.xs[0])
    return at.op.local((r,), at.op.forward(r, None), None)[0]


#: The function itself where its derivative is needed (``tanh(n)`` for d tanh(n)/dn).
FUNCTION = Slip(Mistake.FUNC_NOT_DERIV, lambda at: at.out)
#: The local derivative evaluated at the gate's output (``cos(u5)`` for u5 = sin(u4)).
AT_OUTPUT = Slip(Mistake.AT_OUTPUT, _at_output)
#: An activation's derivative from its input (``1 - n**2`` for o = tanh(n)).
FROM_INPUT = Slip(
    Mistake.ACT_AT_INPUT, _from_input, fill=lambda at: {"x": at.node, "gate": at.op.key}
)
#: The trigonometry in degrees.
IN_DEGREES = Slip(Mistake.DEGREES, _in_degrees)


def power_slips(exponent: Callable[[At], float], shown: Callable[[At], str]) -> tuple[Slip, Slip]:
    """The power rule without its factor n, and without lowering n (for the base only)."""

    def wrong(lowered: bool) -> Callable[[At], float | None]:
        def local(at: At) -> float | None:
            n = exponent(at)
            if n in (0.0, 1.0):
                return None
            return n * real_pow(at.xs[0], n) if lowered else real_pow(at.xs[0], n - 1)

        return local

    words: Callable[[At], dict[str, str]] = lambda at: {"n": shown(at)}  # noqa: E731
    return (
        Slip(Mistake.POWER_FACTOR, wrong(False), (0,), fill=words),
        Slip(Mistake.POWER_EXPONENT, wrong(True), (0,), fill=words),
    )


def _other(at: At) -> str:
    """The other operand of a two-operand gate (the node itself for ``x * x``)."""
    return next((n for n in at.names if n != at.node), at.node)


#: A multiply gate's local derivative taken as the node's own value, not the other input.
OWN_INPUT = Slip(
    Mistake.MUL_OWN_INPUT,
    lambda at: at.xs[at.index],
    fill=lambda at: {"other": _other(at)},
    form="{x}",
)
#: d(a/b)/db without the square, or d(a/b)/da taken as ``-a/b**2``.
QUOTIENT = Slip(
    Mistake.QUOTIENT,
    lambda at: -at.xs[0] / at.xs[1] if at.index == 1 else -at.xs[0] / (at.xs[1] * at.xs[1]),
    variant=lambda at: "den" if at.names[1] == at.node else "num",
    fill=lambda at: {"a": at.names[0], "b": at.names[1]},
)
#: A relu passing where it blocks or blocking where it passes; and a relu whose output is
#: 0 answered 0 (it blocks the gradient below it, not at it).
RELU = (
    Slip(
        Mistake.RELU_GATE,
        lambda at: 1.0 - at.local,
        variant=lambda at: "blocks" if at.local == 0 else "passes",
    ),
    Slip(
        Mistake.RELU_GATE,
        lambda at: 0.0 if at.out == 0 else None,
        variant=lambda at: "at",
        own=True,
    ),
)


def _misremembered(wrong: Callable[[At], float], form: str) -> Slip:
    """A misremembered local derivative (``local_formula``), written as ``form``."""
    return Slip(Mistake.LOCAL_FORMULA, wrong, form=form, fill=lambda at: {"gate": at.op.key})


#: tanh' as 1 - o (the square forgotten) or o**2 (the "1 -" forgotten).
TANH_FORMULAS = (
    _misremembered(lambda at: 1.0 - at.out, "1 - {c}"),
    _misremembered(lambda at: at.out * at.out, "{c}**2"),
)
#: sigmoid' as p**2 or 1 - p (p itself is the function: ``func_not_deriv``).
SIGMOID_FORMULAS = (
    _misremembered(lambda at: at.out * at.out, "{c}**2"),
    _misremembered(lambda at: 1.0 - at.out, "1 - {c}"),
)
#: sin' as -sin(x) (cos' and sin' mixed up).
SIN_FORMULAS = (_misremembered(lambda at: -math.sin(at.xs[0]), "-sin({x})"),)
#: log' as -1/x**2 (the derivative of 1/x).
LOG_FORMULAS = (_misremembered(lambda at: -1.0 / (at.xs[0] * at.xs[0]), "-1/{x}**2"),)
#: sqrt' as 1/sqrt(x) (the 1/2 forgotten).
SQRT_FORMULAS = (_misremembered(lambda at: 1.0 / at.out, "1/sqrt({x})"),)


#: A ``powc`` gate's slips of the power rule: its exponent is the constant.
CONSTANT_EXPONENT = power_slips(
    lambda at: at.arg if at.arg is not None else 0.0, lambda at: f"{at.arg or 0:g}"
)
#: A ``pow`` gate's: its exponent is the second operand.
OPERAND_EXPONENT = power_slips(lambda at: at.xs[1], lambda at: at.names[1])
