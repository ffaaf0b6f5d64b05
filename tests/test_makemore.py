"""The bundled ``makemore-ninja`` lesson: it checks clean and agrees with PyTorch everywhere
(the numbers recorded in ``tests/golden``, and the lecture's code in live torch when importable)."""

from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest
from golden import reference
from golden.cases import BEYOND_NINJA
from golden.oracles import oracles

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
    at = names.index(NAME)  # issue 20's lessons follow it
    assert names[at + 1 :] == list(BEYOND_NINJA) and "two-layer-net" in names[:at]
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


def test_solve_json_agrees_with_pytorch_on_every_gradient():
    """Against the recorded numbers, and against the lecture's code run in live torch."""
    data = solve_json()
    ours = {n["name"]: n for n in data["nodes"]}
    graph = build(load(NAME))
    for source, theirs in oracles(
        "lessons", NAME, lambda torch: reference.makemore_lecture(torch, graph)
    ):
        assert ours["loss"]["value"] == pytest.approx(theirs.value, rel=1e-12), source
        worst = 0.0
        for name in KARPATHY:
            got, want = np.array(ours[name]["grad"]), theirs.grads[name]
            assert got.shape == want.shape, (name, source)
            np.testing.assert_allclose(
                got, want, rtol=1e-9, atol=1e-12, err_msg=f"{name} ({source})"
            )
            worst = max(worst, float(np.max(np.abs(got - want))))
        assert worst < 1e-12, source


def test_numeric_check_agrees_on_the_parameters():
    graph = build(load(NAME))
    for name in ("b2", "bngain", "bnbias", "C"):
        np.testing.assert_allclose(
            graph.numeric(name, 1e-6), graph.nodes[name].grad, rtol=1e-5, atol=1e-8
        )
