"""The help screen: every key and the answer syntax."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tutor.app import keys

HELP = """\
# How backprop-tutor works

Start at the output (called **L** below; each lesson names its own) with
dL/dL = 1 and work backwards. For each node type **dL/dnode** and press
**Enter**. A node is *ready* when every node it feeds (its consumers) has a
known gradient; the chain rule then gives

    dL/dx = sum over consumers C of  dL/dC * dC/dx

In the graph, `×2` after a name means the node is used twice (by two
consumers, or twice by one, as in `b = a + a`): its gradient sums both uses.
Its other appearances are one-line references marked `↪`.

The backward table (the Deep Learning book's) has a row per node V and
consumer C: `op` is C's operation, `dC/dV` its local derivative, `inputs`
the values it needs, `contribution` = dL/dC * dC/dV, and `G` = dL/dV, the
sum of V's contributions.

## Keys (they all work while you type)

{keys}

## Answers

Numbers or arithmetic: `-4`, `6.0`, `-2*3`, `12*cos(36)`, `1 - tanh(0.8814)**2`, `1e-3`.
Functions: `exp log sqrt tanh sigmoid relu sin cos`; operators `+ - * / **`.
A node's name stands for its value: in `L = d * f`, dL/dd is `f`.
An answer within the lesson's tolerance (0.1% by default) is right.
Unreadable input is explained and does not count as an attempt.

Press **Escape** or **F1** to close.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and answer syntax."""

    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        """The help text."""
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP.format(keys=keys.help_rows()))
