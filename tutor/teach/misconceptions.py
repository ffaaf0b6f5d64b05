"""The one catalogue of misconceptions: one row per classic backprop mistake.

A row has the same shape as an op row (``tutor.scalar.ops``, ``tutor.tensor.ops``): its
code (a ``tutor.mistakes.Mistake``), its human names, the skill it counts against, a
predictor per kind of lesson (the wrong values a learner who makes this mistake would
type at a node, read from the built graph and the op rows only, never from the answer),
its messages and a worked example. Every other view of the mistakes is computed from
these rows: ``MISTAKE_SKILL`` (``tutor.progress.skills``), the review reasons and stats
names (``mistake_name``), ``docs/misconceptions.md``
(``tutor.authoring.catalogue_doc``).

Grading (``tutor.teach.grading``) compares an answer with every prediction of every row,
with the row's predictor for the graph's kind (``row.predictors[graph.kind.name]``). A
prediction counts only when it differs from the right answer. When several rows predict
the answer, ``PRIORITY`` (the order of ``TABLE``) picks the one named first and the
message names the others too; every match is reported.

The gradient of node V is a sum of terms, one per use of V by a consumer C:
``dL/dC * dC/dV``. Most rows replace one term (the mistake made on one path) and keep the
others, so a node with several consumers is diagnosed as well as a node with one.
Tensor predictors live in ``tutor.tensor.predictors`` (they need NumPy): a row names
them with ``TensorPredictor``, imported only when a tensor graph is matched. The row's
dataclass is ``tutor.teach.misconception_row.Misconception`` (with ``Match``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.kind import KindName
from tutor.mistakes import Mistake, Prediction
from tutor.skills import Skill
from tutor.teach import predictors as rules
from tutor.teach.misconception_row import Match, Misconception
from tutor.teach.predictor_kinds import GATE, READINGS, Predictors
from tutor.teach.predictor_kinds import axes as _axes
from tutor.teach.predictor_kinds import on as _on
from tutor.teach.predictor_kinds import scales as _scales
from tutor.teach.predictor_kinds import slip_predictors as _slips
from tutor.teach.predictor_kinds import statistics as _stats
from tutor.teach.predictors import Term, terms

if TYPE_CHECKING:
    from tutor.graph.build import Graph

__all__ = ["GATE", "Match", "Misconception", "Prediction", "Term", "match", "terms"]


# fmt: off
#: The catalogue, in priority order: when several rows predict an answer, the first is named.
TABLE: tuple[Misconception, ...] = (
    Misconception(
        Mistake.OUTPUT_ONE, "a wrong start at the output",
        Skill.UPSTREAM, _on(rules.output_one, "output_one"),
        "{dv} is the output's gradient with respect to itself: if {out} moves by a small h, "
        "how far does {out} move?",
        example="micrograd-labels L 0"),
    Misconception(
        Mistake.TRANSPOSE, "the transpose of the gradient", Skill.MATMUL, _on(None, "transpose"),
        "That is the transpose of the right answer ({dc} of {c} = {formula}): each gradient "
        "has its node's shape, so line the shapes up: for Z = X @ W, dX = dZ @ W.T and "
        "dW = X.T @ dZ.",
        {"whole": "That is the transpose of the right answer: {dv} has the shape "
                  "of {node}, {shape}. For Z = X @ W, dX = dZ @ W.T and dW = X.T @ dZ."},
        example="makemore-ninja W2 dlogits_1.T @ h"),
    Misconception(
        Mistake.OTHER_OPERAND, "the other operand's matrix-product rule",
        Skill.MATMUL,
        _slips(Mistake.OTHER_OPERAND, scalar=False),
        "That is {wrong}: the other operand's rule, built from {node} itself. In "
        "{c} = {formula} each operand's gradient is built from the other operand: "
        "{dv} = {rule}.",
        example="linear-layer W dXW @ W.T"),
    Misconception(
        Mistake.SCATTER_ASSIGN, "an embedding gradient that overwrites",
        Skill.GATHER,
        _slips(Mistake.SCATTER_ASSIGN, scalar=False),
        "That writes each looked-up row's gradient into {node} with =, so a row used more "
        "than once keeps only its last gradient. {c} = {formula} uses some rows several "
        "times: add them up (scatter_add, np.add.at).",
        example="makemore-ninja C scatter(demb, Xb, 27)"),
    Misconception(
        Mistake.MAX_ROUTE, "a max's gradient spread over the row",
        Skill.REDUCE,
        _slips(Mistake.MAX_ROUTE, scalar=False),
        "A max passes its gradient only to the (first) maximum of each row (of each "
        "window, in a max-pool): in {c} = {formula} every other entry gets 0 "
        "({winners} times the upstream), not a share of it.",
        example="max-route A ones_like(A) * dm"),
    Misconception(
        Mistake.CONV_FLIP, "a convolution's kernel not flipped for dX",
        Skill.MATMUL,
        _slips(Mistake.CONV_FLIP, scalar=False),
        "That spreads {up} back through the kernel unflipped. In {c} = {formula}, output "
        "(i, j) reads pixel (i + p, j + q) through kernel entry (p, q), so going back each "
        "pixel collects the outputs through the entries that read it: the kernel turned "
        "round (flipped). conv_transpose2d flips it itself: flipping W as well undoes that.",
        example="conv-naive X conv_transpose2d(dY, flip(W, axis=(2, 3)))"),
    Misconception(
        Mistake.CONV_NO_ACCUMULATE, "a convolution's dW not summed over positions",
        Skill.MATMUL,
        _slips(Mistake.CONV_NO_ACCUMULATE, scalar=False),
        "That is the gradient of {node} from {which} only. In {c} = {formula} the same kernel "
        "weights are used at every position of every image: add the contributions of all "
        "of them.",
        example="conv-naive W permute(conv2d(permute(X[0:1], (1, 0, 2, 3)), "
                "permute(dY[0:1], (1, 0, 2, 3))), (1, 0, 2, 3))"),
    Misconception(
        Mistake.MASKED_GRAD, "masked positions given a gradient",
        GATE,
        _slips(Mistake.MASKED_GRAD, scalar=False),
        "That gives every position a gradient, the masked ones too. In {c} = {formula}, "
        "{node} is used only where the mask keeps it: its gradient is {up} there and 0 "
        "elsewhere, so multiply by the mask (or use where).",
        example="dropout h dhd_1"),
    Misconception(
        Mistake.PICK_SPREAD, "a pick's gradient spread over the row",
        Skill.GATHER,
        _slips(Mistake.PICK_SPREAD, scalar=False),
        "A pick passes its gradient only to the entry it picked in each row: in "
        "{c} = {formula} every other entry of {node} gets 0, not a copy of the upstream.",
        example="cross-entropy-steps logprobs ones_like(logprobs) * dloss_1[:, None]"),
    Misconception(
        Mistake.SOFTMAX_DIAG, "softmax's Jacobian taken as its diagonal",
        Skill.SOFTMAX,
        _slips(Mistake.SOFTMAX_DIAG, scalar=False),
        "That keeps only the diagonal of the Jacobian of {c} = {formula} (p * (1 - p) for "
        "softmax): every output of a row depends on every input of that row, so the "
        "-p_i * p_j terms stay; subtract the row's sum of the upstream times the output "
        "first.",
        example="causal-attention masked datt * att * (1 - att)"),
    Misconception(
        Mistake.BESSEL, "n instead of n - 1 in a variance",
        Skill.REDUCE, _slips(Mistake.BESSEL, scalar=False),
        "Check the count: {c} = {formula} divides by {k} (Bessel's correction uses n - 1 "
        "for a sample variance), and its gradient divides by the same {k}.",
        example="makemore-ninja bnvar_1 dbnvar / 32"),
    Misconception(
        Mistake.MEAN_NOT_SUM, "a mean where a broadcast needs a sum",
        Skill.BROADCAST,
        Predictors(scalar=None, tensor=_scales("mean_not_sum")),
        "That averages over {axes}: {node} {shape} was broadcast in {c} = {formula}, "
        "used once for {reused}, so the {n} gradients it received add up: a sum, not a "
        "mean.",
        example="makemore-ninja b2 mean(dlogits, axis=0)"),
    Misconception(
        Mistake.MEAN_FACTOR, "the 1/n of a mean", Skill.REDUCE, _on(None, "mean_factor"),
        "",
        {"missing": "The 1/n of {mean} is missing: a mean over {n} elements gives each of "
                    "them 1/{n} of the upstream gradient.",
         "twice": "The 1/n of {mean} is applied twice: divide by {n} once, where the mean "
                  "is."},
        example="makemore-ninja loss_1 -ones_like(loss_1)"),
    Misconception(
        Mistake.DROPPED_SCALE, "a constant scale dropped",
        Skill.UPSTREAM, Predictors(scalar=rules.dropped_scale, tensor=_scales("dropped_scale")),
        "{c} = {formula} scales {node} by a constant, and the backward pass scales its "
        "gradient by the same constant: multiply {up} by {dc}.",
        {"tensor": "{c} = {formula} scales {node} by a constant (as 1/sqrt(d) in attention "
                   "or 1/(1 - p) in dropout), and the backward pass scales its gradient by "
                   "the same constant: multiply {up} by it.",
         "inverted": "That scales the gradient the wrong way round: {c} = {formula} "
                     "scales {node} by a constant, and the backward pass scales {up} by the "
                     "same constant, not by its inverse."},
        example="causal-attention qk dscores"),
    Misconception(
        Mistake.NO_BATCH_SUM, "a broadcast operand not summed",
        Skill.BROADCAST, _on(None, "no_batch_sum"),
        "{node} {shape} was broadcast in {c} = {formula} (shape {cshape}): its gradient "
        "must be summed along {axes}, where it was stretched, as the forward pass reused "
        "it for {reused}.",
        example="makemore-ninja b2 dlogits"),
    Misconception(
        Mistake.WRONG_AXIS, "summed over the wrong axis",
        Skill.REDUCE, Predictors(scalar=None, tensor=_axes("wrong_axis")),
        "That sums over the wrong axis: {node} {shape} was broadcast in {c} = {formula} "
        "along {axes}, so sum over {axes} and keep the shape of {node}.",
        example="makemore-ninja b2 sum(dlogits, axis=1)"),
    Misconception(
        Mistake.KEEPDIMS, "a sum's keepdims dropped or added",
        Skill.REDUCE, Predictors(scalar=None, tensor=_axes("keepdims")),
        "That sums over the right axes, {keep}: the sum has shape {got}, and {node} has "
        "shape {shape}. {node} was broadcast in {c} = {formula} along {axes}, so "
        "{dv} = {symbol}.",
        example="makemore-ninja bnbias sum(dhpreact, axis=0)"),
    Misconception(
        Mistake.ELEMENTWISE_NOT_MATMUL, "* and @ confused",
        Skill.MATMUL, _slips(Mistake.ELEMENTWISE_NOT_MATMUL, scalar=False),
        "That mixes up * and @ in {c} = {formula}: an elementwise product's gradient is "
        "elementwise (*), a matrix product's gradient is a matrix product (@) with a "
        "transpose.",
        example="makemore-ninja bnraw dhpreact_1 @ bngain.T"),
    Misconception(
        Mistake.RELU_GATE, "a relu passing or blocking wrongly",
        Skill.RELU, _slips(Mistake.RELU_GATE),
        "",
        {"blocks": "{c} = {formula} blocks the gradient here: its input {node} = {value} is not "
                   "positive, and a relu passes the gradient only where its input is positive.",
         "passes": "{c} = {formula} passes the gradient here: its input {node} = {value} is "
                   "positive, so the relu lets the upstream gradient {up} through unchanged.",
         "at": "{node} = 0, but a relu blocks the gradient below it, not at it: {node} still "
               "gets its consumers' gradient.",
         "tensor": "{c} = {formula} passes the gradient only where its input {node} is "
                   "positive and blocks it (0) elsewhere: multiply by the mask ({node} > 0)."},
        example="relu-gate z1 0"),
    Misconception(
        Mistake.ONE_CONSUMER, "forgot to sum over consumers",
        Skill.SUM, _on(rules.one_consumer, _stats("one_consumer")),
        "{why}: add the contributions from every {what}.",
        {"missing": "{why}: the contribution through {missing} is missing; add the "
                    "contributions from every {what}.",
         "frozen": "That treats {stats} as {constants}, but {stats} {depend} on {node} too: "
                   "add the contributions that flow back through {them}."},
        example="reuse-sum b -8"),
    Misconception(
        Mistake.ACT_AT_INPUT, "an activation's derivative from its input",
        Skill.TANH,
        _slips(Mistake.ACT_AT_INPUT),
        "That is the {gate} derivative written from the input {x}. For {c} = {formula} the "
        "local derivative {dc} = {symbol} is written from the gate's own output {c}, not "
        "from its input {x}.",
        {"tensor": "That is the {gate} derivative written from the input {x}. For "
                   "{c} = {formula} the local derivative is written from the gate's own "
                   "output {c}, elementwise, not from its input {x}."},
        example="neuron-tanh n 1 - n**2"),
    Misconception(
        Mistake.FUNC_NOT_DERIV, "the function instead of its derivative",
        GATE,
        _slips(Mistake.FUNC_NOT_DERIV),
        "That uses the function {formula} itself where its derivative is needed: "
        "{dc} = {symbol}.",
        {"tensor": "That uses the function {formula} itself where its derivative is "
                   "needed, elementwise."},
        example="neuron-tanh n tanh(n)"),
    Misconception(
        Mistake.LOCAL_FORMULA, "a misremembered local derivative",
        GATE, _slips(Mistake.LOCAL_FORMULA),
        "That takes {gate}' as {wrong}: for {c} = {formula}, {dc} = {symbol}.",
        {"tensor": "That takes {gate}' as {wrong}, elementwise: for {c} = {formula}, "
                   "{gate}' is {rule}."},
        example="neuron-tanh n o**2"),
    Misconception(
        Mistake.DEGREES, "trigonometry in degrees", Skill.TRIG, _on(rules.degrees),
        "That is the trigonometry taken in degrees. Angles here are in radians: set your "
        "calculator to radians, or type the expression itself instead of a number.",
        {"chain": "That is {up} worked out with the trigonometry in degrees. Angles here are "
                  "in radians: type the expression, or set your calculator to radians."},
        example="dlbook-sin u4 0.809"),
    Misconception(
        Mistake.POWER_FACTOR, "the power rule without its factor",
        Skill.POW,
        _slips(Mistake.POWER_FACTOR),
        "The power rule has a factor in front: d(x**n)/dx = n * x**(n-1). For {formula} the "
        "factor n = {n} is missing.",
        example="dlbook-sin u3 6*cos(36)"),
    Misconception(
        Mistake.POWER_EXPONENT, "the power rule without lowering the exponent",
        Skill.POW,
        _slips(Mistake.POWER_EXPONENT),
        "The power rule lowers the exponent by one: d(x**n)/dx = n * x**(n-1), not n * x**n "
        "(here n = {n}, in {formula}).",
        example="division-powers r 3*0.5**3"),
    Misconception(
        Mistake.AT_OUTPUT, "a local derivative at the gate's output",
        GATE,
        _slips(Mistake.AT_OUTPUT),
        "That evaluates the local derivative at {c}, the gate's output. {dc} = {symbol} is "
        "evaluated at the gate's input {node}.",
        {"tensor": "That evaluates the local derivative at {c}, the gate's output: for "
                   "{c} = {formula} it is evaluated at the gate's input {node}."},
        example="dlbook-sin u4 cos(u5)"),
    Misconception(
        Mistake.QUOTIENT, "the quotient rule", Skill.DIV, _slips(Mistake.QUOTIENT, tensor=False),
        "",
        {"den": "For the denominator of {formula}, d({a}/{b})/d{b} = -{a}/{b}**2: the square "
                "on {b} is missing.",
         "num": "For the numerator of {formula}, d({a}/{b})/d{a} = 1/{b}; -{a}/{b}**2 is the "
                "derivative for the denominator."},
        example="division-powers y 0.75*(-2/4)"),
    Misconception(
        Mistake.MUL_OWN_INPUT, "a multiply gate's own input",
        Skill.MUL, _slips(Mistake.MUL_OWN_INPUT),
        "{c} = {formula} is a multiply gate: {dc} is the other input, {other}, not {node} "
        "itself.",
        example="micrograd-labels b 6"),
    Misconception(
        Mistake.ADD_NOT_MUL, "added instead of multiplied",
        Skill.UPSTREAM,
        _on(rules.add_not_mul),
        "That adds the upstream gradient {up} and the local derivative {dc}; the chain rule "
        "multiplies them.",
        example="micrograd-labels a -5"),
    Misconception(
        Mistake.NO_UPSTREAM, "forgot the upstream gradient",
        Skill.UPSTREAM, _on(rules.no_upstream, "no_upstream"),
        "That is {dc}, the local derivative alone. Multiply by the upstream gradient {up}.",
        {"many": "That is the local derivatives alone, summed. Multiply each by its "
                 "consumer's upstream gradient d{out}/dC.",
         "tensor": "That is the local derivative of {c} = {formula} alone (as if the "
                   "upstream gradient were all ones). Multiply by the upstream gradient "
                   "{up}."},
        example="micrograd-labels e 1"),
    Misconception(
        Mistake.UPSTREAM_ONLY, "the upstream gradient alone",
        GATE, _on(rules.upstream_only, "upstream_only"),
        "That is {up}, the upstream gradient; multiply by the local derivative {dc}.",
        {"many": "That is {up}, an upstream gradient alone; multiply it by {dc}.",
         "summed": "That is {up}, the upstream gradient, summed to the shape of {node}, {shape}: "
                   "multiply by the local derivative {dc} before summing.",
         "moved": "That is {up}, the upstream gradient, in the shape of {c}: {c} = {formula} "
                  "only moves the numbers of {node}, so move them back to the shape "
                  "of {node}, {shape}."},
        example="micrograd-labels a -2"),
    Misconception(
        Mistake.WRONG_UPSTREAM, "another node's gradient as the upstream",
        Skill.UPSTREAM, _on(rules.wrong_upstream),
        "That uses {other} as the upstream gradient. {node} feeds {c}, so the upstream "
        "gradient is {up}.",
        example="micrograd-labels b 12"),
    Misconception(
        Mistake.VALUE_NOT_GRAD, "the value instead of the gradient",
        Skill.UPSTREAM,
        _on(rules.value_not_grad, "value_not_grad"),
        "That is the value of {node}, not {dv}.",
        example="micrograd-labels e -6"),
    Misconception(
        Mistake.SIGN, "a sign slip", Skill.SIGN, _on(rules.sign, "sign"),
        "Right size, wrong sign: {advice}",
        {"term": "One contribution has the wrong sign: the one through {c} = {formula} "
                 "({up} times {dc}) is added with the opposite sign, the others are right."},
        example="micrograd-labels a -6"),
    Misconception(
        Mistake.ROUNDING, "rounded too early", None, _on(rules.rounding),
        "Close, but not within the tolerance: keep more digits, or type the expression.",
        example="two-layer-net w12 -2*1.98"),
)
# fmt: on

# -- views of the table --------------------------------------------------------------------

BY_CODE: dict[Mistake, Misconception] = {row.code: row for row in TABLE}
PRIORITY: tuple[Mistake, ...] = tuple(row.code for row in TABLE)

#: What each code means: code -> the row's one human name.
DESCRIPTIONS: dict[str, str] = {row.code.value: row.name for row in TABLE}


def mistake_name(code: str) -> str:
    """A saved code's human name, the row's ``name`` (an unknown code: its words)."""
    return DESCRIPTIONS.get(code, code.replace("_", " "))


def kinds(row: Misconception) -> tuple[KindName, ...]:
    """The kinds of lesson the row applies to (those with a predictor)."""
    names: tuple[KindName, ...] = ("scalar", "tensor")
    return tuple(k for k in names if row.predictors[k] is not None)


# -- matching -------------------------------------------------------------------------------


def match(graph: Graph[Any], name: str, value: object) -> list[Match]:
    """Every row that explains ``value`` as the answer at node ``name``, in priority order.

    Each row is asked with its predictor for the graph's kind. A right answer (within
    the lesson's tolerance) or a non-finite one matches nothing; a prediction equal to
    the right answer never counts. Each row matches at most once.
    """
    kind = graph.kind.name
    reading = READINGS[kind]()
    answer = reading.answer(graph, name, value)
    if answer is None:
        return []
    ts = reading.terms(graph, name)
    base = reading.base(graph, name)
    found = []
    for row in TABLE:
        predict = row.predictors[kind]
        if predict is None:
            continue
        for p in predict(graph, name, ts):
            if reading.fits(graph, name, answer, p):
                found.append(Match(row.code, row.name, row.text(p, base)))
                break
    return found


def predictions(graph: Graph[Any], name: str) -> list[tuple[Mistake, Any]]:
    """Every (code, wrong value) the table predicts at ``name`` (for docs and tests)."""
    kind = graph.kind.name
    reading = READINGS[kind]()
    ts = reading.terms(graph, name)
    found: list[tuple[Mistake, Any]] = []
    for row in TABLE:
        predict = row.predictors[kind]
        if predict is not None:
            found += [(row.code, p.value) for p in predict(graph, name, ts)
                      if reading.wrong(graph, name, p)]  # fmt: skip
    return found
