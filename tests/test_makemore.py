"""The bundled ``makemore-ninja`` lesson: it checks clean and agrees with PyTorch everywhere."""

from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest

from tutor.authoring.check import check_file
from tutor.cli import main
from tutor.graph.build import build
from tutor.lesson.find import bundled_dir, bundled_names, load

NAME = "makemore-ninja"

#: Karpathy's gradients, by the names of makemore part 4 (all of them are nodes here).
KARPATHY = [
    "logprobs", "probs", "counts_sum_inv", "counts_sum", "counts", "norm_logits",
    "logit_maxes", "logits", "h", "W2", "b2", "hpreact", "bngain", "bnbias", "bnraw",
    "bnvar_inv", "bnvar", "bndiff2", "bndiff", "bnmeani", "hprebn", "embcat", "W1", "b1",
    "emb", "C",
]  # fmt: skip


def solve_json() -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["solve", NAME, "--json"]) == 0
    return json.loads(out.getvalue())


def test_it_is_bundled_after_the_scalar_lessons_and_checks_clean():
    names = bundled_names()
    assert names[-1] == NAME and "two-layer-net" in names[:-1]
    assert check_file(bundled_dir() / f"{NAME}.yaml") == []


def test_sizes_and_shapes_are_the_lectures():
    graph = build(load(NAME))
    shapes = {n: graph.nodes[n].shape for n in ("C", "W1", "b1", "W2", "b2", "Xb", "Yb")}
    assert shapes == {
        "C": (27, 10), "W1": (30, 64), "b1": (64,), "W2": (64, 27), "b2": (27,),
        "Xb": (32, 3), "Yb": (32,),
    }  # fmt: skip
    assert graph.nodes["loss"].shape == ()
    assert set(KARPATHY) <= set(graph.order)
    assert "Xb" not in graph.order and "Yb" not in graph.order
    for name in ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias"):  # not zeros, not ones
        assert np.all(graph.nodes[name].value != 0) and np.all(graph.nodes[name].value != 1)


def torch_gradients(graph) -> dict[str, np.ndarray]:
    """The same network written in PyTorch as in the lecture, from the lesson's numbers."""
    torch = pytest.importorskip("torch")
    v = {n: torch.tensor(graph.nodes[n].value) for n in graph.lesson.inputs}
    params = {n: v[n].requires_grad_() for n in ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")}
    Xb, Yb, n = v["Xb"], v["Yb"], 32
    C, W1, b1, W2, b2, bngain, bnbias = params.values()
    t = {}
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
    grads = {k: x.grad.numpy() for k, x in {**t, **params}.items()}
    grads["loss"] = np.array(loss.item())
    return grads


def test_solve_json_agrees_with_pytorch_on_every_gradient():
    data = solve_json()
    ours = {n["name"]: n for n in data["nodes"]}
    graph = build(load(NAME))
    theirs = torch_gradients(graph)
    assert ours["loss"]["value"] == pytest.approx(float(theirs.pop("loss")), rel=1e-12)
    worst = 0.0
    for name in KARPATHY:
        got = np.array(ours[name]["grad"])
        assert got.shape == theirs[name].shape, name
        np.testing.assert_allclose(got, theirs[name], rtol=1e-9, atol=1e-12, err_msg=name)
        worst = max(worst, float(np.max(np.abs(got - theirs[name]))))
    assert worst < 1e-12


def test_numeric_check_agrees_on_the_parameters():
    graph = build(load(NAME))
    for name in ("b2", "bngain", "bnbias", "C"):
        np.testing.assert_allclose(
            graph.numeric(name, 1e-6), graph.nodes[name].grad, rtol=1e-5, atol=1e-8
        )
