"""The skills of the chain rule: the ``Skill`` enum and how each reads on screen.

A bottom module (it imports nothing from ``tutor``), so that op rows
(``tutor.scalar.ops``, ``tutor.tensor.ops``) and the rows of the misconception catalogue
(``tutor.teach.misconceptions``) can name the skill they belong to. What a question
practises is worked out in ``tutor.progress.skills``.
"""

from __future__ import annotations

from enum import StrEnum


class Skill(StrEnum):
    """One skill of the chain rule (the value is saved in progress data: keep it stable)."""

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
