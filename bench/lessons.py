"""Synthetic lessons of any size, for the benchmarks and the tests.

``synthetic_lesson(n)`` returns the YAML text of a valid lesson with exactly ``n``
graph nodes: two inputs and a ladder of ``*``, ``+`` and ``tanh`` statements in
which every node is used twice (``x1`` feeds both ``p2`` and ``y2``), and every
fifth rung squares a node by multiplying it by itself (``y5 = x5 * x5``). Values
stay inside (-4, 4) and gradients stay finite at any length.
"""

from __future__ import annotations

import random


def ladder_statements(n_statements: int) -> list[str]:
    """The graph lines of the ladder, ``n_statements`` of them (the last is the output)."""
    lines: list[str] = []
    k = 0
    while len(lines) < n_statements:
        k += 1
        x, y = f"x{k - 1}", f"y{k - 1}"
        rung = [
            f"p{k} = {x} * {y}",
            f"s{k} = p{k} + {y}",
            f"x{k} = tanh(s{k})",
            f"y{k} = x{k} * x{k}" if k % 5 == 0 else f"y{k} = x{k} + {x}",
        ]
        lines.extend(rung[: n_statements - len(lines)])
    return lines


def synthetic_lesson(n: int, *, seed: int = 0, ask: str = "all") -> str:
    """YAML text of a lesson with exactly ``n`` nodes (``n >= 3``).

    Args:
        n: number of graph nodes: 2 inputs plus ``n - 2`` statements.
        seed: picks the two input values.
        ask: the lesson's ``ask`` value (``all`` or ``inputs``).

    Returns:
        The lesson file's text, ready for ``tutor.lesson.find.loads``.
    """
    if n < 3:
        raise ValueError("a synthetic lesson needs at least 3 nodes")
    rng = random.Random(seed)
    x0 = round(rng.uniform(-0.9, 0.9), 3)
    y0 = round(rng.uniform(-0.9, 0.9), 3)
    lines = ladder_statements(n - 2)
    body = "\n".join(f"  - {line}" for line in lines)
    return (
        f"title: Synthetic ladder with {n} nodes\n"
        f"inputs:\n  x0: {x0}\n  y0: {y0}\n"
        f"graph:\n{body}\n"
        f"ask: {ask}\n"
    )
