"""The micrograd bridge: ``from tutor import Value``, ``tutor.to_lesson(L)``, ``tutor.study(L)``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import tutor
from tutor import cli
from tutor.errors import TutorError
from tutor.graph.build import build
from tutor.lesson.find import loads


def micrograd_example():
    """The walk-through of /work/shared/seeds/000_*.txt, line for line."""
    from tutor import Value

    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return L, {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "L": L}


def test_to_lesson_of_the_micrograd_example_solves_to_micrograds_gradients(tmp_path, capsys):
    L, nodes = micrograd_example()
    text = tutor.to_lesson(L)
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    assert cli.main(["check", str(path)]) == 0
    capsys.readouterr()
    assert cli.main(["solve", str(path), "--json"]) == 0
    solved = {n["name"]: n["grad"] for n in json.loads(capsys.readouterr().out)["nodes"]}
    L.backward()
    assert solved == {name: v.grad for name, v in nodes.items()}
    assert solved | {"L": 1.0} == {
        "a": 6.0, "b": -4.0, "c": -2.0, "d": -2.0, "e": -2.0, "f": 4.0, "L": 1.0,
    }  # fmt: skip


def test_unlabelled_nodes_get_names_and_constants_fold_in():
    from tutor import Value

    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    out = ((a * b + 1) * -2) ** 2 / a
    lesson = loads(tutor.to_lesson(out))
    assert [s.text for s in lesson.statements] == [
        "n1 = a * b",
        "n2 = n1 + 1",
        "n3 = n2 * (-2)",
        "n4 = n3**2",
        "L = n4 / a",
    ]
    assert lesson.inputs == {"a": 2.0, "b": -3.0}
    graph = build(lesson)
    out.backward()
    assert graph["a"].grad == pytest.approx(a.grad)
    assert graph["b"].grad == pytest.approx(b.grad)


def test_labels_that_are_not_names_are_cleaned_and_kept_apart():
    from tutor import Value

    x1, w1 = Value(2.0, label="x1"), Value(-3.0, label="w1")
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    twice = Value(1.0, label="x1")  # a second leaf with the same label
    o = (x1w1 + twice).tanh()
    o.label = "o"
    lesson = loads(tutor.to_lesson(o))
    assert list(lesson.inputs) == ["x1", "w1", "x1_2"]
    assert [s.target for s in lesson.statements] == ["x1_w1", "n1", "o"]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda V: V(2.0, label="a"), "leaf"),
        (lambda V: V(2.0) * 3, "no labelled leaf"),
        (lambda V: 3.0, "tutor Value"),
    ],
)
def test_refusals(make, words):
    with pytest.raises(TutorError, match=words):
        tutor.to_lesson(make(tutor.Value))


def test_study_opens_the_app_on_the_graph(monkeypatch, tmp_path):
    from tutor.app.practice import PracticeApp

    seen = {}

    def run(self, *args, **kwargs):
        seen["title"] = self.ctx.prepared[0].lesson.title
        seen["key"] = self.ctx.key_for(0)

    monkeypatch.setattr(PracticeApp, "run", run)
    L, _ = micrograd_example()
    assert tutor.study(L, data_dir=str(tmp_path)) == 0
    assert seen["title"] == "Your graph: L"
    assert seen["key"].startswith("practice/graph-")


def test_import_tutor_stays_light():
    code = (
        "import sys, json; import tutor; before = sorted(m for m in sys.modules "
        "if m.startswith(('tutor', 'textual', 'yaml')));"
        "from tutor import Value; tutor.to_lesson;"
        "print(json.dumps([before, 'textual' in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, textual = json.loads(proc.stdout)
    assert before == ["tutor"]
    assert textual is False
    with pytest.raises(AttributeError):
        tutor.no_such_thing  # noqa: B018
