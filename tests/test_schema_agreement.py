"""The JSON Schema and ``check`` agree wherever the schema can express a rule.

Every lesson of the corpus goes through both. A lesson the schema refuses, ``check`` must
refuse too (an editor never flags a lesson that works); the bad lessons listed for a rule
the schema claims are refused by both; the good ones pass both.
"""

from __future__ import annotations

import json
import keyword
from pathlib import Path

import jsonschema
import pytest

from tutor.authoring.check import check_file
from tutor.authoring.template import schema_text
from tutor.lesson import yaml_load
from tutor.lesson.find import bundled_dir
from tutor.scalar.ops import FUNCTIONS

#: A graph line of exactly 2000 characters (the longest allowed).
LONG = "M = L * 1." + "0" * 1990
BASE = "title: T\ninputs:\n  a: 2.0\n  b: 3.0\ngraph:\n  - c = a * b\n  - L = c + a\n"

#: Rules the schema claims -> lessons that break them (both must refuse each).
BAD = {
    "keyword input": BASE.replace("  b: 3.0", "  lambda: 3.0"),
    "keyword target": BASE + "  - class = L * 2\n",
    "keyword output": BASE + "output: lambda\n",
    "keyword randomize": BASE + "randomize: {None: [1, 2]}\n",
    "function name input": BASE.replace("  b: 3.0", "  exp: 3.0"),
    "long graph line": BASE + "  - " + LONG + "0\n",
    "infinite input": BASE.replace("3.0", ".inf"),
    "minus infinite input": BASE.replace("3.0", "-.inf"),
    "400-digit input": BASE.replace("3.0", "9" * 400),
    "infinite tolerance": BASE + "tolerance: {abs: .inf}\n",
    "huge randomize bound": BASE + f"randomize: {{a: [1, {'9' * 400}]}}\n",
    "infinite expected": BASE + "expected: {L: .inf}\n",
    "generated output": BASE.replace("  - c = a * b\n  - L = c + a\n", "  - y = a * b + a\n")
    + "output: y_1\n",
    "negative tolerance": BASE + "tolerance: {rel: -1}\n",
    "unknown key": BASE + "titel: x\n",
    "missing graph": "title: T\ninputs: {a: 1}\n",
    "empty title": BASE.replace("title: T", "title: ' '"),
    "text input": BASE.replace("3.0", "three"),
    "boolean input": BASE.replace("3.0", "yes"),
    "graph line without =": BASE + "  - just text\n",
}

#: Lessons both must accept, close to the edges of the rules above.
GOOD = {
    "base": BASE,
    "soft keyword names": BASE.replace("  b: 3.0", "  match: 3.0").replace("a * b", "a * match")
    + "  - case = L * 2\n",
    "longest graph line": BASE + "  - " + LONG + "\n",
    "assigned name of the generated form": BASE + "  - y_1 = L * 2\noutput: y_1\n",
    "input as output": BASE.replace("  b: 3.0", "  b_2: 3.0").replace("a * b", "a * b_2")
    + "output: L\n",
    "big finite input": BASE.replace("3.0", "1.0e+300"),
    "names near keywords": BASE.replace("  b: 3.0", "  lam: 3.0").replace("a * b", "a * lam"),
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def both(tmp_path: Path, text: str, validator) -> tuple[list[str], list[str]]:
    """(schema errors, check errors) of a lesson text."""
    path = tmp_path / "lesson.yaml"
    path.write_text(text)
    data = yaml_load.load(text).data
    schema_errors = [e.message for e in validator.iter_errors(data)]
    return schema_errors, [line for line in check_file(path) if ": error: " in line]


@pytest.mark.parametrize("rule", sorted(BAD))
def test_both_refuse_what_the_schema_claims(tmp_path, validator, rule):
    schema_errors, check_errors = both(tmp_path, BAD[rule], validator)
    assert schema_errors, f"the schema accepts a lesson with a {rule}"
    assert check_errors, f"check accepts a lesson with a {rule}"


@pytest.mark.parametrize("case", sorted(GOOD))
def test_both_accept_good_lessons(tmp_path, validator, case):
    assert both(tmp_path, GOOD[case], validator) == ([], [])


@pytest.mark.parametrize(
    "path", sorted(p for p in bundled_dir().glob("*.yaml") if p.stem != "course")
)
def test_bundled_lessons_pass_both(tmp_path, validator, path):
    assert both(tmp_path, path.read_text(), validator) == ([], [])


def test_the_schema_knows_every_keyword_and_function(validator):
    refused = set(validator.schema["$defs"]["name"]["not"]["enum"])
    assert refused == set(keyword.kwlist) | set(FUNCTIONS)


def test_the_schema_line_limit_is_checks(validator):
    from tutor.lesson.graph_lines import MAX_LINE

    items = validator.schema["properties"]["graph"]["items"]
    assert items["maxLength"] == MAX_LINE


def test_the_schema_function_lists_are_the_op_tables(validator):
    from tutor.authoring.schema_lists import derived, tensor_functions
    from tutor.scalar.ops import OPS
    from tutor.tensor.ops import TOPS

    assert derived(validator.schema) == validator.schema, "run `make docs`"
    defs = validator.schema["$defs"]
    assert all(f in OPS for f in FUNCTIONS)  # every function the schema names is an op row
    assert tensor_functions() and all(f in TOPS for f in tensor_functions())
    described = defs["expression"]["description"]
    assert all(f" {f} " in described or f" {f}(" in described for f in FUNCTIONS)
    assert all(f in described for f in tensor_functions())
