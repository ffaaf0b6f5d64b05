"""Level 6 practice: small tensor lessons (a linear layer, a bias, softmax cross-entropy, tanh).

Each draft is a normal tensor lesson file with friendly inputs (small integers, or one
decimal where a tanh would saturate on integers), its shapes drawn per seed so that the
transposes and the sum over the batch are never guessable from square matrices.
``quality`` refuses drafts with a vanishing gradient entry everywhere (a saturated tanh)
or a tensor gradient that is all zeros.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.graph.model import Graph

#: Level 6's topics, in the order of the issue's list.
TOPICS = ("linear", "bias", "cross-entropy", "tanh-layer")

TEXT = {
    "linear": "A linear layer Y = X @ W and a squared error: dW = X.T @ dY, dX = dY @ W.T.",
    "bias": "A bias b added to every row of X @ W: its gradient sums dY over the batch.",
    "cross-entropy": "Softmax cross-entropy over the classes of each row: (softmax - onehot) / n.",
    "tanh-layer": "A tanh layer: H = tanh(X @ W + b); the local derivative is 1 - H**2.",
}


def _matrix(rng: random.Random, rows: int, cols: int, decimals: bool) -> list[list[float]]:
    """A small matrix: integers in -2..2 (no zero rows), or one-decimal values in -1..1."""
    values = [-0.9, -0.7, -0.5, -0.3, 0.3, 0.5, 0.7, 0.9] if decimals else [-2.0, -1.0, 1.0, 2.0]
    while True:
        out = [[rng.choice(values) for _ in range(cols)] for _ in range(rows)]
        if len({tuple(r) for r in out}) == rows:  # distinct rows: no gradient repeats by luck
            return out


def draft(topic: str, rng: random.Random) -> tuple[dict[str, Any], list[str], str]:
    """``(inputs, graph lines, output)`` of one level-6 draft."""
    n, k, m = rng.choice([(3, 2, 3), (4, 3, 2), (2, 3, 4), (4, 2, 3), (3, 4, 2)])
    tanh = topic == "tanh-layer"
    inputs: dict[str, Any] = {
        "X": _matrix(rng, n, k, tanh),
        "W": _matrix(rng, k, m, tanh),
    }
    if topic in ("bias", "tanh-layer"):
        inputs["b"] = [rng.choice([-1.0, 1.0, 2.0, -2.0]) / (10 if tanh else 1) for _ in range(m)]
    if topic == "cross-entropy":
        inputs["y"] = {"labels": [rng.randrange(m) for _ in range(n)]}
        lines = [
            "Z = X @ W",
            "P = log_softmax(Z, axis=1)",
            "picked = pick(P, y)",
            "loss = -mean(picked)",
        ]
        return inputs, lines, "loss"
    inputs["T"] = _matrix(rng, n, m, tanh)
    if topic == "linear":
        lines = ["Y = X @ W", "E = Y - T", "E2 = E**2", "loss = mean(E2)"]
    elif topic == "bias":
        lines = ["XW = X @ W", "Y = XW + b", "E = Y - T", "E2 = E**2", "loss = mean(E2)"]
    else:
        lines = ["Z = X @ W + b", "H = tanh(Z)", "E = H - T", "E2 = E**2", "loss = mean(E2)"]
    return inputs, lines, "loss"


def lesson_text(code: str, title: str, topic: str, rng: random.Random) -> str:
    """The YAML of one level-6 draft."""
    inputs, lines, output = draft(topic, rng)
    data = {
        "title": title,
        "description": (
            f"Level 6, tensor lessons. {TEXT[topic]}\n\nEvery gradient has its node's "
            "shape. Answers are expressions: a name stands for its value and d + name for "
            "a gradient you have found (`X.T @ dY`, `sum(dY, axis=0)`). This problem's code "
            f"is {code}: `backprop-tutor practice --code {code}` gives it again.\n"
        ),
        "inputs": inputs,
        "graph": lines,
        "output": output,
        "ask": [line.split(" = ")[0] for line in reversed(lines)]
        + [name for name in ("W", "X", "b") if name in inputs],
    }
    return dump(data)


def dump(data: dict[str, Any]) -> str:
    """A practice lesson's YAML: rows of numbers in flow style, texts as ``|`` blocks."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """Safe YAML: rows of numbers in flow style, several-line texts as ``|`` blocks."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def seq(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
        block = all(isinstance(v, str) for v in value)  # graph lines: one a line
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=not block)

    Dumper.add_representer(str, text)
    Dumper.add_representer(list, seq)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, width=88, default_flow_style=None)


def quality(graph: Graph[Any]) -> list[str]:
    """Why a level-6 draft is not a good problem (empty: it is)."""
    import numpy as np

    why = []
    for name in graph.order:
        grad = np.asarray(graph.nodes[name].grad, dtype=float)
        if grad.size and float(np.max(np.abs(grad))) < 0.05:
            why.append(f"{name}: its gradient is all but zero")
    return why
