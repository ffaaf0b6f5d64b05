"""Authoring messages name the YAML trap behind a problem and its fix."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from lesson_texts import check_problems as problems

from tutor.commands.authoring import main_new
from tutor.commands.context import Context
from tutor.errors import TutorError
from tutor.lesson import yaml_traps

pytestmark = pytest.mark.usefixtures("each_loader")

GOOD = "title: T\ninputs:\n  a: 2.0\n  b: 3.0\ngraph:\n  - L = a * b\n"


def test_the_base_lesson_is_clean(tmp_path):
    assert problems(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "title: no\ninputs: {a: 2}\ngraph:\n  - L = a * 2\n",
            "L:1:8: error: 'title' must be a non-empty text "
            "(YAML reads no as a boolean: quote the word, 'no')",
        ),
        (
            "title: T\ninputs:\n  a: 2\n  yes: 3\ngraph:\n  - L = a * 2\n",
            "L:4:3: error: input 'yes': YAML reads yes as a boolean: quote the word, 'yes'",
        ),
        (
            "title: T\ninputs:\n  a: on\ngraph:\n  - L = a * 2\n",
            "L:3:6: error: input 'a' must be a number, not True "
            "(YAML reads on as a boolean: quote the word, 'on')",
        ),
        (
            "title: T\ninputs: {a: 2}\ngraph:\n  - L = a * 2\nhints:\n  L: off\n",
            "L:6:6: error: hint for 'L' must be a text or a mapping of tier: text "
            "(YAML reads off as a boolean: quote the word, 'off')",
        ),
    ],
)
def test_booleans_say_quote_the_word(tmp_path, text, want):
    assert want in problems(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("title: T\n\tinputs: {a: 2}\ngraph:\n  - L = a * 2\n", 2, 1),
        ("title: T\ninputs:\n\ta: 2\ngraph:\n  - L = a * 2\n", 3, 1),
        ("title: T\ninputs:\n  a: 2\ngraph:\n  -\tL = a * 2\n", 5, 4),
    ],
)
def test_a_tab_is_named(tmp_path, text, line, col):
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(f"L:{line}:{col}: error: a tab character")
    assert "spaces" in found[0]


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("1e-06", "1.0e-6"), ("1e-9", "1.0e-9"), ("2E5", "200000.0"), ("-3.5e7", "-35000000.0")],
)
def test_exponent_floats_suggest_a_yaml_1_1_number(tmp_path, value, suggestion):
    lesson = "title: T\ninputs: {a: VALUE}\ngraph:\n  - L = a * 2\n"
    (line,) = problems(tmp_path, lesson.replace("VALUE", value))
    assert f"YAML 1.1 reads {value} as text: write {suggestion})" in line
    assert problems(tmp_path, lesson.replace("VALUE", suggestion.lstrip("-"))) == []
    assert yaml.safe_load(f"v: {suggestion}")["v"] == float(value)  # it reads as that number


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_yaml_float_always_reads_back_as_the_number(number):
    text = yaml_traps.yaml_float(number)
    assert yaml.safe_load(f"v: {text}")["v"] == number
    assert isinstance(yaml.safe_load(f"v: {text}")["v"], float)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("title: *bold* lesson\ninputs: {a: 2}\ngraph:\n  - L = a * 2\n", "must be quoted"),
        ("title: T\ndescription: *x\ninputs: {a: 2}\ngraph:\n  - L = a * 2\n", "must be quoted"),
        ("title: Rates: fast\ninputs: {a: 2}\ngraph:\n  - L = a * 2\n", "'Rates: fast'"),
        (
            "title: T\ninputs: {a: 2}\ngraph:\n  - L = a * 2\nhints:\n  L: note: this\n",
            "text containing ': ' must be quoted",
        ),
        ("title: T\ninputs: {a: 2}\ngraph:\n  - L = a * 2: b\n", "quote the text"),
    ],
)
def test_text_yaml_misreads_says_quote_the_text(tmp_path, text, words):
    found = problems(tmp_path, text)
    assert any(words in line or words.replace("'", '"') in line for line in found), found


def test_a_zero_tolerance_is_an_error(tmp_path):
    text = GOOD + "tolerance: {rel: 0, abs: 0}\n"
    (line,) = problems(tmp_path, text)
    assert line.startswith("L:7:12: error: tolerance rel and abs are both 0")
    # abs is 0 by default, so rel: 0 alone is both 0 too
    assert problems(tmp_path, GOOD + "tolerance: {rel: 0}\n")[0].startswith("L:7:12: error:")
    assert problems(tmp_path, GOOD + "tolerance: {rel: 0, abs: 1.0e-9}\n") == []


def test_expected_and_computed_are_printed_so_that_they_differ(tmp_path):
    text = (
        "title: T\ninputs: {a: 0.1, b: 0.7, d: 1}\ngraph:\n  - c = a + b\n  - L = c * d\n"
        "expected: {d: 0.80000001}\ntolerance: {rel: 0, abs: 1.0e-20}\n"
    )
    (line,) = problems(tmp_path, text)
    shown = line.split("= ")[1].split(",")[0]
    computed = line.split("computes ")[1].split(" ")[0]
    assert shown != computed, line
    assert abs(float(computed) - (0.1 + 0.7)) < 1e-12
    # a float-level disagreement (0.8 against 0.1 + 0.7) is float noise, accepted
    assert problems(tmp_path, text.replace("0.80000001", "0.8")) == []


@pytest.mark.parametrize("name", ["course", "course.yaml", "Course.yml", "bundled:x"])
def test_new_refuses_reserved_names(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TutorError, match="reserved") as info:
        main_new(Context(), name)
    assert info.value.status == 2
    assert list(tmp_path.iterdir()) == []
