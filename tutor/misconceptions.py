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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from tutor.engine import OPS
from tutor.graph import Graph, Node


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
class Term:
    """One use of node V by consumer C: a term ``dL/dC * dC/dV`` of V's gradient."""

    consumer: str
    """C's name."""
    index: int
    """Which operand of C this use is."""
    upstream: float
    """dL/dC."""
    local: float
    """dC/dV for this use."""

    @property
    def value(self) -> float:
        """The term's contribution to V's gradient."""
        return self.upstream * self.local


@dataclass(frozen=True, slots=True)
class Prediction:
    """A wrong value one misconception predicts, with the words that fill its message."""

    value: float
    """What the learner would type."""
    fill: dict[str, str] = field(default_factory=dict)
    """Placeholders of the row's message (``{c}``, ``{dc}``, ...)."""
    variant: str = ""
    """Which of the row's messages to use (``""`` is ``message``)."""
    band: float = 0.0
    """Relative width of the match around ``value`` (0: the lesson's tolerance)."""


Predictor = Callable[[Graph, str, list[Term]], Iterator[Prediction]]


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


# -- helpers -------------------------------------------------------------------------------


def terms(graph: Graph, name: str) -> list[Term]:
    """One ``Term`` per use of ``name`` by a consumer the output depends on."""
    reach = graph.reachable()
    found = []
    for cname in graph.nodes[name].consumers:
        if cname not in reach:
            continue
        c = graph.nodes[cname]
        for i, operand in enumerate(c.inputs):
            if operand == name:
                found.append(Term(cname, i, c.grad, c.local[i]))
    return found


def d(top: str, bottom: str) -> str:
    """``dL/de``."""
    return f"d{top}/d{bottom}"


def _fill(graph: Graph, name: str, t: Term) -> dict[str, str]:
    """The placeholders that describe one term."""
    c = graph.nodes[t.consumer]
    symbol = c.symbols[t.index]
    return {
        "c": t.consumer,
        "formula": c.formula,
        "dc": d(t.consumer, name),
        "up": d(graph.output, t.consumer),
        "symbol": symbol,
    }


def _replace(
    graph: Graph, name: str, ts: list[Term], wrong: Callable[[Node, Term], float | None]
) -> Iterator[Prediction]:
    """Predictions where one term is replaced by ``wrong(C, term)`` (None: not affected).

    Each affected term gives the gradient with that term wrong and the others right;
    when several terms are affected, all of them wrong together is one more prediction.
    """
    right = graph.nodes[name].grad
    total, changed, first = right, 0, None
    for t in ts:
        c = graph.nodes[t.consumer]
        if c.key is None:
            continue
        term = wrong(c, t)
        if term is None or not math.isfinite(term):
            continue
        delta = term - t.value
        fill = _fill(graph, name, t)
        yield Prediction(right + delta, fill)
        total += delta
        changed += 1
        first = first or fill
    if changed > 1 and first is not None:
        yield Prediction(total, first)


def _replace_local(
    graph: Graph, name: str, ts: list[Term], wrong: Callable[[Node, Term], float | None]
) -> Iterator[Prediction]:
    """``_replace`` where ``wrong(C, term)`` gives a wrong local derivative dC/dV."""

    def term(c: Node, t: Term) -> float | None:
        local = wrong(c, t)
        return None if local is None else t.upstream * local

    return _replace(graph, name, ts, term)


# -- predictors ------------------------------------------------------------------------------


def _output_one(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    if name == graph.output:
        yield Prediction(0.0)


def _no_upstream(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    if len(ts) == 1:
        yield Prediction(ts[0].local, _fill(graph, name, ts[0]))
    elif ts:
        yield Prediction(sum(t.local for t in ts), variant="many")


def _upstream_only(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    consumers = dict.fromkeys(t.consumer for t in ts)
    for cname in consumers:
        fill = _fill(graph, name, next(t for t in ts if t.consumer == cname))
        yield Prediction(graph.nodes[cname].grad, fill, "" if len(consumers) == 1 else "many")


def _one_consumer(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    if len(ts) < 2:
        return
    node = graph.nodes[name]
    consumers = list(dict.fromkeys(t.consumer for t in ts))
    if len(consumers) > 1:
        both = "both " if len(consumers) == 2 else ""
        fill = {"why": f"{name} feeds {both}{_join(consumers)}", "what": "consumer"}
    else:
        uses = node.uses[consumers[0]]
        fill = {"why": f"{consumers[0]} uses {name} {uses} times", "what": "use"}
    for cname in consumers:
        mine = [t.value for t in ts if t.consumer == cname]
        for v in mine:
            yield Prediction(v, fill)
        if len(mine) > 1:
            yield Prediction(sum(mine), fill)


def _sign(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    right = graph.nodes[name].grad
    yield Prediction(-right, {"advice": _sign_advice(graph, name, ts)})
    if len(ts) > 1:
        for t in ts:
            fill = {**_fill(graph, name, t), "advice": _sign_advice(graph, name, ts)}
            yield Prediction(right - 2 * t.value, fill)


def _value_not_grad(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    yield Prediction(graph.nodes[name].value)


def _mul_own_input(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    own = graph.nodes[name].value

    def wrong(c: Node, t: Term) -> float | None:
        return own if c.key == "*" else None

    for p in _replace_local(graph, name, ts, wrong):
        c = graph.nodes[p.fill["c"]]
        other = [i for i in c.inputs if i != name]
        yield Prediction(p.value, {**p.fill, "other": other[0] if other else name})


def _func_not_deriv(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    def wrong(c: Node, t: Term) -> float | None:
        return c.value if c.key in FUNCTION_GATES else None

    yield from _replace_local(graph, name, ts, wrong)


def _act_at_input(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    x = graph.nodes[name].value

    def wrong(c: Node, t: Term) -> float | None:
        if c.key not in ("tanh", "sigmoid"):
            return None
        return OPS[c.key].local((x,), x, c.arg)[0]  # the output's formula fed the input

    for p in _replace_local(graph, name, ts, wrong):
        yield Prediction(p.value, {**p.fill, "x": name, "gate": graph.nodes[p.fill["c"]].key})


def _at_output(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    def wrong(c: Node, t: Term) -> float | None:
        if c.key not in AT_OUTPUT_GATES:
            return None
        op = OPS[c.key]
        try:
            out = op.forward(c.value, c.arg)
        except (ValueError, ZeroDivisionError, OverflowError):
            out = math.nan  # log(y) of a negative y: d log/dx = 1/x does not need it
        try:
            return op.local((c.value,), out, c.arg)[0]
        except (ValueError, ZeroDivisionError, OverflowError):
            return None

    yield from _replace_local(graph, name, ts, wrong)


def _degrees(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    x = graph.nodes[name].value

    def wrong(c: Node, t: Term) -> float | None:
        if c.key not in ("sin", "cos"):
            return None
        r = math.radians(x)
        return OPS[c.key].local((r,), OPS[c.key].forward(r, None), None)[0]

    yield from _replace_local(graph, name, ts, wrong)
    # the upstream gradient worked out again in degrees, one trig gate above
    right = graph.nodes[name].grad
    for t in ts:
        c = graph.nodes[t.consumer]
        deg_up = _upstream_in_degrees(graph, t.consumer)
        if deg_up is not None and c.key not in ("sin", "cos"):
            yield Prediction(right - t.value + deg_up * t.local, _fill(graph, name, t), "chain")


def _upstream_in_degrees(graph: Graph, cname: str) -> float | None:
    """dL/dC with the trig local derivatives just above C taken in degrees (one level)."""
    reach = graph.reachable()
    total, trig = 0.0, False
    c = graph.nodes[cname]
    for dname in c.consumers:
        if dname not in reach:
            continue
        dn = graph.nodes[dname]
        for i, operand in enumerate(dn.inputs):
            if operand != cname:
                continue
            if dn.key in ("sin", "cos"):
                r = math.radians(c.value)
                local = OPS[dn.key].local((r,), OPS[dn.key].forward(r, None), None)[0]
                trig = True
            else:
                local = dn.local[i]
            total += dn.grad * local
    return total if trig else None


def _power(lowered: bool) -> Predictor:
    def predict(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
        x = graph.nodes[name].value

        def wrong(c: Node, t: Term) -> float | None:
            if c.key == "powc" and t.index == 0:
                n = c.arg if c.arg is not None else 0.0
            elif c.key == "pow" and t.index == 0:
                n = graph.nodes[c.inputs[1]].value
            else:
                return None
            if n in (0.0, 1.0):
                return None
            try:
                return n * _real_pow(x, n) if lowered else _real_pow(x, n - 1)
            except (ValueError, ZeroDivisionError, OverflowError):
                return None

        for p in _replace_local(graph, name, ts, wrong):
            c = graph.nodes[p.fill["c"]]
            n = c.arg if c.key == "powc" else None
            exponent = f"{n:g}" if n is not None else c.inputs[1]
            yield Prediction(p.value, {**p.fill, "n": exponent})

    return predict


def _real_pow(x: float, n: float) -> float:
    """``x**n`` for real results only."""
    if x < 0 and not float(n).is_integer():
        raise ValueError("complex")
    return float(x) ** n


def _quotient(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    def wrong(c: Node, t: Term) -> float | None:
        if c.key != "/":
            return None
        a, b = (graph.nodes[i].value for i in c.inputs)
        if b == 0:
            return None
        return -a / b if t.index == 1 else -a / (b * b)

    for p in _replace_local(graph, name, ts, wrong):
        c = graph.nodes[p.fill["c"]]
        which = "den" if c.inputs[1] == name else "num"
        a, b = c.inputs
        yield Prediction(p.value, {**p.fill, "a": a, "b": b}, which)


def _relu_gate(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    def wrong(c: Node, t: Term) -> float | None:
        return 1.0 - t.local if c.key == "relu" else None

    for p in _replace_local(graph, name, ts, wrong):
        c = graph.nodes[p.fill["c"]]
        yield Prediction(p.value, p.fill, "blocks" if c.local[0] == 0 else "passes")
    node = graph.nodes[name]
    if node.key == "relu" and node.value == 0:
        yield Prediction(0.0, variant="at")


def _add_not_mul(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    def wrong(c: Node, t: Term) -> float | None:
        return t.upstream + t.local

    yield from _replace(graph, name, ts, wrong)


def _wrong_upstream(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    right = graph.nodes[name].grad
    reach = graph.reachable()
    for t in ts:
        c = graph.nodes[t.consumer]
        # one level too far up (not the output: 1 times the local is no_upstream)
        others = [x for x in c.consumers if x in reach and x != graph.output]
        others += [i for i in c.inputs if i != name and graph.nodes[i].kind != "const"]
        for other in dict.fromkeys(others):
            g = graph.nodes[other].grad
            fill = {**_fill(graph, name, t), "other": d(graph.output, other)}
            yield Prediction(right - t.value + g * t.local, fill)


def _rounding(graph: Graph, name: str, ts: list[Term]) -> Iterator[Prediction]:
    yield Prediction(graph.nodes[name].grad, band=ROUNDING_BAND)


# -- messages helpers ------------------------------------------------------------------------


def _join(names: list[str]) -> str:
    """``x``, ``x and y``, ``x, y and z``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sign_advice(graph: Graph, name: str, ts: list[Term]) -> str:
    """Where a sign can go wrong for this node (the end of the ``sign`` message)."""
    out = graph.output
    if name == out:
        return f"check the sign of {d(out, out)}."
    if len(ts) == 1:
        c = ts[0].consumer
        if c == out:
            return f"check the sign of {d(c, name)}."
        return (
            f"check the signs of the upstream gradient {d(out, c)} "
            f"and the local derivative {d(c, name)}."
        )
    return f"check the sign of each contribution {d(out, 'C')} * {d('C', name)}."


#: Unary gates whose function a learner may write instead of its derivative.
FUNCTION_GATES = frozenset({"tanh", "sigmoid", "sin", "cos", "log", "sqrt", "powc"})
#: Gates whose local derivative depends on the input (so the output is a wrong place).
AT_OUTPUT_GATES = frozenset({"sin", "cos", "powc", "log", "tanh", "sigmoid", "sqrt", "exp"})
#: How far off a rounded answer may be (relative) and still be called rounding.
ROUNDING_BAND = 0.02

_ANY = None

# fmt: off
#: The table, in priority order: when several rows predict an answer, the first is named.
TABLE: tuple[Misconception, ...] = (
    Misconception(
        Mistake.OUTPUT_ONE, "a wrong start at the output", _ANY, _output_one,
        "{dv} is the output's gradient with respect to itself: if {out} moves by a small h, "
        "how far does {out} move?",
        example="micrograd-labels L 0"),
    Misconception(
        Mistake.RELU_GATE, "a relu passing or blocking wrongly", frozenset({"relu"}), _relu_gate,
        "",
        {"blocks": "{c} = {formula} blocks the gradient here: its input {node} = {value} is not "
                   "positive, and a relu passes the gradient only where its input is positive.",
         "passes": "{c} = {formula} passes the gradient here: its input {node} = {value} is "
                   "positive, so the relu lets the upstream gradient {up} through unchanged.",
         "at": "{node} = 0, but a relu blocks the gradient below it, not at it: {node} still "
               "gets its consumers' gradient."},
        example="relu-gate z1 0"),
    Misconception(
        Mistake.ONE_CONSUMER, "forgot to sum over consumers", _ANY, _one_consumer,
        "{why}: add the contributions from every {what}.",
        example="reuse-sum b -8"),
    Misconception(
        Mistake.ACT_AT_INPUT, "an activation's derivative from its input",
        frozenset({"tanh", "sigmoid"}), _act_at_input,
        "That is the {gate} derivative written from the input {x}. For {c} = {formula} the "
        "local derivative {dc} = {symbol} is written from the gate's own output {c}, not "
        "from its input {x}.",
        example="neuron-tanh n 1 - n**2"),
    Misconception(
        Mistake.FUNC_NOT_DERIV, "the function instead of its derivative", FUNCTION_GATES,
        _func_not_deriv,
        "That uses the function {formula} itself where its derivative is needed: "
        "{dc} = {symbol}.",
        example="neuron-tanh n tanh(n)"),
    Misconception(
        Mistake.DEGREES, "trigonometry in degrees", _ANY, _degrees,
        "That is the trigonometry taken in degrees. Angles here are in radians: type the "
        "expression (such as {symbol}) or set your calculator to radians.",
        {"chain": "That is {up} worked out with the trigonometry in degrees. Angles here are "
                  "in radians: type the expression, or set your calculator to radians."},
        example="dlbook-sin u4 0.809"),
    Misconception(
        Mistake.POWER_FACTOR, "the power rule without its factor",
        frozenset({"powc", "pow"}), _power(False),
        "The power rule has a factor in front: d(x**n)/dx = n * x**(n-1). For {formula} the "
        "factor n = {n} is missing.",
        example="dlbook-sin u3 6*cos(36)"),
    Misconception(
        Mistake.POWER_EXPONENT, "the power rule without lowering the exponent",
        frozenset({"powc", "pow"}), _power(True),
        "The power rule lowers the exponent by one: d(x**n)/dx = n * x**(n-1), not n * x**n "
        "(here n = {n}, in {formula}).",
        example="division-powers r 3*0.5**3"),
    Misconception(
        Mistake.AT_OUTPUT, "a local derivative at the gate's output", AT_OUTPUT_GATES,
        _at_output,
        "That evaluates the local derivative at {c}, the gate's output. {dc} = {symbol} is "
        "evaluated at the gate's input {node}.",
        example="dlbook-sin u4 cos(u5)"),
    Misconception(
        Mistake.QUOTIENT, "the quotient rule", frozenset({"/"}), _quotient,
        "",
        {"den": "For the denominator of {formula}, d({a}/{b})/d{b} = -{a}/{b}**2: the square "
                "on {b} is missing.",
         "num": "For the numerator of {formula}, d({a}/{b})/d{a} = 1/{b}; -{a}/{b}**2 is the "
                "derivative for the denominator."},
        example="division-powers y 0.75*(-2/4)"),
    Misconception(
        Mistake.MUL_OWN_INPUT, "a multiply gate's own input", frozenset({"*"}), _mul_own_input,
        "{c} = {formula} is a multiply gate: {dc} is the other input, {other}, not {node} "
        "itself.",
        example="micrograd-labels b 6"),
    Misconception(
        Mistake.ADD_NOT_MUL, "added instead of multiplied", _ANY, _add_not_mul,
        "That adds the upstream gradient {up} and the local derivative {dc}; the chain rule "
        "multiplies them.",
        example="micrograd-labels a -5"),
    Misconception(
        Mistake.NO_UPSTREAM, "forgot the upstream gradient", _ANY, _no_upstream,
        "That is {dc}, the local derivative alone. Multiply by the upstream gradient {up}.",
        {"many": "That is the local derivatives alone, summed. Multiply each by its "
                 "consumer's upstream gradient d{out}/dC."},
        example="micrograd-labels e 1"),
    Misconception(
        Mistake.UPSTREAM_ONLY, "the upstream gradient alone", _ANY, _upstream_only,
        "That is {up}, the upstream gradient; multiply by the local derivative {dc}.",
        {"many": "That is {up}, an upstream gradient alone; multiply it by {dc}."},
        example="micrograd-labels a -2"),
    Misconception(
        Mistake.WRONG_UPSTREAM, "another node's gradient as the upstream", _ANY, _wrong_upstream,
        "That uses {other} as the upstream gradient. {node} feeds {c}, so the upstream "
        "gradient is {up}.",
        example="micrograd-labels b 12"),
    Misconception(
        Mistake.VALUE_NOT_GRAD, "the value instead of the gradient", _ANY, _value_not_grad,
        "That is {node}'s value, not {dv}.",
        example="micrograd-labels e -6"),
    Misconception(
        Mistake.SIGN, "a sign slip", _ANY, _sign,
        "Right size, wrong sign: {advice}",
        example="micrograd-labels a -6"),
    Misconception(
        Mistake.ROUNDING, "rounded too early", _ANY, _rounding,
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
