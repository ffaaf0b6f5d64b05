"""The cases that the golden files cover, and the fingerprints of their inputs.

The recorder (``record.py``) and the tests both take their cases from here, so the numbers
that PyTorch was given are the numbers our engine is given. Each case's fingerprint is a
SHA-256 of its inputs; ``tests/test_golden.py`` recomputes it and fails when it differs
from the recorded one, naming the case and what to run.

- A lesson's fingerprint has two parts: ``lesson``, the sections of its YAML file that
  decide the numbers (``inputs``, ``graph``, ``output``; not its texts), and ``inputs``, the
  leaf arrays that the lesson's graph was built with (what PyTorch was fed).
- Every other case's ``inputs`` digests its arguments.

This module imports NumPy and PyYAML only: the recorder runs it under a Python that has
PyTorch and may have nothing of the project's test dependencies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import yaml

#: The lessons after makemore-ninja (issue 20), in course order.
BEYOND_NINJA = (
    "gelu-tanh",
    "gelu-erf",
    "layernorm-steps",
    "layernorm-fused",
    "batchnorm-fused",
    "dropout",
    "causal-attention",
    "tied-embeddings",
    "rnn-through-time",
    "gpt2-block",
    "two-head-attention",
    "lstm-step",
    "conv-naive",
    "maxpool",
)
#: The bundled tensor lessons whose gradients are recorded, in course order.
LESSONS = (
    "linear-layer",
    "bias-broadcast",
    "cross-entropy-steps",
    "fused-cross-entropy",
    "tanh-mlp",
    "batchnorm-steps",
    "embedding",
    "max-route",
    "attention-scores",
    "makemore-ninja",
    *BEYOND_NINJA,
)
#: The sections of a lesson file that decide its numbers.
LESSON_SECTIONS = ("inputs", "graph", "output")
#: What each part of a fingerprint digests, as a stale case's message says it.
PARTS = {
    "lesson": "lesson's inputs, graph or output",
    "inputs": "input numbers",
    "train": "train key or the steps recorded",
}


class NodeLike(Protocol):
    """What the golden code reads of a lesson graph's node (``tutor.graph``)."""

    key: str | None
    value: Any
    inputs: Sequence[str]
    arg: Any


class GraphLike(Protocol):
    """What the golden code reads of a built lesson graph."""

    nodes: Mapping[str, NodeLike]
    output: str


def _sha(*parts: bytes) -> str:
    """SHA-256 of the parts, each prefixed by its length (so no two splits collide)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _array_bytes(name: str, value: object) -> tuple[bytes, ...]:
    """A named array as bytes: name, dtype, shape and its little-endian data."""
    a = np.asarray(value)
    a = a.astype(a.dtype.newbyteorder("<"), copy=False)
    return (name.encode(), a.dtype.str.encode(), repr(a.shape).encode(), a.tobytes())


def _arrays_sha(arrays: Mapping[str, object], extra: object = None) -> str:
    """Fingerprint of named arrays (in name order) and of JSON-able ``extra``."""
    parts = [b for name in sorted(arrays) for b in _array_bytes(name, arrays[name])]
    return _sha(*parts, json.dumps(extra, sort_keys=True).encode())


def _lesson_sections(path: Path) -> dict[str, Any]:
    """The sections of a lesson file that decide its numbers, as YAML data."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: data.get(k) for k in LESSON_SECTIONS}


def graph_leaves(graph: GraphLike) -> dict[str, object]:
    """The leaves of a built lesson graph (nodes without an op): what PyTorch is given."""
    return {name: node.value for name, node in graph.nodes.items() if node.key is None}


def lesson_fingerprint(path: Path, graph: GraphLike) -> dict[str, str]:
    """A lesson's fingerprint: its file's number-deciding sections, and the arrays that its
    graph holds for the lesson's ``inputs`` (constants written in the graph lines are part
    of the first)."""
    sections = _lesson_sections(path)
    names = sections["inputs"] or {}
    return {
        "lesson": _sha(json.dumps(sections, sort_keys=True).encode()),
        "inputs": _arrays_sha({name: graph.nodes[name].value for name in names}),
    }


# -- training: lessons with ``train`` trained by gradient descent (issue 21) ------------------

#: The bundled lessons whose training is recorded, and how many steps of it.
TRAINED = (
    "sigmoid-squared-error",
    "two-layer-net",
    "tanh-mlp",
    "makemore-ninja",
    "linear-layer",
    "tied-embeddings",
)
TRAIN_STEPS = 10


def training_fingerprint(path: Path, graph: GraphLike) -> dict[str, str]:
    """A trained lesson's fingerprint: the lesson's, and its ``train`` key with the steps."""
    train = yaml.safe_load(path.read_text(encoding="utf-8")).get("train")
    digest = _sha(json.dumps({"train": train, "steps": TRAIN_STEPS}, sort_keys=True).encode())
    return {**lesson_fingerprint(path, graph), "train": digest}


# -- abs, softplus and leaky_relu: values and derivatives at points ---------------------------

#: The scalar ops that copy PyTorch's choices at their kinks.
NEW_OPS = ("abs", "softplus", "leaky_relu")
#: The kinks and either side of them (both zeros: the sign of -0.0 matters to abs).
KINKS = (-1.0, -1e-300, 0.0, -0.0, 1e-300, 1.0)
#: Every point: the kinks, far out, and softplus's switch to the identity at 20.
POINTS = (*KINKS, -40.0, -3.5, 2.5, 19.99, 20.0, 20.01, 40.0)
#: The leaky_relu slope the points use (the default, 0.01, has a case of its own).
SLOPE = 0.2


@dataclass(frozen=True)
class Point:
    """One op at one input: ``slope`` is leaky_relu's, ``None`` for its default."""

    op: str
    """The op's key."""
    x: float
    """The input."""
    slope: float | None = None
    """leaky_relu's negative slope (None: PyTorch's default)."""

    @property
    def name(self) -> str:
        """The case's name, as a call: ``leaky_relu(-0.0, 0.2)`` (``repr`` keeps -0.0)."""
        args = [repr(self.x)] + ([] if self.slope is None else [repr(self.slope)])
        return f"{self.op}({', '.join(args)})"

    def fingerprint(self) -> dict[str, str]:
        """Digest of the op and its arguments."""
        return {"inputs": _sha(self.name.encode())}


def new_op_points() -> list[Point]:
    """Every point of the new ops, then leaky_relu at -3 with its default slope."""
    points = [Point(op, x, SLOPE if op == "leaky_relu" else None) for op in NEW_OPS for x in POINTS]
    return [*points, Point("leaky_relu", -3.0)]


# -- random graphs over 2-D tensors ------------------------------------------------------------

#: The ops the random graphs draw from (sorted: the draw depends on the order).
RANDOM_OPS = tuple(
    sorted(
        [
            "+", "-", "*", "/", "matmul", "tanh", "exp", "sigmoid", "relu", "sin", "cos",
            "abs", "neg", "square", "log1p_sq", "sqrt1p_sq", "transpose", "softmax",
            "log_softmax", "sum0", "mean1", "max1",
        ]
    )
)  # fmt: skip
#: The seeds of the random graphs.
SEEDS = range(60)


def random_program(seed: int) -> tuple[dict[str, np.ndarray], list[tuple[str, tuple[int, ...]]]]:
    """A random graph over 2-D tensors: leaves, then steps (op, operand indices).

    The loss is the sum of squares of every step's result (or the first leaf's sum when
    no step was drawn); see ``reference.random_graph``.
    """
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 5)), int(rng.integers(2, 5))
    leaves = {
        "A": rng.standard_normal((n, m)),
        "B": rng.standard_normal((n, m)),
        "W": rng.standard_normal((m, m)),
        "b": rng.standard_normal((1, m)),
        "s": rng.standard_normal(()),
    }
    shapes: list[tuple[int, ...]] = [(n, m), (n, m), (m, m), (1, m), ()]
    steps: list[tuple[str, tuple[int, ...]]] = []
    for _ in range(int(rng.integers(4, 12))):
        op = str(rng.choice(RANDOM_OPS))
        i = int(rng.integers(len(shapes)))
        if op in ("+", "-", "*", "/"):
            j = int(rng.integers(len(shapes)))
            try:
                shape = tuple(np.broadcast_shapes(shapes[i], shapes[j]))
            except ValueError:
                continue
            if op == "/":  # divide by sqrt(x**2 + 1), never 0
                steps.append(("sqrt1p_sq", (j,)))
                shapes.append(shapes[j])
                j = len(shapes) - 1
            steps.append((op, (i, j)))
            shapes.append(shape)
            continue
        if op == "matmul":
            cands = [
                j
                for j, s in enumerate(shapes)
                if len(s) == 2 and shapes[i] and s[0] == shapes[i][-1]
            ]
            if len(shapes[i]) != 2 or not cands:
                continue
            j = int(rng.choice(cands))
            steps.append((op, (i, j)))
            shapes.append((shapes[i][0], shapes[j][1]))
            continue
        if (
            op in ("transpose", "softmax", "log_softmax", "sum0", "mean1", "max1")
            and len(shapes[i]) != 2
        ):
            continue
        shape = shapes[i]
        if op == "transpose":
            shape = (shape[1], shape[0])
        elif op == "sum0":
            shape = (1, shape[1])
        elif op in ("mean1", "max1"):
            shape = (shape[0], 1)
        steps.append((op, (i,)))
        shapes.append(shape)
    return leaves, steps


def random_case(seed: int) -> str:
    """The name of a random graph's case."""
    return f"seed {seed}"


def random_fingerprint(seed: int) -> dict[str, str]:
    """Digest of a random graph: its leaves and its steps."""
    leaves, steps = random_program(seed)
    return {"inputs": _arrays_sha(leaves, [[op, list(args)] for op, args in steps])}


# -- take, pick, onehot and log_softmax on labels ----------------------------------------------

#: The name of the one label-ops case.
LABEL_CASE = "take-pick-onehot"


def label_inputs() -> dict[str, np.ndarray]:
    """An embedding table C, logits P, indices ix into C and labels y for P's rows."""
    rng = np.random.default_rng(3)
    c, p = rng.standard_normal((5, 3)), rng.standard_normal((4, 6))
    ix, y = rng.integers(0, 5, (4, 2)), rng.integers(0, 6, 4)
    return {"C": c, "P": p, "ix": ix, "y": y}


def label_fingerprint() -> dict[str, str]:
    """Digest of the label-ops inputs."""
    return {"inputs": _arrays_sha(label_inputs())}


# -- the ops added for GPT-2 and CS231n lessons: one case each, loss = sum(out * W) ---------


@dataclass(frozen=True)
class OpCase:
    """One op applied to fixed inputs; the loss weights its result by fixed numbers."""

    name: str
    """The case's name (the op and what is special)."""
    key: str
    """The op's key in our table."""
    arg: Any
    """The op's constant argument, as our table holds it."""
    shapes: tuple[tuple[int, ...], ...]
    """The operands' shapes."""
    seed: int
    """The seed of the inputs and of the weights."""
    halves: bool = False
    """Inputs on a grid of halves, so that ties (maximum) and zeros occur."""
    masks: tuple[int, ...] = ()
    """Operands that are 0/1 masks (where's condition)."""
    labels: dict[int, int] | None = None
    """Operands that hold labels, with their number of classes."""

    def inputs(self) -> list[np.ndarray]:
        """The operands."""
        rng = np.random.default_rng(self.seed)
        out = []
        for i, shape in enumerate(self.shapes):
            if self.labels and i in self.labels:
                out.append(rng.integers(0, self.labels[i], shape))
            elif i in self.masks:
                out.append((rng.random(shape) < 0.5).astype(np.float64))
            elif self.halves:
                out.append(rng.integers(-3, 4, shape) / 2.0)
            else:
                out.append(rng.standard_normal(shape))
        return out

    def weights(self, shape: tuple[int, ...]) -> np.ndarray:
        """The fixed numbers the result is weighted by."""
        return np.random.default_rng(self.seed + 1000).standard_normal(shape)

    def fingerprint(self) -> dict[str, str]:
        """Digest of the op, its argument and its inputs."""
        arrays = {str(i): a for i, a in enumerate(self.inputs())}
        return {"inputs": _arrays_sha(arrays, [self.key, repr(self.arg)])}


#: Every case of the new ops (``tests/test_curriculum_ops.py``).
OP_CASES = (
    OpCase("erf", "erf", None, ((3, 4),), 1),
    OpCase("maximum with ties, broadcast", "maximum", None, ((3, 4), (4,)), 2, halves=True),
    OpCase("minimum with ties", "minimum", None, ((3, 4), (3, 4)), 3, halves=True),
    OpCase("var axis=1 ddof=0", "var", (1, 0, False), ((3, 4),), 4),
    OpCase("var axis=0 ddof=1 keepdims", "var", (0, 1, True), ((3, 4),), 5),
    OpCase("var of all, ddof=1", "var", (None, 1, False), ((3, 4),), 6),
    OpCase("std axis=1 ddof=0 keepdims", "std", (1, 0, True), ((3, 4),), 7),
    OpCase("std of all, ddof=1", "std", (None, 1, False), ((2, 3),), 8),
    OpCase("where", "where", None, ((3, 4), (3, 4), (4,)), 9, masks=(0,)),
    OpCase("slice of columns", "slice", ((None, None), (1, 4)), ((4, 6),), 10),
    OpCase(
        "slice of 3-D, negative", "slice", ((1, None), (None, None), (-2, None)), ((3, 4, 5),), 11
    ),
    OpCase("concat axis=1", "concat", 1, ((3, 2), (3, 4)), 12),
    OpCase("concat axis=0 of 3-D", "concat", 0, ((1, 2, 3), (2, 2, 3)), 13),
    OpCase("batched matmul", "matmul", None, ((2, 3, 4), (2, 4, 5)), 14),
    OpCase("batched matmul, shared matrix", "matmul", None, ((2, 3, 4), (4, 5)), 15),
    OpCase("batched matmul, broadcast batch", "matmul", None, ((1, 3, 4), (2, 4, 5)), 16),
    OpCase("mT of 3-D", "mT", None, ((2, 3, 4),), 17),
    OpCase("sum over axes (0, 2)", "sum", ((0, 2), False), ((2, 3, 4),), 18),
    OpCase("mean over axes (0, 2) keepdims", "mean", ((0, 2), True), ((2, 3, 4),), 19),
    OpCase("var over axes (0, 2, 3)", "var", ((0, 2, 3), 0, True), ((2, 3, 2, 2),), 20),
    OpCase("pick on 3-D", "pick", None, ((2, 3, 5), (2, 3)), 21, labels={1: 5}),
    OpCase("conv2d N=2 C=2 5x5, 3x3 kernels", "conv2d", None, ((2, 2, 5, 5), (3, 2, 3, 3)), 22),
    OpCase("maxpool2d 2x2", "maxpool2d", 2, ((2, 2, 4, 4),), 23),
    OpCase("permute (2, 0, 1)", "permute", (2, 0, 1), ((2, 3, 4),), 24),
    OpCase("flip axes (2, 3)", "flip", (2, 3), ((2, 2, 3, 3),), 25),
)
