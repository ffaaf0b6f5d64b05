"""The scalar kind's teaching texts: hint tiers, reveal, numeric check, backward table.

Each is written from the built graph: node names, the op table's local derivatives in
symbols and rules of thumb, the engine's numbers.

``tutor.teach.hints`` assembles the tiers with the lesson's own hints; it reaches these
through the graph's kind (``tutor.scalar.kind.ScalarKind``), never by asking what the
graph holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tutor.kind import BackwardRow
from tutor.messages import join_and
from tutor.notation import grad_name, local_partial, num, number, par, partial
from tutor.scalar.engine import NUMERIC_H, nudge
from tutor.scalar.ops import OPS

if TYPE_CHECKING:
    from tutor.graph.model import Graph


def generated_tiers(
    graph: Graph[float], name: str, known: Mapping[str, float]
) -> dict[str, tuple[str, str]]:
    """The tiers written from the graph: tier -> (title, text)."""
    out = graph.output
    if name == out:
        return {
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
    return {
        "pattern": ("Chain rule", _chain_hint(graph, name, known)),
        "local": ("Local derivatives", _local_hint(graph, name)),
        "numbers": ("Plug in the numbers", _numbers_hint(graph, name)),
    }


def mistake_lines(graph: Graph[float], name: str) -> list[str]:
    """What a mistake hint adds: the chain rule and the local derivatives, in symbols."""
    if name == graph.output:
        return []
    return [
        f"The chain rule: {partial(graph.output, name)} = {_chain_formula(graph, name)}.",
        _local_hint(graph, name),
    ]


def _consumers(graph: Graph[float], name: str) -> list[str]:
    """Consumers of a node the output depends on, in graph order."""
    reach = graph.reachable()
    return [c for c in graph.nodes[name].consumers if c in reach]


def _locals(graph: Graph[float], cname: str, name: str) -> list[tuple[str, float]]:
    """(symbol, value) of dC/dV for each use of ``name`` by consumer ``cname``."""
    c = graph.nodes[cname]
    return [(s, v) for i, s, v in zip(c.inputs, c.symbols, c.local, strict=True) if i == name]


def _terms(graph: Graph[float], name: str) -> list[tuple[str, str, float]]:
    """One (consumer, local symbol, local value) per use of ``name``."""
    return [(c, s, v) for c in _consumers(graph, name) for s, v in _locals(graph, c, name)]


def _chain_formula(graph: Graph[float], name: str) -> str:
    """``dL/dd * ∂d/∂e`` with one term per use (the local derivative written with ∂)."""
    terms = [
        f"{partial(graph.output, c)} * {local_partial(c, name)}" for c, _, _ in _terms(graph, name)
    ]
    return " + ".join(terms) if terms else "0"


def chain_form(graph: Graph[float], name: str) -> str:
    """The gradient in the answer language: ``do * (1 - o**2) + ...``, one term per use."""
    if name == graph.output:
        return "1"
    terms = [f"{grad_name(c)} * {_group(s)}" for c, s, _ in _terms(graph, name)]
    return " + ".join(terms) if terms else "0"


def _group(symbol: str) -> str:
    """A local derivative as a factor: bare when it is one name or number, else in ()."""
    return symbol if symbol.replace(".", "").replace("_", "").isalnum() else f"({symbol})"


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int) -> str:
    """A count in words (the pattern tier writes no number): ``two``, ``12``."""
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _times(n: int) -> str:
    """``twice``, ``three times``."""
    return "twice" if n == 2 else f"{_count(n)} times"


def _chain_hint(graph: Graph[float], name: str, known: Mapping[str, float]) -> str:
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
            lines.append(f"{up} is not asked here: work it out from the consumers of {c}.")
    return "\n".join(lines)


def _local_hint(graph: Graph[float], name: str) -> str:
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


def _numbers_hint(graph: Graph[float], name: str) -> str:
    """Tier 3: the numbers plugged in, leaving the last multiplication or sum."""
    terms = [f"({num(graph.nodes[c].grad)}) * ({num(v)})" for c, _, v in _terms(graph, name)]
    return f"{partial(graph.output, name)} = {' + '.join(terms) if terms else '0'}"


def reveal(graph: Graph[float], name: str) -> str:
    """Write the answer with its whole derivation, one step a line."""
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


def _nudged(graph: Graph[float], name: str, h: float) -> tuple[float, float, float]:
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


def numeric_check(graph: Graph[float], name: str, h: float = NUMERIC_H) -> str:
    """Explain the central-difference check of a node's gradient in words.

    Example: ``Nudging e by +0.001 moves L by -0.002000; nudging it by -0.001 moves L by
    +0.002000. So dL/de is about (-0.002000 - (+0.002000)) / 0.002 = -2.000.``
    """
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


def _inputs_text(graph: Graph[float], cname: str) -> str:
    """List a consumer's operands with values: ``u1 = 4, u2 = 2`` (constants left out)."""
    seen = dict.fromkeys(i for i in graph.nodes[cname].inputs if graph.nodes[i].kind != "const")
    return ", ".join(f"{i} = {num(graph.nodes[i].value)}" for i in seen) or "-"


def backward_rows(graph: Graph[float], name: str) -> list[BackwardRow]:
    """Build the table rows for node V: one per consumer C, each with V's total G.

    A consumer that uses V several times gets one row whose dC/dV is the sum of its
    uses' local derivatives. The output gets one row with C ``-`` and G 1; a node that
    does not feed the output gets one row with C ``-`` and G 0.
    """
    node = graph.nodes[name]
    g, g_text = node.grad, num(node.grad)
    if name == graph.output:
        op = f"{name} (output)"
        return [BackwardRow(name, "-", op, "1", "-", "-", g_text, None, g)]
    rows = []
    for c in _consumers(graph, name):
        cn = graph.nodes[c]
        parts = _locals(graph, c, name)
        symbol = " + ".join(f"({s})" if " " in s and len(parts) > 1 else s for s, _ in parts)
        local = sum(v for _, v in parts)
        value = cn.grad * local
        contribution = f"{num(cn.grad)} * {par(local)} = {num(value)}"
        rows.append(
            BackwardRow(
                name, c, cn.formula, symbol, _inputs_text(graph, c), contribution, g_text, value, g
            )
        )
    if not rows:
        rows.append(BackwardRow(name, "-", f"{name} (unused)", "0", "-", "-", g_text, None, g))
    return rows
