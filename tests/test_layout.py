"""The graph laid out in cells (tutor.layout) and drawn in characters (tutor.layout_draw)."""

from __future__ import annotations

import pytest

from bench.lessons import synthetic_lesson
from tutor import layout as layout_mod
from tutor.graph.build import OP, build
from tutor.layout import Layout, LayoutUnavailable, fields, lay_out, record_fields, record_width
from tutor.layout_draw import ARROWS, edge_canvas, record_lines
from tutor.lesson.find import bundled_names, load, loads, resolve


def graph_of(name: str):
    return build(load(resolve(name)))


def beside(box, cell) -> bool:
    col, row = cell
    side = col in (box.x - 1, box.x + box.w) and box.y <= row < box.y + box.h
    top = row in (box.y - 1, box.y + box.h) and box.x <= col < box.x + box.w
    return side or top


def every_box(lay: Layout):
    return {**lay.boxes, **lay.ops}


def test_one_box_per_value_and_one_node_per_operation():
    g = graph_of("micrograd-labels")
    lay = lay_out(g)
    assert sorted(b.name for b in lay.boxes.values()) == sorted(g.nodes)
    ops = [n.name for n in g.nodes.values() if n.kind == OP]
    assert sorted(b.name for b in lay.ops.values()) == sorted(ops)
    # one edge per use of an operand, and one from each operation to its result
    assert len(lay.edges) == sum(len(g.nodes[n].inputs) + 1 for n in ops)


def test_a_reused_value_is_one_box_with_an_edge_per_use():
    g = graph_of("reuse-sum")
    lay = lay_out(g)
    for name, node in g.nodes.items():
        uses = sum(node.uses.values())
        leaving = [e for e in lay.edges if e.tail == f"v:{name}"]
        assert len(leaving) == uses, name
    assert any(sum(n.uses.values()) > 1 for n in g.nodes.values())  # the lesson reuses a node


@pytest.mark.parametrize("name", bundled_names())
def test_every_lesson_lays_out_left_to_right_without_overlaps(name):
    g = graph_of(name)
    lay = lay_out(g)
    boxes = every_box(lay)
    for edge in lay.edges:
        tail, head = boxes[edge.tail], boxes[edge.head]
        assert tail.x + tail.w <= head.x, (edge.tail, edge.head)  # rankdir LR: left to right
        assert beside(tail, edge.cells[0]) and beside(head, edge.cells[-1])
        for a, b in zip(edge.cells, edge.cells[1:], strict=False):
            assert abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1  # four-connected
        assert not any(tail.contains(*c) or head.contains(*c) for c in edge.cells)
    placed = list(boxes.values())
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
            assert apart, (a, b)
        assert a.x + a.w <= lay.width and a.y + a.h <= lay.height


def test_box_widths_fit_the_record_and_tell_nothing_about_the_answer():
    g = graph_of("micrograd-labels")
    spec = fields(g)
    lay = lay_out(g)
    for box in lay.boxes.values():
        node = g.nodes[box.name]
        unknown = record_fields(node, spec, g.kind.show_brief(node.value), None)
        found = record_fields(
            node, spec, g.kind.show_brief(node.value), g.kind.show_brief(node.grad)
        )
        assert record_width(unknown) == record_width(found) == box.w


def test_tensor_records_show_name_shape_and_norm():
    g = graph_of("makemore-ninja")
    spec = fields(g)
    node = next(n for n in g.nodes.values() if n.shape and len(n.shape) == 2)
    parts = record_fields(node, spec, g.kind.show_brief(node.value), g.kind.show_brief(node.grad))
    assert parts[0] == node.label
    assert parts[1].strip() == f"({node.shape[0]}, {node.shape[1]})"
    assert parts[2].split() == ["data", "‖·‖", g.kind.show_brief(node.value).split()[-1]]
    assert parts[3].split()[:2] == ["grad", "‖·‖"]


def test_the_layout_is_deterministic():
    g = graph_of("two-layer-net")
    assert lay_out(g) == lay_out(g)


def test_edges_are_drawn_with_an_arrowhead_into_every_head():
    lay = lay_out(graph_of("micrograd-labels"))
    canvas = edge_canvas(lay)
    heads = {e.cells[-1] for e in lay.edges}
    for col, row in heads:
        assert canvas[row][col] in ARROWS.values()
    drawn = "".join("".join(r) for r in canvas)
    assert drawn.count("▶") == len(heads)  # left to right: every arrow points right here


def test_a_record_is_drawn_as_draw_dot_does():
    runs = record_lines(0, 0, ["a", "data 2.0000", "grad ?"], heavy=False)
    rows = {0: "", 1: "", 2: ""}
    for run in sorted(runs, key=lambda r: (r.row, r.col)):
        rows[run.row] += run.text
    assert rows[1] == "│ a │ data 2.0000 │ grad ? │"
    assert rows[0] == "┌───┬─────────────┬────────┐"
    heavy = record_lines(0, 0, ["a"], heavy=True)
    assert heavy[0].text == "┏━━━┓"


def test_without_dot_the_layout_says_why(monkeypatch):
    monkeypatch.setattr(layout_mod.shutil, "which", lambda _name: None)
    with pytest.raises(LayoutUnavailable, match="'dot' is not installed"):
        lay_out(graph_of("micrograd-labels"))


def test_a_graph_too_big_is_not_laid_out(monkeypatch):
    monkeypatch.setattr(layout_mod, "MAX_NODES", 20)
    with pytest.raises(LayoutUnavailable, match="too many to draw"):
        lay_out(build(loads(synthetic_lesson(30))))


def test_a_slow_layout_gives_up(monkeypatch):
    with pytest.raises(LayoutUnavailable, match="took more than"):
        lay_out(build(loads(synthetic_lesson(60))), timeout=1e-6)
