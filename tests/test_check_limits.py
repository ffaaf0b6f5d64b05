"""``check`` reads every text a file can hold, places each problem exactly, caps per file.

Issue 18, item 17: a description or hint over 100,000 characters was not checked at all,
and every problem's line:col was found by walking the text from its start (19,900
placeholder problems took over 100 s). How long ``check`` takes is measured in bench/
(``python bench/run.py --only check``); these tests pin what it reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor import cli
from tutor.authoring.check import check_file
from tutor.authoring.text_checks import _EXPONENT, TextPos, _exponent, _Spans
from tutor.lesson.find import load
from tutor.lesson.yamlpos import MAX_BYTES

GRAPH = """\
inputs:
  x: 2.0
graph:
  - y = x * x
output: y
"""
QUOTED_DESCRIPTION = 'description: "'
QUOTED_HINT = '  y: "'


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert len(path.read_bytes()) <= MAX_BYTES
    return path


@pytest.mark.parametrize("where", ["description", "hint"])
def test_a_text_over_100000_characters_is_checked(tmp_path, where):
    filler = "a " * 60_000  # 120,000 characters, well inside the file's size limit
    if where == "description":
        text = f'title: big\ndescription: "{filler}{{nope}}"\n{GRAPH}'
        at = f":2:{len(QUOTED_DESCRIPTION) + len(filler) + 1}:"
    else:
        text = f'title: big\n{GRAPH}hints:\n  y: "{filler}{{nope}}"\n'
        at = f":8:{len(QUOTED_HINT) + len(filler) + 1}:"
    found = check_file(_write(tmp_path, "big.yaml", text))
    assert found == [
        f"{tmp_path / 'big.yaml'}{at} error: placeholder '{{nope}}' names unknown node 'nope'"
    ]


def test_markdown_over_100000_characters_is_linted(tmp_path):
    filler = "word " * 24_000
    text = f"title: big\ndescription: |\n  {filler}a*b*c\n{GRAPH}"
    found = check_file(_write(tmp_path, "md.yaml", text))
    assert len(found) == 1
    assert f":3:{3 + len(filler) + 1}: warning: '*' shows as written here" in found[0]


def test_every_problem_is_at_its_own_place_in_a_block_text(tmp_path):
    lines = [" ".join(f"{{q{i}_{j}}}" for j in range(3)) for i in range(40)]
    body = "".join(f"  {line}\n" for line in lines)
    path = _write(tmp_path, "block.yaml", f"title: t\ndescription: |\n{body}{GRAPH}")
    lesson = load(path)
    where = TextPos(lesson, ("description",), lesson.description)
    for i, line in enumerate(lines):
        for j in range(3):
            offset = lesson.description.index(f"{{q{i}_{j}}}")
            pos = where.at(offset)
            assert (pos.line, pos.col) == (3 + i, 3 + line.index(f"{{q{i}_{j}}}"))


def test_19900_placeholder_problems_are_all_found_and_capped_per_file(tmp_path, capsys):
    desc = " ".join("{" + "abcdefg"[i % 7] + "}" for i in range(19_900))
    first = _write(tmp_path, "many.yaml", f'title: many\ndescription: "{desc}"\n{GRAPH}')
    found = check_file(first)
    assert len(found) == 19_900
    cols = [int(line.split(":")[2]) for line in found]
    assert cols == [len(QUOTED_DESCRIPTION) + 1 + 4 * i for i in range(19_900)]
    second = _write(
        tmp_path,
        "few.yaml",
        f"title: few\n{GRAPH}hints:\n" + "".join(f"  {n}: '{{zz}}'\n" for n in ("x", "y")),
    )
    assert cli.main(["check", str(first), str(second), str(first)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 50 + 1 + 2  # first file: 50 then the count; second file: both
    assert out[50] == "and 19850 more"
    assert all(line.startswith(str(first)) for line in out[:50])
    assert all(line.startswith(str(second)) for line in out[51:])


def test_the_cap_holds_for_each_file_of_a_folder(tmp_path, capsys):
    for name in ("a.yaml", "b.yaml"):
        hints = "  y: '{zz} '\n"
        desc = " ".join(f"{{n{i}}}" for i in range(60))
        _write(tmp_path, name, f'title: t\ndescription: "{desc}"\n{GRAPH}hints:\n{hints}')
    assert cli.main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out.count("and 11 more") == 2
    assert len(out) == 2 * 51


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [("r**3", 3, True), ("r**(-  2", 7, True), ("r ** (-2", 7, False), ("r**(2", 4, True),
     ("r * 3", 4, False), ("3", 0, False), ("**" + " " * 500 + "3", 502, True),
     ("x*" + " " * 50 + "2", 52, False)],
)  # fmt: skip
def test_exponent_looks_back_over_spaces_only(text, start, expected):
    assert _exponent(text, start) is expected
    assert (_EXPONENT.search(text[:start]) is not None) is expected  # as before, quadratically


def test_spans_answer_inside_or_not():
    spans = _Spans([(10, 20), (5, 12), (30, 31)])
    assert [x for x in range(35) if spans.has(x)] == [*range(5, 20), 30]
