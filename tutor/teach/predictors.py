"""How each misconception predicts wrong answers: the ``predict`` functions of the table.

Each function takes the graph, the node asked and its chain-rule terms (one per use by a
consumer: ``dL/dC * dC/dV``) and yields the wrong values a learner making that mistake
would type, with the words that fill the row's message. They read the built graph and the
op table only. ``tutor.teach.misconceptions`` holds the table that names them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tutor.graph.build import CONST, Graph, Node
from tutor.mistakes import Prediction
from tutor.notation import local_partial, partial
from tutor.scalar.engine import OPS


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


Predictor = Callable[[Graph[float], str, list[Term]], Iterator[Prediction[float]]]


# -- helpers -------------------------------------------------------------------------------


def terms(graph: Graph[float], name: str) -> list[Term]:
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


#: Short names for ``tutor.notation.partial`` (a gradient) and ``local_partial``.
d = partial
local = local_partial


def _fill(graph: Graph[float], name: str, t: Term) -> dict[str, str]:
    """The placeholders that describe one term."""
    c = graph.nodes[t.consumer]
    symbol = c.symbols[t.index]
    return {
        "c": t.consumer,
        "formula": c.formula,
        "dc": local(t.consumer, name),
        "up": d(graph.output, t.consumer),
        "symbol": symbol,
    }


def _replace(
    graph: Graph[float],
    name: str,
    ts: list[Term],
    wrong: Callable[[Node[float], Term], float | None],
) -> Iterator[Prediction[float]]:
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
    graph: Graph[float],
    name: str,
    ts: list[Term],
    wrong: Callable[[Node[float], Term], float | None],
) -> Iterator[Prediction[float]]:
    """``_replace`` where ``wrong(C, term)`` gives a wrong local derivative dC/dV."""

    def term(c: Node[float], t: Term) -> float | None:
        local = wrong(c, t)
        return None if local is None else t.upstream * local

    return _replace(graph, name, ts, term)


# -- predictors ------------------------------------------------------------------------------


def output_one(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The output answered 0 (its gradient with respect to itself is 1)."""
    if name == graph.output:
        yield Prediction(0.0)


def no_upstream(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The local derivative alone (summed over the uses when there are several)."""
    if len(ts) == 1:
        yield Prediction(ts[0].local, _fill(graph, name, ts[0]))
    elif ts:
        yield Prediction(sum(t.local for t in ts), variant="many")


def upstream_only(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """A consumer's upstream gradient alone, without the local derivative."""
    consumers = dict.fromkeys(t.consumer for t in ts)
    for cname in consumers:
        fill = _fill(graph, name, next(t for t in ts if t.consumer == cname))
        yield Prediction(graph.nodes[cname].grad, fill, "" if len(consumers) == 1 else "many")


def one_consumer(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """One use's (or one consumer's) contribution instead of the sum."""
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


def sign(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The right size with the wrong sign; with several terms, one term's sign flipped."""
    right = graph.nodes[name].grad
    yield Prediction(-right, {"advice": _sign_advice(graph, name, ts)})
    if len(ts) > 1:
        for t in ts:
            fill = {**_fill(graph, name, t), "advice": _sign_advice(graph, name, ts)}
            yield Prediction(right - 2 * t.value, fill)


def value_not_grad(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The node's value."""
    yield Prediction(graph.nodes[name].value)


def mul_own_input(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """A multiply gate's local derivative taken as the node's own value."""
    own = graph.nodes[name].value

    def wrong(c: Node[float], t: Term) -> float | None:
        return own if c.key == "*" else None

    for p in _replace_local(graph, name, ts, wrong):
        c = graph.nodes[p.fill["c"]]
        other = [i for i in c.inputs if i != name]
        yield Prediction(p.value, {**p.fill, "other": other[0] if other else name})


def func_not_deriv(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The gate's function (its output) in place of its derivative."""

    def wrong(c: Node[float], t: Term) -> float | None:
        return c.value if c.key in FUNCTION_GATES else None

    yield from _replace_local(graph, name, ts, wrong)


def act_at_input(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The derivative of a tanh or sigmoid written from the input (``1 - n**2``)."""
    x = graph.nodes[name].value

    def wrong(c: Node[float], t: Term) -> float | None:
        if c.key not in ("tanh", "sigmoid"):
            return None
        return OPS[c.key].local((x,), x, _param(c.arg))[0]  # the output's formula fed the input

    for p in _replace_local(graph, name, ts, wrong):
        yield Prediction(p.value, {**p.fill, "x": name, "gate": graph.nodes[p.fill["c"]].key or ""})


def at_output(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The local derivative evaluated at the gate's output instead of its input."""

    def wrong(c: Node[float], t: Term) -> float | None:
        if c.key not in AT_OUTPUT_GATES:
            return None
        op = OPS[c.key]
        try:
            out = op.forward(c.value, c.arg)
        except (ValueError, ZeroDivisionError, OverflowError):
            out = math.nan  # log(y) of a negative y: d log/dx = 1/x does not need it
        try:
            return op.local((c.value,), out, _param(c.arg))[0]
        except (ValueError, ZeroDivisionError, OverflowError):
            return None

    yield from _replace_local(graph, name, ts, wrong)


def degrees(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """Trigonometry in degrees: at this gate, or in the upstream one gate above."""
    x = graph.nodes[name].value

    def wrong(c: Node[float], t: Term) -> float | None:
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


def _upstream_in_degrees(graph: Graph[float], cname: str) -> float | None:
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


def power(lowered: bool) -> Predictor:
    """The power rule without its factor n (``lowered`` False) or without lowering n."""

    def predict(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
        x = graph.nodes[name].value

        def wrong(c: Node[float], t: Term) -> float | None:
            if c.key == "powc" and t.index == 0:
                n = _param(c.arg) or 0.0
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
            n = _param(c.arg) if c.key == "powc" else None
            exponent = f"{n:g}" if n is not None else c.inputs[1]
            yield Prediction(p.value, {**p.fill, "n": exponent})

    return predict


def _param(arg: object) -> float | None:
    """A scalar op's constant parameter (an exponent, a slope), or None."""
    return float(arg) if isinstance(arg, int | float) else None


def _real_pow(x: float, n: float) -> float:
    """``x**n`` for real results only."""
    if x < 0 and not float(n).is_integer():
        raise ValueError("complex")
    result: float = float(x) ** n  # typeshed: float ** float is Any (it may be complex)
    return result


def quotient(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """d(a/b)/db without the square, or d(a/b)/da taken as ``-a/b**2``."""

    def wrong(c: Node[float], t: Term) -> float | None:
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


def relu_gate(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """A relu passing where it blocks or blocking where it passes (or at itself)."""

    def wrong(c: Node[float], t: Term) -> float | None:
        return 1.0 - t.local if c.key == "relu" else None

    for p in _replace_local(graph, name, ts, wrong):
        c = graph.nodes[p.fill["c"]]
        yield Prediction(p.value, p.fill, "blocks" if c.local[0] == 0 else "passes")
    node = graph.nodes[name]
    if node.key == "relu" and node.value == 0:
        yield Prediction(0.0, variant="at")


def add_not_mul(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """Upstream gradient and local derivative added instead of multiplied."""

    def wrong(c: Node[float], t: Term) -> float | None:
        return t.upstream + t.local

    yield from _replace(graph, name, ts, wrong)


def wrong_upstream(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """Another node's gradient (one level up, or a sibling's) as the upstream."""
    right = graph.nodes[name].grad
    reach = graph.reachable()
    for t in ts:
        c = graph.nodes[t.consumer]
        # one level too far up (not the output: 1 times the local is no_upstream)
        others = [x for x in c.consumers if x in reach and x != graph.output]
        others += [i for i in c.inputs if i != name and graph.nodes[i].kind != CONST]
        for other in dict.fromkeys(others):
            g = graph.nodes[other].grad
            fill = {**_fill(graph, name, t), "other": d(graph.output, other)}
            yield Prediction(right - t.value + g * t.local, fill)


def rounding(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """Within ``ROUNDING_BAND`` of the right answer but outside the tolerance."""
    yield Prediction(graph.nodes[name].grad, band=ROUNDING_BAND)


# -- messages helpers ------------------------------------------------------------------------


def _join(names: list[str]) -> str:
    """``x``, ``x and y``, ``x, y and z``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sign_advice(graph: Graph[float], name: str, ts: list[Term]) -> str:
    """Where a sign can go wrong for this node (the end of the ``sign`` message)."""
    out = graph.output
    if name == out:
        return f"check the sign of {d(out, out)}."
    if len(ts) == 1:
        c = ts[0].consumer
        if c == out:
            return f"check the sign of {local(c, name)}."
        return (
            f"check the signs of the upstream gradient {d(out, c)} "
            f"and the local derivative {local(c, name)}."
        )
    return f"check the sign of each contribution {d(out, 'C')} * {local('C', name)}."


#: Unary gates whose function a learner may write instead of its derivative.
FUNCTION_GATES = frozenset({"tanh", "sigmoid", "sin", "cos", "log", "sqrt", "powc"})
#: Gates whose local derivative depends on the input (so the output is a wrong place).
AT_OUTPUT_GATES = frozenset({"sin", "cos", "powc", "log", "tanh", "sigmoid", "sqrt", "exp"})
#: How far off a rounded answer may be (relative) and still be called rounding.
ROUNDING_BAND = 0.02
