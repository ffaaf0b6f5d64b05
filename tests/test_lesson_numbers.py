"""Numbers a bundled lesson writes as ``NAME = NUMBER`` in its texts are NAME's value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.authoring.text_checks import texts
from tutor.graph.build import build
from tutor.lesson.find import bundled_dir, load

#: ``out = 1.7048`` (not ``2*u3 = 12``, ``e + c = 4`` or ``x = 2 * y``: those are sums).
SAID = re.compile(
    r"(?<![*/+\-^])(?<![*/+\-^] )\b([A-Za-z_]\w*) = (-?\d+(?:\.\d+)?)(?![\d.]\d|\w)(?!\s*[*/+\-(^])"
)
NAMES = sorted(p.stem for p in Path(bundled_dir()).glob("*.yaml") if p.stem != "course")


@pytest.mark.parametrize("name", NAMES)
def test_a_value_said_in_a_hint_or_the_description_is_the_nodes(name: str) -> None:
    lesson = load(name)
    graph = build(lesson)
    wrong = []
    for where, text in texts(lesson):
        for m in SAID.finditer(text):
            node = graph.nodes.get(m.group(1))
            if node is None or graph.kind.shape(node.value) != ():
                continue
            value, said = float(node.value), float(m.group(2))
            if abs(value - said) > 0.5e-4 * max(1.0, abs(value)):
                wrong.append(f"{'.'.join(map(str, where))}: {m.group(0)} (it is {value:.4f})")
    assert wrong == []
