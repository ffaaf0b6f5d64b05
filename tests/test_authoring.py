from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tutor import cli
from tutor.authoring.template import schema_path
from tutor.commands.authoring import main_new, main_schema
from tutor.commands.context import Context
from tutor.errors import TutorError
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.lesson.model import KEYS, REQUIRED

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p for p in (ROOT / "lessons").glob("*.yaml") if p.name != "course.yaml")


@pytest.fixture
def schema(capsys) -> dict:
    assert main_schema(Context()) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _new(tmp_path, monkeypatch, name: str = "my-lesson") -> Path:
    monkeypatch.chdir(tmp_path)
    assert main_new(Context(), name) == 0
    return tmp_path / f"{name}.yaml"


# -- new -------------------------------------------------------------------------------


def test_new_writes_a_lesson_that_loads_builds_and_is_right(tmp_path, monkeypatch, capsys):
    path = _new(tmp_path, monkeypatch)
    assert "wrote my-lesson.yaml" in capsys.readouterr().out
    lesson = load(path)
    assert lesson.title == "My lesson"
    graph = build(lesson)
    assert graph.output == "y"
    assert graph.order == ["y", "z", "b", "p", "w", "x"]
    # every expected answer agrees with the engine
    from tutor.scalar import evaluate as ex

    assert set(lesson.expected) == set(graph.order)
    for name, want in lesson.expected.items():
        got = ex.evaluate(want.expr, graph.value_env)
        assert lesson.tolerance.close(got, graph[name].grad), name
    for name in lesson.hints:
        assert name in graph.nodes
    for name in lesson.randomize:
        assert name in lesson.inputs


def test_new_template_shows_and_explains_every_key(tmp_path, monkeypatch):
    path = _new(tmp_path, monkeypatch)
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert list(data) == list(KEYS)
    lines = text.splitlines()
    for key in KEYS:
        at = next(i for i, ln in enumerate(lines) if ln.startswith(f"{key}:"))
        assert lines[at - 1].startswith("#"), f"{key} has no comment above it"
        assert any(key in ln for ln in lines[at - 5 : at] if ln.startswith("#")), key


def test_new_template_passes_check(tmp_path, monkeypatch):
    path = _new(tmp_path, monkeypatch)
    from tutor.authoring.check import check_file

    assert check_file(path) == []


def test_new_first_line_points_editors_at_the_installed_schema(tmp_path, monkeypatch, validator):
    path = _new(tmp_path, monkeypatch)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    url = first.removeprefix(prefix)
    assert url == schema_path().resolve().as_uri()
    assert url.startswith("file:///") and Path(schema_path()).is_file()
    validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_new_refuses_to_overwrite(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.yaml").write_text("mine\n")
    with pytest.raises(TutorError) as info:
        main_new(Context(), "taken")
    assert info.value.status == 1 and "exists" in str(info.value)
    assert (tmp_path / "taken.yaml").read_text() == "mine\n"
    assert cli.main(["new", "taken"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backprop-tutor: error: taken.yaml exists already")
    assert (tmp_path / "taken.yaml").read_text() == "mine\n"


def test_new_keeps_a_yaml_suffix_and_titles_from_the_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main_new(Context(), "chain_rule-2.yaml") == 0
    assert load(tmp_path / "chain_rule-2.yaml").title == "Chain rule 2"
    assert main_new(Context(), 'odd: "name"') == 0
    assert load(tmp_path / 'odd: "name".yaml').title == 'Odd: "name"'


@pytest.mark.parametrize("name", ["", "  ", "a\nb"])
def test_new_bad_names_are_usage_errors(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TutorError) as info:
        main_new(Context(), name)
    assert info.value.status == 2
    assert list(tmp_path.iterdir()) == []


def test_new_in_a_missing_folder_is_one_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "nope/lesson"]) == 1
    assert capsys.readouterr().err.startswith("backprop-tutor: error: cannot write")


# -- schema ----------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(REQUIRED)


def test_schema_describes_every_key(schema):
    props = schema["properties"]
    assert set(props) == set(KEYS)
    for key, spec in props.items():
        assert spec.get("description"), key
    tolerance = schema["properties"]["tolerance"]
    assert set(tolerance["properties"]) == {"rel", "abs"}
    assert tolerance["additionalProperties"] is False


def test_schema_command_prints_the_package_file(capsys):
    assert cli.main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == json.loads(schema_path().read_text(encoding="utf-8"))


def test_there_are_bundled_lessons():
    assert BUNDLED, "no lessons/*.yaml found"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_lessons_validate(path, validator):
    validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


GOOD = {
    "title": "t",
    "inputs": {"a": 2, "b": -3.5},
    "graph": ["c = a * b"],
}


def test_minimal_lesson_validates(validator):
    validator.validate(GOOD)


@pytest.mark.parametrize(
    "change",
    [
        {"titel": "typo"},
        {"tolerance": {"rel": 0.1, "relative": 0.1}},
        {"tolerance": {"abs": -1}},
        {"inputs": {}},
        {"inputs": {"a": "two"}},
        {"inputs": {"a": True}},
        {"inputs": {"2a": 1}},
        {"inputs": {"tanh": 1}},
        {"graph": []},
        {"graph": ["c == a * b"]},
        {"graph": [3]},
        {"title": ""},
        {"ask": "some"},
        {"ask": []},
        {"ask": ["a", "a"]},
        {"randomize": {"a": [1]}},
        {"randomize": {"a": [1, 2, 3]}},
        {"randomize": {"a": ["low", 2]}},
        {"expected": {"a": None}},
        {"hints": {"a": ""}},
    ],
    ids=repr,
)
def test_bad_lessons_do_not_validate(validator, change):
    lesson = {**GOOD, **change}
    assert not validator.is_valid(lesson)


@pytest.mark.parametrize("key", REQUIRED)
def test_missing_required_key_does_not_validate(validator, key):
    lesson = {k: v for k, v in GOOD.items() if k != key}
    assert not validator.is_valid(lesson)


def test_every_optional_key_validates(validator):
    lesson = {
        **GOOD,
        "description": "text",
        "output": "c",
        "expected": {"c": 1, "a": "-3.5", "b": "a"},
        "tolerance": {"rel": 0.01, "abs": 0},
        "hints": {"a": "look at b"},
        "ask": ["c", "a"],
        "randomize": {"a": [1, 5], "b": [-1.5, 1.5]},
    }
    validator.validate(lesson)
    validator.validate({**lesson, "ask": "inputs"})


def test_schema_runs_as_a_module():
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "schema"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out)["title"] == "backprop-tutor lesson"


# -- docs/authoring.md -----------------------------------------------------------------

DOC = ROOT / "docs" / "authoring.md"


def _doc_section(start: str, end: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(start) : text.index(end)]


def test_docs_walkthrough_builds_a_lesson_that_passes_check(tmp_path):
    import re

    section = _doc_section("## Writing a lesson from scratch", "## Every key")
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) >= 5
    path = tmp_path / "sigmoid-neuron.yaml"
    path.write_text("".join(blocks), encoding="utf-8")
    lesson = load(path)
    graph = build(lesson)
    assert graph.order == ["y", "n", "b", "n_1", "w", "x"]
    assert f"dy/dw = {graph['w'].grad:.4f}" in section
    from tutor.authoring.check import check_file

    assert check_file(path) == []
    # the documented mistake gives the documented message
    path.write_text(path.read_text().replace("w: 0.2949", "w: 0.3"), encoding="utf-8")
    problems = check_file(path)
    assert len(problems) == 1
    message = problems[0].split(": error: ", 1)[1]
    assert message in section


def test_docs_describe_every_key():
    text = DOC.read_text(encoding="utf-8")
    for key in KEYS:
        headings = [ln for ln in text.splitlines() if ln.startswith("### ")]
        assert any(f"`{key}`" in h for h in headings), key
        assert f"| `{key}` |" in text, key


def test_docs_score_examples_match_the_rule():
    from tutor.scoring import score

    section = _doc_section("## The score rule", "## Progress")
    assert "max(0.25, 1.0 - 0.25*h - 0.1*w)" in section
    assert "one wrong try scores 0.9" in section and score(1, 0, False) == 0.9
    assert "one hint 0.75" in section and score(0, 1, False) == 0.75
    assert "one hint and two wrong tries 0.55" in section and score(2, 1, False) == 0.55
    assert score(0, 3, False) == score(9, 9, False) == 0.25


def test_schema_accepts_hints_per_tier_and_refuses_unknown_tiers(validator):
    base = {"title": "t", "inputs": {"a": 1}, "graph": ["b = a * a"]}
    ok = {**base, "hints": {"a": "plain", "b": {"pattern": "p", "numbers": "n = 2"}}}
    assert not list(validator.iter_errors(ok))
    for bad in ({"a": {"patern": "p"}}, {"a": {}}, {"a": {"local": ""}}):
        assert list(validator.iter_errors({**base, "hints": bad})), bad
