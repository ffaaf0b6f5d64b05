"""The tensor kind: lessons whose values are NumPy arrays, computed by the ``Tensor`` engine."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.kind import KindName


@dataclass(frozen=True, slots=True)
class TensorKind:
    """The ``tutor.kind.Kind`` of tensor lessons."""

    @property
    def name(self) -> KindName:
        """``"tensor"``."""
        return "tensor"


#: The one tensor kind.
TENSOR = TensorKind()
