"""What a practice level's problem must practise, beyond being a good problem (``quality``).

``quality`` (``tutor.practice.good_problems``) judges numbers: friendly inputs, no
saturated gate, mistakes that can be told apart. These rules judge what a problem
teaches, by the level and topic it is drawn for (``practises``), and hold at every level:

- a gate that can block (a relu, its op row's ``Practice.blocks``) must pass for some
  inputs and block for others: ``relu(exp(x))`` always passes and teaches nothing of relu;
- no node may compute what another node computes (``sqrt`` then squaring, ``log(exp(x))``):
  a round trip is busywork;
- a constant added or subtracted is written positive: ``a - 2``, never ``a - (-2)``.

Whether something holds "for all inputs" is judged on ``SAMPLES`` random draws of the
inputs, each evaluated with the op rows' forward functions (draws a gate cannot take are
skipped). Level rules: level 1's subtraction subtracts a value, not a constant (else no
sign is practised); level 3's topic is its wiring (a gate using a value twice, an input
with two consumers, an inner node with two consumers); level 5 always reuses a node.
"""

from __future__ import annotations

import math
import random
from typing import Any, cast

from tutor.graph.build import CONST, INPUT, Graph
from tutor.scalar.ops import OPS
from tutor.skills import Skill

#: Random draws of the inputs that "for every input" is judged on.
SAMPLES = 40
#: Draws that must evaluate (the others hit a gate's domain) for the judgement to count.
MIN_VALID = 8
#: Two nodes closer than this at every draw compute the same thing.
_SAME = 1e-9


def sample_values(graph: Graph[Any], count: int = SAMPLES) -> list[dict[str, float]]:
    """Every node's value at ``count`` random draws of the inputs (in -3..3, seeded).

    The draws are fixed by the graph's text, so a problem is judged the same each time;
    a draw where some gate or its derivative cannot be computed (``log`` of a negative,
    ``sqrt`` at 0) is left out.
    """
    rng = random.Random("samples:" + ";".join(n.formula for n in graph.nodes.values()))
    out = []
    for _ in range(count):
        values: dict[str, float] = {}
        try:
            for name, node in graph.nodes.items():
                if node.kind == INPUT:
                    values[name] = rng.uniform(-3, 3)
                elif node.kind == CONST or node.key is None:
                    values[name] = float(node.value)
                else:
                    op, args = OPS[node.key], tuple(values[i] for i in node.inputs)
                    arg = cast("float | None", node.arg)  # a scalar op's constant
                    values[name] = float(op.forward(*args, arg))
                    local = op.local(args, values[name], arg)  # sqrt'(0): no draw
                    if not all(math.isfinite(x) for x in local):
                        raise ValueError(name)
                if not math.isfinite(values[name]) or abs(values[name]) > 1e12:
                    raise ValueError(name)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
        out.append(values)
    return out


def _can_block(graph: Graph[Any], name: str) -> bool:
    """Whether node ``name``'s gate can block the gradient (its op row says how)."""
    key = graph.nodes[name].key
    practice = OPS[key].practice if key is not None and key in OPS else None
    return practice is not None and practice.blocks is not None


def _blocks(name: str, graph: Graph[Any], values: dict[str, float]) -> bool:
    """Whether gate ``name`` blocks at these values."""
    node = graph.nodes[name]
    practice = OPS[node.key].practice if node.key is not None else None
    assert practice is not None and practice.blocks is not None
    return bool(practice.blocks(tuple(values[i] for i in node.inputs)))


def _skill(graph: Graph[Any], name: str) -> Skill | None:
    """The skill of node ``name``'s gate (its op row's), None for a leaf."""
    key = graph.nodes[name].key
    return OPS[key].skill if key is not None and key in OPS else None


def _uses(graph: Graph[Any], name: str) -> int:
    """How many times the graph uses node ``name``."""
    return sum(graph.nodes[name].uses.values())


def general(graph: Graph[Any], draws: list[dict[str, float]] | None = None) -> list[str]:
    """The rules every level keeps (see the module's docstring); empty: all kept."""
    why: list[str] = []
    nodes = graph.nodes
    for node in nodes.values():
        if node.kind != CONST or not float(node.value) < 0:
            continue
        for c in node.consumers:
            if _skill(graph, c) is Skill.ADD:
                why.append(f"{c}: a negative constant added or subtracted ({nodes[c].formula})")
    draws = sample_values(graph) if draws is None else draws
    if len(draws) < MIN_VALID:
        return why
    for name in nodes:
        if _can_block(graph, name):
            seen = {_blocks(name, graph, v) for v in draws}
            if len(seen) == 1:
                state = "blocks" if seen == {True} else "passes"
                why.append(f"{name}: {nodes[name].op} always {state} (its input has one sign)")
    ops = [n for n, node in nodes.items() if node.kind not in (INPUT, CONST)]
    values = [n for n, node in nodes.items() if node.kind != CONST]
    for a in ops:
        for b in values:
            if a != b and all(abs(v[a] - v[b]) <= _SAME * max(1.0, abs(v[b])) for v in draws):
                if b in ops and values.index(b) > values.index(a):
                    continue  # each pair once: the later node repeats the earlier
                why.append(f"{a}: computes what {b} computes (a round trip)")
                break
    return why


def practises(graph: Graph[Any], level: int, topic: str) -> list[str]:
    """Why problem ``graph`` does not practise what level ``level``'s ``topic`` names."""
    why = general(graph)
    nodes = graph.nodes
    ops = [node for node in nodes.values() if node.kind not in (INPUT, CONST)]
    if level == 1 and topic == "sub":
        flipped = [  # what an add-and-subtract gate passes a negative gradient to
            operand
            for node in ops
            if _skill(graph, node.name) is Skill.ADD
            for operand, local in zip(node.inputs, node.local, strict=True)
            if local < 0
        ]
        if not any(nodes[o].kind != CONST for o in flipped):
            why.append("a subtraction that subtracts only a constant practises no sign")
    if level == 3:
        reused = {
            "self": any(k > 1 for node in nodes.values() for k in node.uses.values()),
            "fanout": any(n.kind == INPUT and len(n.consumers) > 1 for n in nodes.values()),
            "diamond": any(n.kind not in (INPUT, CONST) and _uses(graph, n.name) > 1 for n in ops),
        }
        if not reused.get(topic, True):
            why.append(f"no {topic} reuse")
    if level == 5 and not any(
        node.kind != CONST and _uses(graph, name) > 1 for name, node in nodes.items()
    ):
        why.append("no node is used twice (mixed graphs practise summing over consumers)")
    return why
