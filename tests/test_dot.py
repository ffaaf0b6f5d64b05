"""Graph pictures: DOT text, Graphviz rendering, the export command and the export key."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lesson_texts import graph_of

from tutor import dot
from tutor.cli import main
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.notation import record

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "micrograd-labels.dot"
needs_dot = pytest.mark.skipif(not dot.dot_available(), reason="Graphviz 'dot' is not installed")

CONSTANTS = """\
title: Constants and reuse
inputs:
  a: 3
  x: 0.5
graph:
  - y = a * a
  - o = tanh(2 * x) * 2 + y - 2
"""


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def edges(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^\t(\w+) -> (\w+);$", text, re.M)


def node_line(text: str, label: str) -> str:
    [line] = [ln for ln in text.splitlines() if f'label="{{ {label} |' in ln]
    return line


# -- DOT text ------------------------------------------------------------------------------


def test_golden_micrograd_labels(tmp_path, capsys):
    out = tmp_path / "m.dot"
    assert main(["export", "micrograd-labels", "-o", str(out)]) == 0
    assert out.read_bytes() == GOLDEN.read_bytes()
    assert f"wrote {out}" in capsys.readouterr().out


def test_golden_content_is_the_micrograd_picture():
    text = GOLDEN.read_text()
    assert "rankdir=LR" in text
    for want in (
        "{ a | data 2.0000 | grad 6.0000 }",
        "{ b | data -3.0000 | grad -4.0000 }",
        "{ c | data 10.0000 | grad -2.0000 }",
        "{ f | data -2.0000 | grad 4.0000 }",
        "{ e | data -6.0000 | grad -2.0000 }",
        "{ d | data 4.0000 | grad -2.0000 }",
        "{ L | data -8.0000 | grad 1.0000 }",
    ):
        assert f'label="{want}"' in text
    # three operation nodes, each between its operands and its result
    assert re.findall(r'(o\d+) \[label="([*+])"', text) == [("o4", "*"), ("o5", "+"), ("o6", "*")]
    assert edges(text) == [
        ("v0", "o4"),
        ("v1", "o4"),
        ("o4", "v4"),
        ("v4", "o5"),
        ("v2", "o5"),
        ("o5", "v5"),
        ("v5", "o6"),
        ("v3", "o6"),
        ("o6", "v6"),
    ]


def test_a_times_a_draws_two_edges():
    g = graph_of("title: t\ninputs:\n  a: 3\ngraph:\n  - y = a * a\n")
    text = dot.to_dot(g)
    assert edges(text).count(("v0", "o1")) == 2
    assert "{ a | data 3.0000 | grad 6.0000 }" in text


def test_constants_visible_and_kinds_coloured():
    g = graph_of(CONSTANTS)
    text = dot.to_dot(g)
    assert list(g.nodes).count("2") == 1 and "2#2" in g.nodes and "2#3" in g.nodes
    consts = [ln for ln in text.splitlines() if 'label="{ 2 | data 2.0000' in ln]
    assert len(consts) == 3 and all("#" not in ln.split('"')[1] for ln in consts)
    assert all(f'fillcolor="{dot.FILL["const"]}"' in ln for ln in consts)
    assert f'fillcolor="{dot.FILL["input"]}"' in node_line(text, "a")
    assert f'fillcolor="{dot.FILL["op"]}"' in node_line(text, "y")
    assert f'fillcolor="{dot.FILL["output"]}"' in node_line(text, "o")
    assert len(set(dot.FILL.values())) == 4
    assert '[label="tanh"' in text


def test_blank_partial_and_current():
    g = build(load("micrograd-labels"))
    blank = dot.to_dot(g, {})
    assert blank.count("grad ?") == 7 and "grad 6.0000" not in blank
    partial = dot.to_dot(g, {"L": 1.0, "d": -2.0}, current="f")
    assert "{ L | data -8.0000 | grad 1.0000 }" in partial
    assert "{ d | data 4.0000 | grad -2.0000 }" in partial
    assert partial.count("grad ?") == 5
    assert [ln for ln in partial.splitlines() if dot.CURRENT in ln] == [node_line(partial, "f")]
    assert dot.to_dot(g, current="nope") == dot.to_dot(g)


def test_title_and_numbers():
    g = build(load("micrograd-labels"))
    assert '\tlabel="Slide 3";' in dot.to_dot(g, title="Slide 3")
    assert "\tlabel=" not in dot.to_dot(g)
    assert record(-0.00001) == "0.0000"
    assert record(-3) == "-3.0000"
    assert record(2.5e12) == "2.5000e12"


def test_escaping():
    assert dot._field('a{b}|<c>"d') == 'a\\{b\\}\\|\\<c\\>\\"d'
    assert dot._text('x\\y & "z"\nw') == 'x&#92;&#92;y &amp; \\"z\\" w'


@needs_dot
def test_escaped_labels_render_verbatim(tmp_path):
    g = build(load("micrograd-labels"))
    g.nodes["a"].label = 'a{1}|<2>"3"\\&'
    out = tmp_path / "e.svg"
    dot.render(dot.to_dot(g, title='T "q" {b} | <c> \\ & end\\'), out, "svg")
    texts = svg_texts(out.read_bytes())
    assert 'a{1}|<2>"3"\\&' in texts
    assert 'T "q" {b} | <c> \\ & end\\' in texts


def test_deterministic_across_processes():
    code = (
        "import sys; from tutor.scalar.engine import Value\n"
        "junk = [Value(i) for i in range(int(sys.argv[1]))]\n"
        "from tutor.lesson.find import loads; from tutor.graph.build import build\n"
        "from tutor.dot import to_dot\n"
        f"sys.stdout.write(to_dot(build(loads({CONSTANTS!r}, 'c')), current='y', title='T'))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(n)],
            cwd=ROOT,
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": str(n), "PATH": "/usr/bin:/bin"},
        ).stdout
        for n in (0, 57)
    ]
    assert runs[0] == runs[1] and b"v0 -> o2" in runs[0]
    assert runs[0].decode() == dot.to_dot(graph_of(CONSTANTS, "c"), current="y", title="T")


def test_many_nodes_structure():
    lines = ["title: big", "inputs:", "  x0: 0.5", "  y: 1.5", "graph:"]
    lines += [f"  - x{i} = tanh(x{i - 1} * y)" for i in range(1, 1000)]
    g = graph_of("\n".join(lines) + "\n", "big")
    text = dot.to_dot(g)
    assert len(g.nodes) == 2000
    assert text.count("shape=ellipse") == 1998
    assert dot._LARGE_HEADER in text
    assert dot._LARGE_HEADER not in GOLDEN.read_text()
    assert len(edges(text)) == sum(len(n.inputs) + 1 for n in g.nodes.values() if n.kind == "op")


# -- rendering ------------------------------------------------------------------------------


@needs_dot
def test_svg_from_real_graphviz(tmp_path):
    out = tmp_path / "m.svg"
    assert main(["export", "micrograd-labels", "-o", str(out)]) == 0
    texts = svg_texts(out.read_bytes())
    for want in (
        "data 2.0000",
        "grad 6.0000",
        "data -8.0000",
        "grad 1.0000",
        "*",
        "+",
        "Labels and manual backprop",
    ):
        assert want in texts
    assert {"a", "b", "c", "d", "e", "f", "L"} <= set(texts)
    assert [p.name for p in tmp_path.iterdir()] == ["m.svg"]


@needs_dot
@pytest.mark.parametrize(
    ("name", "fmt", "magic"),
    [
        ("m.png", None, b"\x89PNG\r\n\x1a\n"),
        ("m.PDF", None, b"%PDF"),
        ("picture", "png", b"\x89PNG\r\n\x1a\n"),
        ("m.svg", "pdf", b"%PDF"),
    ],
)
def test_binary_formats(tmp_path, name, fmt, magic):
    args = ["export", "micrograd-labels", "-o", str(tmp_path / name)]
    assert main(args + (["--format", fmt] if fmt else [])) == 0
    assert (tmp_path / name).read_bytes().startswith(magic)


def test_blank_state_cli(tmp_path):
    out = tmp_path / "b.dot"
    assert main(["export", "micrograd-labels", "-o", str(out), "--state", "blank"]) == 0
    text = out.read_text()
    assert text.count("grad ?") == 7 and "grad 6.0000" not in text and "data 2.0000" in text


def test_seed_draws_a_variant(tmp_path):
    lesson = tmp_path / "r.yaml"
    lesson.write_text(
        "title: r\ninputs:\n  a: 2\n  b: 5\ngraph:\n  - y = a * b\nrandomize:\n  a: [10, 99]\n"
    )
    outs = [tmp_path / f"{k}.dot" for k in range(3)]
    for out, seed in zip(outs, ("4", "4", None), strict=True):
        assert (
            main(["export", str(lesson), "-o", str(out)] + (["--seed", seed] if seed else [])) == 0
        )
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert "(variant 4)" in outs[0].read_text()
    assert "{ a | data 2.0000" in outs[2].read_text()
    assert "{ a | data 2.0000" not in outs[0].read_text()


def test_unknown_extension_is_a_usage_error(tmp_path, capsys):
    assert main(["export", "micrograd-labels", "-o", str(tmp_path / "m.jpg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--format" in err and "m.jpg" in err
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_is_one_line(tmp_path, capsys):
    assert main(["export", "micrograd-labels", "-o", str(tmp_path / "no" / "m.dot")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backprop-tutor: error: cannot write") and err.count("\n") == 1


@needs_dot
def test_graphviz_failure_is_a_render_error(tmp_path):
    with pytest.raises(dot.RenderError) as info:
        dot.render("digraph { a -> }", tmp_path / "bad.svg", "svg")
    assert "\n" not in str(info.value) and "syntax error" in str(info.value)
    assert list(tmp_path.iterdir()) == []


# -- without Graphviz -------------------------------------------------------------------------


@pytest.fixture
def no_dot(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    work = tmp_path / "work"
    work.mkdir()
    return work


def test_missing_dot_exits_3_and_leaves_no_file(no_dot, capsys):
    assert not dot.dot_available()
    assert main(["export", "micrograd-labels", "-o", str(no_dot / "x.svg")]) == 3
    err = capsys.readouterr().err
    assert err == f"backprop-tutor: error: {dot.INSTALL_HINT}\n"
    assert "apt install graphviz" in err and "brew install graphviz" in err
    assert list(no_dot.iterdir()) == []


def test_dot_vanishing_after_the_check_is_still_dot_missing(no_dot, monkeypatch):
    monkeypatch.setattr(dot.shutil, "which", lambda name: str(no_dot / "gone" / name))
    with pytest.raises(dot.DotMissing, match="apt install graphviz"):
        dot.render("digraph { a }", no_dot / "x.png", "png")
    assert list(no_dot.iterdir()) == []


def fake_dot(tmp_path, monkeypatch, script: str) -> Path:
    """Put a fake ``dot`` first on PATH; return an empty folder to write into."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    exe = bin_dir / "dot"
    exe.write_text("#!/bin/sh\n" + script + "\n")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    work = tmp_path / "work"
    work.mkdir()
    return work


def test_slow_graphviz_is_stopped(tmp_path, monkeypatch):
    work = fake_dot(tmp_path, monkeypatch, "exec sleep 30")
    with pytest.raises(dot.RenderError, match="took more than 0.2 s .* --format dot"):
        dot.render("digraph { a }", work / "x.svg", "svg", timeout=0.2)
    assert list(work.iterdir()) == []


def test_failing_graphviz_message_is_one_line(tmp_path, monkeypatch, capsys):
    work = fake_dot(tmp_path, monkeypatch, "echo 'Error: out of memory' >&2; echo more >&2; exit 1")
    assert main(["export", "micrograd-labels", "-o", str(work / "x.png")]) == 1
    err = capsys.readouterr().err
    assert err == "backprop-tutor: error: Graphviz failed: Error: out of memory\n"
    assert list(work.iterdir()) == []


def test_dot_format_works_without_graphviz(no_dot):
    out = no_dot / "m.dot"
    assert main(["export", "micrograd-labels", "-o", str(out)]) == 0
    assert out.read_bytes() == GOLDEN.read_bytes()
    assert [p.name for p in no_dot.iterdir()] == ["m.dot"]


# -- the app's export key -----------------------------------------------------------------------


@needs_dot
def test_export_state_names_and_never_overwrites(tmp_path):
    g = build(load("micrograd-labels"))
    first = dot.export_state(g, {"L": 1.0}, "d", tmp_path, "micrograd-labels", 3)
    second = dot.export_state(g, {"L": 1.0}, "d", tmp_path, "micrograd-labels", 3)
    third = dot.export_state(g, {}, "L", tmp_path, "micrograd-labels", 3, fmt="svg")
    assert first.name == "micrograd-labels-step03.png"
    assert second.name == "micrograd-labels-step03-2.png"
    assert third.name == "micrograd-labels-step03.svg"
    assert first.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "step 3" in " ".join(svg_texts(third.read_bytes()))


def test_export_state_as_dot_without_graphviz(no_dot):
    g = build(load("micrograd-labels"))
    path = dot.export_state(g, {"L": 1.0}, "d", no_dot, "../odd name", 12, fmt="dot")
    assert path.parent == no_dot and path.name == "odd_name-step12.dot"
    text = path.read_text()
    assert dot.CURRENT in node_line(text, "d") and text.count("grad ?") == 6
    with pytest.raises(dot.DotMissing):
        dot.export_state(g, {}, None, no_dot, "m", 1)
    assert [p.name for p in no_dot.iterdir()] == ["odd_name-step12.dot"]


@needs_dot
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12),
    title=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=20),
)
def test_any_printable_text_renders_verbatim(tmp_path, name, title):
    title = " ".join(title.split())
    assume(title)
    g = build(load("micrograd-labels"))
    g.nodes["b"].label = name
    out = tmp_path / "p.svg"
    dot.render(dot.to_dot(g, title=title), out, "svg")
    texts = svg_texts(out.read_bytes())
    assert name in texts
    assert title in [" ".join(t.replace("\xa0", " ").split()) for t in texts]


def test_written_pictures_have_ordinary_permissions(tmp_path):
    import os
    import stat

    from tutor import dot

    old = os.umask(0o022)
    try:
        path = dot.render("digraph { a }\n", tmp_path / "p.dot", "dot")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
