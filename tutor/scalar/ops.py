"""The primitive operations: one row each, with forward value, local derivatives, symbols.

This table is the only place the tutor knows calculus: the engine runs it, and grading,
hints, the solution table and the pictures read its symbols and rules of thumb.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.grammar.dialect import (
    CONSTANTS,
    Dialect,
    Form,
    OpWriting,
    Param,
    ParamType,
    Spelling,
    function,
    infix,
    make_dialect,
)
from tutor.grammar.template import render
from tutor.notation import compact, literal
from tutor.scalar import practice_domains as pd
from tutor.scalar import slips as t
from tutor.scalar.functions import (
    exponent_rule,
    pow_var,
    power_rule,
    real_pow,
    sigmoid,
    sign,
    softplus,
    softplus_grad,
)
from tutor.skills import Skill


def _wrap(name: str) -> str:
    """Parenthesise a name or expression unless it is a plain name, number or call."""
    if name.replace("_", "a").replace(".", "0").isalnum() or _CALL.fullmatch(name):
        return name
    return f"({name})"


#: A function of one plain argument (a folded constant's label, ``sqrt(2)``).
_CALL = re.compile(r"[A-Za-z_]\w*\([\w.+-]*\)")


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
    """``symbols(operand_names, out_name, arg)`` -> the local derivatives written out
    (``derivative`` filled in and printed in the answer language)."""
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
    written: tuple[Spelling, ...] = ()
    """How it is written in expressions (the first spelling is how it is printed)."""
    derivative: Callable[[float | None], tuple[str, ...]] = lambda arg: ()
    """``derivative(arg)`` -> per operand, the local derivative as an answer-language text
    over ``a``, ``b``, ``c`` (the operands) and ``out`` (``1 - tanh(a)**2``)."""
    answers_only: bool = False
    """Whether only answers may use it (``x > 0``, ``sign``, ``where``), not graph lines."""
    slips: tuple[t.Slip, ...] = field(default=(), kw_only=True)
    """Classic wrong local derivatives of this gate, by mistake (``tutor.scalar.slips``)."""
    practice: pd.Practice | None = field(default=None, kw_only=True)
    """How practice problems draft it (None: only where a level's structure puts it)."""

    def label(self, arg: float | None = None) -> str:
        """Return the op as shown in graphs: ``*``, ``tanh``, ``**2``."""
        if self.key == "powc":
            return f"**{compact(arg if arg is not None else 0)}"
        return self.display or self.key

    def formula(
        self,
        operands: tuple[str, ...],
        arg: float | None = None,
        number: Callable[[float], str] = compact,
    ) -> str:
        """Return the operation written with operand names: ``a * b``, ``tanh(n)``, ``u3**2``.

        ``number`` writes a constant argument (compact for reading; ``format.literal`` to
        read back exactly).
        """
        if self.key == "powc":
            return f"{_wrap(operands[0])}**{number(arg if arg is not None else 0)}"
        if self.key == "neg":
            return f"-{_wrap(operands[0])}"
        if self.written and self.written[0].form == Form.INFIX:
            return f"{operands[0]} {self.label()} {operands[1]}"
        if self.param:
            return f"{self.key}({operands[0]}, {number(self.given(arg))})"
        return f"{self.key}({', '.join(operands)})"

    def given(self, arg: float | None) -> float:
        """The constant parameter's value: ``arg``, or the default when it is None."""
        return float(arg if arg is not None else (self.default or 0.0))

    def domain_text(self, exc: Exception) -> str:
        """A math domain error of this op in words, said once.

        The row's ``domain_error``, else the error's own text without Python's
        ``math domain error:`` in front (never "math domain error (math domain error: …)").
        """
        said = str(exc).removeprefix("math domain error").lstrip(": ")
        return self.domain_error or said or "math domain error"


def _op(
    key: str,
    arity: int,
    forward: Callable[..., float],
    local: Callable[..., tuple[float, ...]],
    derivative: tuple[str, ...] | Callable[[float | None], tuple[str, ...]],
    rule: str,
    display: str = "",
    param: str = "",
    default: float | None = None,
    domain_error: str = "",
    *,
    skill: Skill,
    written: tuple[Spelling, ...] = (),
    answers_only: bool = False,
    slips: tuple[t.Slip, ...] = (),
    practice: pd.Practice | None = None,
) -> Op:
    """Build an ``Op`` (keeps the table below one line of intent per field).

    ``derivative`` is the local derivatives' texts, or a function of the parameter giving
    them; ``written`` defaults to an infix ``key`` for two operands, else a function.
    """
    texts = derivative if callable(derivative) else _always(derivative)
    if not written:
        params = (Param(param, ParamType.NUMBER, shown=default),) if param else ()
        written = (infix(display or key),) if arity == 2 else (function(key, *params),)
    return Op(
        key,
        arity,
        forward,
        local,
        _printed(texts),
        rule,
        display,
        param,
        default,
        domain_error,
        skill=skill,
        written=written,
        derivative=texts,
        answers_only=answers_only,
        slips=slips,
        practice=practice,
    )


def _always(texts: tuple[str, ...]) -> Callable[[float | None], tuple[str, ...]]:
    """The same derivative texts for every parameter."""
    return lambda arg: texts


def _printed(
    texts: Callable[[float | None], tuple[str, ...]],
) -> Callable[[tuple[str, ...], str, float | None], tuple[str, ...]]:
    """``symbols`` of a row: its derivative texts filled in for a node and printed."""

    def symbols(names: tuple[str, ...], out: str, arg: float | None) -> tuple[str, ...]:
        return derivative_texts(texts(arg), names, out)

    return symbols


#: leaky_relu's slope for negative inputs when a call leaves it out (PyTorch's default).
LEAKY_SLOPE = 0.01


def _leaky_derivative(slope: float | None) -> tuple[str, ...]:
    """``where(a > 0, 1, 0.01)``: the slope where the input is not positive."""
    return (f"where(a > 0, 1, {literal(slope if slope is not None else LEAKY_SLOPE)})",)


def _compare(key: str, symbol: str, test: Callable[[float, float], bool]) -> Op:
    """A comparison as a 0/1 mask (answers only): its local derivatives are 0."""
    return _op(key, 2, lambda a, b, _: 1.0 if test(a, b) else 0.0,
               lambda xs, o, _: (0.0, 0.0), ("0", "0"),
               f"a comparison {symbol} is 1 where it holds and 0 elsewhere: a step, "
               "whose derivative is 0 (wherever it is defined)",
               written=(infix(symbol),), answers_only=True, skill=Skill.RELU)  # fmt: skip


# fmt: off
OPS: dict[str, Op] = {
    op.key: op
    for op in (
        _op("+", 2, lambda a, b, _: a + b,
            lambda xs, o, _: (1.0, 1.0),
            ("1", "1"),
            "an add gate passes the upstream gradient through unchanged to every input",
            skill=Skill.ADD),
        _op("-", 2, lambda a, b, _: a - b,
            lambda xs, o, _: (1.0, -1.0),
            ("1", "-1"),
            "a subtract gate passes the gradient through to the first input and flips its "
            "sign for the second", written=(infix("-", "subtract"),), skill=Skill.ADD),
        _op("*", 2, lambda a, b, _: a * b,
            lambda xs, o, _: (xs[1], xs[0]),
            ("b", "a"),
            "a multiply gate swaps its inputs: each input's local derivative is the other input",
            skill=Skill.MUL,
            slips=(t.OWN_INPUT,)),
        _op("/", 2, lambda a, b, _: a / b,
            lambda xs, o, _: (1.0 / xs[1], -xs[0] / (xs[1] * xs[1])),
            ("1/b", "-a/b**2"),
            "a divide gate: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2", skill=Skill.DIV,
            slips=(t.QUOTIENT,), practice=pd.Practice(lambda v, k: abs(v[1]) >= 0.4)),
        _op("neg", 1, lambda a, _: -a,
            lambda xs, o, _: (-1.0,),
            ("-1",),
            "a negation flips the sign of the gradient", display="-",
            written=(Spelling(Form.PREFIX, "-", what="negate"),), skill=Skill.SIGN),
        _op("powc", 1, lambda a, k: real_pow(a, k),
            lambda xs, o, k: (power_rule(xs[0], k),),
            lambda k: (_powc_symbol(float(k if k is not None else 0)),),
            "the power rule: d(x**n)/dx = n * x**(n-1)",
            written=(Spelling(Form.POWER, "**", (Param("exponent", ParamType.NUMBER),)),),
            skill=Skill.POW,
            slips=(t.FUNCTION, t.AT_OUTPUT, *t.CONSTANT_EXPONENT), practice=pd.POWERS),
        _op("pow", 2, lambda a, b, _: pow_var(a, b),
            lambda xs, o, _: (power_rule(xs[0], xs[1]), exponent_rule(xs[0], o)),
            ("b * a**(b - 1)", "out * log(a)"),
            "a power with a variable exponent: d(a**b)/da = b * a**(b-1), "
            "d(a**b)/db = a**b * log(a)", display="**", skill=Skill.POW,
            slips=t.OPERAND_EXPONENT),
        _op("exp", 1, lambda a, _: math.exp(a),
            lambda xs, o, _: (o,),
            ("exp(a)",),
            "exp is its own derivative: d exp(x)/dx = exp(x), the node's own value",
            skill=Skill.EXP,
            slips=(t.AT_OUTPUT,), practice=pd.drawn("exp", lambda v, k: -2.0 <= v[0] <= 2.0)),
        _op("log", 1, lambda a, _: math.log(a),
            lambda xs, o, _: (1.0 / xs[0],),
            ("1/a",),
            "d log(x)/dx = 1/x", domain_error="log of a non-positive value", skill=Skill.LOG,
            slips=(t.FUNCTION, t.AT_OUTPUT, *t.LOG_FORMULAS),
            practice=pd.drawn("log", lambda v, k: 0.2 <= v[0] <= 12.0)),
        _op("sqrt", 1, lambda a, _: math.sqrt(a),
            lambda xs, o, _: (0.5 / o if o else math.inf,),
            ("1/(2 * sqrt(a))",),
            "d sqrt(x)/dx = 1/(2*sqrt(x))", domain_error="sqrt of a negative value",
            skill=Skill.POW,
            slips=(t.FUNCTION, t.AT_OUTPUT, *t.SQRT_FORMULAS)),
        _op("tanh", 1, lambda a, _: math.tanh(a),
            lambda xs, o, _: (1.0 - o * o,),
            ("1 - tanh(a)**2",),
            "d tanh(x)/dx = 1 - tanh(x)**2: one minus the node's own value squared",
            skill=Skill.TANH,
            slips=(t.FUNCTION, t.FROM_INPUT, t.AT_OUTPUT, *t.TANH_FORMULAS),
            practice=pd.drawn("tanh", lambda v, k: 0.1 <= abs(v[0]) <= 1.5)),
        _op("sigmoid", 1, lambda a, _: sigmoid(a),
            lambda xs, o, _: (o * (1.0 - o),),
            ("sigmoid(a) * (1 - sigmoid(a))",),
            "d sigmoid(x)/dx = s * (1 - s), where s is the node's own value", skill=Skill.SIGMOID,
            slips=(t.FUNCTION, t.FROM_INPUT, t.AT_OUTPUT, *t.SIGMOID_FORMULAS),
            practice=pd.drawn("sigmoid", lambda v, k: 0.1 <= abs(v[0]) <= 2.5)),
        _op("relu", 1, lambda a, _: a if a > 0 else 0.0,
            lambda xs, o, _: (1.0 if xs[0] > 0 else 0.0,),
            ("a > 0",),
            "a relu passes the gradient through where its input is positive and blocks it "
            "elsewhere", skill=Skill.RELU,
            slips=t.RELU, practice=pd.RELU),
        _op("sin", 1, lambda a, _: math.sin(a),
            lambda xs, o, _: (math.cos(xs[0]),),
            ("cos(a)",),
            "d sin(x)/dx = cos(x)", skill=Skill.TRIG,
            slips=(t.FUNCTION, t.AT_OUTPUT, t.IN_DEGREES, *t.SIN_FORMULAS),
            practice=pd.drawn("sin", lambda v, k: abs(v[0]) <= 4 and abs(math.cos(v[0])) >= 0.2)),
        _op("cos", 1, lambda a, _: math.cos(a),
            lambda xs, o, _: (-math.sin(xs[0]),),
            ("-sin(a)",),
            "d cos(x)/dx = -sin(x)", skill=Skill.TRIG,
            slips=(t.FUNCTION, t.AT_OUTPUT, t.IN_DEGREES),
            practice=pd.drawn("cos", lambda v, k: abs(v[0]) <= 4 and abs(math.sin(v[0])) >= 0.2)),
        _op("abs", 1, lambda a, _: abs(a),
            lambda xs, o, _: (sign(xs[0]),),
            ("sign(a)",),
            "d|x|/dx = sign(x): 1 for a positive input, -1 for a negative one, and 0 at 0 "
            "(PyTorch's choice at the kink)", skill=Skill.SIGN),
        _op("softplus", 1, lambda a, _: softplus(a),
            lambda xs, o, _: (softplus_grad(xs[0]),),
            ("sigmoid(a)",),
            "d softplus(x)/dx = sigmoid(x): softplus is log(1 + exp(x)), a smooth relu",
            skill=Skill.SIGMOID),
        _op("leaky_relu", 1,
            lambda a, s: a if a > 0 else a * OPS["leaky_relu"].given(s),
            lambda xs, o, s: (1.0 if xs[0] > 0 else OPS["leaky_relu"].given(s),),
            _leaky_derivative,
            "a leaky relu passes the gradient through where its input is positive and "
            "scales it by the slope elsewhere, at 0 too (PyTorch's choice at the kink)",
            param="slope", default=LEAKY_SLOPE, skill=Skill.RELU),
        # -- answers only: masks and choices ----------------------------------------------
        _compare("gt", ">", lambda a, b: a > b),
        _compare("ge", ">=", lambda a, b: a >= b),
        _compare("lt", "<", lambda a, b: a < b),
        _compare("le", "<=", lambda a, b: a <= b),
        _op("sign", 1, lambda a, _: sign(a),
            lambda xs, o, _: (0.0,),
            ("0",),
            "sign(x) is 1, 0 or -1: a step, whose derivative is 0 (wherever it is defined)",
            answers_only=True, skill=Skill.SIGN),
        _op("where", 3, lambda c, a, b, _: a if c != 0 else b,
            lambda xs, o, _: (0.0, 1.0 if xs[0] != 0 else 0.0, 0.0 if xs[0] != 0 else 1.0),
            ("0", "where(a, 1, 0)", "where(a, 0, 1)"),
            "where(c, a, b) is a where c holds (is not 0) and b elsewhere: the gradient goes "
            "to the operand chosen", answers_only=True, skill=Skill.RELU),
    )
}
# fmt: on

#: Functions a lesson may call, by name (answers may call the ``answers_only`` ones too).
FUNCTIONS: tuple[str, ...] = tuple(
    op.written[0].symbol
    for op in OPS.values()
    if op.written[0].form == Form.FUNCTION and not op.answers_only
)


def _powc_symbol(k: float) -> str:
    """d(x**k)/dx as a text over ``a``: ``2 * a`` for k = 2, ``3 * a**2`` for k = 3."""
    if k == 1:
        return "1"
    if k == 2:
        return "2 * a"
    return f"{literal(k)} * a**{literal(k - 1)}"


# -- the dialects, built from the rows above ------------------------------------------------

#: Well-known functions that are not here: no "did you mean" (``sign`` is not ``sin``).
_ADVICE = {
    "ln": "the natural logarithm is log",
    "pow": "write a ** b",
    "square": "write x ** 2",
    "max": "relu(x) is max(0, x)",
}
_ADVICE.update(
    dict.fromkeys(
        "min sign tan atan asin acos sinh cosh floor ceil round log10 log2 exp2 sum".split(), ""
    )
)


def _dialect(name: str, answers: bool) -> Dialect:
    rows = [OpWriting(op.key, op.arity, op.written) for op in OPS.values()]
    return make_dialect(
        name,
        [row for row, op in zip(rows, OPS.values(), strict=True) if answers or not op.answers_only],
        constants=CONSTANTS,
        gradients=answers,
        advice={k: v for k, v in _ADVICE.items() if not (answers and k in OPS)},
        cutoff=0.75,
    )


#: Scalar lessons' graph lines and ``expected`` values.
GRAPH_LINES = _dialect("scalar graph lines", answers=False)
#: Scalar answers: graph lines plus masks, ``sign``, ``where`` and found gradients.
ANSWERS = _dialect("scalar answers", answers=True)


def derivative_texts(texts: tuple[str, ...], names: tuple[str, ...], out: str) -> tuple[str, ...]:
    """An op row's derivative texts filled in with a node's operand labels and printed."""
    return tuple(render(t, ANSWERS, names, out) for t in texts)
