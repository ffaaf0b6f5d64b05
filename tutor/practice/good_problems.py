"""What makes a generated practice problem a good one (``quality``), and its graph's ``shape``.

A draft is kept only if it has friendly inputs, no value or gradient too large, no
saturated gate (every asked gradient at least ``MIN_GRAD`` in size, except below a relu
that blocks, where the problem teaches the zero), and wrong answers that can be told apart
(``distinct_mistakes``: the classic mistakes' ``predictions`` differ from the answer and
from each other by ``MARGIN``). ``tutor.practice.problems`` draws drafts and keeps the
first good one.
"""

from __future__ import annotations

import math
from typing import Any

from tutor.graph.build import CONST, INPUT, Graph, build
from tutor.lesson.model import Tolerance
from tutor.mistakes import Mistake
from tutor.practice.drafts import MAX_SIZE
from tutor.scalar.ops import OPS

#: Smallest asked gradient, in size (a smaller one means a saturated gate).
MIN_GRAD = 0.05
#: Two numbers closer than this are one answer to a learner (a lucky slip would pass).
MARGIN = Tolerance(rel=0.02, abs=0.01)
#: Closer than this at two sets of inputs: the same quantity by construction.
_SAME = Tolerance(rel=1e-9, abs=1e-12)
#: Mistakes that are never the right answer, not even by construction: a graph in which
#: a node's value is its gradient (``L = 0.5 * e**2``) is not drafted.
ALWAYS_WRONG = frozenset({Mistake.VALUE_NOT_GRAD})


def predictions(graph: Graph[Any], name: str) -> list[tuple[Mistake, float]]:
    """The wrong answers the classic mistakes predict for node ``name``: ``(code, value)``.

    This is the seam for the misconception table (``tutor.teach.misconceptions``, on its way):
    once it lands, this returns its rows' raw ``predict`` values (all of them: not its
    ``predictions()``, which drops those equal to the right answer, coincidences
    included), and ``distinct_mistakes`` needs no change. The codes are
    ``tutor.teach.grading.MISTAKES``'s, which the table keeps.
    """
    node = graph.nodes[name]
    reach = graph.reachable()
    out: list[tuple[Mistake, float]] = [
        (Mistake.VALUE_NOT_GRAD, node.value),
        (Mistake.SIGN, -node.grad),
    ]
    consumers = [c for c in node.consumers if c in reach]
    uses = sum(node.uses[c] for c in consumers)
    for cname in consumers:
        c = graph.nodes[cname]
        per_use = [c.grad * lo for i, lo in zip(c.inputs, c.local, strict=True) if i == name]
        out.append((Mistake.UPSTREAM_ONLY, c.grad))
        if uses == 1:
            out.append((Mistake.NO_UPSTREAM, c.local[c.inputs.index(name)]))
        else:
            out += [(Mistake.ONE_CONSUMER, v) for v in per_use]
            if len(consumers) > 1:
                out.append((Mistake.ONE_CONSUMER, sum(per_use)))
    return out


def _paired(
    graph: Graph[Any], twin: Graph[Any], name: str
) -> list[tuple[Mistake, float, float | None]]:
    """Each prediction with the same one (same code, same rank) in the twin, if any."""
    twins: dict[str, list[float]] = {}
    for code, value in predictions(twin, name):
        twins.setdefault(code, []).append(value)
    seen: dict[str, int] = {}
    out: list[tuple[Mistake, float, float | None]] = []
    for code, value in predictions(graph, name):
        k = seen[code] = seen.get(code, -1) + 1
        others = twins.get(code, [])
        out.append((code, value, others[k] if k < len(others) else None))
    return out


def distinct_mistakes(graph: Graph[Any], name: str, twin: Graph[Any] | None = None) -> bool:
    """Whether the mistakes' predictions for ``name`` differ from the answer and each other.

    Then a wrong answer can be diagnosed, and a lucky slip cannot pass. A prediction
    that equals the right answer *by construction* (the upstream gradient alone under
    an add gate, the local derivative alone right below the output) is not a mistake
    there and is skipped. Telling construction from coincidence: ``twin`` is the same
    graph at slightly moved inputs (built here when not given); an equality that holds
    in both is construction.
    """
    twin = twin if twin is not None else build(graph.lesson, _nudged(graph.inputs))
    want, twin_want = graph.nodes[name].grad, twin.nodes[name].grad

    def same(a: float, b: float, ta: float | None, tb: float | None) -> bool:
        return ta is not None and tb is not None and _SAME.close(a, b) and _SAME.close(ta, tb)

    kept: list[tuple[float, float | None]] = []
    for code, value, twin_value in _paired(graph, twin, name):
        if code not in ALWAYS_WRONG and same(value, want, twin_value, twin_want):
            continue  # not a mistake at this node
        if MARGIN.close(value, want):
            return False
        kept.append((value, twin_value))
    for i, (a, ta) in enumerate(kept):
        for b, tb in kept[i + 1 :]:
            if MARGIN.close(a, b) and not same(a, b, ta, tb):
                return False
    return True


def _nudged(inputs: dict[str, float]) -> dict[str, float]:
    """The inputs moved by small, unequal, irrational-ish amounts (for ``distinct_mistakes``)."""
    return {n: v * (1 + 0.0113 * math.sqrt(i + 2)) for i, (n, v) in enumerate(inputs.items())}


def friendly_number(x: float) -> bool:
    """A small integer or a number with one decimal, at most ``MAX_SIZE`` in size."""
    return abs(x) <= MAX_SIZE and abs(x * 10 - round(x * 10)) < 1e-9


def blocked_below(graph: Graph[Any]) -> set[str]:
    """Nodes whose every use passes through a gate that blocks (a relu of a negative input)."""
    reach = graph.reachable()
    blocked: set[str] = set()
    for name in reversed(list(graph.nodes)):  # consumers before operands
        node = graph.nodes[name]
        if name not in reach or name == graph.output:
            continue
        live = [c for c in node.consumers if c in reach]
        if live and all(c in blocked or _blocks(graph, c) for c in live):
            blocked.add(name)
    return blocked


def _blocks(graph: Graph[Any], cname: str) -> bool:
    """Whether gate ``cname`` blocks the gradient at its operands' values (its op row says)."""
    c = graph.nodes[cname]
    practice = OPS[c.key].practice if c.key is not None else None
    if practice is None or practice.blocks is None:
        return False
    return practice.blocks(tuple(graph.nodes[i].value for i in c.inputs))


def quality(graph: Graph[Any]) -> list[str]:
    """Why the problem is not a good one (empty: it is)."""
    why: list[str] = []
    for name, value in graph.inputs.items():
        if not friendly_number(value):
            why.append(f"input {name} = {value} is not a small integer or one decimal")
    blocked = blocked_below(graph)
    twin = build(graph.lesson, _nudged(graph.inputs))
    for name in graph.order:
        node = graph.nodes[name]
        if abs(node.value) > MAX_SIZE or abs(node.grad) > MAX_SIZE:
            why.append(f"{name}: value or gradient too large")
        if name in blocked:
            if node.grad != 0:
                why.append(f"{name}: below a blocking relu but its gradient is not 0")
        elif abs(node.grad) < MIN_GRAD:
            why.append(f"{name}: gradient {node.grad:.4g} is too small (a saturated gate)")
        if not distinct_mistakes(graph, name, twin):
            why.append(f"{name}: a mistake would give the right answer or another mistake's")
    if not why:  # the formula check's rule too: no mistake coincides at these inputs only
        from tutor.teach.coincidences import findings

        # a gradient 0 below a blocking relu is what the problem teaches, not an accident
        why += [f.text for f in findings(graph) if f.code is not None or f.node not in blocked]
    return why


def shape(graph: Graph[Any]) -> str:
    """The graph's shape: its operations and wiring, without names or numbers."""
    canon: dict[str, str] = {}
    parts: list[str] = []
    for name, node in graph.nodes.items():
        if node.kind == INPUT:
            canon[name] = "x"
        elif node.kind == CONST:
            canon[name] = "k"
        else:
            args = ",".join(canon[i] for i in node.inputs)
            canon[name] = f"n{len(parts)}"
            parts.append(f"{node.op}({args})")
    # inputs are told apart by which operations use them (and how often)
    uses = sorted(
        ";".join(sorted(f"{canon[c]}x{k}" for c, k in graph.nodes[n].uses.items()))
        for n, node in graph.nodes.items()
        if node.kind == INPUT
    )
    return " ".join(parts) + " | " + " ".join(uses)
