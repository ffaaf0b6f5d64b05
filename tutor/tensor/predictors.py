"""How misconceptions predict wrong tensor gradients: the tensor predictors of the table.

A row of the misconception catalogue (``tutor.teach.misconceptions``) names its tensor
predictor here (``TensorPredictor("no_upstream")``), and this module is imported only
when a tensor graph is matched. Each predictor reads the built tensor graph and the
tensor op table only (the VJP rows, their ``slips`` and ``factor`` fields) and yields
wrong arrays a learner making that mistake would type. Shared code never asks which op
it looks at: op-specific mistakes are ``slips`` of the op's row. ``READING`` is how the
catalogue compares tensor answers with predictions.

A tensor node's gradient is a sum of terms, one per use by a consumer C: the VJP of C
for that operand, summed back over broadcast axes. Most predictions replace one term.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tutor.grammar.printer import grad_text
from tutor.mistakes import Mistake, Prediction
from tutor.notation import compact as fmt
from tutor.notation import node_words, shape_text, term_words
from tutor.tensor.compare import bound
from tutor.tensor.ops import TOPS, unbroadcast

if TYPE_CHECKING:
    from tutor.graph.model import Graph


@dataclass(frozen=True, slots=True)
class TTerm:
    """One use of node V by consumer C: C's VJP for that operand."""

    consumer: str
    """C's name."""
    index: int
    """Which operand of C this use is."""
    upstream: np.ndarray
    """dL/dC."""
    out: np.ndarray
    """C's value."""
    xs: tuple[np.ndarray, ...]
    """C's operands' values."""
    arg: object
    """C's constant argument."""
    raw: np.ndarray
    """The VJP before it is summed back to V's shape (in C's shape when V was broadcast)."""
    value: np.ndarray
    """The term: ``raw`` summed back to V's shape."""
    key: str
    """C's op (a ``TOPS`` key)."""

    def vjp(self, upstream: np.ndarray) -> np.ndarray:
        """The VJP of this term for another upstream gradient (summed back to V's shape)."""
        fn = TOPS[self.key].vjp[self.index]
        assert fn is not None
        with np.errstate(all="ignore"):
            g = np.asarray(fn(upstream, self.out, self.xs, self.arg), dtype=np.float64)
        return unbroadcast(g, self.xs[self.index].shape)


def terms(
    graph: Graph[np.ndarray], name: str, upstream: Mapping[str, np.ndarray] | None = None
) -> list[TTerm]:
    """One ``TTerm`` per use of ``name`` by a consumer the output depends on.

    With ``upstream``, each consumer's gradient is replaced by ``upstream[consumer]`` (the
    formula check's random upstream gradients, ``tutor.teach.formula_paths``).
    """
    found = []
    for cname, i in graph.uses(name):
        t = graph.values[cname]
        fn = t.row
        vjp = None if fn is None else fn.vjp[i]
        if vjp is None or t.grad is None:
            continue
        g = t.grad if upstream is None else np.asarray(upstream[cname], dtype=np.float64)
        xs = tuple(np.asarray(c.data) for c in t.operands)
        with np.errstate(all="ignore"):
            raw = np.asarray(vjp(g, t.data, xs, t.arg), dtype=np.float64)
        raw = np.broadcast_to(raw, np.broadcast_shapes(raw.shape, xs[i].shape))
        value = unbroadcast(np.array(raw), xs[i].shape)
        found.append(TTerm(cname, i, g, t.data, xs, t.arg, raw, value, fn.key))
    return found


def close(got: np.ndarray, want: np.ndarray, tol: Any) -> bool:
    """Whether every element of ``got`` is within the lesson's tolerance of ``want``."""
    if got.shape != want.shape:
        return False
    return bool(np.all(np.abs(got - want) <= bound(want, tol)))


def fits(value: np.ndarray, p: Prediction[Any], want: np.ndarray, tol: Any) -> bool:
    """Whether ``value`` matches prediction ``p`` and ``p`` is a wrong answer at all."""
    pv = np.asarray(p.value)
    if pv.shape != value.shape or not np.isfinite(pv).all():
        return False
    return not close(pv, want, tol) and close(value, pv, tol)


def base(graph: Graph[np.ndarray], name: str) -> dict[str, str]:
    """Placeholders every message may use."""
    shape = shape_text(graph.nodes[name].shape)
    return {**node_words(graph.output, name, shape), "shape": shape}


def _fill(graph: Graph[np.ndarray], name: str, t: TTerm) -> dict[str, str]:
    c = graph.nodes[t.consumer]
    symbol = c.symbols[t.index].split("+=", 1)[-1].strip()
    return {
        **term_words(graph.output, t.consumer, c.formula, name, symbol),
        "x": name,
        "gate": t.key,
        "n": fmt(float(t.arg)) if isinstance(t.arg, int | float) else "",
        "other": ", ".join(i for i in c.inputs if i != name) or name,
        "a": c.inputs[0],
        "b": c.inputs[-1],
        "cshape": shape_text(t.out.shape),
        "axes": along(t.raw.shape, t.value.shape),
        "reused": _reused_text(t.raw.shape, t.value.shape),
    }


def _reused_text(big: tuple[int, ...], small: tuple[int, ...]) -> str:
    """What a broadcast reused its operand for: ``every row``, ``every column``."""
    axes = _axes_text(big, small)
    if len(big) == 2 and axes in ("0", "1"):
        return "every row" if axes == "0" else "every column"
    return f"every position along {along(big, small)}" if axes else ""


def along(big: tuple[int, ...], small: tuple[int, ...]) -> str:
    """The axes a broadcast stretched, in words: ``axis 0``, ``axes (0, 2, 3)``."""
    axes = _axes_text(big, small)
    return f"axes {axes}" if axes.startswith("(") else f"axis {axes}"


def _axes_text(big: tuple[int, ...], small: tuple[int, ...]) -> str:
    """The axes a broadcast stretched: ``0`` or ``(0, 1)``."""
    if big == small:
        return ""
    extra = len(big) - len(small)
    axes = list(range(extra)) + [
        extra + i for i, n in enumerate(small) if n == 1 and big[extra + i] != 1
    ]
    return str(axes[0]) if len(axes) == 1 else str(tuple(axes))


def _with(right: np.ndarray, ts: list[TTerm], t: TTerm, wrong: np.ndarray) -> np.ndarray | None:
    """The gradient with term ``t`` replaced by ``wrong`` (None when shapes cannot add up)."""
    if wrong.shape == right.shape:
        out: np.ndarray = right - t.value + wrong
        return out
    if len(ts) == 1:
        return wrong
    return None


#: What the predictors of ``tutor.tensor.scale_predictors`` use.
with_term = _with
term_fill = _fill

Tensorpredictor = Callable[[Any, str, list[TTerm]], Iterator[Prediction[Any]]]


# -- predictors ------------------------------------------------------------------------------


def output_one(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """The output answered 0."""
    if name == graph.output:
        yield Prediction(np.zeros(()))


def no_upstream(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """The local derivative alone: each VJP with an upstream gradient of ones."""
    locals_ = [t.vjp(np.ones(t.upstream.shape)) for t in ts]
    if len(ts) == 1:
        yield Prediction(locals_[0], _fill(graph, name, ts[0]), "tensor")
    elif ts:
        yield Prediction(np.sum(locals_, axis=0), variant="many")


def upstream_only(
    graph: Graph[np.ndarray], name: str, ts: list[TTerm]
) -> Iterator[Prediction[Any]]:
    """A consumer's upstream gradient alone (as it is, or summed to the node's shape)."""
    shape = tuple(graph.nodes[name].shape)
    for t in ts:
        fill = _fill(graph, name, t)
        yield Prediction(t.upstream, fill, "moved" if _moves(t) else "")
        if _sums_to(t.upstream.shape, shape) and tuple(t.upstream.shape) != shape:
            yield Prediction(unbroadcast(np.array(t.upstream), shape), fill, "summed")


def _moves(t: TTerm) -> bool:
    """Whether C only moves its operand's numbers (a reshape): the VJP is its upstream, moved."""
    g, v = np.asarray(t.upstream), np.asarray(t.value)
    if g.shape == v.shape or g.size != v.size:
        return False
    return bool(np.array_equal(np.sort(g, axis=None), np.sort(v, axis=None)))


def _sums_to(big: tuple[int, ...], small: tuple[int, ...]) -> bool:
    """Whether an array of shape ``big`` sums back to ``small`` (``small`` broadcasts to it)."""
    try:
        return np.broadcast_shapes(big, small) == tuple(big)
    except ValueError:
        return False


def one_consumer(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """One use's contribution instead of the sum of all of them."""
    if len(ts) < 2:
        return
    consumers = list(dict.fromkeys(t.consumer for t in ts))
    if len(consumers) > 1:
        both = "both " if len(consumers) == 2 else ""
        names = ", ".join(consumers[:-1]) + " and " + consumers[-1]
        fill = {"why": f"{name} feeds {both}{names}", "what": "consumer"}
    else:
        fill = {"why": f"{consumers[0]} uses {name} {len(ts)} times", "what": "use"}
    for t in ts:
        yield Prediction(t.value, fill)
    if len(consumers) > 2:  # every consumer but one: name the one left out
        right = np.asarray(graph.nodes[name].grad)
        for cname in consumers:
            mine = sum((t.value for t in ts if t.consumer == cname), np.zeros(right.shape))
            yield Prediction(right - mine, {**fill, "missing": cname}, "missing")


def sign(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """The right size with the wrong sign (all of it, or one term)."""
    right = np.asarray(graph.nodes[name].grad)
    advice = "check the sign of each term of the chain rule."
    yield Prediction(-right, {"advice": advice})
    if len(ts) > 1:
        for t in ts:
            flipped = right - 2 * t.value
            same_size = close(np.abs(flipped), np.abs(right), graph.tolerance)
            fill = {**_fill(graph, name, t), "advice": advice}
            yield Prediction(flipped, fill, "" if same_size else "term")


def value_not_grad(
    graph: Graph[np.ndarray], name: str, ts: list[TTerm]
) -> Iterator[Prediction[Any]]:
    """The node's value."""
    yield Prediction(np.asarray(graph.nodes[name].value, dtype=np.float64))


def transpose(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """The whole gradient transposed, or one term transposed (the op rows' slips)."""
    right = np.asarray(graph.nodes[name].grad)
    if right.ndim == 2:
        yield Prediction(right.T, variant="whole")
    yield from slips(Mistake.TRANSPOSE)(graph, name, ts)


def no_batch_sum(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """A broadcast operand's VJP not summed back over the broadcast axes."""
    right = np.asarray(graph.nodes[name].grad)
    for t in ts:
        if t.raw.shape != t.value.shape:
            p = _with(right, ts, t, np.array(t.raw))
            if p is not None:
                yield Prediction(p, _fill(graph, name, t))


def mean_factor(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> Iterator[Prediction[Any]]:
    """The 1/n of a mean downstream missing, or applied twice (from the ops' ``factor``)."""
    right = np.asarray(graph.nodes[name].grad)
    reach = graph.reachable()
    seen: set[str] = set()
    stack = [name]
    while stack:
        for cname in graph.nodes[stack.pop()].consumers:
            if cname in seen or cname not in reach:
                continue
            seen.add(cname)
            stack.append(cname)
            c = graph.nodes[cname]
            factor = TOPS[c.key].factor if c.key in TOPS else None
            if factor is None:
                continue
            n = factor(np.shape(graph.nodes[c.inputs[0]].value), c.arg)
            if n in (0.0, 1.0):
                continue
            fill = {"mean": c.formula, "n": fmt(n), "c": cname}
            yield Prediction(right * n, fill, "missing")
            yield Prediction(right / n, fill, "twice")


def slips(code: Mistake) -> Tensorpredictor:
    """A predictor from the op rows' ``slips`` of misconception ``code``.

    A slip is a function of its term's upstream gradient, so it may also be asked with
    other upstream gradients: ``ts`` built with them (``terms(..., upstream)``) and
    ``right`` the gradient they give (the sum of the terms).
    """

    def predict(
        graph: Graph[np.ndarray], name: str, ts: list[TTerm], right: np.ndarray | None = None
    ) -> Iterator[Prediction[Any]]:
        right = np.asarray(graph.nodes[name].grad) if right is None else np.asarray(right)
        for t in ts:
            shape = t.xs[t.index].shape
            for slip in TOPS[t.key].slips:
                if slip.code != code or slip.operand != t.index:
                    continue
                try:
                    with np.errstate(all="ignore"):
                        w = slip.wrong(t.upstream, t.out, t.xs, t.arg)
                        w = np.asarray(w, dtype=np.float64)
                except (ValueError, IndexError, TypeError):
                    continue
                if w.shape == t.out.shape and w.shape != shape:
                    try:
                        w = unbroadcast(w, shape)
                    except ValueError:
                        pass
                p = _with(right, ts, t, w)
                if p is not None:
                    fill = _fill(graph, name, t)
                    if slip.fill is not None:
                        fill.update(slip.fill(t.xs, t.arg))
                    if slip.form:
                        c = graph.nodes[t.consumer]
                        names = {"c": t.consumer, "x": name, "g": grad_text(t.consumer),
                                 "a": c.inputs[0], "b": c.inputs[-1]}  # fmt: skip
                        fill.update(wrong=slip.form.format(**names))
                        fill.update(rule=slip.rule.format(**names))
                    yield Prediction(p, fill, "tensor")

    return predict


@dataclass(frozen=True, slots=True)
class TensorReading:
    """How the catalogue reads tensor predictions: elementwise, under the lesson's tolerance."""

    def terms(
        self, graph: Graph[np.ndarray], name: str, upstream: Mapping[str, np.ndarray] | None = None
    ) -> list[TTerm]:
        """``terms``."""
        return terms(graph, name, upstream)

    def base(self, graph: Graph[np.ndarray], name: str) -> dict[str, str]:
        """``base``."""
        return base(graph, name)

    def answer(self, graph: Graph[np.ndarray], name: str, value: object) -> np.ndarray | None:
        """The answer as a float array; None when it is right."""
        answer = np.asarray(value, dtype=np.float64)
        want = np.asarray(graph.nodes[name].grad)
        return None if close(answer, want, graph.tolerance) else answer

    def fits(
        self, graph: Graph[np.ndarray], name: str, answer: np.ndarray, p: Prediction[Any]
    ) -> bool:
        """``fits``."""
        return fits(answer, p, np.asarray(graph.nodes[name].grad), graph.tolerance)

    def wrong(self, graph: Graph[np.ndarray], name: str, p: Prediction[Any]) -> bool:
        """A finite prediction that is not the right answer."""
        pv = np.asarray(p.value, dtype=np.float64)
        want = np.asarray(graph.nodes[name].grad)
        return bool(np.isfinite(pv).all()) and not close(pv, want, graph.tolerance)


#: The catalogue's reading of tensor answers (``tutor.teach.predictor_kinds.READINGS``).
READING = TensorReading()
