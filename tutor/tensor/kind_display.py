"""How the tensor kind shows values and describes answers: ``TensorDisplay``.

The presentation half of ``tutor.tensor.kind.TensorKind`` (which inherits it): an array in
a sentence, a record or JSON, the backward table's column and caption, and what the answer
box and the rules say. It computes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tutor.kind import KindTexts, node_fields
from tutor.tensor import show as shown

if TYPE_CHECKING:
    from tutor.grammar.dialect import Dialect
    from tutor.graph.model import Node

#: A tensor node's value.
Array = np.ndarray


#: What the tensor kind says of itself.
TEXTS = KindTexts(
    local_column="VJP",
    holds_arrays=True,
    answer_hint="an expression, e.g. dZ @ W.T, sum(dZ, axis=0); dX is X's gradient",
    answer_noun="answer",
    answer_rules=(
        "An answer is an expression whose value is an array: `dZ @ W.T`, "
        "`sum(dY, axis=0)`, `2 * E / 8`, or a literal list such as `[[1, 0], [0, 1]]`. "
        "It is checked as backprop-ninja's `cmp` does: first its shape must be the "
        "node's (the question gives it: dX has the shape of X; nothing is broadcast to fit), "
        "then every entry must be within the lesson's tolerance (0.1% by default). A "
        "wrong answer says how many entries are off and where the largest difference is."
    ),
    graph_rows=(
        "each row is a node (`Z = X @ W`), its **data** as a shape (`(4, 2)`: the matrix "
        "panel shows the numbers) and its **grad** (`✓` once found). `(2 uses)` after a "
        "node means it is used twice (by two consumers, or twice by one, as in "
        "`S = X + X`): its gradient sums both uses."
    ),
    names_example="in `Z = X @ W`, dX is `dZ @ W.T` (`W` stands for the value of W)",
)


class TensorDisplay:
    """The ``tutor.kind.Kind`` methods that show tensor values and describe answers."""

    __slots__ = ()

    def quote(self, value: Array) -> None:
        """An array is not quoted in a sentence."""
        return None

    def show(self, value: Array) -> str:
        """In full when small (``[1, -0.5]``), else ``(30, 64) ‖·‖ 1.234``."""
        return shown.tensor_text(value)

    def show_record(self, value: Array) -> str:
        """Its norm and first entries, one line each (the record shows the shape apart)."""
        return shown.record_text(value)

    def show_brief(self, value: Array) -> str:
        """Its norm, ``‖·‖ 1.234`` (the box shows the shape apart); a 0-d array its number.

        Integer labels have no norm worth showing: their first entries, ``[5, 13, 13, …]``.
        """
        return shown.brief_text(value)

    def show_cell(self, text: str, value: object) -> str:
        """Its shape and first entry, ``(4, 2) [-0.9556 …]``: a nested list is too wide.

        When that entry is 0, how many are not: ``(32, 27) 32 nonzero`` (``cell_text``).
        """
        return text if value is None else shown.cell_text(value)

    def json_value(self, value: Array) -> object:
        """Nested lists of Python numbers (a 0-d array: one number)."""
        return shown.plain(value)

    def node_json(self, node: Node[Array]) -> dict[str, object]:
        """The scalar keys (arrays as nested lists; labels' ``grad`` None) and ``shape``."""
        return {**node_fields(node, self.json_value), "shape": list(node.shape)}

    def dumps(self, data: dict[str, object]) -> str:
        """Indented JSON with each array on one line (thousands of numbers)."""
        return shown.dumps(data)

    @property
    def texts(self) -> KindTexts:
        """``TEXTS``: vector-Jacobian products, arrays."""
        return TEXTS

    def table_note(self, output: str) -> str:
        """The backward table's caption."""
        return "VJPs in symbols, with shapes"

    @property
    def answer_dialect(self) -> Dialect:
        """The tensor answer dialect."""
        from tutor.tensor.dialects import ANSWERS

        return ANSWERS
