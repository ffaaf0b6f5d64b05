"""The codes of the classic backprop mistakes, and what a predictor of one yields.

A bottom module (it imports nothing from ``tutor``), so that op rows can name the mistake
each of their slips is (``tutor.scalar.ops``, ``tutor.tensor.ops``) and both kinds'
predictors can yield ``Prediction``s. Everything else about a mistake (its human names,
skill, predictors, messages and example) is its row of the one catalogue,
``tutor.teach.misconceptions.TABLE``; a test keeps one row per member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

#: What a prediction holds: a float (scalar lessons) or a NumPy array (tensor lessons).
V = TypeVar("V")


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
    OTHER_OPERAND = "other_operand"
    NO_BATCH_SUM = "no_batch_sum"
    WRONG_AXIS = "wrong_axis"
    KEEPDIMS = "keepdims"
    MEAN_FACTOR = "mean_factor"
    BESSEL = "bessel"
    ELEMENTWISE_NOT_MATMUL = "elementwise_not_matmul"
    SCATTER_ASSIGN = "scatter_assign"
    MAX_ROUTE = "max_route"
    CONV_FLIP = "conv_flip"
    CONV_NO_ACCUMULATE = "conv_no_accumulate"
    MASKED_GRAD = "masked_grad"
    LOCAL_FORMULA = "local_formula"
    MEAN_NOT_SUM = "mean_not_sum"
    PICK_SPREAD = "pick_spread"
    SOFTMAX_DIAG = "softmax_diag"
    DROPPED_SCALE = "dropped_scale"


@dataclass(frozen=True, slots=True)
class Prediction(Generic[V]):
    """A wrong value one misconception predicts, with the words that fill its message."""

    value: V
    """What the learner would type: a float (a NumPy array, for a tensor node)."""
    fill: dict[str, str] = field(default_factory=dict)
    """Placeholders of the row's message (``{c}``, ``{dc}``, ...)."""
    variant: str = ""
    """Which of the row's messages to use (``""`` is ``message``)."""
    band: float = 0.0
    """Relative width of the match around ``value`` (0: the lesson's tolerance)."""
