"""Lesson text as Markdown: maths reads as written, bold between words still works."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lesson_texts import scalar_bundled

from tutor.app.factory import make_app
from tutor.app.widgets.description import Description
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.lesson.markdown import lint, render
from tutor.teach.hints import hint_tiers

FORMULAS = [
    "r**3",
    "3*r**2",
    "x_1",
    "1 - tanh(n)**2",
    "d(r**n)/dr = n * r**(n-1)",
    "-x/y**2",
    "a*b*c",
    "2*err = 2 * (0.5 - 1)",
    "(a + b)**2 + c**(d)",
]


async def test_the_lesson_screen_shows_formulas_as_written(tmp_path):
    source = "".join(f"Here {f} is a **rule** and {f}, then *again* {f}.\n\n" for f in FORMULAS)
    lesson = tmp_path / "formulas.yaml"
    lesson.write_text(
        "title: f\ndescription: |\n"
        + "".join(f"  {line}\n" for line in source.splitlines())
        + "inputs: {x: 2}\ngraph:\n  - y = x * x\n"
    )
    app = make_app(lesson, data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        plain = app.screen.query_one("#description", Description).content.plain
    want = "\n\n".join(f"Here {f} is a rule and {f}, then again {f}." for f in FORMULAS)
    assert plain == want


@pytest.mark.parametrize("formula", FORMULAS)
def test_formulas_read_as_written(formula):
    source = f"Here {formula} is a **rule** and {formula}, then *again* {formula}."
    assert render(source).plain == f"Here {formula} is a rule and {formula}, then again {formula}."


def test_bold_italic_code_headings_and_lists():
    text = render("# Title\n\nL = (a*b + c) * f with **own output**, `1 - o**2` and *this*.\n")
    assert text.plain == "Title\n\nL = (a*b + c) * f with own output, 1 - o**2 and this."
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles == {
        "Title": "bold underline",
        "own output": "bold",
        "1 - o**2": "bold cyan",
        "this": "italic",
    }
    listed = render("first line\nsame paragraph\n\n- one\n- two\n\n1. x\n2. y")
    assert listed.plain == "first line same paragraph\n\n  • one\n  • two\n\n  1. x\n  2. y"


def test_html_links_entities_and_quotes_read_as_written():
    source = "a <b>c</b> [x](y) &amp; z\n> 0 is kept, and so is \\ when alone"
    assert render(source).plain == "a <b>c</b> [x](y) &amp; z > 0 is kept, and so is \\ when alone"


def test_breaks_keep_generated_lines():
    assert render("one\n  two", breaks=True).plain == "one\ntwo"
    assert render("one\n  two").plain == "one two"


# -- no character vanishes ---------------------------------------------------------------------

# Emphasis between words: after a space or an opening bracket, before a space or punctuation.
_OPEN, _CLOSE = r"(?<![^\s(\[{\"'])", r"(?![^\s.,;:!?)\]}\"'])"
_BOLD = re.compile(_OPEN + r"\*\*(?=[\w`(])(.+?)(?<=[\w`)])\*\*" + _CLOSE, re.S)
_ITALIC = re.compile(_OPEN + r"\*(?=[\w`(])(.+?)(?<=[\w`)])\*" + _CLOSE, re.S)
_CODE = re.compile(r"`([^`]+)`")
_BLOCK = re.compile(r"^\s*(#+ |[-*] |\d+\. )", re.M)


def visible(text: str) -> str:
    """The characters a reader sees, in order (whitespace and list bullets aside)."""
    return re.sub(r"\s+|•", "", text)


def without_syntax(source: str) -> str:
    """The source minus the Markdown syntax the bundled lessons use."""
    for pattern in (_CODE, _BOLD, _ITALIC):
        source = pattern.sub(r"\1", source)
    return _BLOCK.sub("", source)


def bundled_texts():
    for name in scalar_bundled():
        lesson = load(name)
        yield f"{name}: description", lesson.description, False
        graph = build(lesson)
        for node in graph.order:
            for tier in hint_tiers(graph, node, {}):
                yield f"{name}: {node} tier {tier.tier}", tier.text, False


@pytest.mark.parametrize(("where", "source", "breaks"), list(bundled_texts()), ids=lambda x: "")
def test_no_character_of_a_bundled_text_vanishes(where, source, breaks):
    rendered = render(source, breaks=breaks).plain
    assert visible(rendered) == visible(without_syntax(source)), where


_ATOMS = st.sampled_from(
    ["x", "x_1", "r", "n", "2", "0.5", "tanh(n)", "(a + b)", "_w", "y_", "(x)", "o"]
)
_OPS = st.sampled_from(["*", "**", " * ", " ** ", "/", " - ", "+", "_", ", ", " = ", ". "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_ATOMS, _OPS), min_size=1, max_size=8), _ATOMS)
def test_maths_never_loses_a_character(pairs, last):
    formula = "".join(a + o for a, o in pairs) + last
    assert visible(render(formula).plain) == visible(formula)


def test_lint_finds_what_reads_differently():
    source = "ok **bold** r**3, x_1\n\nbut a*b*c and **never closed and _y_"
    found = {source[o : o + 3]: m for o, m in lint(source)}
    assert set(found) == {"*b*", "**n", "_y_"}
    assert "other Markdown viewers" in found["*b*"]
    assert "never closed" in found["**n"]


def test_bundled_lesson_texts_lint_clean():
    for name in scalar_bundled():
        lesson = load(name)
        for where, source in [("description", lesson.description), *lesson.hints.items()]:
            assert lint(source) == [], f"{name}: {where}"


# -- indented lines are shown as written (docs/lesson-format.md; issue 19) ---------------


def test_indented_lines_after_a_paragraph_line_keep_their_own_lines():
    text = "The forward pass:\n    h = X @ W1 + b2\n    loss = mean(h)\nand back."
    assert render(text).plain == (
        "The forward pass:\n    h = X @ W1 + b2\n    loss = mean(h)\nand back."
    )


def test_an_indented_block_of_its_own_keeps_its_indentation():
    text = "Forward:\n\n    h = tanh(x) + b2\n    loss = mean(h)\n\nThen back."
    assert (
        render(text).plain == "Forward:\n\n    h = tanh(x) + b2\n    loss = mean(h)\n\nThen back."
    )


def test_lines_indented_less_than_four_still_flow_together():
    assert render("one\n  two\n   three").plain == "one two three"


def test_an_indented_line_in_a_list_item_keeps_its_line():
    shown = render("- item\n  text\n      code in item").plain
    assert shown.endswith("item text\n    code in item")


def test_every_bundled_description_shows_its_indented_lines_as_written():
    from pathlib import Path

    import yaml

    for path in sorted(Path("lessons").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if not isinstance(data, dict) or "description" not in data:
            continue
        shown = render(data["description"]).plain.split("\n")
        for line in data["description"].split("\n"):
            if line.startswith("    ") and "{" not in line:
                assert line in shown, (path.name, line)
