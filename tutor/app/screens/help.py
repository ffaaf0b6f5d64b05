"""The help screen: every key, and the answer syntax of the open lesson's kind.

The answers section is built from the kind's answer dialect (itself built from the op
tables): every function and operator with one example each (an op's own, where its
spelling gives one; an operator written two ways is named: subtract, negate), the
gradient names and the kind's own words (its graph's rows, its rules: a tensor answer's
shape is checked first).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tutor.app import keys
from tutor.grammar.examples import examples
from tutor.kind import Kind
from tutor.notation import grad_name

HELP = """\
# How backprop-tutor works

Start at the output (called **L** below; each lesson names its own) with
dL/dL = 1 and work backwards. For each node type **dL/dnode** and press
**Enter**. A node is *ready* when every node it feeds (its consumers) has a
known gradient; the chain rule then gives

    dL/dx = sum over consumers C of  dL/dC * dC/dx

In the graph, {graph_rows} Its other appearances are one-line references
marked `↪`.

The backward table (the Deep Learning book's) has a row per node V and
consumer C: `op` is C's operation, `dC/dV` its local derivative, `inputs`
the values it needs, `contribution` = dL/dC * dC/dV, and `G` = dL/dV, the
sum of V's contributions.

## Keys (they all work while you type)

{keys}

## The train view (F5, once every gradient is found)

{train_keys}

## Answers

{rules}

A node's name stands for its value: {names_example}. A gradient you
have found is `{grad_x}` (or `grad(X)`) for node X. Unreadable input is explained,
its text is selected so that typing replaces it, and it does not count as an attempt.

| write | example |
|---|---|
{functions}

Press **Escape** or **F1** to close.
"""


def help_text(kind: Kind[Any, Any] | None) -> str:
    """The help in Markdown; its answers section from ``kind`` (scalar when None)."""
    if kind is None:
        from tutor.scalar.kind import SCALAR

        kind = SCALAR
    rows = [
        f"| `{e.name}`{f' ({e.what})' if e.what else ''} | `{e.text}` |"
        for e in examples(kind.answer_dialect)
    ]
    return HELP.format(
        keys=keys.help_rows(),
        train_keys=keys.help_rows(keys.TRAIN_KEYS),
        rules=kind.texts.answer_rules,
        graph_rows=kind.texts.graph_rows,
        names_example=kind.texts.names_example,
        grad_x=grad_name("X"),
        functions="\n".join(rows),
    )


class HelpScreen(ModalScreen[None]):
    """Keys and answer syntax."""

    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def __init__(self, kind: Kind[Any, Any] | None = None) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        """The help text."""
        with VerticalScroll(id="help-box") as box:
            # in view from the start: the text ends with it, far below a small terminal
            box.border_subtitle = "Escape, F1 or q: close · ↑ ↓ PgUp PgDn: scroll"
            yield Markdown(help_text(self.kind))
