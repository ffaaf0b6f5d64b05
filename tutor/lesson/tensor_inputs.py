"""Tensor inputs of a lesson: what the file says, checked without NumPy, made into arrays later.

An input may be (see ``docs/lesson-format.md``):

- a list (a vector) or a list of lists (a matrix), of any depth, rectangular;
- ``{randn: [ROWS, COLS], scale: S, seed: N}``: ``numpy.random.default_rng(N)
  .standard_normal((ROWS, COLS)) * S``;
- ``{uniform: [ROWS, COLS], low: A, high: B, seed: N}``: ``numpy.random.default_rng(N)
  .uniform(A, B, (ROWS, COLS))``;
- ``{labels: [...]}``: non-negative integers of any shape, with no gradient.

Reading checks shapes and sizes *before* anything is allocated: at most
``MAX_ELEMENTS`` per tensor and ``MAX_LESSON_ELEMENTS`` in the whole lesson (inputs and
every computed node). NumPy is not imported here: ``tutor.tensor.arrays`` makes the arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from tutor.lesson.yamlpos import Doc, Path_, Pos
from tutor.messages import clip_repr, did_you_mean
from tutor.tensor.limits import MAX_DIMS, MAX_ELEMENTS, MAX_LESSON_ELEMENTS
from tutor.tensor.writing import LABEL_OPERANDS

if TYPE_CHECKING:
    import numpy as np

    from tutor.grammar.tree import Expr
    from tutor.lesson.model import Lesson

#: Largest seed accepted (NumPy takes any non-negative integer; we keep it to 64 bits).
MAX_SEED = 2**64 - 1

_GENERATORS = {
    "randn": ("randn", "scale", "seed"),
    "uniform": ("uniform", "low", "high", "seed"),
    "labels": ("labels",),
}


#: An input's value in a draw or a build: a number, or a tensor input (as given, or drawn).
Drawn: TypeAlias = "float | TensorInput | np.ndarray"


@dataclass(frozen=True, slots=True)
class TensorInput:
    """A tensor input as the lesson file gives it (no NumPy array yet)."""

    kind: str
    """``values`` (written out), ``randn``, ``uniform`` or ``labels``."""
    shape: tuple[int, ...]
    """Its shape."""
    values: tuple[float, ...] | tuple[int, ...] = ()
    """The numbers, row-major, for ``values`` and ``labels``."""
    scale: float = 1.0
    """``randn``: the standard normal values are multiplied by it."""
    low: float = 0.0
    """``uniform``: lowest value."""
    high: float = 1.0
    """``uniform``: highest value."""
    seed: int = 0
    """``randn`` and ``uniform``: the generator's seed."""

    @property
    def size(self) -> int:
        """Number of elements."""
        return math.prod(self.shape)

    @property
    def is_labels(self) -> bool:
        """Integer labels: no gradient, never asked."""
        return self.kind == "labels"

    def array(self) -> np.ndarray:
        """The values as a NumPy array (``float64``; ``int64`` for labels)."""
        from tutor.tensor.arrays import input_array

        return input_array(self)

    def text(self) -> str:
        """How the input was given, briefly: ``randn (27, 10) * 1, seed 1``."""
        shape = str(self.shape)
        if self.kind == "randn":
            return f"randn {shape} * {self.scale:g}, seed {self.seed}"
        if self.kind == "uniform":
            return f"uniform {shape} in [{self.low:g}, {self.high:g}), seed {self.seed}"
        return f"labels {shape}" if self.is_labels else f"values {shape}"


def input_text(given: object) -> str:
    """How an input was given, for the forward table: ``input``, ``randn (27, 10) * 1, seed 1``."""
    return given.text() if isinstance(given, TensorInput) else "input"


class TensorReader:
    """Reads one tensor input, reporting problems through ``error(pos, message)``."""

    def __init__(self, doc: Doc, error: Callable[[Pos, str], None]) -> None:
        self.doc = doc
        self.error = error
        self.total = 0

    def read(self, name: str, raw: Any) -> TensorInput | None:
        """Read input ``name``; None (after reporting) when it is wrong."""
        path = ("inputs", name)
        if isinstance(raw, list):
            found = self.nested(raw, path, f"input {name!r}", labels=False)
            result = None if found is None else TensorInput("values", *found)
        else:
            result = self.generator(name, raw, path)
        if result is None:
            return None
        if result.size > MAX_ELEMENTS:
            self.error(
                self.doc.value(path),
                f"input {name!r} has {result.size:,} elements "
                f"(at most {MAX_ELEMENTS:,} per tensor)",
            )
            return None
        self.total += result.size
        if self.total > MAX_LESSON_ELEMENTS:
            self.error(
                self.doc.value(path),
                f"the inputs hold over {MAX_LESSON_ELEMENTS:,} elements "
                "(the most a lesson may hold)",
            )
            return None
        return result

    def nested(
        self, raw: list[Any], path: Path_, what: str, labels: bool
    ) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
        """The shape and row-major values of a rectangular nested list, or None."""
        shape: list[int] = []
        level: list[Any] = [raw]
        paths: list[Path_] = [path]
        while True:
            lists = [isinstance(v, list) for v in level]
            if any(lists) and not all(lists):
                i = lists.index(False) if lists[0] else lists.index(True)
                self.error(
                    self.doc.value(paths[i]),
                    f"{what} is not rectangular: lists and numbers mixed at one level",
                )
                return None
            if not all(lists):
                break
            lengths = {len(v) for v in level}
            if len(lengths) > 1:
                want = len(level[0])
                i = next(j for j, v in enumerate(level) if len(v) != want)
                self.error(
                    self.doc.value(paths[i]),
                    f"{what} is not rectangular: a row of {len(level[i])} where the first has "
                    f"{want}",
                )
                return None
            (n,) = lengths
            if n == 0:
                self.error(self.doc.value(path), f"{what} has an empty list")
                return None
            shape.append(n)
            if len(shape) > MAX_DIMS:
                self.error(self.doc.value(path), f"{what} has over {MAX_DIMS} dimensions")
                return None
            paths = [p + (i,) for p, v in zip(paths, level, strict=True) for i in range(len(v))]
            level = [x for v in level for x in v]
            if len(level) > MAX_ELEMENTS:
                self.error(
                    self.doc.value(path),
                    f"{what} has over {MAX_ELEMENTS:,} elements, the most a tensor may have",
                )
                return None
        values = []
        for v, p in zip(level, paths, strict=True):
            number = self.element(v, p, what, labels, len(path))
            if number is None:
                return None
            values.append(number)
        return tuple(shape), tuple(values)

    def element(
        self, v: Any, path: Path_, what: str, labels: bool, base: int
    ) -> float | int | None:
        """One element: a finite number, or a non-negative integer for labels."""
        pos = self.doc.value(path)
        index = f"[{', '.join(str(i) for i in path[base:])}]"
        if labels:
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                self.error(
                    pos,
                    f"{what}: element {index} must be a non-negative whole number (a label), "
                    f"not {clip_repr(v)}",
                )
                return None
            return int(v)
        return self.finite(v, pos, f"{what}: element {index}", f", not {clip_repr(v)}")

    def generator(self, name: str, raw: dict[str, Any], path: Path_) -> TensorInput | None:
        """``{randn: ...}``, ``{uniform: ...}`` or ``{labels: ...}``."""
        kinds = [k for k in _GENERATORS if k in raw]
        if len(kinds) != 1:
            what = "only one of" if kinds else "one of"
            self.error(
                self.doc.value(path),
                f"input {name!r} must be a number, a list, or a mapping with {what} "
                "randn, uniform, labels",
            )
            return None
        kind = kinds[0]
        ok = True
        for key in raw:
            if key not in _GENERATORS[kind]:
                hint = did_you_mean(str(key), list(_GENERATORS[kind])) or (
                    f" ({kind} takes {', '.join(_GENERATORS[kind][1:]) or 'no other key'})"
                )
                self.error(self.doc.key(path + (key,)), f"unknown key {key!r} in {kind}{hint}")
                ok = False
        if kind == "labels":
            value = raw["labels"]
            if not isinstance(value, list):
                self.error(
                    self.doc.value(path + ("labels",)),
                    f"labels of {name!r} must be a list of whole numbers, like [1, 0, 2]",
                )
                return None
            found = self.nested(value, path + ("labels",), f"labels of {name!r}", labels=True)
            return None if found is None or not ok else TensorInput("labels", *found)
        shape = self.shape(raw[kind], path + (kind,), name)
        seed = self.integer(raw.get("seed", 0), path + ("seed",), f"seed of {name!r}")
        if kind == "randn":
            scale = self.number(raw.get("scale", 1.0), path + ("scale",), f"scale of {name!r}")
            if shape is None or seed is None or scale is None or not ok:
                return None
            return TensorInput("randn", shape, scale=scale, seed=seed)
        low = self.number(raw.get("low", 0.0), path + ("low",), f"low of {name!r}")
        high = self.number(raw.get("high", 1.0), path + ("high",), f"high of {name!r}")
        if low is not None and high is not None and low > high:
            self.error(
                self.doc.value(path + ("low",)),
                f"uniform {name!r}: low {low:g} is above high {high:g}",
            )
            return None
        if shape is None or seed is None or low is None or high is None or not ok:
            return None
        return TensorInput("uniform", shape, low=low, high=high, seed=seed)

    def shape(self, raw: Any, path: Path_, name: str) -> tuple[int, ...] | None:
        """``[ROWS, COLS]``: 1 to ``MAX_DIMS`` positive whole numbers, checked before use."""
        pos = self.doc.value(path)
        if (
            not isinstance(raw, list)
            or not 1 <= len(raw) <= MAX_DIMS
            or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in raw)
        ):
            self.error(
                pos,
                f"the shape of {name!r} must be a list of 1 to {MAX_DIMS} positive whole "
                f"numbers, like [27, 10], not {clip_repr(raw)}",
            )
            return None
        size = 1
        for v in raw:  # stop early: a hostile [1e18, 1e18] is never multiplied out
            size *= v
            if size > MAX_ELEMENTS:
                self.error(
                    pos,
                    f"input {name!r} of shape {tuple(raw)} has over {MAX_ELEMENTS:,} "
                    "elements, the most a tensor may have",
                )
                return None
        return tuple(raw)

    def integer(self, raw: Any, path: Path_, what: str) -> int | None:
        """A whole number from 0 to ``MAX_SEED``."""
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_SEED:
            self.error(
                self.doc.value(path),
                f"{what} must be a whole number from 0 to 2**64-1, not {clip_repr(raw)}",
            )
            return None
        return raw

    def number(self, raw: Any, path: Path_, what: str) -> float | None:
        """A finite number."""
        return self.finite(raw, self.doc.value(path), what)

    def finite(self, v: Any, pos: Pos, subject: str, shown: str = "") -> float | None:
        """``v`` as a finite float; else None, after ``{subject} must be a (finite) number``.

        ``shown`` follows the message of a number too large or not finite (``, not inf``).
        """
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.error(pos, f"{subject} must be a number, not {clip_repr(v)}")
            return None
        try:
            number = float(v)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.error(pos, f"{subject} must be a finite number{shown}")
            return None
        return number


def asked_count(lesson: Lesson) -> int:
    """How many gradients a tensor lesson asks, counted without NumPy (for the lesson list).

    Every operation that gets a gradient is one asked node, and so is every input that is
    not labels; labels and what is computed from labels alone are never asked. ``ask``
    lists are counted as written.
    """
    from tutor.grammar.tree import Call, Num, Ref

    if isinstance(lesson.ask, list):
        return len(lesson.ask)
    labels = {n for n, v in lesson.inputs.items() if isinstance(v, TensorInput) and v.is_labels}
    count = 0

    def grads(e: Expr) -> bool:
        nonlocal count
        if isinstance(e, Num):
            return True
        if isinstance(e, Ref):
            return e.name not in labels
        if not isinstance(e, Call):
            return False
        labels_at = LABEL_OPERANDS.get(e.key, ())
        flows = [grads(a) for a in e.args]
        gets = any(f for i, f in enumerate(flows) if i not in labels_at)
        count += gets
        return gets

    for s in lesson.statements:
        if isinstance(s.expr, Ref):
            count += s.expr.name not in labels
            if s.expr.name in labels:
                labels.add(s.target)
        elif not grads(s.expr):
            labels.add(s.target)
    if lesson.ask == "inputs":
        return len([n for n in lesson.inputs if n not in labels])
    return count + len([n for n in lesson.inputs if n not in labels])
