"""The primitive operations: one row each, with forward value, local derivatives, symbols.

This table is the only place the tutor knows calculus: the engine runs it, and grading,
hints, the solution table and the pictures read its symbols and rules of thumb.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.notation import compact
from tutor.skills import Skill

#: ``tutor.notation.compact``, by the name the op table and its callers use.
fmt = compact


def _wrap(name: str) -> str:
    """Parenthesise a name or expression unless it is a plain name, number or call."""
    if name.replace("_", "a").replace(".", "0").isalnum() or _CALL.fullmatch(name):
        return name
    return f"({name})"


#: A function of one plain argument (a folded constant's label, ``sqrt(2)``).
_CALL = re.compile(r"[A-Za-z_]\w*\([\w.+-]*\)")


def _pow(x: float, n: float) -> float:
    """Real power that refuses complex results instead of returning them."""
    if x < 0 and not float(n).is_integer():
        raise ValueError("math domain error: negative base with a fractional exponent")
    if x == 0 and n < 0:
        raise ZeroDivisionError("0.0 cannot be raised to a negative power")
    result: float = float(x) ** n
    return result


def _pow_var(x: float, n: float) -> float:
    """Power with a Value exponent: defined for a positive base (or 0 to a positive power).

    d(x**n)/dn = x**n * log(x) has no real value for a negative base, so such a node
    is refused when built rather than failing later in ``backward``.
    """
    if x < 0:
        raise ValueError("a power with a variable exponent needs a positive base")
    return _pow(x, n)


def _power_rule(x: float, n: float) -> float:
    """Return d(x**n)/dx = n * x**(n-1); 0 for n = 0 and inf where it blows up at x = 0."""
    if n == 0:
        return 0.0
    if x == 0 and n < 1:
        return math.inf
    return n * _pow(x, n - 1)


def _exponent_rule(x: float, out: float) -> float:
    """Return d(x**n)/dn = x**n * log(x) (0 for 0**n with n > 0, -inf for 0**0)."""
    if x > 0:
        return out * math.log(x)
    return 0.0 if out == 0 else -math.inf


def _sigmoid(x: float) -> float:
    """Numerically stable logistic function."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True, slots=True)
class Op:
    """One primitive operation: forward value, local derivatives and their symbols."""

    key: str
    """Name in ``OPS`` and in lesson files (``"*"``, ``"tanh"``, ``"pow"`` ...)."""
    arity: int
    """Number of Value operands."""
    forward: Callable[..., float]
    """``forward(*operand_values, arg)`` -> output value."""
    local: Callable[[tuple[float, ...], float, float | None], tuple[float, ...]]
    """``local(operand_values, out_value, arg)`` -> d out / d operand, one per operand."""
    symbols: Callable[[tuple[str, ...], str, float | None], tuple[str, ...]]
    """``symbols(operand_names, out_name, arg)`` -> the local derivatives written out."""
    rule: str
    """Rule of thumb for this gate, shown in hints."""
    display: str = ""
    """How the operation is written between or before operands (defaults to ``key``)."""
    param: str = ""
    """Name of a constant number the function takes after its operand (``slope``), or ``""``."""
    default: float | None = None
    """The constant's value when a call leaves it out (PyTorch's default)."""
    domain_error: str = ""
    """What a math domain error of this op is called (``log of a non-positive value``)."""
    skill: Skill = field(kw_only=True)
    """The skill a question about this gate's operands practises (``tutor.skills``)."""

    def label(self, arg: float | None = None) -> str:
        """Return the op as shown in graphs: ``*``, ``tanh``, ``**2``."""
        if self.key == "powc":
            return f"**{fmt(arg if arg is not None else 0)}"
        return self.display or self.key

    def formula(
        self,
        operands: tuple[str, ...],
        arg: float | None = None,
        number: Callable[[float], str] = fmt,
    ) -> str:
        """Return the operation written with operand names: ``a * b``, ``tanh(n)``, ``u3**2``.

        ``number`` writes a constant argument (compact for reading; ``format.literal`` to
        read back exactly).
        """
        if self.key == "powc":
            return f"{_wrap(operands[0])}**{number(arg if arg is not None else 0)}"
        if self.key == "neg":
            return f"-{_wrap(operands[0])}"
        if self.arity == 2:
            return f"{operands[0]} {self.label()} {operands[1]}"
        if self.param:
            return f"{self.key}({operands[0]}, {number(self.given(arg))})"
        return f"{self.key}({operands[0]})"

    def given(self, arg: float | None) -> float:
        """The constant parameter's value: ``arg``, or the default when it is None."""
        return float(arg if arg is not None else (self.default or 0.0))


def _op(
    key: str,
    arity: int,
    forward: Callable[..., float],
    local: Callable[..., tuple[float, ...]],
    symbols: Callable[..., tuple[str, ...]],
    rule: str,
    display: str = "",
    param: str = "",
    default: float | None = None,
    domain_error: str = "",
    *,
    skill: Skill,
) -> Op:
    """Build an ``Op`` (keeps the table below one line of intent per field)."""
    return Op(
        key,
        arity,
        forward,
        local,
        symbols,
        rule,
        display,
        param,
        default,
        domain_error,
        skill=skill,
    )


def _sign(x: float) -> float:
    """The sign of ``x``: 1, -1, or 0 at 0 (PyTorch's derivative of abs at its kink)."""
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0


#: Above this input softplus is the identity, as in PyTorch (``threshold=20``, ``beta=1``).
SOFTPLUS_THRESHOLD = 20.0


def _softplus(x: float) -> float:
    """log(1 + exp(x)) as PyTorch computes it: x itself above the threshold."""
    return x if x > SOFTPLUS_THRESHOLD else math.log1p(math.exp(x))


def _softplus_grad(x: float) -> float:
    """PyTorch's softplus derivative: exp(x) / (exp(x) + 1), exactly 1 above the threshold."""
    if x > SOFTPLUS_THRESHOLD:
        return 1.0
    z = math.exp(x)
    return z / (z + 1.0)


#: leaky_relu's slope for negative inputs when a call leaves it out (PyTorch's default).
LEAKY_SLOPE = 0.01


# fmt: off
OPS: dict[str, Op] = {
    op.key: op
    for op in (
        _op("+", 2, lambda a, b, _: a + b,
            lambda xs, o, _: (1.0, 1.0),
            lambda n, o, _: ("1", "1"),
            "an add gate passes the upstream gradient through unchanged to every input",
            skill=Skill.ADD),
        _op("-", 2, lambda a, b, _: a - b,
            lambda xs, o, _: (1.0, -1.0),
            lambda n, o, _: ("1", "-1"),
            "a subtract gate passes the gradient through to the first input and flips its "
            "sign for the second", skill=Skill.ADD),
        _op("*", 2, lambda a, b, _: a * b,
            lambda xs, o, _: (xs[1], xs[0]),
            lambda n, o, _: (n[1], n[0]),
            "a multiply gate swaps its inputs: each input's local derivative is the other input",
            skill=Skill.MUL),
        _op("/", 2, lambda a, b, _: a / b,
            lambda xs, o, _: (1.0 / xs[1], -xs[0] / (xs[1] * xs[1])),
            lambda n, o, _: (f"1/{_wrap(n[1])}", f"-{_wrap(n[0])}/{_wrap(n[1])}**2"),
            "a divide gate: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2", skill=Skill.DIV),
        _op("neg", 1, lambda a, _: -a,
            lambda xs, o, _: (-1.0,),
            lambda n, o, _: ("-1",),
            "a negation flips the sign of the gradient", display="-", skill=Skill.SIGN),
        _op("powc", 1, lambda a, k: _pow(a, k),
            lambda xs, o, k: (_power_rule(xs[0], k),),
            lambda n, o, k: (_powc_symbol(n[0], k),),
            "the power rule: d(x**n)/dx = n * x**(n-1)", skill=Skill.POW),
        _op("pow", 2, lambda a, b, _: _pow_var(a, b),
            lambda xs, o, _: (_power_rule(xs[0], xs[1]), _exponent_rule(xs[0], o)),
            lambda n, o, _: (f"{_wrap(n[1])} * {_wrap(n[0])}**({n[1]} - 1)",
                             f"{_wrap(o)} * log({n[0]})"),
            "a power with a variable exponent: d(a**b)/da = b * a**(b-1), "
            "d(a**b)/db = a**b * log(a)", display="**", skill=Skill.POW),
        _op("exp", 1, lambda a, _: math.exp(a),
            lambda xs, o, _: (o,),
            lambda n, o, _: (f"exp({n[0]})",),
            "exp is its own derivative: d exp(x)/dx = exp(x), the node's own value",
            skill=Skill.EXP),
        _op("log", 1, lambda a, _: math.log(a),
            lambda xs, o, _: (1.0 / xs[0],),
            lambda n, o, _: (f"1/{_wrap(n[0])}",),
            "d log(x)/dx = 1/x", domain_error="log of a non-positive value", skill=Skill.LOG),
        _op("sqrt", 1, lambda a, _: math.sqrt(a),
            lambda xs, o, _: (0.5 / o if o else math.inf,),
            lambda n, o, _: (f"1/(2*sqrt({n[0]}))",),
            "d sqrt(x)/dx = 1/(2*sqrt(x))", domain_error="sqrt of a negative value",
            skill=Skill.POW),
        _op("tanh", 1, lambda a, _: math.tanh(a),
            lambda xs, o, _: (1.0 - o * o,),
            lambda n, o, _: (f"1 - tanh({n[0]})**2",),
            "d tanh(x)/dx = 1 - tanh(x)**2: one minus the node's own value squared",
            skill=Skill.TANH),
        _op("sigmoid", 1, lambda a, _: _sigmoid(a),
            lambda xs, o, _: (o * (1.0 - o),),
            lambda n, o, _: (f"sigmoid({n[0]}) * (1 - sigmoid({n[0]}))",),
            "d sigmoid(x)/dx = s * (1 - s), where s is the node's own value", skill=Skill.SIGMOID),
        _op("relu", 1, lambda a, _: a if a > 0 else 0.0,
            lambda xs, o, _: (1.0 if xs[0] > 0 else 0.0,),
            lambda n, o, _: (f"(1 if {n[0]} > 0 else 0)",),
            "a relu passes the gradient through where its input is positive and blocks it "
            "elsewhere", skill=Skill.RELU),
        _op("abs", 1, lambda a, _: abs(a),
            lambda xs, o, _: (_sign(xs[0]),),
            lambda n, o, _: (f"sign({n[0]})",),
            "d|x|/dx = sign(x): 1 for a positive input, -1 for a negative one, and 0 at 0 "
            "(PyTorch's choice at the kink)", skill=Skill.SIGN),
        _op("softplus", 1, lambda a, _: _softplus(a),
            lambda xs, o, _: (_softplus_grad(xs[0]),),
            lambda n, o, _: (f"sigmoid({n[0]})",),
            "d softplus(x)/dx = sigmoid(x): softplus is log(1 + exp(x)), a smooth relu",
            skill=Skill.SIGMOID),
        _op("leaky_relu", 1,
            lambda a, s: a if a > 0 else a * OPS["leaky_relu"].given(s),
            lambda xs, o, s: (1.0 if xs[0] > 0 else OPS["leaky_relu"].given(s),),
            lambda n, o, s: (f"(1 if {n[0]} > 0 else {fmt(OPS['leaky_relu'].given(s))})",),
            "a leaky relu passes the gradient through where its input is positive and "
            "scales it by the slope elsewhere, at 0 too (PyTorch's choice at the kink)",
            param="slope", default=LEAKY_SLOPE, skill=Skill.RELU),
        _op("sin", 1, lambda a, _: math.sin(a),
            lambda xs, o, _: (math.cos(xs[0]),),
            lambda n, o, _: (f"cos({n[0]})",),
            "d sin(x)/dx = cos(x)", skill=Skill.TRIG),
        _op("cos", 1, lambda a, _: math.cos(a),
            lambda xs, o, _: (-math.sin(xs[0]),),
            lambda n, o, _: (f"-sin({n[0]})",),
            "d cos(x)/dx = -sin(x)", skill=Skill.TRIG),
    )
}
# fmt: on

#: Functions a lesson or an answer may call, by name.
FUNCTIONS: tuple[str, ...] = (
    "exp",
    "log",
    "sqrt",
    "tanh",
    "sigmoid",
    "relu",
    "sin",
    "cos",
    "abs",
    "softplus",
    "leaky_relu",
)


def _powc_symbol(name: str, k: float) -> str:
    """Symbol of d(x**k)/dx: ``2 * u3`` for k = 2, ``3 * x**2`` for k = 3."""
    if k == 1:
        return "1"
    if k == 2:
        return f"2 * {_wrap(name)}"
    return f"{fmt(k)} * {_wrap(name)}**{fmt(k - 1) if k - 1 >= 0 else '(' + fmt(k - 1) + ')'}"
