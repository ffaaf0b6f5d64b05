"""The golden files of PyTorch's numbers (``tests/golden``): present, current, and exact.

Each file must hold exactly the cases that the tests use, each recorded from the inputs
that the tests give our engine today: a lesson whose numbers changed (its ``inputs``,
``graph`` or ``output``, or the arrays its graph is built with) makes its golden stale, and
this fails until ``make golden`` records it again.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from golden import cases, reference, store
from golden.oracles import recorded
from golden.reference import Planned
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tutor.graph.build import build
from tutor.lesson.find import bundled_dir, bundled_names, load

ROOT = Path(__file__).resolve().parents[1]


def bundled_graph(name: str) -> tuple[Path, cases.GraphLike]:
    """A bundled lesson's file and graph, as the tests load it."""
    return bundled_dir() / f"{name}.yaml", build(load(name))


def staleness(area: str, planned: dict[str, Planned], golden: store.Golden) -> list[str]:
    """What is wrong with an area's golden file: missing, extra and stale cases."""
    wrong = [f"no case {name!r}" for name in planned if name not in golden.cases]
    wrong += [f"a case no test uses: {name!r}" for name in golden.cases if name not in planned]
    for name, case in planned.items():
        if name in golden.cases and golden.cases[name].fingerprint != case.fingerprint:
            recorded = golden.cases[name].fingerprint
            parts = [p for p in cases.PARTS if case.fingerprint.get(p) != recorded.get(p)]
            what = " and its ".join(cases.PARTS[part] for part in parts)
            wrong.append(f"{name!r} is stale: its {what} changed since it was recorded")
    return [f"{store.path(area).name}: {w}" for w in wrong]


@pytest.fixture(scope="module")
def plan() -> dict[str, dict[str, Planned]]:
    return reference.plan(bundled_graph)


@pytest.mark.parametrize("area", store.AREAS)
def test_each_golden_file_holds_every_case_recorded_from_todays_inputs(area, plan):
    wrong = staleness(area, plan[area], store.read(area))
    assert not wrong, "\n".join([*wrong, f"record them again: {store.REGENERATE}"])


@pytest.mark.parametrize("area", store.AREAS)
def test_each_file_says_it_came_from_torch(area):
    data = json.loads(store.path(area).read_text(encoding="utf-8"))
    assert data["recorded_by"] == "tests/golden/record.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+(\+\w+)?", data["torch"]), data["torch"]
    assert list(data) == ["about", "recorded_by", "torch", "numpy", "cases"]


@pytest.mark.parametrize("name", cases.LESSONS)
def test_each_lesson_golden_has_every_asked_gradient(name):
    graph = build(load(name))
    grads = recorded("lessons", name).grads
    missing = [node for node in graph.order if node not in grads]
    assert not missing, f"lessons.json has no gradient of {missing}: {store.REGENERATE}"
    for node in graph.order:
        assert grads[node].shape == np.shape(graph.nodes[node].value), node


def test_every_bundled_tensor_lesson_has_a_golden():
    tensor = [
        name
        for name in bundled_names()
        if any(np.ndim(v) > 0 for v in cases.graph_leaves(build(load(name))).values())
    ]
    assert tuple(tensor) == cases.LESSONS


def _lesson_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, cases.GraphLike]:
    text = (bundled_dir() / "linear-layer.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "linear-layer.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, build(load(str(path)))


def test_a_changed_lesson_makes_its_golden_stale_and_a_changed_text_does_not(tmp_path, plan):
    golden = store.read("lessons")
    today = plan["lessons"]["linear-layer"]
    for old, new, stale in [
        ("seed: 21", "seed: 99", "lesson's inputs, graph or output and its input numbers"),
        ("loss = mean(E2)", "loss = sum(E2)", "lesson's inputs, graph or output"),
        ("A batch of 4 examples", "A batch of four examples", ""),  # only a text
        ("ask: [loss, E2, E, Y, XW, W, X]", "ask: [loss, W, X]", ""),
    ]:
        changed = Planned(
            cases.lesson_fingerprint(*_lesson_copy(tmp_path, old, new)), today.compute
        )
        wrong = staleness("lessons", {**plan["lessons"], "linear-layer": changed}, golden)
        want = [f"lessons.json: 'linear-layer' is stale: its {stale} changed since it was recorded"]
        assert wrong == (want if stale else []), (old, new)


def test_missing_and_extra_cases_are_named(plan):
    golden = store.read("new_ops")
    planned = dict(plan["new_ops"])
    gone = planned.pop("abs(0.0)")
    planned["abs(0.5)"] = gone
    assert staleness("new_ops", planned, golden) == [
        "new_ops.json: no case 'abs(0.5)'",
        "new_ops.json: a case no test uses: 'abs(0.0)'",
    ]


def test_a_missing_file_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "FOLDER", tmp_path)
    with pytest.raises(
        AssertionError, match=r"lessons\.json is missing: record it with `make golden"
    ):
        store.read("lessons")


def test_the_two_zeros_are_two_cases():
    names = [p.name for p in cases.new_op_points()]
    assert "abs(0.0)" in names and "abs(-0.0)" in names and len(set(names)) == len(names)


FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=12), elements=FLOATS)
)
def test_numbers_read_back_to_the_same_bits(a):
    record = store.Record(value=float(a.flat[0]) if a.size else 0.0, grads={"a": a})
    text = store.dumps({"torch": "0.0.0"}, {"case": ({"inputs": "x"}, record)})
    back = json.loads(text)["cases"]["case"]
    got = store.decode(back["grads"]["a"])
    assert got.shape == a.shape and got.tobytes() == a.tobytes()
    assert np.float64(back["value"]).tobytes() == np.float64(record.value).tobytes()
    assert ("float64le_zlib" in text) == (a.size > store.SMALL)


def test_big_arrays_stay_text_in_short_lines():
    text = store.path("lessons").read_text(encoding="utf-8")
    assert text.isascii() and max(len(line) for line in text.splitlines()) <= 2000
    assert "float64le_zlib" in text  # makemore's arrays


def test_without_torch_the_recorder_says_so_in_one_line_and_writes_nothing():
    before = {a: store.path(a).read_bytes() for a in store.AREAS}
    code = (
        "import runpy, sys; sys.modules['torch'] = None; "
        "runpy.run_path(sys.argv[1], run_name='__main__')"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "tests" / "golden" / "record.py")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 1
    assert re.fullmatch(
        r"make golden: torch is not importable by \S+; point TORCH_PY at a Python that has "
        r"torch, numpy and pyyaml: make golden TORCH_PY=/path/to/python\n",
        run.stderr,
    )
    assert {a: store.path(a).read_bytes() for a in store.AREAS} == before


def test_make_golden_runs_the_recorder_with_torch_py():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(
        r"^golden:.*\n(\t.*\n)*\t@?\$\(TORCH_PY\) tests/golden/record\.py$", makefile, re.M
    )
    assert re.search(r"^TORCH_PY \?= ", makefile, re.M)
