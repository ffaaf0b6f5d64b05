"""The scalar kind: lessons whose values are floats, computed by the ``Value`` engine."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.kind import KindName


@dataclass(frozen=True, slots=True)
class ScalarKind:
    """The ``tutor.kind.Kind`` of scalar lessons."""

    @property
    def name(self) -> KindName:
        """``"scalar"``."""
        return "scalar"


#: The one scalar kind.
SCALAR = ScalarKind()
