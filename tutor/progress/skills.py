"""Skills: what one gradient question practises, and where each mistake belongs.

A question "dL/dx = ?" practises the gates that consume ``x`` (their local derivatives
are what the learner must know) and up to three concepts: multiplying by an upstream
gradient that is not 1, summing over several uses, and keeping a sign. Both tables
below are read by the review scheduler and the stats; a test keeps ``GATE_SKILL``
complete for every op of the op table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tutor.teach.misconceptions import Mistake

if TYPE_CHECKING:
    from tutor.graph.build import Graph


class Skill(StrEnum):
    """One skill of the chain rule on scalar graphs."""

    ADD = "add"
    """Add and subtract gates: the gradient passes through (with its sign for ``-``)."""
    MUL = "mul"
    """Multiply gates: each input gets the other input times the upstream gradient."""
    DIV = "div"
    """Division: the quotient rule."""
    POW = "pow"
    """Powers and square roots: the power rule."""
    EXP = "exp"
    """The exponential: its derivative is itself."""
    LOG = "log"
    """The natural logarithm: 1/x."""
    TANH = "tanh"
    """tanh: 1 - tanh(x)**2, read off the output."""
    SIGMOID = "sigmoid"
    """The sigmoid (and softplus, whose derivative it is): s * (1 - s)."""
    RELU = "relu"
    """relu and leaky relu: pass or block."""
    TRIG = "trig"
    """sin and cos, in radians."""
    UPSTREAM = "upstream"
    """The chain itself: multiply the local derivative by the upstream gradient."""
    SUM = "sum"
    """A value used more than once sums the gradient from every use."""
    SIGN = "sign"
    """Negations, subtractions and negative local derivatives keep their sign."""
    MATMUL = "matmul"
    """Matrix products and transposes: dW = X.T @ dY, dX = dY @ W.T (shapes decide)."""
    BROADCAST = "broadcast"
    """A broadcast operand (a bias) sums its gradient over the broadcast axis."""
    REDUCE = "reduce"
    """sum, mean and max over an axis: the right axis, keepdims, the 1/n, the argmax."""
    SOFTMAX = "softmax"
    """softmax and log_softmax, fused cross-entropy: (softmax - onehot) / n."""
    GATHER = "gather"
    """pick and take (embeddings): the gradient scatters back, adding repeated indices."""


#: How each skill reads on screen.
TITLES: dict[Skill, str] = {
    Skill.ADD: "add and subtract gates",
    Skill.MUL: "multiply gates",
    Skill.DIV: "division",
    Skill.POW: "powers",
    Skill.EXP: "exp",
    Skill.LOG: "log",
    Skill.TANH: "tanh",
    Skill.SIGMOID: "sigmoid",
    Skill.RELU: "relu",
    Skill.TRIG: "sin and cos",
    Skill.UPSTREAM: "the upstream chain",
    Skill.SUM: "summing over consumers",
    Skill.SIGN: "signs",
    Skill.MATMUL: "matrix products",
    Skill.BROADCAST: "broadcasting and bias sums",
    Skill.REDUCE: "sums, means and maxima over an axis",
    Skill.SOFTMAX: "softmax and cross-entropy",
    Skill.GATHER: "picking and embedding lookups",
}

#: The skill of each tensor op (``tutor.tensor.ops.TOPS`` keys) that has no scalar twin.
TENSOR_SKILL: dict[str, Skill] = {
    "matmul": Skill.MATMUL,
    "transpose": Skill.MATMUL,
    "reshape": Skill.MATMUL,
    "sum": Skill.REDUCE,
    "mean": Skill.REDUCE,
    "max": Skill.REDUCE,
    "softmax": Skill.SOFTMAX,
    "log_softmax": Skill.SOFTMAX,
    "onehot": Skill.SOFTMAX,
    "pick": Skill.GATHER,
    "take": Skill.GATHER,
}

#: The gate skill of each op of the op table (``tutor.scalar.ops.OPS`` keys).
GATE_SKILL: dict[str, Skill] = {
    "+": Skill.ADD,
    "-": Skill.ADD,
    "neg": Skill.SIGN,
    "*": Skill.MUL,
    "/": Skill.DIV,
    "powc": Skill.POW,
    "pow": Skill.POW,
    "sqrt": Skill.POW,
    "exp": Skill.EXP,
    "log": Skill.LOG,
    "tanh": Skill.TANH,
    "sigmoid": Skill.SIGMOID,
    "softplus": Skill.SIGMOID,
    "relu": Skill.RELU,
    "leaky_relu": Skill.RELU,
    "abs": Skill.SIGN,
    "sin": Skill.TRIG,
    "cos": Skill.TRIG,
}

#: The skill each diagnosed mistake belongs to (codes of the misconception table). A code
#: that is about the gate where it happened (``func_not_deriv``) is absent: it belongs to
#: that gate's skill. ``rounding`` is about digits, not the chain rule: no skill.
MISTAKE_SKILL: dict[str, Skill | None] = {
    Mistake.OUTPUT_ONE: Skill.UPSTREAM,
    Mistake.NO_UPSTREAM: Skill.UPSTREAM,
    Mistake.ADD_NOT_MUL: Skill.UPSTREAM,
    Mistake.WRONG_UPSTREAM: Skill.UPSTREAM,
    Mistake.VALUE_NOT_GRAD: Skill.UPSTREAM,
    Mistake.ONE_CONSUMER: Skill.SUM,
    Mistake.SIGN: Skill.SIGN,
    Mistake.MUL_OWN_INPUT: Skill.MUL,
    Mistake.ACT_AT_INPUT: Skill.TANH,
    Mistake.DEGREES: Skill.TRIG,
    Mistake.POWER_FACTOR: Skill.POW,
    Mistake.POWER_EXPONENT: Skill.POW,
    Mistake.QUOTIENT: Skill.DIV,
    Mistake.RELU_GATE: Skill.RELU,
    Mistake.ROUNDING: None,
    Mistake.TRANSPOSE: Skill.MATMUL,
    Mistake.ELEMENTWISE_NOT_MATMUL: Skill.MATMUL,
    Mistake.NO_BATCH_SUM: Skill.BROADCAST,
    Mistake.WRONG_AXIS: Skill.REDUCE,
    Mistake.MEAN_FACTOR: Skill.REDUCE,
    Mistake.BESSEL: Skill.REDUCE,
    Mistake.MAX_ROUTE: Skill.REDUCE,
    Mistake.SCATTER_ASSIGN: Skill.GATHER,
}


def skills_of(graph: Graph[Any], name: str) -> tuple[Skill, ...]:
    """The skills that answering dL/d``name`` practises, in a fixed order.

    The output's own gradient (always 1) practises the start of the chain only.
    """
    if graph.kind.name == "tensor":
        return _tensor_skills(graph, name)
    node = graph[name]
    if name == graph.output:
        return (Skill.UPSTREAM,)
    found: set[Skill] = set()
    for consumer_name in node.consumers:
        consumer = graph[consumer_name]
        if consumer.key is not None and consumer.key in GATE_SKILL:
            found.add(GATE_SKILL[consumer.key])
        if consumer_name != graph.output and consumer.grad not in (1.0, -1.0):
            found.add(Skill.UPSTREAM)
        for operand, local in zip(consumer.inputs, consumer.local, strict=False):
            if operand == name and local < 0:
                found.add(Skill.SIGN)
    if sum(node.uses.values()) > 1:
        found.add(Skill.SUM)
    return tuple(s for s in Skill if s in found)


def mistake_skill(code: str, graph: Graph[Any], name: str) -> Skill | None:
    """The skill a diagnosed ``code`` at node ``name`` counts against (None: no skill)."""
    if code in MISTAKE_SKILL:
        return MISTAKE_SKILL[code]
    gates = [s for s in skills_of(graph, name) if s not in (Skill.UPSTREAM, Skill.SUM)]
    return gates[0] if gates else Skill.UPSTREAM


def _tensor_skills(graph: Graph[Any], name: str) -> tuple[Skill, ...]:
    """The skills of a tensor question: its consumers' gates, broadcasting, the chain."""
    node = graph[name]
    if name == graph.output:
        return (Skill.UPSTREAM,)
    found: set[Skill] = {Skill.UPSTREAM} if graph.output not in node.consumers else set()
    shape = getattr(node, "shape", ())
    for consumer_name in node.consumers:
        consumer = graph[consumer_name]
        key = consumer.key or ""
        skill = TENSOR_SKILL.get(key) or GATE_SKILL.get(key)
        if skill is not None:
            found.add(skill)
        if key in ("+", "-", "*", "/") and tuple(getattr(consumer, "shape", ())) != tuple(shape):
            found.add(Skill.BROADCAST)  # this operand was broadcast: its gradient sums back
    if sum(node.uses.values()) > 1:
        found.add(Skill.SUM)
    return tuple(s for s in Skill if s in found)
