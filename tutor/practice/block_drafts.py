"""Level 7 practice: the blocks after makemore-ninja, small and generated per seed.

Four topics, one block each, its numbers and sizes drawn per seed (one decimal, so no
gradient repeats by luck and a tanh or softmax does not saturate):

- ``layernorm``: a layernorm over the rows, ``(x - mean) / sqrt(var + eps) * w + b``;
- ``attention-head``: one causal head, ``softmax(where(M, q @ k.T / sqrt(d), -1e9)) @ v``;
- ``conv-layer``: ``relu(conv2d(X, W) + b)`` on a small batch;
- ``rnn-step``: ``tanh(x @ Wx + h @ Wh + b)``, its hidden state scored twice.

Each draft is a tensor lesson text, graded by the good-problem rules of level 6
(``tutor.practice.tensor_drafts.quality``: no vanishing gradient).
"""

from __future__ import annotations

import random
from typing import Any

from tutor.practice.tensor_drafts import dump

#: Level 7's topics.
TOPICS = ("layernorm", "attention-head", "conv-layer", "rnn-step")

TEXT = {
    "layernorm": "A layernorm: the mean and the variance of each row depend on every "
    "element of it, so each x gets three contributions.",
    "attention-head": "One causal attention head: the mask sends no gradient to the future, "
    "and the 1/sqrt(d) scale comes back on the way down.",
    "conv-layer": "A convolution layer: dW adds X's windows times dY over every position, "
    "dX spreads dY back through the flipped kernel.",
    "rnn-step": "An RNN step: the hidden state is scored and feeds the next step, so its "
    "gradient adds both.",
}

_TENTHS = [-0.9, -0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7, 0.9]


def _values(rng: random.Random, shape: tuple[int, ...]) -> Any:
    """Nested lists of one-decimal values in -0.9..0.9, distinct within each row."""
    if len(shape) == 1:
        return rng.sample(_TENTHS, shape[0]) if shape[0] <= len(_TENTHS) else None
    return [_values(rng, shape[1:]) for _ in range(shape[0])]


def _scores(rng: random.Random, shape: tuple[int, ...]) -> Any:
    """Fixed weights of the loss: whole numbers -2..2, never 0."""
    if len(shape) == 1:
        return [float(rng.choice([-2, -1, 1, 2])) for _ in range(shape[0])]
    return [_scores(rng, shape[1:]) for _ in range(shape[0])]


def draft(topic: str, rng: random.Random) -> tuple[dict[str, Any], list[str], list[str]]:
    """``(inputs, graph lines, asked nodes)`` of one level-7 draft (the output is ``loss``)."""
    if topic == "layernorm":
        n, d = rng.choice([(2, 3), (3, 3), (2, 4), (3, 4)])
        inputs = {"x": _values(rng, (n, d)), "w": _values(rng, (d,)), "b": _values(rng, (d,))}
        inputs["G"] = _scores(rng, (n, d))
        lines = [
            "mu = mean(x, axis=1, keepdims=True)",
            "xc = x - mu",
            "v = var(x, axis=1, keepdims=True)",
            "rstd = (v + 1.0e-5)**(-0.5)",
            "xhat = xc * rstd",
            "y = xhat * w + b",
            "loss = sum(y * G)",
        ]
        return inputs, lines, ["y", "xhat", "rstd", "v", "xc", "mu", "w", "b", "x"]
    if topic == "attention-head":
        t, d = rng.choice([(3, 2), (3, 3), (4, 2)])
        mask = [[1 if j <= i else 0 for j in range(t)] for i in range(t)]
        inputs = {n: _values(rng, (t, d)) for n in ("q", "k", "v")}
        inputs["M"] = {"labels": mask}
        inputs["G"] = _scores(rng, (t, d))
        lines = [
            f"s = q @ k.T / sqrt({d})",
            "m = where(M, s, -1.0e9)",
            "att = softmax(m, axis=1)",
            "out = att @ v",
            "loss = sum(out * G)",
        ]
        return inputs, lines, ["out", "att", "m", "s", "v", "q", "k"]
    if topic == "conv-layer":
        n, c, h, f = rng.choice([(1, 2, 4, 2), (2, 1, 4, 2), (2, 2, 3, 1), (1, 1, 5, 2)])
        inputs = {
            "X": _values(rng, (n, c, h, h)),
            "W": _values(rng, (f, c, 2, 2)),
            "b": [[[[rng.choice([-0.2, -0.1, 0.1, 0.2])]] for _ in range(f)]],
            "G": _scores(rng, (n, f, h - 1, h - 1)),
        }
        lines = ["Z = conv2d(X, W) + b", "H = relu(Z)", "loss = sum(H * G)"]
        return inputs, lines, ["H", "Z", "W", "b", "X"]
    n, k, m = rng.choice([(2, 2, 3), (2, 3, 2), (3, 2, 2)])
    inputs = {
        "x": _values(rng, (n, k)),
        "h0": _values(rng, (n, m)),
        "Wx": _values(rng, (k, m)),
        "Wh": _values(rng, (m, m)),
        "b": _values(rng, (m,)),
        "G1": _scores(rng, (n, m)),
        "G2": _scores(rng, (n, m)),
    }
    lines = [
        "h1 = tanh(x @ Wx + h0 @ Wh + b)",
        "h2 = tanh(x @ Wx + h1 @ Wh + b)",
        "loss = sum(h1 * G1) + sum(h2 * G2)",
    ]
    return inputs, lines, ["h2", "h1", "Wh", "Wx", "b", "h0"]


def lesson_text(code: str, title: str, topic: str, rng: random.Random) -> str:
    """The YAML of one level-7 draft."""
    inputs, lines, asked = draft(topic, rng)
    return dump(
        {
            "title": title,
            "description": (
                f"Level 7, the blocks of GPT-2 and CS231n. {TEXT[topic]}\n\nAnswers are "
                "expressions: a name stands for its value and d + name for a gradient you "
                f"have found. This problem's code is {code}: `backprop-tutor practice "
                f"--code {code}` gives it again.\n"
            ),
            "inputs": inputs,
            "graph": lines,
            "output": "loss",
            "ask": asked,
        }
    )
