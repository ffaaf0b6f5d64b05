"""No text the tutor writes puts ``'s`` after a name it fills in: ``logprobs's`` reads badly.

Node names (``logprobs``, ``counts``, ``probs``) and function names (``ones``) often end in
``s``; a message is phrased around the name (``the value of logprobs``), or uses
``notation.possessive`` (``ones' shape``).
"""

from __future__ import annotations

import re
from pathlib import Path

from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.notation import possessive
from tutor.teach.grading import grade

ROOT = Path(__file__).resolve().parents[1] / "tutor"

#: ``{node}'s`` in a template, or ``{name}'s`` / ``{f(x)}'s`` in an f-string.
_FILLED_POSSESSIVE = re.compile(r"\}'s\b")


def test_no_text_puts_s_after_a_filled_in_name():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted(ROOT.rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if _FILLED_POSSESSIVE.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []


def test_the_value_instead_of_the_gradient_at_logprobs_reads_well():
    graph = build(load("makemore-ninja"))
    known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index("logprobs")]}
    verdict = grade(graph, "logprobs", graph.nodes["logprobs"].value, known)
    assert not verdict.correct
    assert "logprobs's" not in verdict.message
    assert "the value of logprobs" in verdict.message


def test_possessive():
    assert possessive("W") == "W's"
    assert possessive("logprobs") == "logprobs'"
    assert possessive("ones") == "ones'"
