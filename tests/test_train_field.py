"""The ``train`` key: read into ``Lesson.train``; every wrong value at its LINE:COL in ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest
from lesson_texts import check_problems as problems

from tutor.lesson.find import load, loads
from tutor.lesson.model import Train

pytestmark = pytest.mark.usefixtures("each_loader")

HEAD = (
    "title: T\ninputs:\n  w: 2\n  b: -3\n  x: 1.5\ngraph:\n  - p = w * x\n  - loss = (p + b)**2\n"
)
# train starts on line 9


def test_train_is_read_with_its_defaults() -> None:
    lesson = loads(HEAD + "train:\n  params: [w, b]\n")
    assert lesson.train == Train(("w", "b"), 0.1, 100)
    lesson = loads(HEAD + "train: {params: [b], lr: 0.05, steps: 20}\n")
    assert lesson.train == Train(("b",), 0.05, 20)
    assert loads(HEAD).train is None


CASES: dict[str, tuple[str, list[str]]] = {
    "unknown-name": (
        "train:\n  params: [w, bb]\n",
        ["L:10:15: error: train param 'bb' is not an input (did you mean 'b'?)"],
    ),
    "non-leaf": (
        "train:\n  params: [w, p]\n",
        [
            "L:10:15: error: train param 'p' is computed by the graph (line 7), not a leaf: "
            "only inputs can be trained"
        ],
    ),
    "twice": (
        "train:\n  params: [w, w]\n",
        ["L:10:15: error: train param 'w' is listed twice"],
    ),
    "bad-lr": (
        "train:\n  params: [w]\n  lr: -0.1\n",
        ["L:11:7: error: train lr must be a number above 0 and at most 10, not -0.1"],
    ),
    "lr-text": (
        "train:\n  params: [w]\n  lr: fast\n",
        ["L:11:7: error: train lr must be a number above 0 and at most 10, not 'fast'"],
    ),
    "bad-steps": (
        "train:\n  params: [w]\n  steps: 2.5\n",
        ["L:11:10: error: train steps must be a whole number from 1 to 10000, not 2.5"],
    ),
    "unknown-key": (
        "train:\n  params: [w]\n  rate: 0.1\n",
        ["L:11:3: error: unknown train key 'rate' (use params, lr and steps)"],
    ),
    "no-params": (
        "train:\n  lr: 0.1\n",
        ["L:10:3: error: train needs params: the inputs it moves, such as [w, b]"],
    ),
    "empty-params": (
        "train:\n  params: []\n",
        ["L:10:11: error: train params must be a list of inputs: [w, b]"],
    ),
    "not-a-mapping": (
        "train: [w, b]\n",
        ["L:9:8: error: 'train' must be a mapping: {params: [w, b], lr: 0.1}"],
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_train_problem_at_its_position(tmp_path: Path, kind: str) -> None:
    text, want = CASES[kind]
    assert problems(tmp_path, HEAD + text) == want


def test_labels_are_not_trainable(tmp_path: Path) -> None:
    text = (
        "title: T\ninputs:\n  W: [[1.0, 2.0], [0.5, -1.0]]\n  Y: {labels: [0, 1]}\ngraph:\n"
        "  - loss = -mean(pick(W, Y))\ntrain:\n  params: [W, Y]\n"
    )
    assert problems(tmp_path, text) == [
        "L:8:15: error: train param 'Y' holds labels, which have no gradient to follow"
    ]


@pytest.mark.parametrize(
    "name", ["sigmoid-squared-error", "two-layer-net", "tanh-mlp", "makemore-ninja"]
)
def test_network_lessons_train(name: str) -> None:
    train = load(name).train
    assert train is not None and train.params
