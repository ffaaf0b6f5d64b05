"""Placeholders in lesson text: parsed (never formatted), filled per quiz variant."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.app.factory import make_app
from tutor.app.widgets.description import Description
from tutor.cli import main
from tutor.graph.build import CONST, build
from tutor.graph.variants import draw, variant
from tutor.lesson.find import bundled_names, load, loads
from tutor.notation import num
from tutor.teach.hints import hint_tiers
from tutor.teach.placeholders import Placeholder, fill, parse, problems

LESSON = """\
title: t
inputs: {x: 2, y: 4}
graph:
  - r = x / y
  - L = r ** 3
hints:
  r: "dr/dy = {local:r:y}, r = {r}, dL/dr = {grad:r}, {{x}} and {nope}"
randomize:
  x: [1, 5]
  y: [1, 5]
"""


@pytest.fixture(scope="module")
def graph():
    return build(loads(LESSON))


def test_fill_values_gradients_and_local_derivatives(graph):
    text = graph.lesson.hints["r"]
    assert fill(text, graph, num) == "dr/dy = -0.1250, r = 0.5000, dL/dr = 0.7500, {x} and {nope}"


def test_parse_reads_every_form_and_escapes():
    parts = parse("a {x} {grad:y_1} {local:r:y} {{z}} }} {bad form} b")
    kinds = [p.kind if isinstance(p, Placeholder) else p for p in parts]
    assert kinds == ["a ", "value", " ", "grad", " ", "local", " {z} } ", "bad", " b"]


def test_problems_name_what_is_wrong(graph):
    text = "{nope} {local:r:L} {grad:r} } {x"
    found = problems(graph, text)
    assert [o for o, _ in found] == [0, 7, 28, 30]
    assert "unknown node 'nope'" in found[0][1]
    assert "'L' is not an input of 'r'" in found[1][1]
    assert "single '}'" in found[2][1]
    assert "never closed" in found[3][1]


@given(st.text(alphabet="{}:ab_xgradlocl ", max_size=60))
def test_any_text_fills_without_error_and_without_braces_left_doubled(text):
    g = build(loads(LESSON))
    filled = fill(text, g, num)
    assert "{{" not in filled or "{{{" in text or "{{" in text
    problems(g, text)


def test_text_is_never_formatted_as_python(graph):
    hostile = "{x.__class__} {0} {x!r} {x:>99999999}"
    assert fill(hostile, graph, num) == hostile


# -- filled in the quiz, in solve --seed and on the lesson screen ------------------------------


def test_solve_seed_fills_the_lessons_hints(tmp_path, capsys):
    path = tmp_path / "t.yaml"
    path.write_text(LESSON.replace(" and {nope}", ""))  # check's error would block solve
    assert main(["solve", str(path), "--seed", "7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    g = variant(loads(LESSON, name="t"), 7)
    assert data["hints"]["r"].startswith(f"dr/dy = {num(g.nodes['r'].local[1])}, ")
    assert main(["solve", str(path), "--seed", "7"]) == 0
    assert f"r = {num(g.nodes['r'].value)}" in capsys.readouterr().out


async def test_the_lesson_screen_fills_the_description_for_its_variant(tmp_path):
    path = tmp_path / "t.yaml"
    text = LESSON.replace(" and {nope}", "")  # check's error would block the lesson
    path.write_text(text.replace("hints:", "description: 'x is {x}, dL/dx is {grad:x}'\nhints:"))
    app = make_app(path, data_dir=tmp_path / "data", seed=3)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        g = app.screen.session.graph
        shown = app.screen.query_one("#description", Description).content.plain
    assert shown == f"x is {num(g.nodes['x'].value)}, dL/dx is {num(g.nodes['x'].grad)}"


# -- the bundled randomized lessons are right for the numbers on screen --------------------------

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?!\w|\.\d)")
_FACTOR = re.compile(r"\s*\*\s*[A-Za-z_(]")


def quantities(g) -> list[float]:
    out = []
    for node in g.nodes.values():
        if node.kind != CONST:
            out += [node.value, node.grad, *node.local]
    return out


def same(written: str, value: float) -> bool:
    decimals = len(written.split(".")[1]) if "." in written else 0
    slack = 0.5 * 10.0**-decimals if decimals else 1e-9
    return abs(abs(value) - float(written)) <= slack


RANDOMIZED = [n for n in bundled_names() if load(n).randomize]


@pytest.mark.parametrize("name", RANDOMIZED)
def test_every_hint_number_matches_its_variant(name):
    lesson = load(name)
    base = build(lesson)
    for seed in range(20):
        g = variant(lesson, seed)
        now, then = quantities(g), quantities(base)
        texts = [(n, hint_tiers(g, n, {})[0].text, lesson.hints[n]) for n in lesson.hints]
        texts.append(("description", fill(lesson.description, g, num), lesson.description))
        for where, text, source in texts:
            for match in _NUMBER.finditer(text):
                written = match.group()
                if text[: match.start()].endswith("**") or _FACTOR.match(text, match.end()):
                    continue  # an exponent or a coefficient: part of a formula (x**2, 2*x)
                if any(same(written, v) for v in now):
                    continue  # a number of this variant
                # else a literal of the source, and no number of the lesson's own inputs
                stale = [v for v, w in zip(then, now, strict=True) if same(written, v)]
                assert written in source and not stale, (name, seed, where, written, text)


def seed_for(name: str, want: dict[str, float]) -> int:
    lesson = load(name)
    return next(s for s in range(2000) if all(draw(lesson, s)[k] == v for k, v in want.items()))


def lesson_hint(g, name: str) -> str:
    """The lesson's own hint for ``name`` (in whichever tier its content put it)."""
    [text] = [h.text for h in hint_tiers(g, name, {}) if h.kind == "lesson"]
    return text


def test_the_issues_two_examples():
    g = variant(load("division-powers"), seed_for("division-powers", {"x": 1, "y": 2}))
    assert "dr/dy = -x/y**2 = -1/2**2 = -0.2500" in lesson_hint(g, "y")
    g = variant(load("reuse-sum"), seed_for("reuse-sum", {"w": 0}))
    text = lesson_hint(g, "b")
    assert f"(q's gradient) = {num(g.nodes['q'].grad)}." in text and "-12" not in text


def test_the_lesson_list_summary_is_filled(tmp_path):
    from tutor.authoring.catalog import entry_for

    path = tmp_path / "t.yaml"
    path.write_text(LESSON.replace("hints:", "description: 'r = x/y = {r} here'\nhints:"))
    path.write_text(path.read_text().replace(", {{x}} and {nope}", ""))
    assert entry_for(path).summary == "r = x/y = 0.5000 here"
