"""PyTorch's side of every golden case: the same computations written with torch ops.

Each function takes the ``torch`` module (so that importing this file never imports torch)
and returns a ``store.Record`` of float64 NumPy arrays. The recorder writes what these
return; the tests call them again, when torch is importable, as a live check beside the
golden files. ``live_torch()`` is that "when": torch, or None without raising.

Lesson graphs are walked node by node (each node's op applied by torch to torch's own
results); makemore-ninja is also written out as in the lecture, independently of our graph.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from golden import cases
from golden.cases import GraphLike, Point, graph_leaves, random_program
from golden.store import Record


@functools.cache
def live_torch() -> ModuleType | None:
    """The ``torch`` module when it is importable here, else None."""
    if importlib.util.find_spec("torch") is None:
        return None
    return importlib.import_module("torch")


def _numpy(t: Any) -> np.ndarray:
    """A torch tensor as a float64 NumPy array."""
    return np.asarray(t.detach().double().numpy())


def _lesson_ops(torch: ModuleType) -> dict[str, Callable[[tuple[Any, ...], Any], Any]]:
    """Each lesson-graph op (by its key in our op table) in torch."""
    f = torch.nn.functional

    def reduce(name: str) -> Callable[[Any, Any], Any]:
        def run(x: Any, arg: Any) -> Any:
            axis, keep = arg
            if name == "max":
                return x.max() if axis is None else x.max(dim=axis, keepdim=keep).values
            fn = getattr(torch, name)
            return fn(x) if axis is None else fn(x, dim=axis, keepdim=keep)

        return run

    return {
        "+": lambda xs, arg: xs[0] + xs[1],
        "-": lambda xs, arg: xs[0] - xs[1],
        "*": lambda xs, arg: xs[0] * xs[1],
        "/": lambda xs, arg: xs[0] / xs[1],
        "matmul": lambda xs, arg: xs[0] @ xs[1],
        "transpose": lambda xs, arg: xs[0].T,
        "powc": lambda xs, arg: xs[0] ** arg,
        "neg": lambda xs, arg: -xs[0],
        "exp": lambda xs, arg: torch.exp(xs[0]),
        "log": lambda xs, arg: torch.log(xs[0]),
        "sqrt": lambda xs, arg: torch.sqrt(xs[0]),
        "tanh": lambda xs, arg: torch.tanh(xs[0]),
        "sum": lambda xs, arg: reduce("sum")(xs[0], arg),
        "mean": lambda xs, arg: reduce("mean")(xs[0], arg),
        "max": lambda xs, arg: reduce("max")(xs[0], arg),
        "softmax": lambda xs, arg: torch.softmax(xs[0], dim=arg),
        "log_softmax": lambda xs, arg: torch.log_softmax(xs[0], dim=arg),
        "pick": lambda xs, arg: torch.gather(xs[0], -1, xs[1].unsqueeze(-1)).squeeze(-1),
        "onehot": lambda xs, arg: f.one_hot(xs[0], arg).double(),
        "take": lambda xs, arg: xs[0][xs[1]],
        "reshape": lambda xs, arg: xs[0].reshape(arg),
        **_new_tensor_ops(torch),
    }


def lesson(torch: ModuleType, graph: GraphLike) -> Record:
    """A lesson graph run in torch op by op: the output's value and every node's gradient."""
    ops = _lesson_ops(torch)
    t: dict[str, Any] = {}
    for name, node in graph.nodes.items():
        if node.key is None:
            value = torch.tensor(np.asarray(node.value))
            if value.dtype.is_floating_point:
                value.requires_grad_()
            t[name] = value
        else:
            t[name] = ops[node.key](tuple(t[i] for i in node.inputs), node.arg)
            if t[name].requires_grad:
                t[name].retain_grad()
    out = t[graph.output]
    out.backward()
    grads = {n: _numpy(x.grad) for n, x in t.items() if x.grad is not None}
    return Record(value=float(out.item()), grads=grads)


def training(
    torch: ModuleType, graph: GraphLike, params: tuple[str, ...], lr: float, steps: int
) -> Record:
    """Gradient descent in torch on a lesson graph walked op by op, ``steps`` steps of
    ``p -= lr * p.grad``: ``grads["losses"]`` is the loss before each step, ``value`` the
    loss after the last, and ``grads[p]`` each parameter's value after the last."""
    ops = _lesson_ops(torch)
    leaves = {n: torch.tensor(np.asarray(v)) for n, v in graph_leaves(graph).items()}

    def forward() -> Any:
        t: dict[str, Any] = {}
        for name, node in graph.nodes.items():
            at = tuple(t[i] for i in node.inputs)
            t[name] = leaves[name] if node.key is None else ops[node.key](at, node.arg)
        return t[graph.output]

    losses = []
    for _ in range(steps):
        for p in params:
            leaves[p] = leaves[p].detach().requires_grad_()
        out = forward()
        out.backward()
        losses.append(float(out.item()))
        with torch.no_grad():
            for p in params:
                leaves[p] = leaves[p] - lr * leaves[p].grad
    with torch.no_grad():
        last = float(forward().item())
    grads = {"losses": np.asarray(losses), **{p: _numpy(leaves[p]) for p in params}}
    return Record(value=last, grads=grads)


def makemore_lecture(torch: ModuleType, graph: GraphLike) -> Record:
    """makemore part 4 written in torch as in the lecture, from the lesson's input numbers."""
    v = {n: torch.tensor(np.asarray(value)) for n, value in graph_leaves(graph).items()}
    names = ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")
    params = {n: v[n].requires_grad_() for n in names}
    Xb, Yb, n = v["Xb"], v["Yb"], 32
    C, W1, b1, W2, b2, bngain, bnbias = params.values()
    t: dict[str, Any] = {}
    t["emb"] = C[Xb]
    t["embcat"] = t["emb"].view(t["emb"].shape[0], -1)
    t["hprebn"] = t["embcat"] @ W1 + b1
    t["bnmeani"] = 1 / n * t["hprebn"].sum(0, keepdim=True)
    t["bndiff"] = t["hprebn"] - t["bnmeani"]
    t["bndiff2"] = t["bndiff"] ** 2
    t["bnvar"] = 1 / (n - 1) * (t["bndiff2"]).sum(0, keepdim=True)
    t["bnvar_inv"] = (t["bnvar"] + 1e-5) ** -0.5
    t["bnraw"] = t["bndiff"] * t["bnvar_inv"]
    t["hpreact"] = bngain * t["bnraw"] + bnbias
    t["h"] = torch.tanh(t["hpreact"])
    t["logits"] = t["h"] @ W2 + b2
    t["logit_maxes"] = t["logits"].max(1, keepdim=True).values
    t["norm_logits"] = t["logits"] - t["logit_maxes"]
    t["counts"] = t["norm_logits"].exp()
    t["counts_sum"] = t["counts"].sum(1, keepdims=True)
    t["counts_sum_inv"] = t["counts_sum"] ** -1
    t["probs"] = t["counts"] * t["counts_sum_inv"]
    t["logprobs"] = t["probs"].log()
    loss = -t["logprobs"][range(n), Yb].mean()
    for x in t.values():
        x.retain_grad()
    loss.backward()
    grads = {k: _numpy(x.grad) for k, x in {**t, **params}.items()}
    return Record(value=float(loss.item()), grads=grads)


def new_op(torch: ModuleType, point: Point) -> Record:
    """An op's value at a point (``value``) and its derivative there (``grads["x"]``)."""
    x = torch.tensor(point.x, dtype=torch.float64, requires_grad=True)
    f = torch.nn.functional
    if point.op == "abs":
        out = x.abs()
    elif point.op == "softplus":
        out = f.softplus(x)
    elif point.slope is None:
        out = f.leaky_relu(x)
    else:
        out = f.leaky_relu(x, point.slope)
    out.backward()
    return Record(value=float(out.item()), grads={"x": _numpy(x.grad)})


def _random_ops(torch: ModuleType) -> dict[str, Callable[..., Any]]:
    """Each op of the random graphs (``cases.RANDOM_OPS``) in torch."""
    return {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
        "matmul": lambda a, b: a @ b,
        "tanh": torch.tanh,
        "exp": torch.exp,
        "sigmoid": torch.sigmoid,
        "relu": torch.relu,
        "sin": torch.sin,
        "cos": torch.cos,
        "abs": torch.abs,
        "neg": lambda a: -a,
        "square": lambda a: a**2,
        "log1p_sq": lambda a: torch.log(a * a + 1.0),
        "sqrt1p_sq": lambda a: torch.sqrt(a * a + 1.0),
        "transpose": lambda a: a.T,
        "softmax": lambda a: torch.softmax(a, dim=1),
        "log_softmax": lambda a: torch.log_softmax(a, dim=1),
        "sum0": lambda a: a.sum(0, keepdim=True),
        "mean1": lambda a: a.mean(1, keepdim=True),
        "max1": lambda a: a.max(1, keepdim=True).values,
    }


def random_graph(torch: ModuleType, seed: int) -> Record:
    """A random graph (``cases.random_program``): the loss and each leaf's gradient.

    The loss is the sum of squares of every step's result, or the first leaf's sum when no
    step was drawn; a leaf that no step uses has a gradient of zeros.
    """
    leaves, steps = random_program(seed)
    ops = _random_ops(torch)
    tensors = {
        k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in leaves.items()
    }
    nodes = list(tensors.values())
    for op, args in steps:
        nodes.append(ops[op](*(nodes[i] for i in args)))
    extra = nodes[len(leaves) :]
    loss = sum((n * n).sum() for n in extra) if extra else nodes[0].sum()
    loss.backward()
    grads = {
        k: np.zeros(np.shape(leaves[k])) if t.grad is None else _numpy(t.grad)
        for k, t in tensors.items()
    }
    return Record(value=float(loss.item()), grads=grads)


def label_ops(torch: ModuleType, inputs: Mapping[str, np.ndarray]) -> Record:
    """take (an embedding), pick after log_softmax, and onehot: the loss and dC, dP."""
    c = torch.tensor(inputs["C"], requires_grad=True)
    p = torch.tensor(inputs["P"], requires_grad=True)
    ix, y = torch.tensor(inputs["ix"]), torch.tensor(inputs["y"])
    rows = int(ix.shape[0])
    emb = c[ix].view(rows, -1)
    loss = -torch.log_softmax(p, 1)[torch.arange(rows), y].mean() + (emb * emb).sum()
    loss = loss + (torch.nn.functional.one_hot(y, int(p.shape[1])) * p).sum()
    loss.backward()
    return Record(value=float(loss.item()), grads={"C": _numpy(c.grad), "P": _numpy(p.grad)})


def _new_tensor_ops(torch: ModuleType) -> dict[str, Callable[[tuple[Any, ...], Any], Any]]:
    """The ops of issue 20 in torch, by our key (their constant ``arg`` as our table has it)."""

    def stat(name: str) -> Callable[[tuple[Any, ...], Any], Any]:
        def run(xs: tuple[Any, ...], arg: Any) -> Any:
            axis, ddof, keep = arg
            fn = getattr(torch, name)
            if axis is None:
                out = fn(xs[0], correction=int(ddof))
                return out.reshape((1,) * xs[0].dim()) if keep else out
            return fn(xs[0], dim=axis, correction=int(ddof), keepdim=keep)

        return run

    return {
        "erf": lambda xs, arg: torch.erf(xs[0]),
        "maximum": lambda xs, arg: torch.maximum(xs[0], xs[1]),
        "minimum": lambda xs, arg: torch.minimum(xs[0], xs[1]),
        "var": stat("var"),
        "std": stat("std"),
        "where": lambda xs, arg: torch.where(xs[0] != 0, xs[1], xs[2]),
        "gt": lambda xs, arg: (xs[0] > xs[1]).double(),
        "ge": lambda xs, arg: (xs[0] >= xs[1]).double(),
        "lt": lambda xs, arg: (xs[0] < xs[1]).double(),
        "le": lambda xs, arg: (xs[0] <= xs[1]).double(),
        "eq": lambda xs, arg: (xs[0] == xs[1]).double(),
        "sign": lambda xs, arg: torch.sign(xs[0]),
        "sigmoid": lambda xs, arg: torch.sigmoid(xs[0]),
        "relu": lambda xs, arg: torch.relu(xs[0]),
        "slice": lambda xs, arg: xs[0][tuple(slice(lo, hi) for lo, hi in arg)],
        "concat": lambda xs, arg: torch.cat(xs, dim=arg),
        "mT": lambda xs, arg: xs[0].mT,
        "matmul": lambda xs, arg: xs[0] @ xs[1],
        "sum": lambda xs, arg: _reduced(torch.sum, xs[0], arg),
        "mean": lambda xs, arg: _reduced(torch.mean, xs[0], arg),
        "pick": lambda xs, arg: torch.gather(xs[0], -1, xs[1].unsqueeze(-1)).squeeze(-1),
        "conv2d": lambda xs, arg: torch.nn.functional.conv2d(xs[0], xs[1]),
        "maxpool2d": lambda xs, arg: torch.nn.functional.max_pool2d(xs[0], arg),
        "permute": lambda xs, arg: xs[0].permute(arg),
        "flip": lambda xs, arg: torch.flip(
            xs[0], arg if arg is not None else tuple(range(xs[0].dim()))
        ),
    }


def _reduced(fn: Callable[..., Any], x: Any, arg: Any) -> Any:
    """``sum``/``mean`` with our ``(axis, keepdims)``: one axis, a tuple of them, or all."""
    axis, keep = arg
    if axis is None:
        out = fn(x)
        return out.reshape((1,) * x.dim()) if keep else out
    return fn(x, dim=axis, keepdim=keep)


def tensor_op(torch: ModuleType, case: cases.OpCase) -> Record:
    """One op of issue 20 on its case's inputs: sum(out * W), and each operand's gradient."""
    ops = _new_tensor_ops(torch)
    xs = []
    for i, a in enumerate(case.inputs()):
        t = torch.tensor(a)
        if t.dtype.is_floating_point and i not in case.masks:
            t.requires_grad_()
        xs.append(t)
    out = ops[case.key](tuple(xs), case.arg)
    loss = (out * torch.tensor(case.weights(tuple(out.shape)))).sum()
    loss.backward()
    grads = {str(i): _numpy(x.grad) for i, x in enumerate(xs) if x.grad is not None}
    return Record(value=float(loss.item()), grads=grads)


# -- every case of every area -----------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """A case to record: its inputs' fingerprint, and how torch computes its numbers."""

    fingerprint: dict[str, str]
    """What ``cases.py`` says its inputs are, today."""
    compute: Callable[[ModuleType], Record]
    """PyTorch's numbers for it, given the torch module."""


#: How a caller builds a bundled lesson: its file and its graph (the tests use the installed
#: bundle, the recorder the checkout's ``lessons/`` folder).
LessonGraph = Callable[[str], tuple[Path, GraphLike]]


def plan(lesson_graph: LessonGraph) -> dict[str, dict[str, Planned]]:
    """Every area's cases by name, in ``store.AREAS`` order: what the golden files must hold."""

    def lesson_case(name: str) -> Planned:
        path, graph = lesson_graph(name)
        fingerprint = cases.lesson_fingerprint(path, graph)
        return Planned(fingerprint, functools.partial(lesson, graph=graph))

    def training_case(name: str) -> Planned:
        path, graph = lesson_graph(name)
        train = graph.lesson.train  # type: ignore[attr-defined]  # a tutor graph
        run = functools.partial(
            training, graph=graph, params=train.params, lr=train.lr, steps=cases.TRAIN_STEPS
        )
        return Planned(cases.training_fingerprint(path, graph), run)

    labels = cases.label_inputs()
    return {
        "lessons": {name: lesson_case(name) for name in cases.LESSONS},
        "new_ops": {
            p.name: Planned(p.fingerprint(), functools.partial(new_op, point=p))
            for p in cases.new_op_points()
        },
        "random_graphs": {
            cases.random_case(s): Planned(
                cases.random_fingerprint(s), functools.partial(random_graph, seed=s)
            )
            for s in cases.SEEDS
        },
        "label_ops": {
            cases.LABEL_CASE: Planned(
                cases.label_fingerprint(), functools.partial(label_ops, inputs=labels)
            )
        },
        "tensor_ops": {
            c.name: Planned(c.fingerprint(), functools.partial(tensor_op, case=c))
            for c in cases.OP_CASES
        },
        "training": {name: training_case(name) for name in cases.TRAINED},
    }
