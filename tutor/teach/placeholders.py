"""Placeholders in lesson text, filled with the numbers of the variant on screen.

A description or a lesson hint may quote the current variant's numbers:

- ``{x}``: the value of node ``x``;
- ``{grad:x}``: the gradient of the output with respect to ``x`` (dL/dx);
- ``{local:r:y}``: the local derivative of node ``r`` with respect to its input ``y``
  (summed over the uses when ``r`` uses ``y`` more than once).

``{{`` and ``}}`` are literal braces. Text is parsed, never formatted or evaluated: a
placeholder is a name or two, so a lesson file cannot reach anything else. A placeholder
that cannot be filled (``check`` reports it as an error) is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tutor.graph.build import CONST, Graph
from tutor.lesson.yamlpos import MAX_BYTES

#: Longest placeholder read (longer brace groups are an error, shown as written).
MAX_PLACEHOLDER = 200
#: Largest text filled (a lesson file's size limit: no text in a file is longer).
MAX_TEXT = MAX_BYTES

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_FORMS = re.compile(
    rf"(?P<value>{_NAME})|grad:(?P<grad>{_NAME})|local:(?P<node>{_NAME}):(?P<input>{_NAME})"
)
_BRACES = re.compile(r"\{\{|\}\}|\{|\}")
USAGE = "write {name}, {grad:name} or {local:node:input}, and {{ }} for literal braces"


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One ``{...}`` in a text."""

    start: int
    """Offset of its ``{``."""
    end: int
    """Offset just after its ``}`` (or of the text's end when never closed)."""
    kind: str
    """``value``, ``grad`` or ``local``; ``bad`` when it cannot be read."""
    names: tuple[str, ...]
    """The node (and for ``local`` its input)."""

    @property
    def suggestion(self) -> str:
        """The placeholder written out."""
        if self.kind == "value":
            return "{" + self.names[0] + "}"
        if self.kind == "grad":
            return "{grad:" + self.names[0] + "}"
        return "{local:" + ":".join(self.names) + "}"


Part = str | Placeholder


def parse(text: str) -> list[Part]:
    """Split ``text`` into literal strings and placeholders (``{{``/``}}`` made single).

    A lone ``}`` is kept as a literal; ``problems`` reports it.
    """
    parts: list[Part] = []
    literal: list[str] = []
    pos = 0
    for match in _BRACES.finditer(text):
        if match.start() < pos:
            continue
        literal.append(text[pos : match.start()])
        token = match.group()
        if token in ("{{", "}}"):
            literal.append(token[0])
            pos = match.end()
            continue
        if token == "}":
            literal.append("}")
            pos = match.end()
            continue
        close = text.find("}", match.end(), match.end() + MAX_PLACEHOLDER + 1)
        inner = text[match.end() : close] if close >= 0 else ""
        if close < 0 or "{" in inner:
            parts.append("".join(literal))
            literal.clear()
            end = len(text) if close < 0 else match.end()
            parts.append(Placeholder(match.start(), end, "bad", ()))
            pos = end
            continue
        form = _FORMS.fullmatch(inner)
        parts.append("".join(literal))
        literal.clear()
        if form is None:
            parts.append(Placeholder(match.start(), close + 1, "bad", (inner,)))
        elif form["value"]:
            parts.append(Placeholder(match.start(), close + 1, "value", (form["value"],)))
        elif form["grad"]:
            parts.append(Placeholder(match.start(), close + 1, "grad", (form["grad"],)))
        else:
            names = (form["node"], form["input"])
            parts.append(Placeholder(match.start(), close + 1, "local", names))
        pos = close + 1
    literal.append(text[pos:])
    parts.append("".join(literal))
    return [p for p in parts if p != ""]


def placeholders(text: str) -> Iterator[Placeholder]:
    """The placeholders of ``text``, in order."""
    return (p for p in parse(text) if isinstance(p, Placeholder))


def quantity(graph: Graph[Any], p: Placeholder) -> Any:
    """The number a placeholder stands for in ``graph`` (None when it names nothing)."""
    nodes = graph.nodes
    if p.kind in ("value", "grad"):
        node = nodes.get(p.names[0])
        if node is None or node.kind == CONST:
            return None
        return node.value if p.kind == "value" else node.grad
    if p.kind == "local":
        node, operand = nodes.get(p.names[0]), p.names[1]
        if node is None or operand not in node.inputs:
            return None
        return sum(v for i, v in zip(node.inputs, node.local, strict=True) if i == operand)
    return None


def problem(graph: Graph[Any], p: Placeholder, text: str) -> str | None:
    """Why a placeholder cannot be filled in ``graph`` (None when it can)."""
    from tutor.messages import did_you_mean

    written = text[p.start : p.end]
    if p.kind == "bad":
        if p.end == len(text) and "}" not in text[p.start :]:
            return f"'{{' is never closed: {USAGE}"
        return f"cannot read placeholder {written!r}: {USAGE}"
    name = p.names[0]
    if name not in graph.nodes or graph.nodes[name].kind == CONST:
        named = [n for n, node in graph.nodes.items() if node.kind != CONST]
        return f"placeholder {written!r} names unknown node {name!r}{did_you_mean(name, named)}"
    node = graph.nodes[name]
    if p.kind == "local" and p.names[1] not in node.inputs:
        if not node.inputs:
            return f"placeholder {written!r}: {name!r} is an input, it has no local derivatives"
        inputs = ", ".join(dict.fromkeys(node.inputs))
        return (
            f"placeholder {written!r}: {p.names[1]!r} is not an input of {name!r} "
            f"({name} = {node.formula}; its inputs: {inputs})"
        )
    return None


def problems(graph: Graph[Any], text: str) -> list[tuple[int, str]]:
    """Every placeholder that cannot be filled, and every lone ``}``: (offset, message)."""
    if len(text) > MAX_TEXT:
        return []
    found = [
        (p.start, message)
        for p in placeholders(text)
        if (message := problem(graph, p, text)) is not None
    ]
    pos = 0
    for match in _BRACES.finditer(text):
        if match.start() < pos:
            continue
        pos = match.end()
        if match.group() == "{":
            close = text.find("}", match.end())
            pos = close + 1 if close >= 0 else len(text)
        elif match.group() == "}":
            found.append((match.start(), f"a single '}}' is not a placeholder: {USAGE}"))
    return sorted(found)


def fill(text: str, graph: Graph[Any], number: Callable[[float], str]) -> str:
    """``text`` with its placeholders replaced by ``graph``'s numbers, written by ``number``.

    A placeholder that names nothing in the graph is kept as written.
    """
    if "{" not in text and "}" not in text or len(text) > MAX_TEXT:
        return text
    out = []
    for part in parse(text):
        if isinstance(part, str):
            out.append(part)
            continue
        value = quantity(graph, part)
        out.append(text[part.start : part.end] if value is None else number(value))
    return "".join(out)
