"""The tensor curriculum: each lesson checks clean, teaches in its description, is in the
course after the scalar lessons and before makemore-ninja, is finished by typing
expressions, and its ``solve --json`` agrees with PyTorch: with the numbers recorded in
``tests/golden`` always, and with live torch as well when it is importable."""

from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest
from golden import reference
from golden.cases import BEYOND_NINJA, LESSONS
from golden.oracles import oracles

from tutor.authoring.check import check_file
from tutor.cli import main
from tutor.graph.build import build as build_tensor
from tutor.lesson.find import bundled_dir, bundled_names, load
from tutor.session import Session

#: The curriculum, in course order, with what a learner types at each asked node.
CURRICULUM: dict[str, dict[str, str]] = {
    "linear-layer": {
        "loss": "1",
        "E2": "ones_like(E2) * dloss / 8",
        "E": "2 * E * dE2",
        "Y": "dE",
        "XW": "dY",
        "W": "X.T @ dXW",
        "X": "dXW @ W.T",
    },
    "bias-broadcast": {
        "loss": "1",
        "H2": "ones_like(H2) * dloss / 5",
        "H": "2 * H * dH2",
        "Z": "g * dH",
        "g": "sum(Z * dH, axis=0, keepdims=True)",
        "XW": "dZ",
        "b": "sum(dZ, axis=0)",
        "W": "X.T @ dXW",
    },
    "cross-entropy-steps": {
        "loss": "1",
        "loss_2": "-dloss",
        "loss_1": "ones_like(loss_1) * dloss_2 / 6",
        "logprobs": "onehot(Yb, 5) * reshape(dloss_1, [6, 1])",
        "probs": "dlogprobs / probs",
        "counts_sum_inv": "sum(counts * dprobs, axis=1, keepdims=True)",
        "counts_sum": "-counts_sum**-2 * dcounts_sum_inv",
        "counts": "dprobs * counts_sum_inv + ones_like(counts) * dcounts_sum",
        "norm_logits": "counts * dcounts",
        "logit_maxes": "-sum(dnorm_logits, axis=1, keepdims=True)",
        "logits": "dnorm_logits + onehot(argmax(logits, axis=1), 5) * dlogit_maxes",
    },
    "fused-cross-entropy": {"logits": "(softmax(logits, axis=1) - onehot(Yb, 5)) / 8"},
    "tanh-mlp": {
        "loss": "1",
        "E": "2 * E / 8 * dloss",
        "Y": "dE",
        "b2": "sum(dY, axis=0)",
        "hW2": "dY",
        "W2": "h.T @ dhW2",
        "h": "dhW2 @ W2.T",
        "hpre": "(1 - h**2) * dh",
        "XW1": "dhpre",
        "b1": "sum(dhpre, axis=0)",
        "W1": "X.T @ dXW1",
    },
    "batchnorm-steps": {
        "loss": "1",
        "loss_2": "dloss / 8",
        "loss_1": "ones_like(loss_1) * dloss_2",
        "hpreact": "R * dloss_1",
        "bnbias": "sum(dhpreact, axis=0, keepdims=True)",
        "hpreact_1": "dhpreact",
        "bngain": "sum(bnraw * dhpreact_1, axis=0, keepdims=True)",
        "bnraw": "bngain * dhpreact_1",
        "bnvar_inv": "sum(bndiff * dbnraw, axis=0, keepdims=True)",
        "bnvar_inv_1": "-0.5 * bnvar_inv_1**-1.5 * dbnvar_inv",
        "bnvar": "dbnvar_inv_1",
        "bnvar_1": "dbnvar / 7",
        "bndiff2": "ones_like(bndiff2) * dbnvar_1",
        "bndiff": "2 * bndiff * dbndiff2 + dbnraw * bnvar_inv",
        "bnmeani": "-sum(dbndiff, axis=0, keepdims=True)",
        "hprebn": "dbndiff + ones_like(hprebn) * dbnmeani / 8",
    },
    "embedding": {
        "loss": "1",
        "E": "2 * E / 10 * dloss",
        "Y": "dE",
        "W": "embcat.T @ dY",
        "embcat": "dY @ W.T",
        "emb": "reshape(dembcat, [5, 2, 3])",
        "C": "scatter_add(demb, Xb, 6)",
    },
    "max-route": {
        "loss": "1",
        "s": "ones_like(s) * dloss",
        "m": "w * ds",
        "w": "m * ds",
        "A": "onehot(argmax(A, axis=1), 4) * dm",
    },
    "attention-scores": {
        "loss": "1",
        "out": "G * dloss",
        "att": "dout @ v.T",
        "v": "att.T @ dout",
        "scores": "att * (datt - sum(datt * att, axis=1, keepdims=True))",
        "qk": "dscores / sqrt(3)",
        "kT": "q.T @ dqk",
        "q": "dqk @ kT.T",
        "k": "dkT.T",
    },
}


def test_the_course_puts_them_after_the_scalar_lessons_and_before_makemore():
    names = bundled_names()
    tensor = list(CURRICULUM)
    assert len(tensor) >= 8
    start = names.index(tensor[0])
    assert names[start : start + len(tensor)] == tensor
    assert names[start + len(tensor)] == "makemore-ninja"
    assert names[names.index("makemore-ninja") + 1 :] == list(BEYOND_NINJA)
    assert "two-layer-net" in names[:start]


@pytest.mark.parametrize("name", list(CURRICULUM))
def test_each_lesson_checks_clean_and_teaches(name):
    assert check_file(bundled_dir() / f"{name}.yaml") == []
    lesson = load(name)
    assert len(lesson.description.split()) >= 60  # a description that teaches the idea


@pytest.mark.parametrize("name", list(CURRICULUM))
def test_a_learner_finishes_each_lesson_by_typing_expressions(name):
    graph = build_tensor(load(name))
    answers = CURRICULUM[name]
    assert set(answers) == set(graph.order)
    s = Session(graph)
    while s.current is not None:
        out = s.submit(answers[s.current])
        assert out.kind == "right", (out.node, out.message)
    assert s.complete and s.tally.wrong == 0


def _solve(name: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["solve", name, "--json"]) == 0
    return json.loads(out.getvalue())


def test_the_golden_files_cover_the_curriculum_and_makemore():
    assert LESSONS == (*CURRICULUM, "makemore-ninja", *BEYOND_NINJA)


@pytest.mark.parametrize("name", LESSONS)
def test_solve_agrees_with_pytorch(name):
    graph = build_tensor(load(name))
    ours = {n["name"]: n for n in _solve(name)["nodes"]}
    for source, theirs in oracles("lessons", name, lambda torch: reference.lesson(torch, graph)):
        assert ours[graph.output]["value"] == pytest.approx(theirs.value, rel=1e-12), source
        for node in graph.order:
            got, want = np.array(ours[node]["grad"]), theirs.grads[node]
            assert got.shape == want.shape, (node, source)
            np.testing.assert_allclose(
                got, want, rtol=1e-9, atol=1e-12, err_msg=f"{node} ({source})"
            )
