from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from lesson_texts import run_cli as run
from lesson_texts import scalar_bundled
from rich.console import Console

from bench.lessons import synthetic_lesson
from tutor.graph.build import build
from tutor.lesson.find import bundled_dir, load, loads
from tutor.teach.plain_table import PlainTable
from tutor.teach.solution import solution_answers, solution_json, solution_tables

MICRO_NODES = [
    {"name": "a", "label": "a", "op": None, "inputs": [], "value": 2.0, "grad": 6.0},
    {"name": "b", "label": "b", "op": None, "inputs": [], "value": -3.0, "grad": -4.0},
    {"name": "c", "label": "c", "op": None, "inputs": [], "value": 10.0, "grad": -2.0},
    {"name": "f", "label": "f", "op": None, "inputs": [], "value": -2.0, "grad": 4.0},
    {"name": "e", "label": "e", "op": "*", "inputs": ["a", "b"], "value": -6.0, "grad": -2.0},
    {"name": "d", "label": "d", "op": "+", "inputs": ["e", "c"], "value": 4.0, "grad": -2.0},
    {"name": "L", "label": "L", "op": "*", "inputs": ["d", "f"], "value": -8.0, "grad": 1.0},
]

RANDOM = """
title: Random product
inputs: {a: 2.0, b: -3.0, c: 10.0}
graph:
  - e = a * b
  - L = (e + c) * 2
randomize:
  a: [0.5, 4.0]
  b: [-5.0, -1.0]
"""


def test_json_shape_for_micrograd_labels(capsys):
    code, out, err = run(capsys, "solve", "micrograd-labels", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["lesson"] == "micrograd-labels"
    assert data["output"] == "L"
    assert data["order"] == ["L", "d", "f", "c", "e", "a", "b"]
    assert data["nodes"] == MICRO_NODES
    assert data["seed"] is None
    assert data["inputs"] == {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}
    assert data["title"] == load("micrograd-labels").title


def test_json_constants_and_uses(tmp_path, capsys):
    path = tmp_path / "consts.yaml"
    path.write_text("title: k\ninputs: {a: 3}\ngraph:\n  - b = a * a\n  - L = 2 * b + 2\n")
    code, out, _ = run(capsys, "solve", str(path), "--json")
    assert code == 0
    nodes = {n["name"]: n for n in json.loads(out)["nodes"]}
    assert nodes["b"]["inputs"] == ["a", "a"]  # one input per use
    assert nodes["2"] == {
        "name": "2",
        "label": "2",
        "op": "const",
        "inputs": [],
        "value": 2.0,
        "grad": 9.0,
    }
    assert nodes["2#2"]["op"] == "const"
    assert nodes["2#2"]["label"] == "2"  # the key is unique; people see the number
    assert nodes["a"]["grad"] == 12.0
    assert list(nodes) == ["a", "b", "2", "L_1", "2#2", "L"]  # definition order


def test_solution_json_matches_the_graph():
    g = build(load("dlbook-sin"))
    data = solution_json(g)
    assert data["order"] == g.order
    assert [n["name"] for n in data["nodes"]] == list(g.nodes)
    u4 = next(n for n in data["nodes"] if n["name"] == "u4")
    assert u4["op"] == "**2" and u4["value"] == 36.0
    json.dumps(data)  # plain data


def test_seed_changes_values_and_repeats(tmp_path, capsys):
    path = tmp_path / "random.yaml"
    path.write_text(RANDOM)
    first = json.loads(run(capsys, "solve", str(path), "--json", "--seed", "3")[1])
    again = json.loads(run(capsys, "solve", str(path), "--json", "--seed", "3")[1])
    other = json.loads(run(capsys, "solve", str(path), "--json", "--seed", "4")[1])
    plain = json.loads(run(capsys, "solve", str(path), "--json")[1])
    assert first == again
    assert first["seed"] == 3 and other["seed"] == 4
    assert first["inputs"] != other["inputs"]
    assert first["inputs"] != plain["inputs"]
    assert plain["inputs"] == {"a": 2.0, "b": -3.0, "c": 10.0}
    assert first["inputs"]["c"] == 10.0  # not randomized
    assert 0.5 <= first["inputs"]["a"] <= 4.0
    nodes = {n["name"]: n for n in first["nodes"]}
    assert nodes["a"]["value"] == first["inputs"]["a"]
    assert nodes["a"]["grad"] == pytest.approx(2 * first["inputs"]["b"])


def test_rendering_of_micrograd_labels(capsys):
    code, out, err = run(capsys, "solve", "micrograd-labels")
    assert (code, err) == (0, "")
    assert load("micrograd-labels").title in out
    assert "Forward pass" in out and "Backward pass" in out
    for column in ("V", "C", "op", "dC/dV", "inputs", "contribution", "G"):
        assert column in out
    assert "-2 * (-3) = 6" in out  # a's row
    assert "a = 2, b = -3" in out
    answers = out[out.index("Answers") :]
    for line in ("dL/dL = 1", "dL/dd = -2", "dL/df = 4", "dL/dc = -2", "dL/de = -2"):
        assert line in answers
    assert "dL/da = 6" in answers and "dL/db = -4" in answers
    assert "\x1b[" not in out  # no colour codes when not a terminal


def test_rendering_follows_the_seed_table(capsys):
    code, out, _ = run(capsys, "solve", "dlbook-sin")
    assert code == 0
    rows = [line for line in out.splitlines() if "│ u" in line]
    backward = [r for r in rows if "*" in r or "sin(u4)" in r]
    assert any("sin(u4)" in r and "cos(u4)" in r and "u4 = 36" in r for r in backward)
    assert any("u3**2" in r and "2 * u3" in r and "-0.1280 * 12 = -1.5356" in r for r in backward)
    assert any("u1 + u2" in r and "u1 = 4, u2 = 2" in r for r in backward)
    assert "du5/du1 = -1.5356" in out


def test_rendering_prints_lesson_text_literally(tmp_path, capsys):
    path = tmp_path / "markup.yaml"
    path.write_text('title: "[bold]x[/bold] :smile:"\ninputs: {a: 1}\ngraph:\n  - L = a * a\n')
    code, out, _ = run(capsys, "solve", str(path))
    assert code == 0
    assert "[bold]x[/bold] :smile:" in out


def test_missing_lesson_is_one_line_and_exit_1(capsys):
    code, out, err = run(capsys, "solve", "no-such-lesson")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("backprop-tutor: error: ") and "no-such-lesson" in err


def test_broken_lesson_is_one_line_and_exit_1(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text("title: b\ninputs: {a: 1}\ngraph:\n  - L = a * zz\n")
    code, out, err = run(capsys, "solve", str(path), "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "broken.yaml:4:" in err and "zz" in err


def test_math_error_is_one_line_and_exit_1(tmp_path, capsys):
    path = tmp_path / "domain.yaml"
    path.write_text("title: d\ninputs: {a: -1}\ngraph:\n  - L = log(a)\n")
    code, out, err = run(capsys, "solve", str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "log" in err


def test_solve_never_loads_the_user_interface():
    code = (
        "import sys, io, contextlib\n"
        "from tutor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['solve', 'micrograd-labels']) == 0\n"
        "    assert main(['solve', 'micrograd-labels', '--json']) == 0\n"
        "bad = [m for m in sys.modules if m.startswith(('textual', 'tutor.app'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _printed(renderable, width: int, terminal: bool) -> str:
    """What a console of ``width`` columns prints (with colour codes when ``terminal``)."""
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(renderable)
    return console.file.getvalue()


TRICKY = """
title: "[bold]wide[/bold] :smile:"
inputs: {alpha_with_a_long_name: 1.5, b: -2}
graph:
  - product_with_a_long_name = alpha_with_a_long_name * b * alpha_with_a_long_name
  - L = tanh(product_with_a_long_name) + b * 3
"""


@pytest.mark.parametrize("width", [30, 60, 80, 120, 160])
@pytest.mark.parametrize("terminal", [False, True])
def test_plain_tables_and_lines_print_exactly_like_rich(width, terminal, tmp_path):
    tricky = tmp_path / "tricky.yaml"
    tricky.write_text(TRICKY)
    lessons = [*(bundled_dir() / f"{name}.yaml" for name in scalar_bundled()), tricky]
    for path in lessons:
        graph = build(load(path))
        for table in solution_tables(graph):
            fast = _printed(table, width, terminal)
            assert fast == _printed(table.rich_table(), width, terminal), (path.name, width)
        answers = solution_answers(graph)
        fast = _printed(answers, width, terminal)
        assert fast == _printed(answers.rich_text(), width, terminal), (path.name, width)


def test_a_big_table_is_never_laid_out_by_rich_row_by_row(monkeypatch):
    g = build(loads(synthetic_lesson(400), "big"))
    calls = []
    real = PlainTable.rich_table

    def spy(self, rows=None):
        calls.append(len(self.rows) if rows is None else len(rows))
        return real(self, rows)

    monkeypatch.setattr(PlainTable, "rich_table", spy)
    for table in solution_tables(g):
        text = _printed(table, 160, False)
        assert text.count("\n") > len(table.rows)
    assert calls and max(calls) <= 2 * 7  # two representative rows per column at most


@pytest.mark.parametrize("width", [12, 20, 40])
def test_plain_table_wide_characters_wrapping_and_fallback(width):
    table = PlainTable("Wide [b]cells[/b]")
    table.add_column("σ(x)")
    table.add_column("漢字 width", justify="right")
    table.add_row("σ(x) = 1/(1 + e**-x)", "漢字漢字", end_section=True)
    table.add_row("[bold]literal[/bold] :smile:", "")
    for terminal in (False, True):
        assert _printed(table, width, terminal) == _printed(table.rich_table(), width, terminal)
    table.add_row("tab\there", "new\nline")  # not plain: printed by rich.table.Table
    assert _printed(table, width, True) == _printed(table.rich_table(), width, True)
