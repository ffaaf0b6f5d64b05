"""Op knowledge lives on the op rows: skills, slips and practice domains.

Op-specific mistakes are slips of the op's row, read by generic predictors; practice
drafts draw the forms the rows list, within their domains; and no code outside the op
tables branches on an op's key (counted with the README's grep, which may only go down).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from tutor.mistakes import Mistake
from tutor.practice import drafts
from tutor.practice.problems import TOPICS
from tutor.scalar.ops import OPS
from tutor.scalar.slips import MATH_ERRORS, At
from tutor.skills import Skill
from tutor.teach.misconceptions import BY_CODE
from tutor.teach.predictors import slips

ROOT = Path(__file__).resolve().parents[1]
POINTS = (0.3, 0.7, 1.3, 2.1, -0.6, -1.7)


def _at(key: str, xs: tuple[float, ...], index: int, arg: float | None) -> At:
    op = OPS[key]
    out = op.forward(*xs, arg)
    local = op.local(xs, out, arg)[index]
    return At(op, xs, out, arg, index, local, tuple(f"v{i}" for i in range(len(xs))), "v0")


@pytest.mark.parametrize("key", [k for k, op in OPS.items() if op.slips])
def test_every_slip_is_a_wrong_local_derivative_somewhere(key: str) -> None:
    op = OPS[key]
    arg = 3.0 if key == "powc" else None
    for slip in op.slips:
        if slip.own:
            continue
        wrong_somewhere = False
        for x in POINTS:
            xs = (x,) if op.arity == 1 else (x, 1.9)
            for index in slip.operands if slip.operands is not None else range(op.arity):
                try:
                    at = _at(key, xs, index, arg)
                    wrong = slip.wrong(at)
                except MATH_ERRORS:
                    continue
                if wrong is not None and not math.isclose(wrong, at.local, rel_tol=1e-6):
                    wrong_somewhere = True
        assert wrong_somewhere, (key, slip.code)


def test_the_catalogue_reads_op_specific_mistakes_from_the_slips() -> None:
    codes = {slip.code for op in OPS.values() for slip in op.slips}
    assert codes == {
        Mistake.LOCAL_FORMULA,
        Mistake.MUL_OWN_INPUT,
        Mistake.QUOTIENT,
        Mistake.FUNC_NOT_DERIV,
        Mistake.AT_OUTPUT,
        Mistake.ACT_AT_INPUT,
        Mistake.POWER_FACTOR,
        Mistake.POWER_EXPONENT,
        Mistake.RELU_GATE,
        Mistake.DEGREES,
    }
    for code in codes - {Mistake.DEGREES}:  # degrees adds the upstream one gate above
        predictor = BY_CODE[code].predictors["scalar"]
        assert predictor is not None
        assert predictor.__qualname__ == slips(code).__qualname__, code


def test_a_new_slip_on_a_row_is_diagnosed_without_touching_the_predictors(monkeypatch) -> None:
    from dataclasses import replace

    from tutor.graph.build import build
    from tutor.lesson.find import loads
    from tutor.scalar.slips import Slip
    from tutor.teach.grading import grade

    graph = build(loads("title: t\ninputs: {x: 0.5}\ngraph:\n  - y = exp(x)\n  - L = y * 3\n"))
    assert grade(graph, "x", 0.75).mistakes == ()
    # a made-up slip on exp's row: its derivative taken as 0.25
    made_up = Slip(Mistake.FUNC_NOT_DERIV, lambda at: 0.25)
    monkeypatch.setitem(OPS, "exp", replace(OPS["exp"], slips=(*OPS["exp"].slips, made_up)))
    assert grade(graph, "x", 0.75).mistakes == (Mistake.FUNC_NOT_DERIV,)


def test_practice_draws_the_forms_of_the_op_rows() -> None:
    assert drafts.FORMS["pow2"] == ("powc", 2.0) and drafts.FORMS["sin"] == ("sin", None)
    assert set(drafts._UNARY) | set(drafts._ON_PURPOSE) == set(drafts.FORMS)
    assert drafts._ON_PURPOSE == ("relu",)  # a relu is drawn on purpose (passing or blocking)
    # the level-2 topics are the skills of the drafted forms
    assert set(TOPICS[2]) == set(drafts._TOPIC_OPS)
    assert all(t in {s.value for s in Skill} for t in TOPICS[2])
    assert drafts._TOPIC_OPS["trig"] == ("sin", "cos")


def test_practice_domains_are_friendly() -> None:
    for form, (key, arg) in drafts.FORMS.items():
        practice = OPS[key].practice
        assert practice is not None
        friendly = [x / 10 for x in range(-40, 41) if practice.accept((x / 10,), arg)]
        assert friendly, form
        for x in friendly:
            value = OPS[key].forward(x, arg)
            local = OPS[key].local((x,), value, arg)[0]
            assert abs(value) <= drafts.MAX_SIZE and math.isfinite(local), (form, x)
            assert local != 0, (form, x)  # a friendly gate passes some gradient


# -- branches on op keys ----------------------------------------------------------------------

_OPS = (
    r"\+|-|\*|/|\*\*|neg|powc|pow|exp|log|sqrt|tanh|sigmoid|relu|abs|softplus|leaky_relu|sin"
    r"|cos|matmul|transpose|sum|mean|max|softmax|log_softmax|pick|onehot|take|reshape"
)
#: The README's grep: a name ending in key/name/pick/activation compared with a quoted op
#: key (or a tuple or set of them), or with a ``*_GATES`` set.
BRANCH = re.compile(
    rf"(key|name|pick|activation)\b\s*(==|!=|not in|in)\s*(\(|\{{|\[|frozenset\(\{{)?\s*"
    rf"\"({_OPS})\"|(key|name) (not )?in [A-Z_]*GATES"
)
OP_TABLES = {
    "tutor/scalar/ops.py",
    "tutor/scalar/slips.py",
    "tutor/scalar/practice_domains.py",
    "tutor/tensor/ops.py",
    "tutor/tensor/slips.py",
    "tutor/tensor/shaped_ops.py",
}


def op_branches(root: Path) -> dict[str, int]:
    """Files outside the op tables with branches on op keys, and how many lines each."""
    found: dict[str, int] = {}
    for path in sorted(root.glob("tutor/**/*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in OP_TABLES:
            continue
        n = sum(1 for line in path.read_text().splitlines() if BRANCH.search(line))
        if n:
            found[rel] = n
    return found


def test_no_code_outside_the_op_tables_branches_on_an_op_key() -> None:
    assert op_branches(ROOT) == {}


def test_the_branch_count_finds_a_branch(tmp_path) -> None:
    (tmp_path / "tutor").mkdir()
    (tmp_path / "tutor" / "x.py").write_text(
        'if c.key == "*":\n    pass\nif c.key in ("sin", "cos"):\n    pass\nif kind == "b":\n'
    )
    assert op_branches(tmp_path) == {"tutor/x.py": 2}
