"""The lessons after makemore-ninja (issue 20): each checks clean, teaches in its
description without printing a fused answer, agrees with PyTorch op by op (recorded in
``tests/golden``; ``tests/test_curriculum.py`` runs solve against it) and is finished by
typing expressions."""

from __future__ import annotations

import numpy as np
import pytest
from golden.cases import BEYOND_NINJA
from test_printed_answers import check_printed

from tutor.authoring.check import check_file
from tutor.graph.build import build
from tutor.lesson.find import bundled_dir, load
from tutor.session import Session
from tutor.teach.hints import reveal

#: What a learner types, for the lessons written out by hand here (the fused formulas
#: among them); every other asked node is answered with the tutor's own printed VJP.
TYPED: dict[str, dict[str, str]] = {
    "gelu-tanh": {
        "loss": "1",
        "y": "G",
        "t": "0.5 * x * G",
        "inner": "(1 - t**2) * dt",
        "u": "sqrt(2 / pi) * dinner",
        "x3": "0.044715 * du",
    },
    "gelu-erf": {
        "loss": "1",
        "y": "G",
        "e": "0.5 * x * G",
        "s": "2 / sqrt(pi) * exp(-s**2) * de",
        "x": "ds / sqrt(2) + 0.5 * dy_1",
    },
    "layernorm-fused": {
        "x": "rstd * (G * w - mean(G * w, axis=1, keepdims=True)"
        " - xhat * mean(G * w * xhat, axis=1, keepdims=True))",
    },
    "batchnorm-fused": {
        "hprebn": "bngain * bnvar_inv / 8 * (R - sum(R, axis=0, keepdims=True) / 8"
        " - 8 / 7 * bnraw * sum(R * bnraw, axis=0, keepdims=True) / 8)",
    },
    "dropout": {"loss": "1", "out": "G", "hd": "dout @ V.T", "h": "keep * dhd / 0.75"},
    "causal-attention": {
        "loss": "1",
        "out": "G",
        "att": "dout @ v.T",
        "v": "att.T @ dout",
        "masked": "att * (datt - sum(datt * att, axis=1, keepdims=True))",
        "scores": "where(M, dmasked, 0)",
        "qk": "dscores / sqrt(3)",
        "q": "dqk @ k",
        "k": "dqk.T @ q",
    },
    "tied-embeddings": {
        "logits": "(softmax(logits, axis=1) - onehot(targets, 6)) / 3",
        "h": "dlogits @ wte",
        "x": "(1 - h**2) * dh",
        "wpe": "dx",
        "wte": "scatter_add(dx, idx, 6) + dlogits.T @ h",
    },
    "rnn-through-time": {
        "h3": "G3",
        "a3": "(1 - h3**2) * dh3",
        "h2": "G2 + da3 @ Wh.T",
        "h1": "G1 + da2 @ Wh.T",
        "Wh": "h0.T @ da1 + h1.T @ da2 + h2.T @ da3",
        "Wx": "x1.T @ da1 + x2.T @ da2 + x3.T @ da3",
        "b": "sum(da1 + da2 + da3, axis=0, keepdims=True)",
        "h0": "da1 @ Wh.T",
    },
    "gpt2-block": {"loss": "1", "out": "G", "bproj": "sum(dout, axis=0, keepdims=True)"},
}


def _printed(graph, name: str) -> str:
    return reveal(graph, name).split("Answer: ", 1)[1].splitlines()[0].split(" = ", 1)[1]


@pytest.mark.parametrize("name", BEYOND_NINJA)
def test_each_checks_clean_and_teaches(name):
    assert check_file(bundled_dir() / f"{name}.yaml") == []
    lesson = load(name)
    assert len(lesson.description.split()) >= 60
    assert check_printed(build(lesson)) == []


@pytest.mark.parametrize("name", ["layernorm-fused", "batchnorm-fused"])
def test_a_fused_lesson_teaches_without_printing_its_answer(name):
    text = load(name).description
    assert "keepdims=True" not in text and "(G * w" not in text and "(R -" not in text


@pytest.mark.parametrize("name", BEYOND_NINJA)
def test_a_learner_finishes_each_by_typing_expressions(name):
    graph = build(load(name))
    typed = TYPED.get(name, {})
    assert set(typed) <= set(graph.order), set(typed) - set(graph.order)
    s = Session(graph)
    while s.current is not None:
        node = s.current
        out = s.submit(typed.get(node) or _printed(graph, node))
        assert out.kind == "right", (node, typed.get(node), out.message)
    assert s.complete and s.tally.wrong == 0


def test_the_masked_positions_get_no_gradient():
    graph = build(load("causal-attention"))
    future = graph.nodes["M"].value == 0
    assert future.any() and np.all(graph.nodes["scores"].grad[future] == 0)
    # the first token sees only itself: its one weight is 1, whatever its score
    assert np.all(graph.nodes["scores"].grad[1:][~future[1:]] != 0)
