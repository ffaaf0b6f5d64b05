"""Large and small numbers print as people write them (``-1e9``), and read back as answers.

A masked-fill constant (``where(M, scores, -1e9)``) printed as ``-1000000000`` in hints,
reveals and ``solve`` tables; exponents printed as ``e+09`` and ``e-05``. Every number
formatter in ``tutor.notation`` writes ``-1e9``, ``2.449e9`` and ``1.5e-7`` now, and what
each prints parses in both answer dialects to the number it shows.
"""

from __future__ import annotations

import contextlib
import io
import math
import re

from hypothesis import given
from hypothesis import strategies as st

from tutor.cli import main
from tutor.grammar.parse import parse
from tutor.grammar.tree import Num
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.notation import compact, literal, num, precise, record
from tutor.scalar.dialects import ANSWERS as SCALAR_ANSWERS
from tutor.scalar.evaluate import evaluate
from tutor.teach.hints import hint_tiers, reveal
from tutor.tensor import dialects as tensor_dialects

#: An exponent as nobody writes it: ``e+09``, ``e-05``, ``e09``.
AWKWARD = re.compile(r"e[+-]?0\d|e\+")
#: Finite floats (not within rounding of the largest: num() shows 1.7975e308 as 1.798e308).
FINITE = st.floats(min_value=-1e300, max_value=1e300)
MAGNITUDES = st.builds(
    lambda m, e: m * 10.0**e,
    st.integers(-9999, 9999),
    st.integers(-30, 30),
)


def _scalar(text: str) -> float:
    return evaluate(parse(text, SCALAR_ANSWERS), {})


def _tensor(text: str) -> float:
    tree = parse(text, tensor_dialects.ANSWERS)
    assert isinstance(tree, Num), text  # a number literal, negative ones included
    return tree.value


def test_the_examples() -> None:
    assert [num(x) for x in (-1e9, 1e9, 2.449e9, 1.5e-7, 1e6, 1.5e6)] == [
        "-1e9",
        "1e9",
        "2.449e9",
        "1.5e-7",
        "1e6",
        "1.5e6",
    ]
    assert [num(x) for x in (123456789, 999999, 2000, -2, 0.5)] == [
        "123456789",
        "999999",
        "2000",
        "-2",
        "0.5000",
    ]
    assert (compact(-1e9), literal(-1e9), literal(1e-5), compact(1e-5)) == (
        "-1e9",
        "-1e9",
        "1e-5",
        "1e-5",
    )
    assert (record(2.5e12), precise(1.5e-12)) == ("2.5000e12", "1.5e-12")


@given(st.one_of(FINITE, MAGNITUDES))
def test_every_printed_number_reads_back_in_both_answer_dialects(x: float) -> None:
    for text, rel, abs_ in [
        (literal(x), 0.0, 0.0),
        (compact(x), 5e-6, 0.0),
        (precise(x), 5e-10, 0.0),
        (num(x), 5e-4, 5e-5),
    ]:
        assert not AWKWARD.search(text), text
        for read in (_scalar, _tensor):
            got = read(text)
            if rel == 0.0:
                assert got == x, (x, text)
            else:
                assert math.isclose(got, x, rel_tol=rel, abs_tol=abs_), (x, text, got)


def test_a_masked_fill_constant_prints_as_minus_1e9_in_hints_reveals_and_solve() -> None:
    graph = build(load("causal-attention"))
    assert "-1e9" in graph.nodes
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["solve", "causal-attention"]) == 0
    shown = [out.getvalue(), reveal(graph, "scores")]
    shown += [tier.text for tier in hint_tiers(graph, "scores")]
    for text in shown:
        assert "1000000000" not in text
        assert not AWKWARD.search(text)
    assert "where(M, scores, -1e9)" in out.getvalue()
    assert "where(M, scores, -1e9)" in shown[2]
