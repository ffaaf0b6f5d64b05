"""The two kinds of lesson by name: a lesson names its kind, and this table finds it.

The reader decides a lesson's kind once, from what its file holds (a tensor input makes a
tensor lesson), and reads the file's graph lines in that kind's dialect (``graph_lines``);
``kind_named`` turns the name into the ``tutor.kind.Kind`` every later step asks. Each
module is imported on first use. The dialects import no NumPy, so reading a tensor lesson
(the lesson list, ``check``) does not load it; building one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from tutor.kind import Kind, KindName

if TYPE_CHECKING:
    from tutor.grammar.dialect import Dialect


@dataclass(frozen=True, slots=True)
class Home:
    """Where a kind lives: its ``Kind`` object's module and name, and its dialects' module."""

    module: str
    kind: str
    dialects: str


HOMES: dict[KindName, Home] = {
    "scalar": Home("tutor.scalar.kind", "SCALAR", "tutor.scalar.dialects"),
    "tensor": Home("tutor.tensor.kind", "TENSOR", "tutor.tensor.dialects"),
}


def kind_named(name: KindName) -> Kind[Any, Any]:
    """The kind called ``name`` (its module imported now, if it was not yet)."""
    home = HOMES[name]
    kind: Kind[Any, Any] = getattr(import_module(home.module), home.kind)
    return kind


def graph_lines(name: KindName) -> Dialect:
    """The dialect of a lesson file's ``graph:`` lines in the kind called ``name``."""
    dialect: Dialect = import_module(HOMES[name].dialects).GRAPH_LINES
    return dialect


def expected_values(name: KindName) -> Dialect:
    """The dialect of a lesson file's ``expected`` values (a tensor's may be a literal)."""
    dialect: Dialect = import_module(HOMES[name].dialects).EXPECTED
    return dialect
