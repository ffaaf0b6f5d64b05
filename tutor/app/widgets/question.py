"""The question panel: ``dL/de = ?`` with the node's consumers and their known gradients."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tutor.app.widgets.session_panel import SessionPanel
from tutor.app.widgets.unbroken import Unbroken
from tutor.notation import compact as fmt
from tutor.notation import number, partial, shape_text

#: When nothing is left to answer: words that fit a lesson and a practice problem alike.
DONE = "All done: every gradient is known."


class QuestionPanel(SessionPanel):
    """Spells out the current question and what the learner knows so far."""

    def make_content(self) -> Group | Text:
        """The question, the node's operation and its consumers with their gradients."""
        s = self.session
        g = s.graph
        name = s.current
        if name is None:
            return Text(DONE, "bold green")
        node = g.nodes[name]
        lines: list[Text] = [Text(s.question(name), "bold yellow")]
        if node.key is not None:
            lines.append(Text(f"{name} = {node.formula}{self.value_text(node.value)}", "dim"))
        elif getattr(node.value, "ndim", 0):
            lines.append(Text(f"{name} is an input{self.value_text(node.value)}", "dim"))
        else:
            lines.append(Text(f"{name} is an input, value {fmt(node.value)}", "dim"))
        consumers = s.live_consumers.get(name, ())
        if not consumers:
            lines.append(
                Text(f"{name} is the output: start here, at its gradient with respect to itself.")
            )
        for c in consumers:
            cn = g.nodes[c]
            uses = node.uses.get(c, 1)
            twice = f" (uses {name} {uses}×)" if uses > 1 else ""
            grad = s.known.get(c)
            if grad is None:
                known = f"{partial(g.output, c)} = ?"
            elif getattr(grad, "ndim", 0):  # an array: by its shape, not as a tuple
                known = f"{partial(g.output, c)} found{self.value_text(grad)}"
            else:
                known = f"{partial(g.output, c)} = {number(grad)}"
            line = Text("  feeds ")
            line.append(f"{c} = {cn.formula}", "bold")
            line.append(f"{twice}   ")
            line.append(known, "green" if grad is not None else "dim")
            lines.append(line)
        return self.fitted([Unbroken(line) for line in lines])

    def fitted(self, lines: list[Unbroken]) -> Group:
        """The lines, cut to the panel's height with "…" when they would not fit (80x24)."""
        if not self.room:  # not laid out yet (or made before its styles)
            return Group(*lines)
        limit = self.styles.max_height
        if limit is None or not limit.is_cells:
            return Group(*lines)
        height = int(limit.value) - self.styles.gutter.height
        wrapped = [piece for line in lines for piece in line.lines(self.room)]
        if len(wrapped) <= height:
            return Group(*lines)
        kept = wrapped[:height]
        last = kept[-1]
        last.truncate(self.room - 1)
        last.rstrip()
        last.append("…")
        return Group(*kept)

    @staticmethod
    def value_text(value: float) -> str:
        """`` = 2.4971`` for a number, ``, shape (4, 2)`` for an array (never a bare tuple)."""
        if getattr(value, "ndim", 0):
            return f", shape {shape_text(tuple(getattr(value, 'shape', ())))}"
        return f" = {number(value)}"
