"""The table of misconceptions: one row per classic backprop mistake.

Each row has the same shape as an op in ``tutor.ops``: a code, the gates (consumer ops)
it applies to, a function that predicts the wrong value(s) a learner who makes this
mistake would type at a node, and a message template. Predictions read only the built
graph and the op table; they never look at the learner's answer.

Grading (``tutor.grading``) compares an answer with every prediction of every row. A
prediction counts only when it differs from the right answer. When several rows predict
the answer, ``PRIORITY`` (the order of ``TABLE``) picks the one named first and the
message names the others too; every match is reported.

The gradient of node V is a sum of terms, one per use of V by a consumer C:
``dL/dC * dC/dV``. Most rows replace one term (the mistake made on one path) and keep the
others, so a node with several consumers is diagnosed as well as a node with one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from tutor import misconception_rules as rules
from tutor.graph import Graph
from tutor.misconception_rules import Prediction, Predictor, Term, d, terms

__all__ = ["Match", "Misconception", "Mistake", "Prediction", "Term", "match", "terms"]


class Mistake(StrEnum):
    """The code of one misconception (stable: saved in progress and printed by ``grade``)."""

    OUTPUT_ONE = "output_one"
    NO_UPSTREAM = "no_upstream"
    UPSTREAM_ONLY = "upstream_only"
    ONE_CONSUMER = "one_consumer"
    SIGN = "sign"
    VALUE_NOT_GRAD = "value_not_grad"
    MUL_OWN_INPUT = "mul_own_input"
    FUNC_NOT_DERIV = "func_not_deriv"
    ACT_AT_INPUT = "act_at_input"
    AT_OUTPUT = "at_output"
    DEGREES = "degrees"
    POWER_FACTOR = "power_factor"
    POWER_EXPONENT = "power_exponent"
    QUOTIENT = "quotient"
    RELU_GATE = "relu_gate"
    ADD_NOT_MUL = "add_not_mul"
    WRONG_UPSTREAM = "wrong_upstream"
    ROUNDING = "rounding"


@dataclass(frozen=True, slots=True)
class Misconception:
    """One row of the table: a mistake, where it applies, what it predicts, what to say."""

    code: Mistake
    """Its code."""
    name: str
    """Short name for lists: ``forgot the upstream gradient``."""
    gates: frozenset[str] | None
    """Consumer ops (``OPS`` keys) it applies to; None for any node."""
    predict: Predictor
    """``predict(graph, node, terms)`` -> the wrong values it predicts."""
    message: str
    """What the learner is told: names the mistake, where, and the fix, never the answer."""
    variants: dict[str, str] = field(default_factory=dict)
    """Other messages for some predictions (by ``Prediction.variant``)."""
    example: str = ""
    """A worked example for the docs (lesson, node, answer)."""

    def text(self, prediction: Prediction, base: dict[str, str]) -> str:
        """The message for one prediction, with its placeholders filled in."""
        template = self.variants.get(prediction.variant, self.message)
        return template.format(**{**base, **prediction.fill})


_ANY = None

# fmt: off
#: The table, in priority order: when several rows predict an answer, the first is named.
TABLE: tuple[Misconception, ...] = (
    Misconception(
        Mistake.OUTPUT_ONE, "a wrong start at the output", _ANY, rules.output_one,
        "{dv} is the output's gradient with respect to itself: if {out} moves by a small h, "
        "how far does {out} move?",
        example="micrograd-labels L 0"),
    Misconception(
        Mistake.RELU_GATE, "a relu passing or blocking wrongly", frozenset({"relu"}),
        rules.relu_gate,
        "",
        {"blocks": "{c} = {formula} blocks the gradient here: its input {node} = {value} is not "
                   "positive, and a relu passes the gradient only where its input is positive.",
         "passes": "{c} = {formula} passes the gradient here: its input {node} = {value} is "
                   "positive, so the relu lets the upstream gradient {up} through unchanged.",
         "at": "{node} = 0, but a relu blocks the gradient below it, not at it: {node} still "
               "gets its consumers' gradient."},
        example="relu-gate z1 0"),
    Misconception(
        Mistake.ONE_CONSUMER, "forgot to sum over consumers", _ANY, rules.one_consumer,
        "{why}: add the contributions from every {what}.",
        example="reuse-sum b -8"),
    Misconception(
        Mistake.ACT_AT_INPUT, "an activation's derivative from its input",
        frozenset({"tanh", "sigmoid"}), rules.act_at_input,
        "That is the {gate} derivative written from the input {x}. For {c} = {formula} the "
        "local derivative {dc} = {symbol} is written from the gate's own output {c}, not "
        "from its input {x}.",
        example="neuron-tanh n 1 - n**2"),
    Misconception(
        Mistake.FUNC_NOT_DERIV, "the function instead of its derivative", rules.FUNCTION_GATES,
        rules.func_not_deriv,
        "That uses the function {formula} itself where its derivative is needed: "
        "{dc} = {symbol}.",
        example="neuron-tanh n tanh(n)"),
    Misconception(
        Mistake.DEGREES, "trigonometry in degrees", _ANY, rules.degrees,
        "That is the trigonometry taken in degrees. Angles here are in radians: type the "
        "expression (such as {symbol}) or set your calculator to radians.",
        {"chain": "That is {up} worked out with the trigonometry in degrees. Angles here are "
                  "in radians: type the expression, or set your calculator to radians."},
        example="dlbook-sin u4 0.809"),
    Misconception(
        Mistake.POWER_FACTOR, "the power rule without its factor",
        frozenset({"powc", "pow"}), rules.power(False),
        "The power rule has a factor in front: d(x**n)/dx = n * x**(n-1). For {formula} the "
        "factor n = {n} is missing.",
        example="dlbook-sin u3 6*cos(36)"),
    Misconception(
        Mistake.POWER_EXPONENT, "the power rule without lowering the exponent",
        frozenset({"powc", "pow"}), rules.power(True),
        "The power rule lowers the exponent by one: d(x**n)/dx = n * x**(n-1), not n * x**n "
        "(here n = {n}, in {formula}).",
        example="division-powers r 3*0.5**3"),
    Misconception(
        Mistake.AT_OUTPUT, "a local derivative at the gate's output", rules.AT_OUTPUT_GATES,
        rules.at_output,
        "That evaluates the local derivative at {c}, the gate's output. {dc} = {symbol} is "
        "evaluated at the gate's input {node}.",
        example="dlbook-sin u4 cos(u5)"),
    Misconception(
        Mistake.QUOTIENT, "the quotient rule", frozenset({"/"}), rules.quotient,
        "",
        {"den": "For the denominator of {formula}, d({a}/{b})/d{b} = -{a}/{b}**2: the square "
                "on {b} is missing.",
         "num": "For the numerator of {formula}, d({a}/{b})/d{a} = 1/{b}; -{a}/{b}**2 is the "
                "derivative for the denominator."},
        example="division-powers y 0.75*(-2/4)"),
    Misconception(
        Mistake.MUL_OWN_INPUT, "a multiply gate's own input", frozenset({"*"}), rules.mul_own_input,
        "{c} = {formula} is a multiply gate: {dc} is the other input, {other}, not {node} "
        "itself.",
        example="micrograd-labels b 6"),
    Misconception(
        Mistake.ADD_NOT_MUL, "added instead of multiplied", _ANY, rules.add_not_mul,
        "That adds the upstream gradient {up} and the local derivative {dc}; the chain rule "
        "multiplies them.",
        example="micrograd-labels a -5"),
    Misconception(
        Mistake.NO_UPSTREAM, "forgot the upstream gradient", _ANY, rules.no_upstream,
        "That is {dc}, the local derivative alone. Multiply by the upstream gradient {up}.",
        {"many": "That is the local derivatives alone, summed. Multiply each by its "
                 "consumer's upstream gradient d{out}/dC."},
        example="micrograd-labels e 1"),
    Misconception(
        Mistake.UPSTREAM_ONLY, "the upstream gradient alone", _ANY, rules.upstream_only,
        "That is {up}, the upstream gradient; multiply by the local derivative {dc}.",
        {"many": "That is {up}, an upstream gradient alone; multiply it by {dc}."},
        example="micrograd-labels a -2"),
    Misconception(
        Mistake.WRONG_UPSTREAM, "another node's gradient as the upstream", _ANY,
        rules.wrong_upstream,
        "That uses {other} as the upstream gradient. {node} feeds {c}, so the upstream "
        "gradient is {up}.",
        example="micrograd-labels b 12"),
    Misconception(
        Mistake.VALUE_NOT_GRAD, "the value instead of the gradient", _ANY, rules.value_not_grad,
        "That is {node}'s value, not {dv}.",
        example="micrograd-labels e -6"),
    Misconception(
        Mistake.SIGN, "a sign slip", _ANY, rules.sign,
        "Right size, wrong sign: {advice}",
        example="micrograd-labels a -6"),
    Misconception(
        Mistake.ROUNDING, "rounded too early", _ANY, rules.rounding,
        "Close, but not within the tolerance: keep more digits, or type the expression.",
        example="two-layer-net w12 -2*1.66"),
)
# fmt: on

BY_CODE: dict[Mistake, Misconception] = {row.code: row for row in TABLE}
PRIORITY: tuple[Mistake, ...] = tuple(row.code for row in TABLE)

#: What each code means, for lists and docs: code -> what the learner did.
DESCRIPTIONS: dict[str, str] = {row.code.value: row.name for row in TABLE}


@dataclass(frozen=True, slots=True)
class Match:
    """A row whose prediction fits the learner's answer."""

    code: Mistake
    """The row's code."""
    name: str
    """The row's short name."""
    message: str
    """The row's message, filled in for this node."""


def _fmt(x: float) -> str:
    """A node value for messages: ``-2``, ``0.7071``."""
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.4f}" if 1e-3 <= abs(x) < 1e9 else f"{x:.4g}"


def _fits(value: float, p: Prediction, want: float, graph: Graph) -> bool:
    """Whether ``value`` matches prediction ``p`` (and ``p`` is a wrong answer at all)."""
    tol = graph.lesson.tolerance
    if not math.isfinite(p.value):
        return False
    if p.band:  # a band around the right answer, outside the tolerance (rounding)
        return abs(value - p.value) <= p.band * abs(p.value)
    return not tol.close(p.value, want) and tol.close(value, p.value)


def match(graph: Graph, name: str, value: float) -> list[Match]:
    """Every row that explains ``value`` as the answer at node ``name``, in priority order.

    A right answer (within the lesson's tolerance) or a non-finite one matches nothing;
    a prediction equal to the right answer never counts. Each row matches at most once.
    """
    node = graph.nodes[name]
    want = node.grad
    if not math.isfinite(value) or graph.lesson.tolerance.close(value, want):
        return []
    ts = terms(graph, name)
    keys = {graph.nodes[t.consumer].key for t in ts}
    keys.add(node.key)
    base = {
        "node": name,
        "dv": d(graph.output, name),
        "out": graph.output,
        "value": _fmt(node.value),
    }
    found = []
    for row in TABLE:
        if row.gates is not None and not (keys & row.gates):
            continue
        for p in row.predict(graph, name, ts):
            if _fits(value, p, want, graph):
                found.append(Match(row.code, row.name, row.text(p, base)))
                break
    return found


def predictions(graph: Graph, name: str) -> list[tuple[Mistake, float]]:
    """Every (code, wrong value) the table predicts at ``name`` (for docs and tests)."""
    ts = terms(graph, name)
    want = graph.nodes[name].grad
    tol = graph.lesson.tolerance
    return [
        (row.code, p.value)
        for row in TABLE
        for p in row.predict(graph, name, ts)
        if not p.band and math.isfinite(p.value) and not tol.close(p.value, want)
    ]
