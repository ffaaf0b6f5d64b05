"""The one misconception catalogue: one row per code, and every list of mistakes a view of it.

Review reasons, stats names, ``MISTAKE_SKILL`` and ``docs/misconceptions.md`` are computed
from the rows; no other list of mistake codes is kept anywhere (counted here with the
same rule as the README's grep).
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor.authoring.catalogue_doc import MARKER, render
from tutor.cli import main
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.mistakes import Mistake
from tutor.progress.review import Answer, due, ensure_tables, record
from tutor.progress.skills import MISTAKE_SKILL
from tutor.progress.stats import mistake_bars, mistake_title
from tutor.session import Session
from tutor.skills import Skill
from tutor.teach.grading import grade, parse_answer
from tutor.teach.misconceptions import BY_CODE, GATE, PRIORITY, TABLE, kinds
from tutor.teach.predictor_kinds import TensorPredictor

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


# -- the rows -----------------------------------------------------------------------------


def test_one_row_per_mistake_code() -> None:
    codes = [row.code for row in TABLE]
    assert sorted(codes) == sorted(Mistake) and len(codes) == len(set(codes))
    assert list(PRIORITY) == codes and set(BY_CODE) == set(Mistake)


def test_every_row_has_names_a_skill_predictors_messages_and_an_example() -> None:
    for row in TABLE:
        assert row.name and row.example, row.code
        assert row.message or row.variants, row.code
        assert kinds(row), f"{row.code} predicts nothing"
        assert row.skill is None or row.skill is GATE or isinstance(row.skill, Skill)
    assert len({row.name for row in TABLE}) == len(TABLE)


def test_every_tensor_predictor_resolves_to_a_function() -> None:
    for row in TABLE:
        tensor = row.predictors["tensor"]
        if tensor is not None:
            assert isinstance(tensor, TensorPredictor)
            assert callable(tensor.resolve()), row.code


def test_the_examples_are_diagnosed_as_their_rows() -> None:
    for row in TABLE:
        lesson, node, answer = row.example.split(" ", 2)
        graph = build(load(lesson))
        known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
        value = parse_answer(answer, graph, known)
        assert grade(graph, node, value, known).mistake == row.code
        assert graph.kind.name in kinds(row)


# -- the views ----------------------------------------------------------------------------


def test_mistake_skill_is_a_view_of_the_rows() -> None:
    assert MISTAKE_SKILL == {row.code: row.skill for row in TABLE if row.skill is not GATE}
    assert MISTAKE_SKILL[Mistake.NO_BATCH_SUM] is Skill.BROADCAST
    assert Mistake.FUNC_NOT_DERIV not in MISTAKE_SKILL  # the gate's skill


def test_every_code_has_its_human_name_in_review_and_stats() -> None:
    assert {code: mistake_title(code) for code in Mistake} == {r.code: r.name for r in TABLE}


def test_one_mistake_has_one_name_in_feedback_summary_stats_and_review(tmp_path, capsys) -> None:
    # on the old main the summary said "the upstream gradient alone ×1" and the stats
    # "left out the local derivative 1" for the same mistake
    from tutor.progress.stats import Stats
    from tutor.progress.store import Store

    session = Session(build(load("micrograd-labels")))
    while session.current != "a":
        session.submit(repr(session.graph.nodes[session.current].grad))
    outcome = session.submit("-2")
    name = BY_CODE[Mistake.UPSTREAM_ONLY].name
    assert outcome.mistake == Mistake.UPSTREAM_ONLY
    assert session.mistake_summary() == [(name, 1)]
    with Store.open(tmp_path) as store:
        store.log_answer(Answer("lesson", "micrograd-labels", "a", False, (), outcome.mistake))
    assert main(["--data-dir", str(tmp_path), "stats"]) == 0
    listed = capsys.readouterr().out.split("mistakes by kind\n", 1)[1].splitlines()
    assert listed[0].strip().startswith(f"{name} ")
    assert [b.label for b in mistake_bars(Stats(mistakes={outcome.mistake: 1}))] == [name]
    conn = sqlite3.connect(":memory:")
    ensure_tables(conn)
    record(conn, Answer("lesson", "micrograd-labels", "a", False, (), outcome.mistake), T0)
    reasons = [c.reason for c in due(conn, T0 + timedelta(days=1)) if "mistake" in c.card]
    assert reasons == [f"you made the mistake “{name}” once (last yesterday)"]


@pytest.mark.parametrize("code", [Mistake.NO_BATCH_SUM, Mistake.TRANSPOSE, Mistake.SIGN])
def test_review_reasons_name_the_mistake(code: Mistake) -> None:
    # on the old main these read "you no batch sum" and "you transpose"
    conn = sqlite3.connect(":memory:")
    ensure_tables(conn)
    answer = Answer("lesson", "linear-layer", "W", False, (Skill.MATMUL,), code, Skill.MATMUL)
    record(conn, answer, T0)
    cards = {c.card: c.reason for c in due(conn, T0 + timedelta(days=1))}
    said = f"you made the mistake “{BY_CODE[code].name}” once (last yesterday)"
    assert cards[f"mistake:{code}"] == said


def test_stats_print_each_mistake_by_its_name(tmp_path, capsys) -> None:
    from tutor.progress.store import Store

    with Store.open(tmp_path) as store:
        for code in (Mistake.NO_BATCH_SUM, Mistake.TRANSPOSE, Mistake.TRANSPOSE):
            store.log_answer(Answer("lesson", "x", "W", False, (Skill.MATMUL,), code))
    assert main(["--data-dir", str(tmp_path), "stats"]) == 0
    out = capsys.readouterr().out
    listed = out.split("mistakes by kind\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[-1] for line in listed] == ["2", "1"]
    assert listed[0].strip().startswith("the transpose of the gradient")
    assert listed[1].strip().startswith("a broadcast operand not summed")


# -- the doc ------------------------------------------------------------------------------


def test_the_misconceptions_doc_is_generated_from_the_rows() -> None:
    doc = (ROOT / "docs" / "misconceptions.md").read_text(encoding="utf-8")
    assert doc.startswith(MARKER)
    assert doc == render(), "docs/misconceptions.md is stale: run `make docs`"
    for row in TABLE:
        assert f"| `{row.code}` | {row.name} |" in doc


# -- no other list of codes ------------------------------------------------------------------

_ALTERNATIVES = "|".join(m.value for m in Mistake)
CODE = re.compile(rf"Mistake\.({_ALTERNATIVES.upper()})\b|[\"'`]({_ALTERNATIVES})[\"'`]")
KEYED = re.compile(rf"^[\s|]*(?:{CODE.pattern})\s*[:,|]")
#: The catalogue itself (the enum of codes and the rows), and the op tables' slips (each
#: names the code of one op's classic wrong derivative: op knowledge, not a list).
CATALOGUE = {
    "tutor/mistakes.py",
    "tutor/teach/misconceptions.py",
    "tutor/scalar/slips.py",
    "tutor/tensor/slips.py",
}


def code_lists(root: Path) -> list[str]:
    """Files keeping a list of codes by hand: 3+ lines keyed by a code, or a line naming 3+."""
    found = []
    files = [*root.glob("tutor/**/*.py"), *root.glob("bench/**/*.py")]
    files += [*root.glob("docs/**/*.md"), root / "README.md"]
    for path in files:
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel in CATALOGUE or "generated from the misconception catalogue" in text[:300]:
            continue
        lines = text.splitlines()
        keyed = sum(1 for line in lines if KEYED.match(line))
        crowded = sum(1 for line in lines if len(CODE.findall(line)) >= 3)
        if keyed >= 3 or crowded:
            found.append(rel)
    return found


def test_no_other_list_of_mistake_codes_exists() -> None:
    assert code_lists(ROOT) == []


def test_the_code_list_count_finds_a_hand_kept_list(tmp_path) -> None:
    (tmp_path / "tutor").mkdir()
    (tmp_path / "README.md").write_text("`sign`, `transpose` and `bessel` are codes\n")
    (tmp_path / "tutor" / "names.py").write_text(
        'NAMES = {\n    Mistake.SIGN: "a",\n    Mistake.BESSEL: "b",\n    "transpose": "c",\n}\n'
    )
    assert sorted(code_lists(tmp_path)) == ["README.md", "tutor/names.py"]


# -- kinds ----------------------------------------------------------------------------------


def test_a_broadcast_node_under_a_scalar_loss_is_diagnosed_without_a_traceback() -> None:
    # max-route: s (3, 1) feeds loss = sum(s) (shape ()); the upstream alone cannot be
    # summed back to s's shape, which raised IndexError on the old main
    graph = build(load("max-route"))
    want = graph.nodes["s"].grad
    verdict = grade(graph, "s", -want)
    assert not verdict.correct and verdict.mistake == Mistake.SIGN


PROBE = r"""
import contextlib, io, json, sys
import tutor.cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    codes = [tutor.cli.main(["grade", "micrograd-labels", "b", "6"]),
             tutor.cli.main(["grade", "neuron-tanh", "n", "tanh(n)"])]
print(json.dumps({"numpy": "numpy" in sys.modules, "codes": codes, "out": out.getvalue()}))
"""


def test_matching_a_scalar_answer_never_imports_numpy() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0, 0]
    assert "mistake: mul_own_input" in report["out"] and "func_not_deriv" in report["out"]
    assert report["numpy"] is False
