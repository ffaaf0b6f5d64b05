"""PyTorch's numbers for a test: from the golden file always, and from live torch when importable.

A test compares our engine with each oracle in turn, so without torch it checks the recorded
numbers and with torch it checks both (never skipping)::

    for source, theirs in oracles("lessons", name, lambda torch: reference.lesson(torch, graph)):
        np.testing.assert_allclose(ours, theirs.grads[node], err_msg=f"{node} ({source})")
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import ModuleType

from golden import store
from golden.reference import live_torch
from golden.store import Record


@functools.cache
def golden(area: str) -> store.Golden:
    """An area's golden file, read once per test process."""
    return store.read(area)


def recorded(area: str, case: str) -> Record:
    """PyTorch's recorded numbers for one case (a case not in the file fails with what to run)."""
    cases = golden(area).cases
    if case not in cases:
        raise AssertionError(
            f"{store.path(area)} has no case {case!r}: record it with `{store.REGENERATE}`"
        )
    return cases[case].record


def oracles(area: str, case: str, live: Callable[[ModuleType], Record]) -> list[tuple[str, Record]]:
    """``(source, numbers)`` from the golden file, then from live torch if it is importable."""
    out = [(f"golden {store.path(area).name}, torch {golden(area).torch}", recorded(area, case))]
    torch = live_torch()
    if torch is not None:
        out.append((f"live torch {torch.__version__}", live(torch)))
    return out
