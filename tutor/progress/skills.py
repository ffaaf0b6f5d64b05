"""Skills: what one gradient question practises, and where each mistake belongs.

A question "dL/dx = ?" practises the gates that consume ``x`` (their local derivatives
are what the learner must know) and up to three concepts: multiplying by an upstream
gradient that is not 1, summing over several uses, and keeping a sign. The skill of a
gate is a field of its op row (``skill``), asked through the graph's kind; the mistakes'
skills below are a view of the catalogue, read by the review scheduler and the stats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.skills import Skill
from tutor.teach.misconceptions import TABLE
from tutor.teach.predictor_kinds import GateSkill

if TYPE_CHECKING:
    from tutor.graph.build import Graph

#: The skill each diagnosed mistake belongs to: a view of the catalogue rows' ``skill``
#: (``tutor.teach.misconceptions``). A code about the gate where it happened
#: (``func_not_deriv``) is absent: it belongs to that gate's skill. ``rounding`` is about
#: digits, not the chain rule: no skill.
MISTAKE_SKILL: dict[str, Skill | None] = {
    row.code: row.skill for row in TABLE if not isinstance(row.skill, GateSkill)
}


def skills_of(graph: Graph[Any], name: str) -> tuple[Skill, ...]:
    """The skills that answering dL/d``name`` practises, in a fixed order.

    Its consumers' gates (the op rows' ``skill``), the upstream chain when an upstream
    gradient is not 1 or -1, a sign when a local derivative is negative, summing over
    several uses, and broadcasting when an op stretched this node to a bigger shape. The
    output's own gradient (always 1) practises the start of the chain only.
    """
    node = graph[name]
    if name == graph.output:
        return (Skill.UPSTREAM,)
    kind = graph.kind
    found: set[Skill] = set()
    for consumer_name in node.consumers:
        consumer = graph[consumer_name]
        if consumer.key is not None:
            found.add(kind.gate_skill(consumer.key))
            if kind.broadcasts(consumer.key) and consumer.shape != node.shape:
                found.add(Skill.BROADCAST)  # this operand was stretched: its gradient sums back
        if consumer_name != graph.output and not kind.is_unit(consumer.grad):
            found.add(Skill.UPSTREAM)
        for operand, local in zip(consumer.inputs, consumer.local, strict=False):
            if operand == name and local < 0:
                found.add(Skill.SIGN)
    if sum(node.uses.values()) > 1:
        found.add(Skill.SUM)
    return tuple(s for s in Skill if s in found)


def mistake_skill(code: str, graph: Graph[Any], name: str) -> Skill | None:
    """The skill a diagnosed ``code`` at node ``name`` counts against (None: no skill)."""
    if code in MISTAKE_SKILL:
        return MISTAKE_SKILL[code]
    gates = [s for s in skills_of(graph, name) if s not in (Skill.UPSTREAM, Skill.SUM)]
    return gates[0] if gates else Skill.UPSTREAM
