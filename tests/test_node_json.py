"""``solve --json``'s node fields are written once (``tutor.kind.node_fields``), for both kinds.

``duplicates --repo tutor`` showed scalar/kind.py and tensor/kind_display.py each writing
the same six keys; both kinds' ``node_json`` now come from one function, the tensor kind
adding ``shape``. The output is byte for byte what it was (micrograd-labels, linear-layer).
"""

from __future__ import annotations

import pytest

from tutor.graph.build import build
from tutor.kind import node_fields
from tutor.lesson.find import load

KEYS = ["name", "label", "op", "inputs", "value", "grad"]


@pytest.mark.parametrize(("lesson", "extra"), [("micrograd-labels", []), ("embedding", ["shape"])])
def test_both_kinds_write_the_shared_fields_in_one_order(lesson, extra):
    graph = build(load(lesson))
    for node in graph.nodes.values():
        data = graph.kind.node_json(node)
        assert list(data) == KEYS + extra
        assert {k: data[k] for k in KEYS} == node_fields(node, graph.kind.json_value)


def test_a_label_has_no_gradient_in_json():
    graph = build(load("embedding"))
    labels = [n for n in graph.nodes.values() if not n.has_grad]
    assert labels, "embedding has label inputs"
    assert all(graph.kind.node_json(n)["grad"] is None for n in labels)
