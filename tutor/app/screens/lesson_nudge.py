"""The lesson screen's nudge and its switch to the graph view, kept beside the screen.

The graph view's modules load only when it is first shown (F2, or a nudge).

Once every gradient is found, the nudge key moves every input by ``h·grad`` (h is what the
answer box holds, else 0.01), says each input's move and the output's change beside
``Σ grad·Δ``, and shows the graph view with every moved value as ``old→new``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from tutor.app import keys
from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.graph_view import graph_view
from tutor.nudge import DEFAULT_H, NudgeError, nudge, parse_h

if TYPE_CHECKING:
    from tutor.app.screens.lesson import LessonScreen
    from tutor.session import Session


def offer(session: Session) -> str:
    """What the screen says when the lesson is complete (the nudge; training, if any)."""
    key = keys.key_for("nudge").shown
    said = (
        f"{key} nudges every input by h·grad and shows the output's change "
        f"(type h in the answer box first; default {DEFAULT_H:g})."
    )
    if session.graph.lesson.train is not None:
        said += f" {keys.key_for('app.train').shown} trains the network with your gradients."
    return said


async def nudge_inputs(screen: LessonScreen) -> None:
    """Nudge the screen's lesson, say what changed, show old→new in the graph view."""
    s = screen.session
    if not s.complete:
        left = len(s.asked) - s.answered_count
        screen.say(f"Nudge works once every gradient is found ({left} to go).", "yellow")
        return
    box = screen.query_one("#answer", Input)
    try:
        done = nudge(s.graph, parse_h(box.value))
    except NudgeError as exc:
        screen.say(str(exc), "red")
        return
    box.value = ""
    for line in done.lines():
        screen.say(line, "cyan")
    made = graph_view(s, done.shown())
    if isinstance(made, str):
        screen.say(made, "yellow")
        return
    if (old := screen.graph_view()) is not None:
        await old.remove()  # gone before the new one takes its id
    graph_box = screen.query_one("#graph-box")
    screen.query_one("#left").mount(made, after=graph_box)
    graph_box.display = False
    screen.view = "graph"


async def switch_view(screen: LessonScreen) -> None:
    """Switch between the tree and the graph view; the app remembers the choice."""
    box = screen.query_one("#graph-box")
    view = screen.graph_view()
    if view is not None and view.display:
        view.display, box.display = False, True
        screen.view = "tree"
        screen.query_one(GraphTree).show_current()
    else:
        if view is None:
            made = graph_view(screen.session)
            if isinstance(made, str):
                screen.say(made, "yellow")
                return
            await screen.query_one("#left").mount(made, after=box)
            view = made
        view.display, box.display = True, False
        screen.view = "graph"
        view.sync()
    screen.post_message(screen.ViewChosen(screen, screen.view))
