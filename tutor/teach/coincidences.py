"""Numbers that hide a mistake: coincident misconceptions and gradients that are about 0.

A plain number cannot be checked as a formula (``tutor.teach.formula``), so a lesson's
numbers must not make a mistake invisible. At an asked node:

- a catalogue row may predict the right value at the lesson's values and a wrong one
  elsewhere (``o**2`` for ``1 - o**2`` where o = 1/√2; a multiply gate's own input where
  a = b): a learner making that mistake is told "Correct";
- the gradient may be 0, or negligible next to the lesson's others: every mistake that
  multiplies by it gives 0 too.

``findings`` lists both, for ``check``'s warnings (``tutor.authoring.check``) and for quiz
variants, which are redrawn until they have none (``tutor.teach.quiz``). A gradient the
lesson's ``expected`` says is 0 is meant (a blocked relu), and not reported.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tutor.graph.build import Graph
from tutor.mistakes import Mistake, Prediction
from tutor.notation import partial
from tutor.teach import misconceptions as mc
from tutor.teach.formula_points import draws
from tutor.teach.predictor_kinds import READINGS

__all__ = ["NEGLIGIBLE", "SATURATED", "Finding", "findings", "said_zero"]

#: A gradient this small next to the lesson's largest asked one counts as 0 (``check``).
NEGLIGIBLE = 1.0e-6
#: Quiz variants are stricter: a gradient this small next to the largest is a saturated
#: gate or a blocked path, redrawn.
SATURATED = 1.0e-3


@dataclass(frozen=True, slots=True)
class Finding:
    """A number of the lesson that hides a mistake at one asked node."""

    node: str
    """The asked node."""
    code: Mistake | None
    """The coincident mistake (None: the gradient is about 0)."""
    text: str
    """What ``check`` says, without place: ``at a, ... gives the right value too ...``."""


def _row_predictions(
    graph: Graph[Any], name: str
) -> Iterator[tuple[Mistake, int, Any, dict[str, str]]]:
    """Every finite (code, index within the row, value, words) predicted at ``name``.

    Unfiltered: predictions equal to the right answer are kept (they are what is looked
    for). Rounding bands are not predictions of a formula, and are left out.
    """
    kind = graph.kind.name
    reading = READINGS[kind]()
    ts = reading.terms(graph, name)
    for row in mc.TABLE:
        predict = row.predictors[kind]
        if predict is None:
            continue
        k = 0
        for p in predict(graph, name, ts):
            if not _usable(graph, p):
                continue
            yield row.code, k, p.value, p.fill
            k += 1


def _usable(graph: Graph[Any], p: Prediction[Any]) -> bool:
    """A finite prediction of a formula (not a rounding band)."""
    return not p.band and graph.kind.is_finite(p.value)


def _right(graph: Graph[Any], name: str, value: Any) -> bool:
    """Whether ``value`` is the right answer at ``name`` (same shape, within tolerance)."""
    want = graph.nodes[name].grad
    kind = graph.kind
    return kind.shape(value) == kind.shape(want) and kind.close(value, want, graph.tolerance)


def _asked(graph: Graph[Any]) -> list[str]:
    """The asked nodes but the output: its gradient is 1 by definition, nothing to hide."""
    return [n for n in graph.order if n != graph.output]


def said_zero(graph: Graph[Any], name: str) -> bool:
    """Whether the lesson's ``expected`` says the gradient at ``name`` is 0."""
    want = graph.lesson.expected.get(name)
    if want is None:
        return False
    kind = graph.kind
    values = {n: node.value for n, node in graph.nodes.items()}
    try:
        value = kind.evaluate(want.expr, values)
    except Exception:  # noqa: BLE001  # check reports an unreadable expected itself
        return False
    return kind.magnitude(value) == 0


def small(graph: Graph[Any], ratio: float) -> list[str]:
    """Asked nodes whose gradient is at most ``ratio`` of the largest asked one (or noise)."""
    kind = graph.kind
    sizes = {n: kind.magnitude(graph.nodes[n].grad) for n in _asked(graph)}
    top = max(sizes.values(), default=0.0)
    return [
        n
        for n, size in sizes.items()
        if size <= max(ratio * top, graph.tolerance.floor) and not said_zero(graph, n)
    ]


def coincident(graph: Graph[Any], name: str) -> list[Finding]:
    """Rows that predict the right value at ``name`` here and a wrong one at another draw."""
    here = [p for p in _row_predictions(graph, name) if _right(graph, name, p[2])]
    if not here:
        return []
    found: dict[Mistake, Finding] = {}
    for d in draws(graph):
        there = {(c, k): v for c, k, v, _ in _row_predictions(d.graph, name)}
        for code, k, value, words in here:
            other = there.get((code, k))
            if code in found or other is None or _right(d.graph, name, other):
                continue
            text = _coincidence_text(graph, name, code, value, words)
            found[code] = Finding(name, code, text)
    return list(found.values())


def _coincidence_text(
    graph: Graph[Any], name: str, code: Mistake, value: Any, words: dict[str, str]
) -> str:
    """``at n, tanh' as o**2 gives the right value too (0.5), because o**2 = ...``."""
    quoted = graph.kind.quote(value)
    shown = f" ({quoted})" if quoted is not None else ""
    row = mc.BY_CODE[code]
    right = words.get("rule") or words.get("symbol")
    because = (
        f"because {right} = {words['wrong']} here" if "wrong" in words and right else
        "at these inputs only"
    )  # fmt: skip
    return (
        f"at {name}, {row.name} ({code.value}) gives the right value too{shown}, {because}: "
        f"a learner making that mistake would be told it is correct; choose inputs where "
        f"the two differ"
    )


def findings(graph: Graph[Any], ratio: float = NEGLIGIBLE) -> list[Finding]:
    """Every asked node whose gradient is about 0, and every coincident mistake."""
    out: list[Finding] = []
    zero = small(graph, ratio)
    for name in zero:
        size = graph.kind.magnitude(graph.nodes[name].grad)
        what = "0" if size <= graph.tolerance.floor else f"negligible ({size:.2g})"
        out.append(
            Finding(
                name,
                None,
                f"{partial(graph.output, name)} is {what} at these inputs, so every mistake "
                f"that multiplies by it gives the right value too: choose other inputs, or "
                f"say {name}: 0 in expected if the lesson teaches that it is 0",
            )
        )
    for name in _asked(graph):
        size = graph.kind.magnitude(graph.nodes[name].grad)
        if name not in zero and size > graph.tolerance.floor and not math.isnan(size):
            out += coincident(graph, name)
    return out
