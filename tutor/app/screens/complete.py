"""End of a lesson (tally and what next) and end of a quiz (scores)."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from tutor.app.context import QuizResult
from tutor.safe_text import one_line
from tutor.session import Session


class CompleteScreen(ModalScreen[str]):
    """``Lesson complete`` with the tally; dismisses with a choice.

    The choices: next, restart, list, train (a lesson with ``train``) or stay.
    Escape (or "Stay") keeps the learner in the finished lesson, to look at the graph and
    the table; Enter there brings this summary back.
    """

    BINDINGS = [
        Binding("n", "choose('next')", "Next lesson"),
        Binding("r", "choose('restart')", "Restart"),
        Binding("l", "choose('list')", "Lesson list"),
        Binding("t", "choose('train')", "Train"),
        Binding("escape,s", "choose('stay')", "Stay"),
    ]

    def __init__(
        self,
        session: Session,
        has_next: bool,
        quiz: bool = False,
        closing: RenderableType | None = None,
        practice: bool = False,
    ) -> None:
        super().__init__()
        self.practice = practice
        """A generated problem (practice, review): its words are a problem's, not a lesson's."""
        self.session = session
        self.has_next = has_next
        self.quiz = quiz
        self.closing = closing
        """The feedback on the last answer (a revealed derivation stays readable here)."""
        self.trains = not quiz and session.graph.lesson.train is not None
        """The lesson has a train view (offered as a choice; not in a quiz)."""

    def compose(self) -> ComposeResult:
        """The tally and the choices."""
        s = self.session
        t = s.tally
        points, possible = s.score()
        with Vertical(id="dialog"):
            done = "Problem solved" if self.practice else "Lesson complete"
            yield Label(done, id="complete-title")
            yield Label(Text(one_line(s.graph.lesson.title)))
            if self.closing is not None:
                yield Static(self.closing, id="closing")
            yield Label(
                f"{len(s.asked)} gradients · right first time {t.first_try} · "
                f"hints {t.hints} · reveals {t.reveals} · wrong tries {t.wrong}"
            )
            mistakes = s.mistake_summary()
            if mistakes:
                listed = ", ".join(f"{name} \u00d7{n}" for name, n in mistakes)
                yield Label(Text(f"Mistakes: {listed}"), id="mistakes")
            yield Label(
                f"Score {points:.2f} / {possible:.0f}: one point a gradient; a hint costs 0.25, "
                "a wrong try 0.1 (at least 0.25 once you find it); a revealed answer scores 0."
            )
            short = self.trains  # five buttons on one row: their short names
            with Horizontal(id="buttons", classes="-five" if short else ""):
                if self.has_next:  # only what works: no next after the last lesson
                    label = "Next in quiz (n)" if self.quiz else "Next lesson (n)"
                    label = "Next problem (n)" if self.practice else label
                    yield Button("Next (n)" if short else label, variant="success", id="next")
                if not self.quiz:
                    yield Button("Restart (r)", id="restart")
                if self.trains:
                    yield Button("Train (t)", variant="primary", id="train")
                # the whole quiz: its last lesson leads to the scores (n or l)
                ends = "End the quiz (l)" if self.has_next else "See the quiz scores (n)"
                # practice: the list holds the problems drawn so far
                problems = "Problem list (l)" if self.practice else "Lesson list (l)"
                list_label = ends if self.quiz else problems
                yield Button("List (l)" if short else list_label, id="list")
                yield Button("Stay (s)" if short else "Stay here (Esc)", id="stay")

    def on_mount(self) -> None:
        """Focus the most likely choice."""
        self.query_one("#next" if self.has_next else "#list", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        """Dismiss with the button's choice."""
        self.dismiss(event.button.id or "list")

    def action_choose(self, choice: str) -> None:
        """Choose from the keyboard."""
        if choice == "next" and not self.has_next:
            if self.quiz:  # the last lesson of a quiz: next are the scores
                self.dismiss("list")
            return
        if (choice == "restart" and self.quiz) or (choice == "train" and not self.trains):
            return
        self.dismiss(choice)


class QuizSummaryScreen(ModalScreen[None]):
    """Scores per lesson and in total."""

    BINDINGS = [Binding("escape,enter,q", "app.quit", "Quit")]

    def __init__(self, results: list[QuizResult]) -> None:
        super().__init__()
        self.results = results

    def compose(self) -> ComposeResult:
        """A table of results and the total."""
        with Vertical(id="dialog"):
            yield Label("Quiz complete", id="complete-title")
            table: DataTable[str | Text] = DataTable(id="quiz-table", cursor_type="none")
            table.can_focus = False  # so Enter reaches the screen's quit binding
            yield table
            points = sum(r.points for r in self.results)
            possible = sum(r.possible for r in self.results)
            percent = 100 * points / possible if possible else 0
            yield Label(f"Total {points:.2f} / {possible:.0f}  ({percent:.0f}%)", id="quiz-total")
            yield Label("Press Enter to quit.")

    def on_mount(self) -> None:
        """Fill the table."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.add_columns("lesson", "score", "hints", "revealed")
        for r in self.results:
            title = Text(one_line(r.title))
            score = f"{r.points:.2f} of {r.possible:.0f}"
            table.add_row(title, score, str(r.hints), str(r.reveals))
