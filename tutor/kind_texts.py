"""``KindTexts``: what a kind of lesson (scalar, tensor) says of itself, in words.

Each kind holds one (``tutor.scalar.kind.TEXTS``, ``tutor.tensor.kind_display.TEXTS``);
the backward table, the answer box, the messages and the help screen read them, so no
screen asks which kind it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KindTexts"]


@dataclass(frozen=True, slots=True)
class KindTexts:
    """What a kind of lesson says of itself: the same for every lesson of that kind."""

    local_column: str
    """The backward table's fourth column: ``dC/dV``, or ``VJP``."""
    holds_arrays: bool
    """Whether values are arrays, shown by shape and in a matrix panel of their own."""
    answer_hint: str
    """What the answer box suggests before anything is typed."""
    answer_noun: str
    """What an answer is called in messages: ``number`` or ``answer``."""
    answer_rules: str
    """How an answer is checked, in Markdown, for the help screen."""
    graph_rows: str
    """How the graph's rows read, in Markdown, for the help screen (its own example)."""
    names_example: str
    """A node's name standing for its value, in an answer of this kind (Markdown)."""
