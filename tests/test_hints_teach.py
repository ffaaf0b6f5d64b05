"""Hints that teach before they tell (issue 17 item 5): the tensor Shapes tier describes
the shapes without writing the answer, the degrees message gives no expression, and the
fused cross-entropy lesson teaches the derivation instead of printing the result."""

from __future__ import annotations

import pytest
from lesson_texts import run_cli

from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.teach.grading import grade, parse_answer
from tutor.teach.hints import hint_tiers


@pytest.mark.parametrize("lesson", ["makemore-ninja", "linear-layer", "causal-attention"])
def test_the_shapes_tier_never_writes_the_answer(lesson):
    graph = build(load(lesson))
    for name in graph.order:
        tiers = hint_tiers(graph, name, {n: graph.nodes[n].grad for n in graph.order})
        shapes = [h for h in tiers if h.title == "Shapes"]
        answer = graph.kind.chain_form(graph, name)
        for h in shapes:
            if "@" in answer:
                assert answer not in h.text, (name, h.text)
            for cname, i in graph.uses(name):
                vjp = graph.nodes[cname].symbols[i].split("+=", 1)[-1].strip()
                if "@" in vjp:
                    assert vjp not in h.text, (name, h.text)


def test_the_shapes_tier_still_lines_the_shapes_up():
    graph = build(load("makemore-ninja"))
    (shapes,) = [h for h in hint_tiers(graph, "W1", {}) if h.title == "Shapes"]
    assert "line the shapes up: dhprebn_1 (32, 64), embcat (32, 30)" in shapes.text
    assert "Only one product of dhprebn_1 and the other operand" in shapes.text


def test_the_degrees_message_gives_no_expression():
    graph = build(load("dlbook-sin"))
    known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index("u4")]}
    verdict = grade(graph, "u4", parse_answer("0.809", graph, known), known, 0, "0.809")
    assert verdict.mistake == "degrees"
    assert "cos(" not in verdict.message and "radians" in verdict.message


def test_fused_cross_entropy_teaches_the_derivation_without_the_answer(capsys):
    text = load("fused-cross-entropy").description
    assert "softmax(logits, axis=1) - onehot" not in text
    assert "-log_softmax(z)[y]\n        = -z[y] + log(sum(exp(z)))" in text  # fits 44 columns
    code, out, _ = run_cli(capsys, "grade", "fused-cross-entropy", "logits",
                           "(softmax(logits, axis=1) - onehot(Yb, 5)) / 8")  # fmt: skip
    assert code == 0 and out.startswith("dloss/dlogits")
