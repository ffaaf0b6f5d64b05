"""The table of misconceptions: one row per classic backprop mistake.

Each row has the same shape as an op in ``tutor.scalar.ops``: a code, the gates (consumer ops)
it applies to, a function that predicts the wrong value(s) a learner who makes this
mistake would type at a node, and a message template. Predictions read only the built
graph and the op table; they never look at the learner's answer.

Grading (``tutor.teach.grading``) compares an answer with every prediction of every row. A
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
from typing import Any

from tutor.graph.build import Graph
from tutor.teach import predictors as rules
from tutor.teach.predictors import Prediction, Predictor, Term, d, terms

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
    TRANSPOSE = "transpose"
    NO_BATCH_SUM = "no_batch_sum"
    WRONG_AXIS = "wrong_axis"
    MEAN_FACTOR = "mean_factor"
    BESSEL = "bessel"
    ELEMENTWISE_NOT_MATMUL = "elementwise_not_matmul"
    SCATTER_ASSIGN = "scatter_assign"
    MAX_ROUTE = "max_route"


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
    tensor: str = ""
    """Its predictor for tensor nodes (a key of ``tutor.tensor.predictors.PREDICTORS``;
    "" when the row does not apply to tensors). Messages of tensor predictions may use the
    variant ``tensor``."""

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
        example="micrograd-labels L 0", tensor="output_one"),
    Misconception(
        Mistake.TRANSPOSE, "the transpose of the gradient", _ANY, rules.nothing,
        "That is the transpose of the right answer ({dc} of {c} = {formula}): each gradient "
        "has its node's shape, so line the shapes up: for Z = X @ W, dX = dZ @ W.T and "
        "dW = X.T @ dZ.",
        {"whole": "That is the transpose of the right answer: {dv} has {node}'s shape "
                  "{shape}. For Z = X @ W, dX = dZ @ W.T and dW = X.T @ dZ."},
        example="makemore-ninja W2 dlogits_1.T @ h", tensor="transpose"),
    Misconception(
        Mistake.SCATTER_ASSIGN, "an embedding gradient that overwrites", _ANY, rules.nothing,
        "That writes each looked-up row's gradient into {node} with =, so a row used more "
        "than once keeps only its last gradient. {c} = {formula} uses some rows several "
        "times: add them up (scatter_add, np.add.at).",
        example="makemore-ninja C scatter(demb, Xb, 27)", tensor="scatter_assign"),
    Misconception(
        Mistake.MAX_ROUTE, "a max's gradient spread over the row", _ANY, rules.nothing,
        "A max passes its gradient only to the (first) maximum of each row: in "
        "{c} = {formula} every other entry gets 0 (onehot(argmax(...)) times the upstream), "
        "not a share of it.",
        example="max-route A ones_like(A) * dm", tensor="max_route"),
    Misconception(
        Mistake.BESSEL, "n instead of n - 1 in a variance", _ANY, rules.nothing,
        "Check the count: {c} = {formula} divides by {k} (Bessel's correction uses n - 1 "
        "for a sample variance), and its gradient divides by the same {k}.",
        example="makemore-ninja bnvar_1 dbnvar / 32", tensor="bessel"),
    Misconception(
        Mistake.MEAN_FACTOR, "the 1/n of a mean", _ANY, rules.nothing,
        "",
        {"missing": "The 1/n of {mean} is missing: a mean over {n} elements gives each of "
                    "them 1/{n} of the upstream gradient.",
         "twice": "The 1/n of {mean} is applied twice: divide by {n} once, where the mean "
                  "is."},
        example="makemore-ninja loss_1 -ones_like(loss_1)", tensor="mean_factor"),
    Misconception(
        Mistake.NO_BATCH_SUM, "a broadcast operand not summed", _ANY, rules.nothing,
        "{node} {shape} was broadcast in {c} = {formula} (shape {cshape}): its gradient "
        "must be summed over the axis it was stretched along (axis {axes}), as the forward "
        "pass reused it for every row.",
        example="makemore-ninja b2 dlogits", tensor="no_batch_sum"),
    Misconception(
        Mistake.WRONG_AXIS, "summed over the wrong axis", _ANY, rules.nothing,
        "That sums over the wrong axis or drops keepdims: {node} {shape} was broadcast in "
        "{c} = {formula} along axis {axes}, so sum over axis {axes} and keep {node}'s shape.",
        example="makemore-ninja b2 sum(dlogits, axis=1)", tensor="wrong_axis"),
    Misconception(
        Mistake.ELEMENTWISE_NOT_MATMUL, "* and @ confused", _ANY, rules.nothing,
        "That mixes up * and @ in {c} = {formula}: an elementwise product's gradient is "
        "elementwise (*), a matrix product's gradient is a matrix product (@) with a "
        "transpose.",
        example="makemore-ninja bnraw dhpreact_1 @ bngain.T", tensor="elementwise_not_matmul"),
    Misconception(
        Mistake.RELU_GATE, "a relu passing or blocking wrongly", frozenset({"relu"}),
        rules.relu_gate,
        "",
        {"blocks": "{c} = {formula} blocks the gradient here: its input {node} = {value} is not "
                   "positive, and a relu passes the gradient only where its input is positive.",
         "passes": "{c} = {formula} passes the gradient here: its input {node} = {value} is "
                   "positive, so the relu lets the upstream gradient {up} through unchanged.",
         "at": "{node} = 0, but a relu blocks the gradient below it, not at it: {node} still "
               "gets its consumers' gradient.",
         "tensor": "{c} = {formula} passes the gradient only where its input {node} is "
                   "positive and blocks it (0) elsewhere: multiply by the mask ({node} > 0)."},
        example="relu-gate z1 0", tensor="relu_gate"),
    Misconception(
        Mistake.ONE_CONSUMER, "forgot to sum over consumers", _ANY, rules.one_consumer,
        "{why}: add the contributions from every {what}.",
        example="reuse-sum b -8", tensor="one_consumer"),
    Misconception(
        Mistake.ACT_AT_INPUT, "an activation's derivative from its input",
        frozenset({"tanh", "sigmoid"}), rules.act_at_input,
        "That is the {gate} derivative written from the input {x}. For {c} = {formula} the "
        "local derivative {dc} = {symbol} is written from the gate's own output {c}, not "
        "from its input {x}.",
        {"tensor": "That is the {gate} derivative written from the input {x}. For "
                   "{c} = {formula} the local derivative is written from the gate's own "
                   "output {c}, elementwise, not from its input {x}."},
        example="neuron-tanh n 1 - n**2", tensor="act_at_input"),
    Misconception(
        Mistake.FUNC_NOT_DERIV, "the function instead of its derivative", rules.FUNCTION_GATES,
        rules.func_not_deriv,
        "That uses the function {formula} itself where its derivative is needed: "
        "{dc} = {symbol}.",
        {"tensor": "That uses the function {formula} itself where its derivative is "
                   "needed, elementwise."},
        example="neuron-tanh n tanh(n)", tensor="func_not_deriv"),
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
        example="dlbook-sin u3 6*cos(36)", tensor="power_factor"),
    Misconception(
        Mistake.POWER_EXPONENT, "the power rule without lowering the exponent",
        frozenset({"powc", "pow"}), rules.power(True),
        "The power rule lowers the exponent by one: d(x**n)/dx = n * x**(n-1), not n * x**n "
        "(here n = {n}, in {formula}).",
        example="division-powers r 3*0.5**3", tensor="power_exponent"),
    Misconception(
        Mistake.AT_OUTPUT, "a local derivative at the gate's output", rules.AT_OUTPUT_GATES,
        rules.at_output,
        "That evaluates the local derivative at {c}, the gate's output. {dc} = {symbol} is "
        "evaluated at the gate's input {node}.",
        {"tensor": "That evaluates the local derivative at {c}, the gate's output: for "
                   "{c} = {formula} it is evaluated at the gate's input {node}."},
        example="dlbook-sin u4 cos(u5)", tensor="at_output"),
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
                 "consumer's upstream gradient d{out}/dC.",
         "tensor": "That is the local derivative of {c} = {formula} alone (as if the "
                   "upstream gradient were all ones). Multiply by the upstream gradient "
                   "{up}."},
        example="micrograd-labels e 1", tensor="no_upstream"),
    Misconception(
        Mistake.UPSTREAM_ONLY, "the upstream gradient alone", _ANY, rules.upstream_only,
        "That is {up}, the upstream gradient; multiply by the local derivative {dc}.",
        {"many": "That is {up}, an upstream gradient alone; multiply it by {dc}."},
        example="micrograd-labels a -2", tensor="upstream_only"),
    Misconception(
        Mistake.WRONG_UPSTREAM, "another node's gradient as the upstream", _ANY,
        rules.wrong_upstream,
        "That uses {other} as the upstream gradient. {node} feeds {c}, so the upstream "
        "gradient is {up}.",
        example="micrograd-labels b 12"),
    Misconception(
        Mistake.VALUE_NOT_GRAD, "the value instead of the gradient", _ANY, rules.value_not_grad,
        "That is {node}'s value, not {dv}.",
        example="micrograd-labels e -6", tensor="value_not_grad"),
    Misconception(
        Mistake.SIGN, "a sign slip", _ANY, rules.sign,
        "Right size, wrong sign: {advice}",
        example="micrograd-labels a -6", tensor="sign"),
    Misconception(
        Mistake.ROUNDING, "rounded too early", _ANY, rules.rounding,
        "Close, but not within the tolerance: keep more digits, or type the expression.",
        example="two-layer-net w12 -2*1.66"),
)
# fmt: on

BY_CODE: dict[Mistake, Misconception] = {row.code: row for row in TABLE}
PRIORITY: tuple[Mistake, ...] = tuple(row.code for row in TABLE)

#: Codes of the rows that apply to tensor nodes only (no scalar prediction).
TENSOR_ONLY: frozenset[Mistake] = frozenset(
    row.code for row in TABLE if row.predict is rules.nothing
)

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


def _fits(value: float, p: Prediction, want: float, graph: Graph[Any]) -> bool:
    """Whether ``value`` matches prediction ``p`` (and ``p`` is a wrong answer at all)."""
    tol = graph.lesson.tolerance
    if not math.isfinite(p.value):
        return False
    if p.band:  # a band around the right answer, outside the tolerance (rounding)
        return bool(abs(value - p.value) <= p.band * abs(p.value))
    return not tol.close(p.value, want) and tol.close(value, p.value)


def match(graph: Graph[Any], name: str, value: float) -> list[Match]:
    """Every row that explains ``value`` as the answer at node ``name``, in priority order.

    A right answer (within the lesson's tolerance) or a non-finite one matches nothing;
    a prediction equal to the right answer never counts. Each row matches at most once.
    """
    if graph.kind.name == "tensor":
        return _match_tensor(graph, name, value)
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


def _match_tensor(graph: Graph[Any], name: str, value: object) -> list[Match]:
    """``match`` for a tensor node: the rows' tensor predictors, compared elementwise."""
    import numpy as np

    from tutor.tensor import predictors as tm

    tol = graph.lesson.tolerance
    want = np.asarray(graph.nodes[name].grad)
    answer = np.asarray(value, dtype=np.float64)
    if tm.close(answer, want, tol):
        return []
    ts = tm.terms(graph, name)
    base = tm.base(graph, name)
    found = []
    for row in TABLE:
        if not row.tensor:
            continue
        for p in tm.PREDICTORS[row.tensor](graph, name, ts):
            if tm.fits(answer, p, want, tol):
                found.append(Match(row.code, row.name, row.text(p, base)))
                break
    return found


def predictions(graph: Graph[Any], name: str) -> list[tuple[Mistake, float]]:
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
