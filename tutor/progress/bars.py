"""Bar charts as text, one row per bar: ``stats`` on the command line and the stats screen.

Each row reads ``label  ███████      70% of 23``: the labels are cut to a width (a cut
one ends with ``…``) and padded, so every bar starts in the same column however long a
skill's name is; the number after the bar is right-aligned. Counts are whole numbers,
so no axis of fractional ticks is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: The glyph of a bar.
FULL = "█"
#: The narrowest room a bar is given, whatever the width.
MIN_BAR = 6


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a chart."""

    label: str
    """What the bar counts (a skill's or a mistake's human name)."""
    value: float
    """Its length, in the chart's unit (a count, or a fraction of ``top``)."""
    note: str
    """The number shown after the bar: ``12``, ``70% of 23``."""


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, a cut one ending in ``…``."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…" if width > 0 else ""


def lines(
    bars: Sequence[Bar], width: int, top: float | None = None, label_max: int = 52
) -> list[str]:
    """The chart's rows, each at most ``width`` characters (``top``: the full bar's value).

    Without ``top`` the longest bar fills its room. Labels take at most ``label_max``
    characters, and less when the terminal is narrow, so that the bar keeps ``MIN_BAR``.
    """
    if not bars:
        return []
    notes = max(len(b.note) for b in bars)
    label_w = label_width(bars, width, label_max)
    room = max(1, width - label_w - notes - 2)
    full = top if top is not None else max(b.value for b in bars)
    out = []
    for b in bars:
        n = 0 if full <= 0 else round(room * min(max(b.value, 0.0), full) / full)
        if b.value > 0 and n == 0:
            n = 1  # a count above zero shows
        out.append(f"{cut(b.label, label_w):<{label_w}} {FULL * n:<{room}} {b.note:>{notes}}")
    return out


def label_width(bars: Sequence[Bar], width: int, label_max: int = 52) -> int:
    """How wide the label column of ``lines`` is: the longest label, within the limits."""
    notes = max(len(b.note) for b in bars)
    label_w = min(max(len(b.label) for b in bars), label_max)
    return max(1, min(label_w, width - notes - MIN_BAR - 2))


def whole_ticks(top: int, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 to at least ``top``, at most ``most`` of them (a count axis)."""
    top = max(top, 1)
    step = max(1, math.ceil(top / (most - 1)))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if nice >= step:
            step = nice
            break
    else:
        step = 10 ** len(str(step)) if step > 1000 else step
    return list(range(0, top + step, step))[: most + 1]
