"""Hints for tensor nodes: dimension analysis, the VJP in symbols, the numbers.

``tutor.teach.hints`` calls these for a tensor lesson; they return plain ``(kind, title, text)``
tiers and strings (``tutor.teach.hints`` makes its ``Hint`` objects from them). Everything is
written from the built graph: the op table's VJP symbols and rules of thumb, the shapes,
the engine's numbers.

- pattern ("Shapes"): the gradient has the node's shape; for a matrix product, the only
  product of the upstream gradient and the other operand (either transposed) that has
  that shape; for a broadcast operand, the axes to sum over;
- local ("The VJP"): each consumer's VJP written out, with shapes and the rule of thumb;
- numbers: a corner of the right gradient.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from tutor.kind import BackwardRow
from tutor.notation import grad_name, partial, shape_text
from tutor.tensor.compare import shape_rule
from tutor.tensor.numeric import directional
from tutor.tensor.ops import TOPS
from tutor.tensor.predictors import TTerm, terms
from tutor.tensor.show import corner, tensor_text

if TYPE_CHECKING:
    from tutor.graph.model import Graph


def _sym(graph: Graph[np.ndarray], t: TTerm) -> str:
    """The right-hand side of the term's VJP: ``h.T @ dlogits_1``."""
    symbol: str = graph.nodes[t.consumer].symbols[t.index]
    return symbol.split("+=", 1)[-1].strip()


def _shapes(graph: Graph[np.ndarray], name: str, t: TTerm) -> str:
    """``h (32, 64), dlogits_1 (32, 27)``: the operands a term's VJP uses, with shapes."""
    c = graph.nodes[t.consumer]
    parts = [f"{grad_name(t.consumer)} {shape_text(t.upstream.shape)}"]
    for other in dict.fromkeys(c.inputs):
        if other != name and graph.nodes[other].kind != "const":
            parts.append(f"{other} {shape_text(np.shape(graph.nodes[other].value))}")
    return ", ".join(parts)


def _products(graph: Graph[np.ndarray], name: str, t: TTerm) -> list[str]:
    """Products of ``d{consumer}`` and the other operands (either transposed) that fit."""
    want = np.shape(graph.nodes[name].value)
    g = (grad_name(t.consumer), t.upstream.shape)
    found = []
    for other in graph.nodes[t.consumer].inputs:
        if other == name:
            continue
        s = np.shape(graph.nodes[other].value)
        if len(s) != 2 or len(g[1]) != 2:
            continue
        sides = [(g[0], g[1]), (f"{g[0]}.T", g[1][::-1])]
        others = [(other, s), (f"{other}.T", s[::-1])]
        for (a, sa), (b, sb) in [(x, y) for x in sides for y in others] + [
            (y, x) for x in sides for y in others
        ]:
            if sa[1] == sb[0] and (sa[0], sb[1]) == tuple(want):
                found.append(f"{a} @ {b}")
    return list(dict.fromkeys(found))


def _elementwise(t: TTerm) -> bool:
    """Whether the term's VJP is elementwise: ``vjp(u) = u * vjp(ones)`` for a random ``u``.

    Read from the numbers, not the op: a convolution or a softmax whose gradient has its
    operand's shape mixes entries (conv-naive's dY and W are both (2, 2, 3, 3)).
    """
    u = np.random.default_rng(0).standard_normal(t.upstream.shape)
    with np.errstate(all="ignore"):
        got, local = t.vjp(u), t.vjp(np.ones(t.upstream.shape))
        return bool(np.allclose(got, u * local, rtol=1e-9, atol=1e-12, equal_nan=True))


def _pattern(graph: Graph[np.ndarray], name: str, ts: list[TTerm], known: Mapping[str, Any]) -> str:
    shape = shape_text(np.shape(graph.nodes[name].value))
    lines = [f"{shape_rule(name, np.shape(graph.nodes[name].value))}."]
    for t in ts:
        c = graph.nodes[t.consumer]
        head = f"{name} feeds {t.consumer} = {c.formula} (shape {shape_text(t.out.shape)})"
        if " @ " in _sym(graph, t):
            fits = _products(graph, name, t)
            # the shapes, never the product itself: that is the next tier's
            if len(fits) == 1:
                lines.append(
                    f"{head}: line the shapes up: {_shapes(graph, name, t)}. Only one "
                    f"product of {grad_name(t.consumer)} and the other operand (either "
                    f"transposed) has shape {shape}."
                )
            elif fits:
                lines.append(
                    f"{head}: line the shapes up: {_shapes(graph, name, t)}. {len(fits)} "
                    f"products have shape {shape}: think about which axis is summed."
                )
            else:
                lines.append(f"{head}: line the shapes up: {_shapes(graph, name, t)}.")
        elif t.raw.shape != t.value.shape:
            from tutor.tensor.predictors import along

            lines.append(
                f"{head}: {name} was broadcast there, so its term is summed over "
                f"{along(t.raw.shape, t.value.shape)} back to {shape}."
            )
        elif t.upstream.shape == t.value.shape and _elementwise(t):
            lines.append(
                f"{head}: same shape, so the term is elementwise in {grad_name(t.consumer)}."
            )
        elif t.upstream.shape == t.value.shape:
            lines.append(
                f"{head}: {grad_name(t.consumer)} has the same shape, but the term is not "
                f"elementwise: each entry of {grad_name(name)} collects several entries of "
                f"{grad_name(t.consumer)}."
            )
        else:
            lines.append(
                f"{head}: {grad_name(t.consumer)} is {shape_text(t.upstream.shape)}; "
                f"bring it back to {shape}."
            )
    if len(ts) > 1:
        lines.append(f"{name} is used {len(ts)} times: add the terms.")
    for cname in dict.fromkeys(t.consumer for t in ts):
        if cname not in known and cname in graph.asked:
            lines.append(f"{grad_name(cname)} is not known yet: answer {cname} first.")
    return "\n".join(lines)


def _local(graph: Graph[np.ndarray], name: str, ts: list[TTerm]) -> str:
    lines = []
    ruled: set[str] = set()
    for t in ts:
        c = graph.nodes[t.consumer]
        lines.append(
            f"{t.consumer} = {c.formula}, so {grad_name(name)} += {_sym(graph, t)}   "
            f"[{_shapes(graph, name, t)}]"
        )
        if t.key not in ruled:
            ruled.add(t.key)
            lines.append(f"  Rule of thumb: {TOPS[t.key].rule}.")
    return "\n".join(lines) or f"{name} does not feed {graph.output}."


def generated_tiers(
    graph: Graph[np.ndarray], name: str, known: Mapping[str, Any]
) -> dict[str, tuple[str, str]]:
    """The generated tiers for a tensor node: tier -> (title, text)."""
    out = graph.output
    if name == out:
        return {
            "pattern": (
                "The output",
                f"{name} is the output, a scalar: the backward pass "
                f"starts here with {partial(out, out)}.",
            ),
            "numbers": ("The output", f"{partial(out, out)} = 1."),
        }
    ts = terms(graph, name)
    grad = graph.nodes[name].grad
    return {
        "pattern": ("Shapes", _pattern(graph, name, ts, known)),
        "local": ("The VJP", _local(graph, name, ts)),
        "numbers": (
            "The numbers",
            f"{grad_name(name)} {shape_text(np.shape(grad))} starts:\n\n```\n{corner(grad)}\n```",
        ),
    }


def mistake_lines(graph: Graph[np.ndarray], name: str) -> list[str]:
    """What a mistake hint adds: each consumer's VJP, with shapes."""
    return [generated_tiers(graph, name, {})["local"][1]]


def backward_rows(graph: Graph[np.ndarray], name: str) -> list[BackwardRow]:
    """The backward table's rows for a tensor node: one per use, each VJP in symbols.

    Each row: V, C, C's operation, the VJP (``dW2 += h.T @ dlogits_1``), C's inputs with
    their shapes, the term and V's gradient in brief (in full when small). Labels get no
    gradient and no row.
    """
    node = graph.nodes[name]
    if not node.has_grad:
        return []
    g = tensor_text(node.grad)
    if name == graph.output:
        return [
            BackwardRow(
                name,
                "-",
                f"{name} (output)",
                f"{grad_name(name)} = 1",
                "-",
                "-",
                g,
                None,
                node.grad,
            )
        ]
    rows = []
    for t in terms(graph, name):
        c = graph.nodes[t.consumer]
        inputs = ", ".join(
            f"{i} {shape_text(graph.nodes[i].shape)}" for i in dict.fromkeys(c.inputs)
        )
        symbol = c.symbols[t.index]
        rows.append(
            BackwardRow(
                name,
                t.consumer,
                c.formula,
                symbol,
                inputs,
                tensor_text(t.value),
                g,
                t.value,
                node.grad,
            )
        )
    return rows or [BackwardRow(name, "-", f"{name} (unused)", "-", "-", "-", g, None, node.grad)]


def answer_text(graph: Graph[np.ndarray], name: str) -> str:
    """The gradient in symbols: the terms' VJPs added up."""
    if name == graph.output:
        return "1"
    parts = [_sym(graph, t) for t in terms(graph, name)]
    return " + ".join(parts) if parts else f"zeros_like({name})"


def reveal(graph: Graph[np.ndarray], name: str) -> str:
    """The answer in symbols, where each term comes from, and a corner of its numbers."""
    lines = []
    for t in terms(graph, name):
        c = graph.nodes[t.consumer]
        lines.append(f"  {grad_name(name)} += {_sym(graph, t)}   since {t.consumer} = {c.formula}")
    grad = graph.nodes[name].grad
    lines.append(f"Answer: {grad_name(name)} = {answer_text(graph, name)}")
    lines.append(f"{grad_name(name)} {shape_text(np.shape(grad))}:\n{corner(grad)}")
    return "\n".join(lines)


def numeric_check(graph: Graph[np.ndarray], name: str, h: float = 1e-5) -> str:
    """Central differences for a few entries, and along one random direction."""
    out = graph.output
    value = np.asarray(graph.nodes[name].value)
    if name not in graph.reachable():
        return f"{name} does not feed {out}: nudging it does not move {out}."
    grad = np.asarray(graph.nodes[name].grad)
    picks = [(0,) * value.ndim]
    if value.size > 1:
        picks.append(
            tuple(int(i) for i in np.unravel_index(int(np.argmax(np.abs(grad))), value.shape))
        )
        picks.append(tuple(s - 1 for s in value.shape))
    output, node = graph.values[out], graph.values[name]
    lines = [f"Nudging one entry of {name} by ±{h:g} at a time:"]
    for index in dict.fromkeys(picks):
        direction = np.zeros(value.shape)
        direction[index] = 1.0
        est = directional(output, node, direction, h)
        at = "[" + ", ".join(str(i) for i in index) + "]"
        lines.append(f"  {partial(out, name)}{at} is about {est:.6g}")
    rng = np.random.default_rng(0)
    direction = rng.standard_normal(value.shape)
    est = directional(output, node, direction, h)
    lines.append(
        f"Along a random direction D: ({out}(+hD) - {out}(-hD)) / 2h is about {est:.6g}; "
        f"a right {grad_name(name)} gives sum({grad_name(name)} * D) = the same number."
    )
    return "\n".join(lines)
