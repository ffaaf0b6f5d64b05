"""Reading a lesson's ``train`` key: which inputs gradient descent moves, how fast, how long.

``train: {params: [w1, b1], lr: 0.1, steps: 100}``. Every parameter is an input of the
lesson that has a gradient (not a name the graph computes, not labels); ``lr`` is a
positive number up to ``MAX_LR``; ``steps`` a whole number from 1 to ``MAX_STEPS``.
Each problem is reported at its own line and column, as the rest of the reader does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from tutor.lesson.model import DEFAULT_LR, DEFAULT_STEPS, Statement, Train
from tutor.lesson.yamlpos import Doc, Pos
from tutor.messages import clip_repr, did_you_mean

if TYPE_CHECKING:
    from tutor.lesson.tensor_inputs import TensorInput

#: The keys of ``train``.
TRAIN_KEYS = ("params", "lr", "steps")
#: The largest learning rate accepted (a bigger one only makes a loss jump about).
MAX_LR = 10.0
#: The most steps one run may make.
MAX_STEPS = 10_000


def read_train(
    doc: Doc,
    error: Callable[[Pos, str], None],
    value: Any,
    inputs: Mapping[str, float | TensorInput],
    statements: list[Statement],
    bad_inputs: Collection[str] = (),
) -> Train | None:
    """The ``train`` key as a ``Train`` (None when absent or wrong; ``error`` says why)."""
    if value is None and "train" not in doc.data:
        return None
    if not isinstance(value, dict):
        error(doc.value(("train",)), "'train' must be a mapping: {params: [w, b], lr: 0.1}")
        return None
    ok = True
    for key in value:
        if key not in TRAIN_KEYS:
            hint = did_you_mean(str(key), TRAIN_KEYS) or " (use params, lr and steps)"
            error(doc.key(("train", key)), f"unknown train key {clip_repr(key)}{hint}")
            ok = False
    params = _params(doc, error, value, inputs, statements, bad_inputs)
    lr = _number(doc, error, value, "lr", DEFAULT_LR)
    steps = _number(doc, error, value, "steps", DEFAULT_STEPS)
    if params is None or lr is None or steps is None or not ok:
        return None
    return Train(params, float(lr), int(steps))


def _params(
    doc: Doc,
    error: Callable[[Pos, str], None],
    value: dict[str, Any],
    inputs: Mapping[str, float | TensorInput],
    statements: list[Statement],
    bad_inputs: Collection[str],
) -> tuple[str, ...] | None:
    """``params``: a non-empty list of distinct inputs that have gradients."""
    raw = value.get("params")
    if "params" not in value:
        error(doc.value(("train",)), "train needs params: the inputs it moves, such as [w, b]")
        return None
    if not isinstance(raw, list) or not raw:
        error(doc.value(("train", "params")), "train params must be a list of inputs: [w, b]")
        return None
    computed = {s.target: s for s in statements}
    out: list[str] = []
    wrong = False
    for i, name in enumerate(raw):
        pos = doc.value(("train", "params", i))
        problem = None
        if not isinstance(name, str):
            problem = f"train param {clip_repr(name)} must be an input's name"
        elif name in computed:
            problem = (
                f"train param {name!r} is computed by the graph (line "
                f"{computed[name].pos.line}), not a leaf: only inputs can be trained"
            )
        elif name in bad_inputs:
            wrong = True  # its own value is reported already
            continue
        elif name not in inputs:
            problem = f"train param {name!r} is not an input{did_you_mean(name, list(inputs))}"
        elif getattr(inputs[name], "is_labels", False):
            problem = f"train param {name!r} holds labels, which have no gradient to follow"
        elif name in out:
            problem = f"train param {name!r} is listed twice"
        if problem is not None:
            error(pos, problem)
            wrong = True
        else:
            out.append(name)
    return None if wrong else tuple(out)


def _number(
    doc: Doc,
    error: Callable[[Pos, str], None],
    value: dict[str, Any],
    key: str,
    default: float,
) -> float | None:
    """``lr`` (above 0, at most ``MAX_LR``) or ``steps`` (whole, 1 to ``MAX_STEPS``)."""
    if key not in value:
        return default
    raw = value[key]
    pos = doc.value(("train", key))
    whole = key == "steps"
    number = isinstance(raw, int | float) and not isinstance(raw, bool)
    if whole and not (isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= MAX_STEPS):
        error(
            pos, f"train steps must be a whole number from 1 to {MAX_STEPS}, not {clip_repr(raw)}"
        )
        return None
    if not whole and not (number and 0 < float(raw) <= MAX_LR):
        error(
            pos, f"train lr must be a number above 0 and at most {MAX_LR:g}, not {clip_repr(raw)}"
        )
        return None
    return float(raw)
