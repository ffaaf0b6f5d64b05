"""The lesson screen: the graph, the question, the answer box, feedback, table and tally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.panel import Panel
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Input, RichLog, Static

from tutor.answer_status import OutcomeKind
from tutor.app import fitting, keys
from tutor.app.fitting import breakpoints, fit_hint, too_small
from tutor.app.recording import follow, unfollow
from tutor.app.widgets.answer_box import AnswerBox
from tutor.app.widgets.description import Description
from tutor.app.widgets.feedback import FeedbackLog
from tutor.app.widgets.grad_table import GradTable
from tutor.app.widgets.graph_tree import GraphTree
from tutor.app.widgets.keybar import KeyBar
from tutor.app.widgets.question import QuestionPanel
from tutor.app.widgets.tally import TallyBar
from tutor.notation import is_plain_number, num, number
from tutor.practice.codes import is_code
from tutor.safe_text import one_line, quote, visible
from tutor.session import Session
from tutor.session_events import SessionEvent, StateChanged
from tutor.teach.placeholders import fill

if TYPE_CHECKING:  # the graph view's modules load when it is first shown (F2, nudge)
    from tutor.app.widgets.graph_view import GraphView
    from tutor.lesson.render_cache import RenderCache


@dataclass
class _ScreenMessage(Message):
    """A request from a lesson screen to the app."""

    screen: LessonScreen
    """The lesson screen asking."""


class LessonScreen(Screen[None]):
    """Backpropagate one lesson by hand, node by node."""

    @dataclass
    class Completed(_ScreenMessage):
        """The lesson is complete (or Enter was pressed in a complete one): sum it up."""

        closing: RenderableType | None = None
        """The feedback on the last answer (its derivation when revealed), for the summary."""

    class RestartAsked(_ScreenMessage):
        """The learner wants to start this lesson over."""

    @dataclass
    class ExportAsked(_ScreenMessage):
        """The learner wants a picture of the graph as it stands (or of every step)."""

        steps: bool = False
        """Every step of the backward pass and the stepping page, not the state as it is."""

    @dataclass
    class Failed(_ScreenMessage):
        """Grading raised (a bug of ours): the app logs it; the answer was not counted."""

        what: str = ""
        """What was being done (``grading '3*x' at node 'a'``)."""
        error: BaseException | None = None
        """The exception, for the log."""

    @dataclass
    class ViewChosen(_ScreenMessage):
        """The learner switched between the tree and the graph view (the app remembers)."""

        view: str
        """``tree`` or ``graph``."""

    BINDINGS = keys.bindings()
    AUTO_FOCUS = "#answer"
    """Focused as the screen composes: its first layout has the focus styles (no restyle)."""
    HORIZONTAL_BREAKPOINTS = fitting.HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = fitting.VERTICAL_BREAKPOINTS

    revision: var[int] = var(0, init=False)
    """The session's revision last drawn; moving it redraws every widget from the session."""

    def __init__(
        self, session: Session, index: int, view: str = "tree", rendered: RenderCache | None = None
    ) -> None:
        super().__init__(classes=" ".join(breakpoints(self.app.size)))  # no restyle at Resize
        self.rendered = rendered  # the data folder's rendered descriptions, if any
        self.session = session
        self.index = index
        self.lesson = session.graph.lesson
        self.view = view
        """The view asked for: ``tree`` or ``graph`` (the graph may fall back to the tree)."""
        self.fallback: str | None = None
        """Why the graph view is not shown although asked for, once the screen is made."""
        self.saving_line = ""
        """The status line shown (``""``: hidden, as the screen starts)."""
        self.title = one_line(self.lesson.title)  # before the Header mounts: drawn once
        # A lesson's name, unless its title says it; a generated problem's name is its code,
        # which its description gives with how to get it again ("practice --code L1-4").
        named = self.lesson.name in self.lesson.title or is_code(self.lesson.name)
        self.sub_title = "" if named else one_line(self.lesson.name)

    def compose(self) -> ComposeResult:
        """Lay out the graph (left) and the question, answer and feedback (right)."""
        s = self.session
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                with Vertical(id="graph-box"):
                    heading = Static(id="graph-head", markup=False)
                    yield heading
                    tree = GraphTree(s, id="graph")
                    tree.heading_widget = heading
                    yield tree
                if self.view == "graph":
                    from tutor.app.widgets.graph_view import graph_view

                    made = graph_view(s)
                    if isinstance(made, str):
                        self.fallback = made
                    else:
                        yield made
                if s.graph.kind.texts.holds_arrays:
                    from tutor.app.widgets.matrix import MatrixPanel  # NumPy: tensor lessons only

                    yield MatrixPanel(s, id="matrix")
                yield GradTable(s, id="table")
            with Vertical(id="right"):
                yield QuestionPanel(s, id="question")
                words = keys.words(s.graph.nodes)  # a node named hint is answered, not a hint
                yield AnswerBox(s.graph.kind.texts.answer_hint, words, id="answer")
                yield FeedbackLog(id="feedback")
                yield TallyBar(s, id="tally")
                yield Static(id="save-status", markup=False)
                with VerticalScroll(id="about"):
                    text = visible(fill(self.lesson.description, s.graph, num))
                    yield Description(text, cache=self.rendered, id="description")
        yield Static(id="too-small", markup=False)
        yield KeyBar(keys.bar())

    def watch_revision(self) -> None:
        """The one place that redraws: every widget from the session's state.

        A widget not mounted yet is skipped: it draws from the session when it mounts.
        """
        for tree in self.query(GraphTree):
            tree.sync()
        if (view := self.graph_view()) is not None:
            view.sync()
        for table in self.query(GradTable):
            table.sync()
        for question in self.query(QuestionPanel):
            question.show()
        for tally in self.query(TallyBar):
            tally.show()
        if self.session.graph.kind.texts.holds_arrays:
            from tutor.app.widgets.matrix import MatrixPanel  # imported by compose already

            for matrix in self.query(MatrixPanel):
                matrix.show()

    def on_mount(self) -> None:
        """Title the panels, greet the learner, follow the session.

        The greeting is written now: the feedback log keeps it until it knows its width
        (``FeedbackLog``), so it is drawn in the first layout's wave, not in one more.
        """
        self.query_one("#graph-box").border_title = "Graph (Tab: pick a node)"
        table = self.query_one("#table", GradTable)
        table.border_title = "Backward table"
        log = self.query_one("#feedback", RichLog)
        log.border_title = "Feedback"
        log.can_focus = False
        self.query_one("#about", VerticalScroll).can_focus = False
        self.query_one("#about", VerticalScroll).border_title = "About this lesson"
        self.query_one("#question").border_title = "Question"
        self.query_one(GraphTree).show_current()
        self.query_one("#graph-box").display = self.graph_view() is None
        follow(self.session, self.session_event)
        self.greet()
        if self.fallback:
            self.say(self.fallback, "yellow")

    def on_unmount(self) -> None:
        """Stop following the session."""
        unfollow(self.session, self.session_event)

    def session_event(self, event: SessionEvent) -> None:
        """The session changed: move the revision on, so the screen redraws."""
        if isinstance(event, StateChanged):
            self.revision = self.session.revision

    def greet(self) -> None:
        """The first line of feedback."""
        s = self.session
        if s.complete:
            restart = keys.key_for("restart").shown
            self.say(
                f"Welcome back: this lesson is complete. Enter shows the summary; {restart} "
                "starts it over.",
                "cyan",
            )
        elif s.answered_count:
            done = f"{s.answered_count} of {len(s.asked)} answered"
            self.say(f"Welcome back: {done}. Now: {s.question()}", "cyan")
        else:
            out = s.graph.output
            self.say(
                f"Work backwards from the output {out}: for each node, type the gradient of "
                f"{out} with respect to it (the question says which) and press Enter. "
                f"{keys.mention('hint', 'reveal', 'app.help')}.",
                "cyan",
            )

    # -- handlers ---------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Typing while the graph has focus goes into the answer box, never lost."""
        box = self.query_one("#answer", Input)
        if event.is_printable and event.character and not box.has_focus:
            event.stop()
            box.focus()
            box.insert_text_at_cursor(event.character)

    @on(Input.Submitted, "#answer")
    def submit_answer(self, event: Input.Submitted) -> None:
        """Grade the answer (the box emptied itself on Enter: ``AnswerBox``) and say so."""
        s = self.session
        if s.current is None:
            self.post_message(self.Completed(self))  # the summary again
            return
        before = s.current
        try:
            outcome = s.submit(event.value)
        except Exception as exc:  # a bug of ours: say so, log it, keep the lesson going
            self.say("internal error, not counted: the details are in the error log", "red")
            what = f"grading {quote(event.value)} at node {before!r} of {self.lesson.name}"
            self.post_message(self.Failed(self, what, exc))
            return
        if outcome.kind == OutcomeKind.UNREADABLE:
            self.say(outcome.message, "yellow")
            if isinstance(event.input, AnswerBox):
                event.input.give_back(event.value)  # selected: typing replaces the unreadable text
            return
        if outcome.kind == OutcomeKind.WRONG:
            typed = quote(event.value.strip(), marks=False)  # one line, cut, controls visible
            shown = outcome.value
            plain = shown is None or is_plain_number(typed) or s.graph.kind.quote(shown) is None
            worth = "" if plain or shown is None else f" (= {number(shown, '.6g')})"
            stuck = f" {keys.stuck()}" if outcome.stuck else ""
            self.say(f"{s.question(before)[:-1]}{typed}{worth}: {outcome.message}{stuck}", "red")
            return
        said = Text(visible(outcome.message), "green")
        self.query_one(RichLog).write(said)
        self.moved_on(said)

    def on_graph_tree_node_picked(self, event: GraphTree.NodePicked | GraphView.NodePicked) -> None:
        """Make the node picked in the tree or the graph view current, or say why not."""
        s = self.session
        reason = s.select(event.name)
        if reason:
            self.say(reason, "yellow")
        else:
            self.say(f"Now: {s.question()}", "cyan")
        self.query_one("#answer", Input).focus()

    on_graph_view_node_picked = on_graph_tree_node_picked  # by name: its module loads late

    def on_resize(self, event: events.Resize) -> None:
        """Fit the placeholder to the answer box; below the smallest size, say so."""
        notice = too_small(event.size.width, event.size.height)
        self.set_class(notice is not None, "-too-small")
        if notice is not None:
            self.query_one("#too-small", Static).update(notice)
        self.call_after_refresh(self.fit_placeholder)

    def fit_placeholder(self) -> None:
        """The answer box's placeholder, cut at whole clauses to the box's width."""
        box = self.query_one("#answer", Input)
        room = box.content_region.width - 1  # the cursor takes a cell
        if room > 0:
            box.placeholder = fit_hint(self.session.graph.kind.texts.answer_hint, room)

    # -- actions ------------------------------------------------------------------------

    def action_scroll(self, panel: str, pages: int) -> None:
        """Scroll the feedback or 'About this lesson' by pages, from the keyboard.

        In a short terminal, where 'About this lesson' is hidden, its keys show it in the
        feedback's place (and the feedback's keys bring the feedback back).
        """
        about = panel == "about"
        if self.has_class("-short"):
            if about != self.has_class("-show-about"):
                self.set_class(about, "-show-about")
                return
        target = self.query_one("#about" if about else "#feedback")
        if pages < 0:
            target.scroll_page_up(animate=False)
        else:
            target.scroll_page_down(animate=False)

    def action_hint(self) -> None:
        """Show the next hint tier for the current node."""
        hint = self.session.hint()
        if hint is None:
            return
        self.query_one(FeedbackLog).write_hint(hint)
        if hint.last:
            reveal = keys.key_for("reveal").shown
            self.say(f"That was the last hint for this node: {reveal} reveals the answer.", "dim")

    def action_reveal(self) -> None:
        """Reveal the current answer with its derivation (counts as revealed)."""
        if self.session.current is None:
            return
        text, _changed = self.session.reveal()
        panel = Panel(Text(visible(text)), title="Revealed", border_style="yellow")
        self.query_one(RichLog).write(panel)
        self.moved_on(panel)

    def action_numeric(self) -> None:
        """Show the finite-difference estimate for the current node."""
        text = self.session.numeric_check()
        if text:
            self.query_one(RichLog).write(
                Panel(Text(text), title="Numeric check", border_style="magenta")
            )

    async def action_switch_view(self) -> None:
        """Switch between the tree and the graph view; the app remembers the choice."""
        from tutor.app.screens.lesson_nudge import switch_view

        await switch_view(self)

    def action_export(self) -> None:
        """Ask the app for a picture of the current state."""
        self.post_message(self.ExportAsked(self))

    def action_export_steps(self) -> None:
        """Ask the app for the backward pass as pictures, one per step, and their page."""
        self.post_message(self.ExportAsked(self, steps=True))

    async def action_nudge(self) -> None:
        """Move every input by h·grad (h from the answer box) and show what changed."""
        from tutor.app.screens.lesson_nudge import nudge_inputs

        await nudge_inputs(self)

    def action_restart(self) -> None:
        """Ask the app to start this lesson over (it asks the learner first)."""
        self.post_message(self.RestartAsked(self))

    # -- helpers ------------------------------------------------------------------------

    def graph_view(self) -> GraphView | None:
        """The graph view, once it is made (its module is not imported before)."""
        found = self.query("#graphview")
        if not found:
            return None
        from tutor.app.widgets.graph_view import GraphView

        return found.first(GraphView)

    def show_saving(self, line: str) -> None:
        """The status line: answers not saved yet and why (``""``: hidden)."""
        if line == self.saving_line:  # polled every 0.25 s; an update lays the screen out
            return
        for status in self.query("#save-status").results(Static):  # none while composing
            status.update(line)
            status.display = bool(line)
            self.saving_line = line

    def say(self, message: str, style: str = "") -> None:
        """Add a line to the feedback log."""
        self.query_one(RichLog).write(Text(visible(message), style))

    def moved_on(self, said: RenderableType) -> None:
        """After an answer (``said`` about it): the next question, or the lesson's summary."""
        s = self.session
        if s.complete:
            from tutor.app.screens.lesson_nudge import offer

            self.say(offer(s), "cyan")
            self.post_message(self.Completed(self, said))
        elif s.current:
            self.say(f"Next: {s.question()}", "cyan")
