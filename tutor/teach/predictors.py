"""How misconceptions predict wrong scalar answers: the scalar predictors of the catalogue.

Each function takes the graph, the node asked and its chain-rule terms (one per use by a
consumer: ``dL/dC * dC/dV``) and yields the wrong values a learner making that mistake
would type, with the words that fill the row's message. They read the built graph and the
op table only, and never ask which op they look at: a mistake that belongs to one op is a
slip of that op's row (``tutor.scalar.slips``), read by ``slips(code)``.
``tutor.teach.misconceptions`` holds the catalogue that names them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tutor.graph.build import CONST, Graph, Node
from tutor.mistakes import Mistake, Prediction
from tutor.notation import compact, local_partial, partial, term_words
from tutor.scalar.ops import OPS
from tutor.scalar.slips import MATH_ERRORS, At


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
    nodes = graph.nodes
    return [Term(c, i, nodes[c].grad, nodes[c].local[i]) for c, i in graph.uses(name)]


#: Short names for ``tutor.notation.partial`` (a gradient) and ``local_partial``.
d = partial
local = local_partial


def _fill(graph: Graph[float], name: str, t: Term) -> dict[str, str]:
    """The placeholders that describe one term."""
    c = graph.nodes[t.consumer]
    return term_words(graph.output, t.consumer, c.formula, name, c.symbols[t.index])


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
        fill = {**_fill(graph, name, next(t for t in ts if t.consumer == cname)), "wrong": "1"}
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
    if len(consumers) > 2:  # every consumer but one: name the one left out
        right = graph.nodes[name].grad
        for cname in consumers:
            theirs = sum(t.value for t in ts if t.consumer == cname)
            yield Prediction(right - theirs, {**fill, "missing": cname}, "missing")


def sign(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The right size with the wrong sign; with several terms, one term's sign flipped."""
    right = graph.nodes[name].grad
    yield Prediction(-right, {"advice": _sign_advice(graph, name, ts)})
    if len(ts) > 1:
        for t in ts:
            fill = {**_fill(graph, name, t), "advice": _sign_advice(graph, name, ts)}
            flipped = right - 2 * t.value
            same_size = graph.tolerance.close(abs(flipped), abs(right))
            yield Prediction(flipped, fill, "" if same_size else "term")


def value_not_grad(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """The node's value."""
    yield Prediction(graph.nodes[name].value)


# -- slips: op-specific mistakes, read from the consumer's op row -----------------------------


def _at(graph: Graph[float], c: Node[float], index: int, name: str, local: float) -> At:
    """Where one of C's slips is applied: C's values, and which operand ``name`` is."""
    assert c.key is not None
    xs = tuple(graph.nodes[i].value for i in c.inputs)
    return At(OPS[c.key], xs, c.value, _param(c.arg), index, local, c.inputs, name)


def _slip_hits(
    graph: Graph[float], c: Node[float], index: int, name: str, local: float, code: Mistake
) -> Iterator[tuple[float, str, dict[str, str]]]:
    """C's slips of ``code`` for operand ``index``: ``(value, variant, words)`` each.

    The value is a wrong local derivative (for C's own gradient, ``index`` -1: a wrong
    gradient); a slip that runs into a math error predicts nothing.
    """
    if c.key is None:
        return
    for slip in OPS[c.key].slips:
        if not slip.applies(code, index):
            continue
        at = _at(graph, c, index, name, local)
        try:
            wrong = slip.wrong(at)
        except MATH_ERRORS:
            continue
        if wrong is not None:
            variant = slip.variant(at) if slip.variant else ""
            words = slip.fill(at) if slip.fill else {}
            if slip.form:
                words = {**words, "wrong": slip.form.format(c=c.name, x=name)}
            yield wrong, variant, words


def _slip(
    graph: Graph[float], c: Node[float], index: int, name: str, local: float, code: Mistake
) -> tuple[float, str, dict[str, str]] | None:
    """C's first slip of ``code`` for operand ``index`` (``_slip_hits``), or None."""
    return next(_slip_hits(graph, c, index, name, local, code), None)


def _has_slip(graph: Graph[float], cname: str, index: int, code: Mistake) -> bool:
    """Whether C's op row has a slip of ``code`` for operand ``index``."""
    key = graph.nodes[cname].key
    return key is not None and any(s.applies(code, index) for s in OPS[key].slips)


def slips(code: Mistake) -> Predictor:
    """A predictor from the op rows' slips of ``code``: each consumer's, and the node's own.

    Each slipped use gives the gradient with that term wrong and the others right; when
    several uses slip, all of them wrong together is one more prediction.
    """

    def predict(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
        right = graph.nodes[name].grad
        total, changed, first = right, 0, None
        for t in ts:
            c = graph.nodes[t.consumer]
            hits = [h for h in _slip_hits(graph, c, t.index, name, t.local, code)
                    if math.isfinite(t.upstream * h[0])]  # fmt: skip
            for k, hit in enumerate(hits):
                delta = t.upstream * hit[0] - t.value
                p = Prediction(right + delta, {**_fill(graph, name, t), **hit[2]}, hit[1])
                yield p
                if k == 0:
                    total += delta
                    changed += 1
                    first = first or p
        if changed > 1 and first is not None:
            yield Prediction(total, first.fill, first.variant)
        own = _slip(graph, graph.nodes[name], -1, name, math.nan, code)
        if own is not None and math.isfinite(own[0]):
            yield Prediction(own[0], own[2], own[1])

    return predict


def degrees(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """Trigonometry in degrees: at this gate, or in the upstream one gate above.

    Both come from the op rows' ``degrees`` slips (the sin and cos rows have them).
    """
    yield from slips(Mistake.DEGREES)(graph, name, ts)
    right = graph.nodes[name].grad
    for t in ts:
        deg_up = _upstream_slipped(graph, t.consumer, Mistake.DEGREES)
        if deg_up is not None and not _has_slip(graph, t.consumer, t.index, Mistake.DEGREES):
            yield Prediction(right - t.value + deg_up * t.local, _fill(graph, name, t), "chain")


def _upstream_slipped(graph: Graph[float], cname: str, code: Mistake) -> float | None:
    """dL/dC with the slips of ``code`` of the gates just above C (None: none has one)."""
    reach = graph.reachable()
    total, slipped = 0.0, False
    for dname in graph.nodes[cname].consumers:
        if dname not in reach:
            continue
        dn = graph.nodes[dname]
        for i, operand in enumerate(dn.inputs):
            if operand != cname:
                continue
            local = dn.local[i]
            if _has_slip(graph, dname, i, code):
                slipped = True
                hit = _slip(graph, dn, i, cname, local, code)
                local = hit[0] if hit is not None else local
            total += dn.grad * local
    return total if slipped else None


def _param(arg: object) -> float | None:
    """A scalar op's constant parameter (an exponent, a slope), or None."""
    return float(arg) if isinstance(arg, int | float) else None


def dropped_scale(graph: Graph[float], name: str, ts: list[Term]) -> Iterator[Prediction[float]]:
    """A constant scale of the forward pass left out: ``x * 0.75`` answered as its upstream.

    Only where every other operand of the gate is a number written in the graph and the
    gate is that number times ``x`` (its local derivative, neither 0 nor 1 in size).
    """
    right = graph.nodes[name].grad
    for t in ts:
        c = graph.nodes[t.consumer]
        others = [n for i, n in enumerate(c.inputs) if i != t.index]
        if not others or any(graph.nodes[n].kind != CONST for n in others):
            continue
        x = graph.nodes[name].value
        if abs(t.local) in (0.0, 1.0) or not math.isclose(c.value, t.local * x, rel_tol=1e-12):
            continue
        words = {**_fill(graph, name, t), "k": compact(t.local)}
        yield Prediction(right - t.value + t.upstream, words)
        yield Prediction(right - t.value + t.upstream / t.local, words, "inverted")


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


#: How far off a rounded answer may be (relative) and still be called rounding.
ROUNDING_BAND = 0.02
