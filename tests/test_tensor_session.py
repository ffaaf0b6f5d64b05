"""A learner works through makemore-ninja by typing expressions; ``grade`` and ``hints``
on tensor nodes; the tensor hint tiers, reveal and numeric check."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tutor.cli import main
from tutor.graph.build import build as build_tensor
from tutor.lesson.find import load
from tutor.session import Session
from tutor.teach import hints

#: What a backprop ninja types at each node of makemore-ninja.
NINJA = {
    "loss": "1",
    "loss_2": "-dloss",
    "loss_1": "ones_like(loss_1) * dloss_2 / 32",
    "logprobs": "onehot(Yb, 27) * reshape(dloss_1, [32, 1])",
    "probs": "dlogprobs / probs",
    "counts_sum_inv": "sum(counts * dprobs, axis=1, keepdims=True)",
    "counts_sum": "-counts_sum**-2 * dcounts_sum_inv",
    "counts": "dprobs * counts_sum_inv + ones_like(counts) * dcounts_sum",
    "norm_logits": "counts * dcounts",
    "logit_maxes": "-sum(dnorm_logits, axis=1, keepdims=True)",
    "logits": "dnorm_logits + onehot(argmax(logits, axis=1), 27) * dlogit_maxes",
    "b2": "sum(dlogits, axis=0)",
    "logits_1": "dlogits",
    "W2": "h.T @ dlogits_1",
    "h": "dlogits_1 @ W2.T",
    "hpreact": "(1 - h**2) * dh",
    "bnbias": "sum(dhpreact, axis=0, keepdims=True)",
    "hpreact_1": "dhpreact",
    "bngain": "sum(bnraw * dhpreact_1, axis=0, keepdims=True)",
    "bnraw": "bngain * dhpreact_1",
    "bnvar_inv": "sum(bndiff * dbnraw, axis=0, keepdims=True)",
    "bnvar_inv_1": "-0.5 * bnvar_inv_1**-1.5 * dbnvar_inv",
    "bnvar": "dbnvar_inv_1",
    "bnvar_1": "dbnvar / 31",
    "bndiff2": "ones_like(bndiff2) * dbnvar_1",
    "bndiff": "2 * bndiff * dbndiff2 + dbnraw * bnvar_inv",
    "bnmeani": "-sum(dbndiff, axis=0, keepdims=True)",
    "hprebn": "dbndiff + ones_like(hprebn) * dbnmeani / 32",
    "b1": "sum(dhprebn, axis=0)",
    "hprebn_1": "dhprebn",
    "W1": "embcat.T @ dhprebn_1",
    "embcat": "dhprebn_1 @ W1.T",
    "emb": "reshape(dembcat, [32, 3, 10])",
    "C": "scatter_add(demb, Xb, 27)",
}


@pytest.fixture(scope="module")
def mm():
    return build_tensor(load("makemore-ninja"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_ninja_finishes_makemore_by_typing_expressions(mm):
    s = Session(mm)
    assert set(NINJA) == set(mm.order)
    while s.current is not None:
        out = s.submit(NINJA[s.current])
        assert out.kind == "right", (out.node, out.message)
    assert s.complete and s.tally.first_try == len(mm.order) and s.tally.wrong == 0


def test_grade_json_gains_shape_and_maxdiff(capsys):
    code, out, err = run(capsys, "grade", "makemore-ninja", "W2", "dlogits_1.T @ h", "--json")
    assert code == 0 and err == ""
    got = json.loads(out)
    assert got["shape"] == [27, 64] and got["maxdiff"] is None
    assert got["mistake"] == "transpose" and not got["correct"]
    assert "dW2 must have the shape of W2, (64, 27); yours is (27, 64)" in got["message"]
    code, out, _ = run(capsys, "grade", "makemore-ninja", "b2", "sum(dlogits, axis=0)", "--json")
    got = json.loads(out)
    assert got["correct"] and got["shape"] == [27] and got["maxdiff"] == 0.0
    assert np.shape(got["expected"]) == (27,)


def test_grade_text_and_unreadable(capsys):
    code, out, _ = run(capsys, "grade", "makemore-ninja", "b2", "dlogits")
    assert code == 0 and "mistake: no_batch_sum" in out
    code, out, err = run(capsys, "grade", "makemore-ninja", "hpreact", "dW1")
    assert code == 1 and "dW1 is not found yet" in err


def test_hints_dimension_analysis_then_vjp_then_numbers(capsys):
    code, out, _ = run(capsys, "hints", "makemore-ninja", "W2", "--json")
    tiers = json.loads(out)
    assert [t["tier"] for t in tiers] == ["pattern", "local", "numbers"]
    assert "Only one product" in tiers[0]["text"] and "h.T @ dlogits_1" not in tiers[0]["text"]
    assert "line the shapes up: dlogits_1 (32, 27), h (32, 64)" in tiers[0]["text"]
    assert "dW2 += h.T @ dlogits_1" in tiers[1]["text"]
    assert "..." in tiers[2]["text"]  # a corner of a (64, 27) matrix


def test_reveal_and_numeric_check(mm):
    text = hints.reveal(mm, "b1")
    assert "Answer: db1 = sum(dhprebn, axis=0)" in text
    check = hints.numeric_check(mm, "b2")
    got = float(check.splitlines()[1].split("about ")[1])
    assert got == pytest.approx(mm.nodes["b2"].grad[0], rel=1e-4, abs=1e-8)
    assert "random direction" in check
    # the graph's values are restored
    fresh = build_tensor(load("makemore-ninja"))
    assert np.array_equal(mm.values["loss"].data, fresh.values["loss"].data)


def test_a_repeated_mistake_gets_its_hint(mm):
    s = Session(mm)
    while s.current != "b2":
        s.submit(NINJA[s.current])
    for _ in range(2):
        assert s.submit("dlogits").mistake == "no_batch_sum"
    h = s.hint()
    assert h.kind == "mistake" and "broadcast" in h.text
