"""Tiered hints, the full reveal, the numeric check and the Deep Learning book's table.

The tiers are shown in one order in every lesson: pattern, local, numbers, each with the
lesson's own hint for the node first where it has one. What the tiers say is written from
the built graph by the graph's kind (``tutor.scalar.teaching``, ``tutor.tensor.teaching``):
the chain rule and local derivatives of a scalar lesson, the shapes and VJPs of a tensor one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tutor.graph.build import Graph
from tutor.kind import BackwardRow
from tutor.notation import num
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
    own = lesson_hints(graph, name)
    texts: list[tuple[str, str, str]] = []
    generated = graph.kind.generated_tiers(graph, name, known or {})
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
    lines += graph.kind.mistake_lines(graph, name)
    return Hint(-1, f"About your answer: {row.name}", "\n\n".join(lines), False, "mistake")


# -- reveal, numeric check and the Deep Learning book's table: the kind writes them ----------


def reveal(graph: Graph[Any], name: str) -> str:
    """Write the answer with its whole derivation, one step a line."""
    return graph.kind.reveal(graph, name)


def numeric_check(graph: Graph[Any], name: str) -> str:
    """Explain the finite-difference check of a node's gradient in words.

    Example (scalar): ``Nudging e by +0.001 moves L by -0.002000; nudging it by -0.001
    moves L by +0.002000. So dL/de is about (-0.002000 - (+0.002000)) / 0.002 = -2.000.``
    """
    return graph.kind.numeric_check(graph, name)


def table_rows(graph: Graph[Any], name: str) -> list[BackwardRow]:
    """The table rows for node V: one per consumer C (per use, for tensors), each with V's G.

    The output gets one row with C ``-`` and G 1; a node that does not feed the output
    gets one row with C ``-`` and G 0.
    """
    return graph.kind.backward_rows(graph, name)


def solution_rows(graph: Graph[Any]) -> list[BackwardRow]:
    """Build the whole backward table: ``table_rows`` of each asked node, in asked order."""
    return [row for name in graph.order for row in table_rows(graph, name)]
