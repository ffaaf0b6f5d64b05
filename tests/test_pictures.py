"""Issue 19, pictures: a tensor node's record shows its name, shape, norm and a few entries."""

from __future__ import annotations

import re
import struct

import numpy as np
import pytest

from tutor import dot
from tutor.graph.build import build
from tutor.lesson.find import load, resolve
from tutor.notation import shape_text
from tutor.tensor.show import RECORD_CORNER, record_text

needs_dot = pytest.mark.skipif(not dot.dot_available(), reason="Graphviz 'dot' is not installed")
LABEL = re.compile(r'v\d+ \[label="(.*?)", fillcolor')


def records(name: str) -> dict[str, list[str]]:
    """Each value's record fields, by its label, from the lesson's DOT text."""
    text = dot.to_dot(build(load(resolve(name))))
    out = {}
    for label in LABEL.findall(text):
        fields = [f.strip() for f in re.split(r"(?<!\\)\|", label)]
        out[fields[0]] = fields
    return out


def test_a_tensor_record_shows_name_shape_norm_and_a_few_entries() -> None:
    graph = build(load(resolve("linear-layer")))
    found = records("linear-layer")
    assert set(found) >= {"X", "W", "b", "Y", "loss"}
    for label, fields in found.items():
        node = next(n for n in graph.nodes.values() if n.label == label)
        assert fields[1] == f"shape {shape_text(node.shape)}"
        assert fields[2].startswith("data ") and fields[3].startswith("grad ")
        if not node.shape:
            continue
        for field in fields[2:]:
            lines = [line for line in field.split("\\l") if line]
            assert "‖·‖" in lines[0]  # the norm first
            rows = [line for line in lines[1:] if line.startswith("[")]
            assert 1 <= len(rows) <= RECORD_CORNER[0]
            assert all(len(line) <= 48 for line in lines), lines  # never a whole matrix
    x = graph.nodes["X"].value
    assert f"{x[0, 0]:.4f}" in " ".join(found["X"][2:3])


def test_record_text_cuts_rows_and_columns_visibly() -> None:
    text = record_text(np.arange(24.0).reshape(4, 6))
    lines = text.split("\n")
    assert lines[0].startswith("‖·‖ ")
    assert lines[1] == "[0, 1, 2, 3, …]" and lines[-1] == "⋮" and len(lines) == 5
    assert record_text(np.array([1.5, -2.0])) == "‖·‖ 2.5000\n[1.5000, -2]"
    assert record_text(np.float64(2.5)) == "2.5000"


def test_a_scalar_record_is_unchanged() -> None:
    graph = build(load(resolve("micrograd-labels")))
    text = dot.to_dot(graph)
    assert "{ a | data 2.0000 | grad 6.0000 }" in text and "\\l" not in text


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@needs_dot
def test_linear_layers_png_is_readable_at_normal_zoom(tmp_path) -> None:
    path = dot.render(dot.to_dot(build(load(resolve("linear-layer")))), tmp_path / "l.png", "png")
    width, height = png_size(path.read_bytes())
    assert width <= 2000 and height <= 1200, (width, height)  # it was 8,182 x 239
    assert width / height < 4
