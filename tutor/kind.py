"""What differs between scalar and tensor lessons: the ``Kind`` protocol.

A lesson's graph is built by one builder; the builder decides once whether the lesson is
a scalar or a tensor lesson and stores that decision as ``Graph.kind``. Everything that
differs between the two (the engine, how a value is shown and compared, which dialect an
answer is read in, the predictors of the misconception catalogue, ...) is asked of the
kind, never of the node's type: ``tutor.scalar.kind.SCALAR`` and
``tutor.tensor.kind.TENSOR`` are the two implementations. Nothing here imports NumPy.
"""

from __future__ import annotations

from typing import Literal, Protocol

#: The name of a kind: data (JSON, a catalogue row's predictor), never a branch.
KindName = Literal["scalar", "tensor"]


class Kind(Protocol):
    """One kind of lesson: scalar (floats, the ``Value`` engine) or tensor (NumPy arrays)."""

    @property
    def name(self) -> KindName:
        """``"scalar"`` or ``"tensor"``."""
        ...
