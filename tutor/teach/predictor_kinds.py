"""A catalogue row's predictor per kind of lesson, and how each kind reads predictions.

A row of ``tutor.teach.misconceptions`` has a scalar predictor (a function of
``tutor.teach.predictors``) and a tensor one (a function of ``tutor.tensor.predictors``,
named by ``TensorPredictor`` and imported only when a tensor graph is matched: it needs
NumPy). ``READINGS`` gives, per kind, how a node's terms, message placeholders and the
comparison of an answer with a prediction are worked out. ``GATE`` is a row's skill when
the mistake belongs to the skill of the gate where it was made.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from tutor.kind import KindName
from tutor.mistakes import Mistake, Prediction
from tutor.notation import node_words, num
from tutor.teach import predictors as rules
from tutor.teach.predictors import Predictor, Term

if TYPE_CHECKING:
    from tutor.graph.build import Graph


class GateSkill(Enum):
    """The skill of the gate where the mistake was made (``func_not_deriv`` at a tanh: tanh)."""

    GATE = "the gate's skill"


#: A row's ``skill`` when the mistake belongs to the skill of the gate where it happened.
GATE = GateSkill.GATE

#: The module of the tensor predictors (imported for tensor graphs only: it needs NumPy).
TENSOR_PREDICTORS = "tutor.tensor.predictors"


@dataclass(frozen=True, slots=True)
class TensorPredictor:
    """A row's tensor predictor: a function of ``tutor.tensor.predictors``, imported lazily.

    With ``code``, the function is a factory called with it (``slips(code)``: the op rows'
    slips of that code).
    """

    function: str
    """Its name in ``tutor.tensor.predictors``."""
    code: Mistake | None = None
    """The code a factory is called with (None: ``function`` is the predictor)."""
    module: str = TENSOR_PREDICTORS
    """The module that holds it (``tutor.tensor.scale_predictors`` for counts and scales)."""
    upstream: bool = False
    """Whether its predictions follow the terms' upstream gradients alone, so it may be
    asked with other ones (``right=`` their gradient; the op rows' slips)."""

    def resolve(self) -> Callable[..., Iterator[Prediction[Any]]]:
        """The predictor itself (imports NumPy)."""
        found = getattr(importlib.import_module(self.module), self.function)
        predictor: Callable[..., Iterator[Prediction[Any]]] = (
            found if self.code is None else found(self.code)
        )
        return predictor

    def __call__(
        self, graph: Graph[Any], name: str, ts: list[Any], right: Any | None = None
    ) -> Iterator[Prediction[Any]]:
        """Predict at a tensor node (``graph`` is a tensor graph, ``ts`` its terms).

        ``right``: the gradient the terms add up to, when they were built with other
        upstream gradients (only for a predictor that follows them, ``upstream``).
        """
        if right is None:
            return self.resolve()(graph, name, ts)
        assert self.upstream, f"{self.function} reads the graph's own gradients"
        return self.resolve()(graph, name, ts, right=right)


class Predictors(TypedDict):
    """A row's predictor per kind of lesson (None: the mistake does not apply there)."""

    scalar: Predictor | None
    tensor: TensorPredictor | None


class Reading(Protocol):
    """How one kind of lesson reads predictions against an answer (``rules.READING``, ...)."""

    def terms(
        self, graph: Graph[Any], name: str, upstream: Mapping[str, Any] | None = None
    ) -> list[Any]:
        """The chain-rule terms of ``name``'s gradient, one per use.

        With ``upstream``, each consumer's gradient is replaced by ``upstream[consumer]``.
        """
        ...

    def base(self, graph: Graph[Any], name: str) -> dict[str, str]:
        """Placeholders every message may use."""
        ...

    def answer(self, graph: Graph[Any], name: str, value: object) -> Any | None:
        """The answer as predictions are compared with it; None: right or not finite."""
        ...

    def fits(self, graph: Graph[Any], name: str, answer: Any, p: Prediction[Any]) -> bool:
        """Whether ``answer`` matches ``p`` (and ``p`` is a wrong answer at all)."""
        ...

    def wrong(self, graph: Graph[Any], name: str, p: Prediction[Any]) -> bool:
        """Whether ``p`` is a wrong answer a learner could type (for ``predictions``)."""
        ...


@dataclass(frozen=True, slots=True)
class ScalarReading:
    """The ``Reading`` of scalar lessons: floats, compared under the lesson's tolerance."""

    def terms(
        self, graph: Graph[float], name: str, upstream: Mapping[str, float] | None = None
    ) -> list[Term]:
        """``tutor.teach.predictors.terms`` (with ``upstream``: those consumers' gradients)."""
        found = rules.terms(graph, name)
        if upstream is None:
            return found
        return [Term(t.consumer, t.index, upstream[t.consumer], t.local) for t in found]

    def base(self, graph: Graph[float], name: str) -> dict[str, str]:
        """The node, its gradient's name, the output and the node's value."""
        return node_words(graph.output, name, num(graph.nodes[name].value))

    def answer(self, graph: Graph[float], name: str, value: object) -> float | None:
        """The answer as a float; None when it is right or not finite."""
        assert isinstance(value, int | float)
        answer = float(value)
        if not math.isfinite(answer) or graph.tolerance.close(answer, graph[name].grad):
            return None
        return answer

    def fits(self, graph: Graph[float], name: str, answer: float, p: Prediction[float]) -> bool:
        """Within the tolerance of a wrong prediction (or inside a rounding band)."""
        if not math.isfinite(p.value):
            return False
        if p.band:  # a band around the right answer, outside the tolerance (rounding)
            return bool(abs(answer - p.value) <= p.band * abs(p.value))
        tol = graph.tolerance
        return not tol.close(p.value, graph[name].grad) and tol.close(answer, p.value)

    def wrong(self, graph: Graph[float], name: str, p: Prediction[float]) -> bool:
        """A finite prediction, not a band, away from the right answer."""
        want = graph[name].grad
        return not p.band and math.isfinite(p.value) and not graph.tolerance.close(p.value, want)


def _tensor_reading() -> Reading:
    from tutor.tensor.predictors import READING

    return READING


#: The reading of each kind (the tensor one imported only for tensor graphs).
READINGS: dict[KindName, Callable[[], Reading]] = {
    "scalar": ScalarReading,
    "tensor": _tensor_reading,
}


# -- how catalogue rows name their predictors ----------------------------------------------


def on(scalar: Predictor | None, tensor: str | TensorPredictor | None = None) -> Predictors:
    """A row's predictors: a scalar function, and a tensor one by its name."""
    return Predictors(
        scalar=scalar, tensor=TensorPredictor(tensor) if isinstance(tensor, str) else tensor
    )


def scales(function: str) -> TensorPredictor:
    """A tensor predictor of ``tutor.tensor.scale_predictors`` (counts and scales)."""
    return TensorPredictor(function, module="tutor.tensor.scale_predictors")


def axes(function: str) -> TensorPredictor:
    """A tensor predictor of ``tutor.tensor.axis_predictors`` (the axes of a sum)."""
    return TensorPredictor(function, module="tutor.tensor.axis_predictors")


def statistics(function: str) -> TensorPredictor:
    """A tensor predictor of ``tutor.tensor.stat_predictors`` (statistics taken as constants)."""
    return TensorPredictor(function, module="tutor.tensor.stat_predictors")


def slip_predictors(code: Mistake, scalar: bool = True, tensor: bool = True) -> Predictors:
    """Predictors that read the op rows' slips of ``code`` (scalar and tensor alike)."""
    return Predictors(
        scalar=rules.slips(code) if scalar else None,
        tensor=TensorPredictor("slips", code, upstream=True) if tensor else None,
    )
