"""Tensor benchmarks: makemore-ninja forward + backward, ours against PyTorch, and solve --json.

``python bench/tensor_bench.py torch RUNS`` times the PyTorch version in a process of its
own (one thread, CPU): importing torch here would slow every other measurement's gc.
``... ours RUNS`` times ours the same way, so the two can alternate on a busy machine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NAME = "makemore-ninja"


def lesson_arrays() -> dict:
    """The lesson's inputs as NumPy arrays."""
    from tutor.graph.build import build
    from tutor.lesson.find import load

    graph = build(load(NAME))
    return {n: graph.nodes[n].value for n in graph.lesson.inputs}


def ours_engine() -> Callable[[], object]:
    """Forward + backward of the network with ``tutor.tensor.engine`` (as in the lecture)."""
    from tutor.tensor.engine import Tensor, pick, take

    v = lesson_arrays()

    def run():
        C, W1, b1 = Tensor(v["C"]), Tensor(v["W1"]), Tensor(v["b1"])
        W2, b2 = Tensor(v["W2"]), Tensor(v["b2"])
        bngain, bnbias = Tensor(v["bngain"]), Tensor(v["bnbias"])
        Xb, Yb = Tensor.labels(v["Xb"]), Tensor.labels(v["Yb"])
        emb = take(C, Xb)
        embcat = emb.reshape(32, -1)
        hprebn = embcat @ W1 + b1
        bnmeani = hprebn.mean(axis=0, keepdims=True)
        bndiff = hprebn - bnmeani
        bndiff2 = bndiff**2
        bnvar = bndiff2.sum(axis=0, keepdims=True) / 31
        bnvar_inv = (bnvar + 1e-5) ** -0.5
        bnraw = bndiff * bnvar_inv
        hpreact = bngain * bnraw + bnbias
        h = hpreact.tanh()
        logits = h @ W2 + b2
        logit_maxes = logits.max(axis=1, keepdims=True)
        norm_logits = logits - logit_maxes
        counts = norm_logits.exp()
        counts_sum = counts.sum(axis=1, keepdims=True)
        counts_sum_inv = counts_sum**-1
        probs = counts * counts_sum_inv
        logprobs = probs.log()
        loss = -pick(logprobs, Yb).mean()
        loss.backward()
        return loss

    return run


def ours_build() -> Callable[[], object]:
    """The whole ``graph.build`` of the lesson: forward, backward, names, VJP symbols."""
    from tutor.graph.build import build
    from tutor.lesson.find import load

    lesson = load(NAME)
    return lambda: build(lesson)


def torch_run() -> Callable[[], object]:
    """The same network in PyTorch (one thread), keeping every gradient as the lecture does."""
    import torch

    torch.set_num_threads(1)
    v = {k: torch.tensor(a) for k, a in lesson_arrays().items()}

    def run():
        p = {
            k: v[k].clone().requires_grad_()
            for k in ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")
        }
        Xb, Yb, n = v["Xb"], v["Yb"], 32
        emb = p["C"][Xb]
        embcat = emb.view(emb.shape[0], -1)
        hprebn = embcat @ p["W1"] + p["b1"]
        bnmeani = 1 / n * hprebn.sum(0, keepdim=True)
        bndiff = hprebn - bnmeani
        bndiff2 = bndiff**2
        bnvar = 1 / (n - 1) * (bndiff2).sum(0, keepdim=True)
        bnvar_inv = (bnvar + 1e-5) ** -0.5
        bnraw = bndiff * bnvar_inv
        hpreact = p["bngain"] * bnraw + p["bnbias"]
        h = torch.tanh(hpreact)
        logits = h @ p["W2"] + p["b2"]
        logit_maxes = logits.max(1, keepdim=True).values
        norm_logits = logits - logit_maxes
        counts = norm_logits.exp()
        counts_sum = counts.sum(1, keepdims=True)
        counts_sum_inv = counts_sum**-1
        probs = counts * counts_sum_inv
        logprobs = probs.log()
        loss = -logprobs[range(n), Yb].mean()
        for t in (logprobs, probs, counts, counts_sum, counts_sum_inv, norm_logits, logit_maxes,
                  logits, h, hpreact, bnraw, bnvar_inv, bnvar, bndiff2, bndiff, hprebn,
                  bnmeani, embcat, emb):  # fmt: skip
            t.retain_grad()
        loss.backward()
        return loss

    return run


if __name__ == "__main__":  # python bench/tensor_bench.py ours|torch RUNS: one median
    from bench.run import median_time

    fn = torch_run() if sys.argv[1] == "torch" else ours_engine()
    print(median_time(fn, int(sys.argv[2]), warmup=5))
