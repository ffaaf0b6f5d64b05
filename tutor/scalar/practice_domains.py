"""The practice domains of the scalar op rows: how practice problems draft each op.

An op row's ``practice`` (``tutor.scalar.ops``) says which operand values keep the gate
friendly (no domain error, no saturation), which one-operand forms practice draws
(``pow2`` is ``powc`` with 2), and, for a relu, when it blocks. ``tutor.practice.drafts``
reads them; it names no op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Operand values (and the op's constant) -> whether they keep the gate friendly.
Domain = Callable[[tuple[float, ...], float | None], bool]


@dataclass(frozen=True, slots=True)
class Practice:
    """How practice problems draft one op (``tutor.practice.drafts``)."""

    accept: Domain
    """Operand values that keep the gate friendly: no domain error, no saturation."""
    forms: tuple[tuple[str, float | None], ...] = ()
    """The one-operand forms drafts may draw, by name, with their constant: ``("pow2", 2.0)``."""
    chained: bool = True
    """Whether random chains of one-operand gates draw its forms (a relu is drawn on purpose)."""
    blocks: Callable[[tuple[float, ...]], bool] | None = None
    """Operand values at which the gate blocks the gradient (what is below it gets 0)."""
    accept_blocking: Domain | None = None
    """Operand values that keep the gate friendly when drafted to block (None: never)."""
    accept_activation: Domain | None = None
    """Stricter values for a neuron's activation (a relu clearly passing); None: ``accept``."""


def drawn(key: str, accept: Domain) -> Practice:
    """A one-operand function that practice draws as itself, where ``accept`` holds."""
    return Practice(accept, forms=((key, None),))


def _friendly_power(v: tuple[float, ...], k: float | None) -> bool:
    """Bases that keep each drafted power friendly (small, away from 0 and from blowing up)."""
    x = v[0]
    return {
        2.0: 0.2 <= abs(x) <= 4.0,
        3.0: 0.3 <= abs(x) <= 2.5,
        -1.0: 0.4 <= abs(x) <= 4.0,
        0.5: 0.25 <= x <= 9.0,
    }[float(k or 0)]


#: The powers practice drafts, by name: x**2, x**3, 1/x and sqrt(x).
POWERS = Practice(
    _friendly_power, forms=(("pow2", 2.0), ("pow3", 3.0), ("inv", -1.0), ("sqrt", 0.5))
)
#: A relu passes from 0.1 up (past 0.1 as a neuron's activation); drafted to block (on
#: purpose only) it takes -0.1 and below.
RELU = Practice(
    lambda v, k: v[0] >= 0.1,
    forms=(("relu", None),),
    chained=False,
    blocks=lambda v: v[0] < 0,
    accept_blocking=lambda v, k: v[0] <= -0.1,
    accept_activation=lambda v, k: v[0] > 0.1,
)
