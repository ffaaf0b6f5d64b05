"""The train view: gradient descent on the lesson's loss with the learner's own gradients.

Reached with F5 (or from the lesson's summary) once every gradient of a lesson with a
``train`` key is found. Each step recomputes the forward pass at the moved parameters
and applies the learner's gradients (``tutor.train.Trainer``: their formulas evaluated
again, the engine's where they typed numbers); the screen shows the live loss curve
(plotext), the step, the learning rate and the loss, each parameter's gradient against
the engine's as makemore's ``cmp`` prints it, and, for a small graph, the graph view
with the current data and gradients. Space runs and pauses, s makes one step, + and -
double and halve the learning rate, Escape goes back to the lesson (which is unchanged).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static
from textual_plotext import PlotextPlot

from tutor.app import keys
from tutor.app.widgets.graph_view import GraphView, graph_view
from tutor.app.widgets.keybar import KeyBar
from tutor.lesson.train_field import MAX_LR
from tutor.notation import number
from tutor.progress.bars import whole_ticks
from tutor.safe_text import one_line
from tutor.session import Session
from tutor.train import Trainer, TrainError

#: Seconds between steps while running (the redraw of a step takes a few ms).
RUN_EVERY = 0.05
#: Boxes up to which the graph view is shown under the curve (a bigger graph is not).
GRAPH_MAX = 30
#: How wide the graph view's data and grad fields are kept: wide enough for -999.9999.
FIELD = "-999.9999"


class TrainScreen(Screen[None]):
    """Train the lesson's network: the loss curve, the step, lr, loss and ``cmp``."""

    BINDINGS = keys.train_bindings()

    def __init__(self, session: Session, trainer: Trainer) -> None:
        super().__init__()
        self.session = session
        self.trainer = trainer
        self.timer: Timer | None = None
        """Steps while running; None while paused."""
        self.run_left = 0
        """Steps left in this run."""
        self.problem: str | None = None
        """Why the last step could not be made (training stops there)."""
        self.started = trainer.losses[0]

    def compose(self) -> ComposeResult:
        """The curve and the numbers on top, the graph view below (a small graph)."""
        yield Header()
        with Horizontal(id="train-top"):
            yield PlotextPlot(id="train-curve")
            with Vertical(id="train-side"):
                yield Static(id="train-status", markup=False)
                with ScrollableContainer(id="train-cmp-box"):
                    yield Static(id="train-cmp", markup=False)
        made = graph_view(self.session, self.shown_data(), fit=(FIELD,))
        if not isinstance(made, str) and len(made.picture.boxes) <= GRAPH_MAX:
            made.border_title = "Graph: the current data and gradients"
            yield made
        yield KeyBar(keys.train_bar())

    def on_mount(self) -> None:
        """Title the screen and draw the first point."""
        lesson = self.session.graph.lesson
        self.title = one_line(f"Train: {lesson.title}")
        self.sub_title = one_line(lesson.name)
        self.query_one("#train-cmp-box").border_title = "Your gradients vs the engine's (cmp)"
        self.query_one("#train-side").border_title = "Training"
        self.show()

    # -- state ----------------------------------------------------------------------------

    def shown_data(self) -> dict[str, str]:
        """Every node's current value as the graph view shows it."""
        graph = self.trainer.graph
        return {n: graph.kind.show_brief(node.value) for n, node in graph.nodes.items()}

    def shown_grads(self) -> dict[str, str]:
        """Every gradient the next step uses, as the graph view shows it."""
        brief = self.trainer.graph.kind.show_brief
        return {n: brief(g) for n, g in self.trainer.grads.items()}

    def status_lines(self) -> list[str]:
        """Step, lr, loss; running or paused; what trains, on what data, with whose gradients."""
        t = self.trainer
        train = self.session.graph.lesson.train
        if self.timer is not None:
            run = f"running ({self.run_left} steps left)"
        else:
            steps = train.steps if train is not None else 0
            run = f"paused ({keys.train_key('run').shown} runs {steps} steps)"
        lines = [
            f"Step {t.steps} · lr {number(t.lr, 'g')} · {run}",
            f"Loss {number(t.losses[-1], '.6g')} (step 0: {number(self.started, '.6g')})",
            f"Trains {', '.join(t.params)}",
            f"Data, the same at every step: {', '.join(t.data) or 'none'}",
        ]
        mine, total = sum(c.formula for c in t.compared), len(t.compared)
        if mine == total:
            lines.append("Gradients: your formulas, evaluated again at every step.")
        elif mine:
            lines.append(
                f"Gradients: your formulas for {mine} of {total} parameters, the engine's "
                "for the others (marked engine)."
            )
        else:
            lines.append("Gradients: the engine's (you typed numbers: they hold at step 0 only).")
        if self.problem:
            lines.append(self.problem)
        return lines

    def show(self) -> None:
        """Redraw the numbers, the comparison, the curve and the graph view from the trainer."""
        self.query_one("#train-status", Static).update("\n".join(self.status_lines()))
        self.query_one("#train-cmp", Static).update("\n".join(self.trainer.lines()))
        plot = self.query_one("#train-curve", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        losses = self.trainer.losses
        plt.plot(list(range(len(losses))), losses, marker="braille")
        ticks = whole_ticks(len(losses) - 1, 5)
        plt.xticks([float(x) for x in ticks], [str(x) for x in ticks])
        plt.xlim(0, ticks[-1])
        plt.title("loss")
        plt.xlabel("step")
        plot.refresh()
        for view in self.query(GraphView):
            view.data = self.shown_data()
            view.grads = self.shown_grads()
            view.sync()

    # -- actions ------------------------------------------------------------------------

    def action_step(self) -> None:
        """One step (pauses a run)."""
        self.pause()
        self.one_step()
        self.show()

    def one_step(self) -> bool:
        """Make one step; False (and a problem said) when it cannot be made."""
        try:
            self.trainer.step()
        except TrainError as exc:
            self.problem = f"Stopped: {exc}"
            self.pause()
            return False
        self.problem = None
        return True

    def action_run(self) -> None:
        """Run the lesson's number of steps, or pause a run."""
        if self.timer is not None:
            self.pause()
        else:
            train = self.session.graph.lesson.train
            self.run_left = train.steps if train is not None else 0
            self.timer = self.set_interval(RUN_EVERY, self.tick)
        self.show()

    def tick(self) -> None:
        """A running step."""
        if self.run_left <= 0 or not self.one_step():
            self.pause()
        else:
            self.run_left -= 1
            if self.run_left == 0:
                self.pause()
        self.show()

    def pause(self) -> None:
        """Stop running."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def action_lr(self, factor: float) -> None:
        """Multiply the learning rate by ``factor`` (kept above 0 and at most ``MAX_LR``)."""
        self.trainer.lr = min(MAX_LR, max(1e-6, self.trainer.lr * factor))
        self.show()


def train_screen(session: Session) -> TrainScreen | str:
    """The train view of a finished lesson; or why there is none (one line)."""
    lesson = session.graph.lesson
    if lesson.train is None:
        return f"{lesson.name} has no train key in its file, so there is nothing to train."
    if not session.complete:
        left = len(session.asked) - session.answered_count
        return f"Training works once every gradient is found ({left} to go)."
    try:
        trainer = Trainer(session.graph, session.answers)
    except TrainError as exc:
        return str(exc)
    return TrainScreen(session, trainer)
