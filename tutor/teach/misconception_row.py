"""One row of the misconception catalogue (``tutor.teach.misconceptions.TABLE``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor.mistakes import Mistake, Prediction
from tutor.skills import Skill
from tutor.teach.predictor_kinds import GateSkill, Predictors

__all__ = ["Match", "Misconception"]


@dataclass(frozen=True, slots=True)
class Misconception:
    """One row of the catalogue: a mistake, its names, skill, predictors and messages."""

    code: Mistake
    """Its code."""
    name: str
    """Its one human name, everywhere it is named (feedback, summaries, stats, review):
    ``forgot the upstream gradient``."""
    skill: Skill | GateSkill | None
    """The skill it counts against; ``GATE``: the gate's own skill; None: no skill."""
    predictors: Predictors
    """Its predictor per kind: ``predict(graph, node, terms)`` -> the wrong values."""
    message: str
    """What the learner is told: names the mistake, where, and the fix, never the answer."""
    variants: dict[str, str] = field(default_factory=dict)
    """Other messages for some predictions (by ``Prediction.variant``)."""
    example: str = ""
    """A worked example for the docs (lesson, node, answer)."""

    def text(self, prediction: Prediction[Any], base: dict[str, str]) -> str:
        """The message for one prediction, with its placeholders filled in."""
        template = self.variants.get(prediction.variant, self.message)
        return template.format(**{**base, **prediction.fill})


@dataclass(frozen=True, slots=True)
class Match:
    """A row whose prediction fits the learner's answer."""

    code: Mistake
    """The row's code."""
    name: str
    """The row's short name."""
    message: str
    """The row's message, filled in for this node."""
