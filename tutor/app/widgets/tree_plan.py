"""The graph tree's plan: which row stands for which node, at which depth (plain Python).

Each node is expanded at its first appearance only; its other appearances are one-line
references. A branch deeper than the plan's depth continues as a new section under the
root (a reference marked ``continued``), so no row is indented past what its panel can
show: a narrow panel gets shallow sections whose node texts read whole, instead of
guides that leave a few letters of each name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor.graph.model import Graph

#: Branches deeper than this continue as a new section under the root, so the tree stays
#: shallow enough to draw (Textual lays tree lines out recursively) and to read.
MAX_TREE_DEPTH = 24
#: However narrow the panel, sections are at least this deep.
MIN_SECTION_DEPTH = 2


@dataclass(frozen=True, slots=True)
class Place:
    """What a tree row stands for."""

    name: str
    """The graph node."""
    reference: bool
    """True for a shared node's extra appearances (a one-line reference)."""
    depth: int = 0
    """Depth in the tree (the root is 0)."""
    leaf: bool = False
    """Drawn without an expand icon."""
    continued: bool = False
    """A reference to a deep branch that is laid out again as a section under the root."""


@dataclass
class TreePlan:
    """The rows of a whole tree, planned before any is built."""

    root: Place
    """The output's row."""
    kids: dict[str, list[Place]] = field(default_factory=dict)
    """The child rows of each node that is expanded somewhere (built or not)."""
    home_parent: dict[str, str] = field(default_factory=dict)
    """The node under which each node's home row (its expanded appearance) sits."""
    deepest: int = 0
    """The deepest row."""
    branch_depth: int = 0
    """The deepest row that has rows under it (a section depth at or past it changes
    nothing)."""
    cut: bool = False
    """Whether a branch was cut to continue as a section (then ``branch_depth`` is the
    plan's, not the whole tree's)."""


def plan_tree(graph: Graph[Any], max_depth: int = MAX_TREE_DEPTH) -> TreePlan:
    """Plan the tree of ``graph`` from its output, in sections at most ``max_depth`` deep."""
    out = graph.output
    plan = TreePlan(Place(out, False, 0, False))
    placed = {out}
    sections: list[tuple[str, int]] = [(out, 0)]
    while sections:
        stack = [sections.pop(0)]
        while stack:
            name, depth = stack.pop()
            kids = plan.kids.setdefault(name, [])
            pending: list[tuple[str, int]] = []
            depth += 1
            for child in graph.nodes[name].inputs:
                shared = child in placed
                placed.add(child)
                leaf = shared or not graph.nodes[child].inputs
                plan.deepest = max(plan.deepest, depth)
                if not leaf and depth > max_depth:
                    kids.append(Place(child, True, depth, True, True))
                    plan.cut = True
                    plan.kids[out].append(Place(child, False, 1, False))
                    plan.home_parent[child] = out
                    sections.append((child, 1))
                    continue
                kids.append(Place(child, shared, depth, leaf))
                if not shared:
                    plan.home_parent[child] = name
                if not leaf:
                    plan.branch_depth = max(plan.branch_depth, depth)
                    pending.append((child, depth))
            stack.extend(reversed(pending))
    return plan
