"""Tiered hints, the full reveal, the numeric check and the Deep Learning book's table.

Every text here is written from the built graph: node names, the engine's symbolic
local derivatives (``graph.nodes[C].symbols``), the gates' rules of thumb
(``engine.OPS[key].rule``) and the engine's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tutor.graph.build import Graph

# num, par, partial and local_partial live in tutor.notation; re-exported for their callers
from tutor.notation import local_partial as local_partial
from tutor.notation import num as num
from tutor.notation import number
from tutor.notation import par as par
from tutor.notation import partial as partial
from tutor.scalar.engine import NUMERIC_H, OPS, nudge
from tutor.teach import placeholders


@dataclass(frozen=True, slots=True)
class Hint:
    """One hint shown to the learner."""

    tier: int
    """Its index in ``hint_tiers`` (0 is the first hint shown)."""
    title: str
    """A short heading (``Chain rule``, ``Local derivatives`` ...)."""
    text: str
    """The hint itself (may span lines)."""
    last: bool = False
    """Whether this is the node's last tier (asking again repeats it)."""
    kind: str = "pattern"
    """``lesson``, ``pattern``, ``local``, ``numbers`` (or ``mistake``: see ``mistake_hint``)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the Deep Learning book's backward table: node V and one consumer C."""

    V: str
    """The node whose gradient is computed."""
    C: str
    """The consumer of V (``-`` for the output's own row)."""
    op: str
    """C's operation written out: ``sin(u4)``, ``u3**2``, ``u1 + u2``."""
    dCdV: str
    """dC/dV in symbols (a consumer using V twice: the uses' derivatives summed)."""
    inputs: str
    """C's inputs with their values: ``u1 = 4, u2 = 2``."""
    contribution: str
    """Upstream gradient times local derivative, with numbers: ``-0.1280 * 12 = -1.5356``."""
    G: str
    """V's total gradient."""
    contribution_value: float | None
    """The contribution's value (None for the output's own row)."""
    G_value: float
    """V's total gradient as a number."""


def _consumers(graph: Graph[Any], name: str) -> list[str]:
    """Consumers of a node the output depends on, in graph order."""
    reach = graph.reachable()
    return [c for c in graph.nodes[name].consumers if c in reach]


def _locals(graph: Graph[Any], cname: str, name: str) -> list[tuple[str, float]]:
    """(symbol, value) of dC/dV for each use of ``name`` by consumer ``cname``."""
    c = graph.nodes[cname]
    return [(s, v) for i, s, v in zip(c.inputs, c.symbols, c.local, strict=True) if i == name]


def _terms(graph: Graph[Any], name: str) -> list[tuple[str, str, float]]:
    """One (consumer, local symbol, local value) per use of ``name``."""
    return [(c, s, v) for c in _consumers(graph, name) for s, v in _locals(graph, c, name)]


# -- formatting helpers (shared by grading and solve) -------------------------------------


def join_and(names: list[str]) -> str:
    """Join names: ``x``, ``x and y``, ``x, y and z``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -- hint tiers -------------------------------------------------------------------------------

#: The tiers, in the order they are shown (the reveal, ctrl+r, comes after them).
TIERS = ("pattern", "local", "numbers")
_NUMBER = re.compile(r"(?<![\w.])\d+(\.\d+)?(?!\w|\.\d)")
_LOCAL_WORDS = re.compile(
    r"local|derivative|∂|\bd\w*/d\w+|gate|passes|flips|swaps|rule|other input|unchanged", re.I
)


def lesson_hint_tier(text: str) -> str:
    """The tier a lesson's plain hint belongs to, from its content.

    A hint that writes a number (a value, a gradient, a local derivative's value: ``q = x
    + y = 3``) is a ``numbers`` hint; one that talks about a gate or a local derivative
    is a ``local`` hint; anything else (which consumers, what to add up) is a ``pattern``.
    """
    if _NUMBER.search(text):
        return "numbers"
    return "local" if _LOCAL_WORDS.search(text) else "pattern"


def lesson_hints(graph: Graph[Any], name: str) -> dict[str, str]:
    """The lesson's own hints for a node, by tier (a plain string goes where it belongs)."""
    lesson = graph.lesson
    own = {
        tier: placeholders.fill(text, graph, num)
        for tier, text in lesson.tier_hints.get(name, {}).items()
    }
    plain = lesson.hints.get(name)
    if plain:
        filled = placeholders.fill(plain, graph, num)  # a placeholder shows a number
        own.setdefault(lesson_hint_tier(filled), filled)
    return own


def hint_tiers(
    graph: Graph[Any], name: str, known: Mapping[str, float] | None = None
) -> list[Hint]:
    """Every hint for a node, in the order they are shown.

    Tiers: ``pattern`` (the chain rule for this node in words and symbols, no number),
    ``local`` (each consumer's local derivative in symbols, with the gate's rule of thumb),
    ``numbers`` (the numbers plugged in). The lesson's own hint for the node comes first
    in the tier its content belongs to (see ``lesson_hint_tier``), with kind ``lesson``.

    Args:
        graph: the lesson's graph.
        name: the node asked.
        known: gradients the learner has found so far (name -> value).

    """
    out = graph.output
    own = lesson_hints(graph, name)
    texts: list[tuple[str, str, str]] = []
    if graph.kind.name == "tensor":
        from tutor.tensor import hints as tensor_hints

        generated = tensor_hints.hint_tiers(graph, name, known or {})
    elif name == out:
        generated = {
            "pattern": (
                "The output",
                f"{name} is the output: the backward pass starts here, "
                f"with the gradient of {out} with respect to itself.",
            ),
            "numbers": (
                "The output",
                f"{partial(out, out)} = 1: if {out} moves by h, {out} moves by h.",
            ),
        }
    else:
        generated = {
            "pattern": ("Chain rule", _chain_hint(graph, name, known or {})),
            "local": ("Local derivatives", _local_hint(graph, name)),
            "numbers": ("Plug in the numbers", _numbers_hint(graph, name)),
        }
    for tier in TIERS:
        if tier in own:
            texts.append(("lesson", "Lesson hint", own[tier]))
        if tier in generated:
            texts.append((tier, *generated[tier]))
    last = len(texts) - 1
    return [Hint(i, title, text, i == last, kind) for i, (kind, title, text) in enumerate(texts)]


def hint(graph: Graph[Any], name: str, tier: int, known: Mapping[str, float]) -> Hint:
    """Return the hint at index ``tier`` of ``hint_tiers`` (past the last: the last one)."""
    tiers = hint_tiers(graph, name, known)
    return tiers[max(0, min(tier, len(tiers) - 1))]


def mistake_hint(graph: Graph[Any], name: str, code: str, value: float) -> Hint:
    """A hint about mistake ``code``, made twice at ``name`` (last with answer ``value``).

    It names the mistake, says again what fits the answer and how to fix it, and shows
    the chain rule and local derivatives for the node in symbols (no number).
    """
    from tutor.mistakes import Mistake
    from tutor.teach.misconceptions import BY_CODE, match

    row = BY_CODE[Mistake(code)]
    found = [m for m in match(graph, name, value) if m.code == code]
    lines = [f"Twice now your answer fits this mistake: {row.name}."]
    if found:
        lines.append(found[0].message)
    if graph.kind.name == "tensor":
        from tutor.tensor import hints as tensor_hints

        lines.append(tensor_hints.hint_tiers(graph, name, {})["local"][1])
    elif name != graph.output:
        lines.append(
            f"The chain rule: {partial(graph.output, name)} = {_chain_formula(graph, name)}."
        )
        lines.append(_local_hint(graph, name))
    return Hint(-1, f"About your answer: {row.name}", "\n\n".join(lines), False, "mistake")


def _chain_formula(graph: Graph[Any], name: str) -> str:
    """``dL/dd * ∂d/∂e`` with one term per use (the local derivative written with ∂)."""
    terms = [
        f"{partial(graph.output, c)} * {local_partial(c, name)}" for c, _, _ in _terms(graph, name)
    ]
    return " + ".join(terms) if terms else "0"


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int) -> str:
    """A count in words (the pattern tier writes no number): ``two``, ``12``."""
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _times(n: int) -> str:
    """``twice``, ``three times``."""
    return "twice" if n == 2 else f"{_count(n)} times"


def _chain_hint(graph: Graph[Any], name: str, known: Mapping[str, float]) -> str:
    """Tier 1: the chain rule for this node, naming its consumers; no number."""
    out, dv = graph.output, partial(graph.output, name)
    consumers = _consumers(graph, name)
    if not consumers:
        return f"{name} does not feed {out}, so {dv} = 0."
    general = (
        f"{dv} = sum over the consumers C of {name} of {partial(out, 'C')} times the local"
        f" derivative {local_partial('C', name)}."
    )
    node = graph.nodes[name]
    many = [f"{c} uses it {_times(node.uses[c])}" for c in consumers if node.uses[c] > 1]
    if len(consumers) == 1:
        who = f"{name} has one consumer, {consumers[0]}"
    else:
        who = f"{name} has {_count(len(consumers))} consumers, {join_and(consumers)}"
    if many:
        who += f" ({', '.join(many)}: one term per use)"
    lines = [general, f"{who}, so {dv} = {_chain_formula(graph, name)}."]
    for c in consumers:
        up = partial(out, c)
        if c == out:
            lines.append(f"{up} is the output's gradient with respect to itself.")
        elif c in known:
            lines.append(f"You found {up} already.")
        elif c in graph.asked:
            lines.append(f"{up} is not known yet: answer {c} first.")
        else:
            lines.append(f"{up} is not asked here: work it out from {c}'s consumers.")
    return "\n".join(lines)


def _local_hint(graph: Graph[Any], name: str) -> str:
    """Tier 2: each consumer's local derivative in symbols (written with ∂, never d)."""
    lines = []
    ruled: set[str] = set()
    for c in _consumers(graph, name):
        node = graph.nodes[c]
        symbols = [s for s, _ in _locals(graph, c, name)]
        which = " + ".join(f"({s})" if " " in s and len(symbols) > 1 else s for s in symbols)
        uses = f" (one term per use of {name})" if len(symbols) > 1 else ""
        local = local_partial(c, name)
        lines.append(f"{c} = {node.formula}, so the local derivative {local} = {which}{uses}.")
        if node.key is not None and node.key not in ruled:
            ruled.add(node.key)
            rule = OPS[node.key].rule
            lines.append(f"  Rule of thumb: {rule}.")
    return "\n".join(lines) if lines else f"{name} does not feed {graph.output}."


def _numbers_hint(graph: Graph[Any], name: str) -> str:
    """Tier 3: the numbers plugged in, leaving the last multiplication or sum."""
    terms = [f"({num(graph.nodes[c].grad)}) * ({num(v)})" for c, _, v in _terms(graph, name)]
    return f"{partial(graph.output, name)} = {' + '.join(terms) if terms else '0'}"


# -- reveal and numeric check ---------------------------------------------------------------


def reveal(graph: Graph[Any], name: str) -> str:
    """Write the answer with its whole derivation, one step a line."""
    if graph.kind.name == "tensor":
        from tutor.tensor import hints as tensor_hints

        return tensor_hints.reveal(graph, name)
    out = graph.output
    dv = partial(out, name)
    g = graph.nodes[name].grad
    if name == out:
        return f"{dv} = 1: the output's gradient with respect to itself.\nAnswer: {dv} = 1"
    terms = _terms(graph, name)
    if not terms:
        return f"{name} does not feed {out}, so {dv} = 0.\nAnswer: {dv} = 0"
    lines = [f"{dv} = {_chain_formula(graph, name)}"]
    for c in _consumers(graph, name):
        node = graph.nodes[c]
        for k, (s, v) in enumerate(_locals(graph, c, name)):
            value = "" if s == num(v) else f" = {num(v)}"
            use = f" (use {k + 1})" if graph.nodes[name].uses[c] > 1 else ""
            lines.append(f"  {partial(c, name)}{use} = {s}{value}   since {c} = {node.formula}")
        if c != out:
            lines.append(f"  {partial(out, c)} = {num(node.grad)}")
    products = " + ".join(f"{par(graph.nodes[c].grad)} * {par(v)}" for c, _, v in terms)
    lines.append(f"{dv} = {products} = {num(g)}")
    lines.append(f"Answer: {dv} = {num(g)}")
    return "\n".join(lines)


def _nudged(graph: Graph[Any], name: str, h: float) -> tuple[float, float, float]:
    """Output values at the node's value, +h and -h (all values restored after)."""
    output = graph.values[graph.output]
    up, down = nudge(output, graph.values[name], h)
    return output.data, up, down


def _change(x: float) -> str:
    """Format a change of the output: signed, six decimals (scientific when tiny)."""
    return number(x, "+.6f" if x == 0 or abs(x) >= 1e-6 else "+.3e")


def _estimate(x: float) -> str:
    """Format the finite-difference estimate: three decimals (scientific when tiny)."""
    return number(x, ".3f" if x == 0 or abs(x) >= 1e-3 else ".3e")


def numeric_check(graph: Graph[Any], name: str, h: float = NUMERIC_H) -> str:
    """Explain the central-difference check of a node's gradient in words.

    Example: ``Nudging e by +0.001 moves L by -0.002000; nudging it by -0.001 moves L by
    +0.002000. So dL/de is about (-0.002000 - (+0.002000)) / 0.002 = -2.000.``
    """
    if graph.kind.name == "tensor":
        from tutor.tensor import hints as tensor_hints

        return tensor_hints.numeric_check(graph, name)
    out = graph.output
    dv = partial(out, name)
    if name not in graph.reachable():
        return f"{name} does not feed {out}: nudging it does not move {out}, so {dv} = 0."
    try:
        base, up, down = _nudged(graph, name, h)
    except (ValueError, ZeroDivisionError, OverflowError):
        return f"Nudging {name} by {h:g} leaves the domain of an operation: no numeric check here."
    d_up, d_down = up - base, down - base
    estimate = (up - down) / (2 * h)
    return (
        f"Nudging {name} by +{h:g} moves {out} by {_change(d_up)}; nudging it by -{h:g} "
        f"moves {out} by {_change(d_down)}. So {dv} is about "
        f"({_change(d_up)} - ({_change(d_down)})) / {2 * h:g} = {_estimate(estimate)}."
    )


# -- the Deep Learning book's table ------------------------------------------------------


def _inputs_text(graph: Graph[Any], cname: str) -> str:
    """List a consumer's operands with values: ``u1 = 4, u2 = 2`` (constants left out)."""
    seen = dict.fromkeys(i for i in graph.nodes[cname].inputs if graph.nodes[i].kind != "const")
    return ", ".join(f"{i} = {num(graph.nodes[i].value)}" for i in seen) or "-"


def table_rows(graph: Graph[Any], name: str) -> list[Row]:
    """Build the table rows for node V: one per consumer C, each with V's total G.

    A consumer that uses V several times gets one row whose dC/dV is the sum of its
    uses' local derivatives. The output gets one row with C ``-`` and G 1; a node that
    does not feed the output gets one row with C ``-`` and G 0.
    """
    if graph.kind.name == "tensor":  # VJPs in symbols, with shapes
        from tutor.tensor import hints as tensor_hints

        grad = graph.nodes[name].grad
        return [Row(*cells, None, grad) for cells in tensor_hints.table_cells(graph, name)]
    node = graph.nodes[name]
    g, g_text = node.grad, num(node.grad)
    if name == graph.output:
        op = f"{name} (output)"
        return [Row(name, "-", op, "1", "-", "-", g_text, None, g)]
    rows = []
    for c in _consumers(graph, name):
        cn = graph.nodes[c]
        parts = _locals(graph, c, name)
        symbol = " + ".join(f"({s})" if " " in s and len(parts) > 1 else s for s, _ in parts)
        local = sum(v for _, v in parts)
        value = cn.grad * local
        contribution = f"{num(cn.grad)} * {par(local)} = {num(value)}"
        rows.append(
            Row(name, c, cn.formula, symbol, _inputs_text(graph, c), contribution, g_text, value, g)
        )
    if not rows:
        rows.append(Row(name, "-", f"{name} (unused)", "0", "-", "-", g_text, None, g))
    return rows


def solution_rows(graph: Graph[Any]) -> list[Row]:
    """Build the whole backward table: ``table_rows`` of each asked node, in asked order."""
    return [row for name in graph.order for row in table_rows(graph, name)]
