"""The formula check: an answer that uses names is right only where it is right everywhere.

A number that matches the gradient at the lesson's values proves nothing about the formula
that produced it: ``o**2`` equals ``1 - o**2`` where o = 1/√2, and a path whose gradient is
0 at every input can be added with any sign. So an answer that names nodes or gradients is
a formula, and ``check`` evaluates it again:

- at other draws of the inputs (``tutor.teach.formula_points``), where it must equal the
  gradient computed there;
- where it names the gradient of one of the node's consumers (``dC``), with the gradients
  it names replaced by random ones of the same shape: the gradient is linear in its
  consumers' gradients (the sum of the uses' VJPs), and the answer must equal that sum.
  This catches a wrong sign on a path whose true gradient is 0 at every input; a consumer
  whose gradient is 0 is made random too, so a path that carries 0 must still be written.
  Any other consumer's gradient the answer does not name keeps its true value, as at the
  other draws: ``Gc`` for ``dloss_3 * Gc``, where loss_3 only feeds a sum, is right
  everywhere. (Only when every gradient it names is a consumer's: ``dL`` two steps up is
  checked at true values.)

A formula right at every point is right whatever its form: a fused shortcut, ``1 -
tanh(n)**2`` for ``1 - o**2``, or ``zeros_like(X)`` where the gradient is 0 by structure
(``FormulaCheck.zero``). A formula right here and wrong elsewhere gets the point where it
is wrong (``Counterexample``), with what the catalogue diagnoses there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tutor.grammar.errors import ParseError
from tutor.graph.build import Graph
from tutor.teach import misconceptions as mc
from tutor.teach.formula_paths import path_mistakes
from tutor.teach.formula_points import NoGradient, Values, draws, seeded

__all__ = ["Counterexample", "FormulaCheck", "FormulaStatus", "check", "refs"]


class FormulaStatus(StrEnum):
    """What the formula check found (``grade --json``'s ``"formula"``)."""

    RIGHT = "right"
    """The answer names nodes and is right at every point tried."""
    WRONG = "wrong"
    """The answer names nodes and is wrong at some point (here, or elsewhere)."""
    NUMBER = "number"
    """The answer names nothing: a number, which cannot be checked as a formula."""


@dataclass(frozen=True, slots=True)
class Counterexample:
    """A point where a formula that matches at the lesson's values is wrong."""

    inputs: dict[str, str]
    """The drawn inputs, shown (empty: the lesson's own values)."""
    upstream: dict[str, str]
    """The consumers' gradients replaced by random ones, shown (empty: the true ones)."""
    text: str
    """Where and how it differs: ``at x = 1.3 it gives 0.41 and the gradient is 0.59``."""
    matches: tuple[mc.Match, ...]
    """What the catalogue diagnoses at that point (with true gradients only)."""
    got: object
    """The answer's value there (JSON data)."""
    want: object
    """The gradient there (JSON data)."""

    def json(self) -> dict[str, object]:
        """``grade --json``'s ``"counterexample"``."""
        return {
            "inputs": self.inputs,
            "upstream": self.upstream,
            "value": self.got,
            "expected": self.want,
        }


@dataclass(frozen=True, slots=True)
class FormulaCheck:
    """The verdict of the formula check on an answer."""

    status: FormulaStatus
    """right, wrong or number."""
    counterexample: Counterexample | None = None
    """Where a formula that matches here is wrong (None: it is not, or it does not match)."""
    zero: bool = False
    """Right, naming no gradient, and the gradient is 0 at every point: 0 by structure."""
    points: int = field(default=0, compare=False)
    """Points the answer was evaluated at, the lesson's own included."""


def refs(graph: Graph[Any], text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The node values and gradients an answer names (a readable answer)."""
    try:
        return graph.kind.answer_refs(text, graph.nodes)
    except (ParseError, ValueError, OverflowError, RecursionError):
        return frozenset(), frozenset()


def _at(graph: Graph[Any], text: str, known: Mapping[str, Any]) -> Any | None:
    """The answer at another point; None where it cannot be computed there."""
    try:
        return graph.kind.read_answer(text, Values(graph.nodes), known, NoGradient(graph.nodes))
    except (ParseError, ValueError, OverflowError, ZeroDivisionError, RecursionError):
        return None


def _differs(graph: Graph[Any], got: Any, want: Any) -> str:
    """How ``got`` differs from ``want``: numbers quoted, an array's largest difference."""
    kind = graph.kind
    a, b = kind.quote(got), kind.quote(want)
    if a is not None and b is not None:
        return f"it gives {a} and the gradient is {b}"
    judged = kind.judge("", "", want, got, graph.tolerance)
    text = judged.text or "it differs"
    return text[:1].lower() + text[1:].rstrip(".")


def _shown(shown: Mapping[str, str], quoted: bool) -> str:
    """``x1 = 1.3, w1 = -2.9``; tensor inputs by name and how they were drawn."""
    return ", ".join(f"{n} = {v}" if quoted else f"{n} ({v})" for n, v in shown.items())


def check(graph: Graph[Any], name: str, text: str, matches_here: bool) -> FormulaCheck:
    """Check ``text``, an answer at ``name``, as a formula.

    Args:
        graph: the lesson's graph (the answer was read in it).
        name: the node asked.
        text: the answer as typed (readable).
        matches_here: whether its value is right at the lesson's values.

    """
    values, grads = refs(graph, text)
    if not values and not grads:
        return FormulaCheck(FormulaStatus.NUMBER)
    if not matches_here:
        return FormulaCheck(FormulaStatus.WRONG, points=1)
    kind, tol = graph.kind, graph.tolerance
    points = 1
    zero = not grads and kind.close(graph.nodes[name].grad * 0.0, graph.nodes[name].grad, tol)
    others = draws(graph)
    wrong: Counterexample | None = None
    for d in others:  # other draws of the inputs, true upstream gradients
        g = d.graph
        got = _at(g, text, {n: g.nodes[n].grad for n in grads})
        if got is None:
            continue
        points += 1
        want = g.nodes[name].grad
        zero = zero and kind.close(want * 0.0, want, g.tolerance)
        if not kind.close(got, want, g.tolerance):
            ce = _counterexample(g, name, d.shown, got, want)
            wrong = wrong or ce
            if len(ce.matches) == 1:  # one diagnosis there: the clearest point to show
                return FormulaCheck(FormulaStatus.WRONG, ce, points=points)
    if wrong is not None:
        return FormulaCheck(FormulaStatus.WRONG, wrong, points=points)
    consumers = {c for c, _ in graph.uses(name)}
    if grads and grads <= consumers:
        rng = seeded(graph, f"upstream:{name}")
        for g, shown in [(graph, {}), *((d.graph, d.shown) for d in others)]:
            size = max(kind.magnitude(g.nodes[c].grad) for c in consumers) or 1.0
            drawn = {c: kind.random_like(g.nodes[c].grad, size, rng) for c in sorted(consumers)}
            moved = {c for c in consumers if c in grads or _carries_zero(g, c)}
            upstream = {c: drawn[c] if c in moved else g.nodes[c].grad for c in drawn}
            got = _at(g, text, {n: upstream[n] for n in grads})
            if got is None:
                continue
            points += 1
            uses = g.uses(name)
            terms = [kind.contribution(g.values[c], i, upstream[c]).value for c, i in uses]
            want = sum(terms[1:], terms[0])
            if not kind.close(got, want, g.tolerance):
                found = path_mistakes(g, name, uses, terms, got, upstream)
                return FormulaCheck(
                    FormulaStatus.WRONG,
                    _upstream_case(
                        g, shown, {c: drawn[c] for c in sorted(moved)}, got, want, found
                    ),
                    points=points,
                )
    return FormulaCheck(FormulaStatus.RIGHT, zero=zero, points=points)


def _carries_zero(g: Graph[Any], consumer: str) -> bool:
    """Whether a consumer's gradient is 0 here: its path must still be written."""
    return g.kind.magnitude(g.nodes[consumer].grad) <= g.tolerance.floor


def _counterexample(
    g: Graph[Any], name: str, shown: dict[str, str], got: Any, want: Any
) -> Counterexample:
    """The counterexample at another draw, with what the catalogue diagnoses there."""
    kind = g.kind
    quoted = all(kind.quote(g.inputs[n]) is not None for n in shown)
    says = f"at {_shown(shown, quoted)} {_differs(g, got, want)}"
    found = tuple(mc.match(g, name, got))
    return Counterexample(dict(shown), {}, says, found, kind.json_value(got), kind.json_value(want))


def _upstream_case(
    g: Graph[Any],
    shown: dict[str, str],
    upstream: dict[str, Any],
    got: Any,
    want: Any,
    found: tuple[mc.Match, ...],
) -> Counterexample:
    """The counterexample with random upstream gradients."""
    from tutor.notation import grad_name

    kind = g.kind
    quoted = {c: kind.quote(v) for c, v in upstream.items()}
    if all(q is not None for q in quoted.values()):
        with_ = ", ".join(f"{grad_name(c)} = {q}" for c, q in quoted.items())
    else:
        with_ = ", ".join(grad_name(c) for c in upstream) + " random, of the same shapes"
    says = _differs(g, got, want).replace("the gradient is", "the chain rule gives")
    at = f" at {_shown(shown, True)}" if shown else ""
    text = f"with other upstream gradients ({with_}){at}, {says}"
    return Counterexample(
        dict(shown),
        {c: q if q is not None else "random" for c, q in quoted.items()},
        text,
        found,
        kind.json_value(got),
        kind.json_value(want),
    )
