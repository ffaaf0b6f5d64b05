"""The lesson list: every lesson with its size, summary and saved state; Enter opens one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tutor.answer_status import LessonState
from tutor.authoring.catalog import Entry, course_titles
from tutor.safe_text import one_line

if TYPE_CHECKING:
    from tutor.app.tutor_app import TutorApp


class LessonListScreen(Screen[None]):
    """Pick a lesson."""

    @dataclass
    class Picked(Message):
        """The learner picked a lesson that can open."""

        index: int
        """Its index in the app's lesson paths."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=True),
        Binding("s", "stats", "Stats"),
        Binding("f1", "app.help", "Help"),
    ]

    @property
    def tutor_app(self) -> TutorApp:
        """The app, typed (``self.app`` is ``App[Any]``)."""
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        """Title, table, hint line."""
        yield Header()
        yield Static(
            "Pick a lesson and press Enter. Start at the top if backprop is new to you.",
            id="list-intro",
        )
        yield DataTable(id="lessons", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Load and check every lesson, then fill the table."""
        self.title = "backprop-tutor"
        self.sub_title = one_line(" · ".join(course_titles(self.tutor_app.ctx.lesson_dirs)))
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.add_columns("#", "lesson", "nodes", "state", "about")
        ctx = self.tutor_app.ctx
        self.entries: list[Entry] = [ctx.entry(i) for i in range(len(ctx.paths))]
        for i, e in enumerate(self.entries):
            table.add_row(*self.row(i, e), key=str(i))
        table.focus()

    def row(self, i: int, e: Entry) -> tuple[str | Text, ...]:
        """One row: number, title, size, progress state, description or error."""
        if e.error:
            return (
                str(i + 1),
                Text(one_line(e.name), "red"),
                "-",
                Text(LessonState.BROKEN, "red"),
                Text(one_line(e.error), "red"),
            )
        title, summary = Text(one_line(e.title), "bold"), Text(one_line(e.summary))
        return (str(i + 1), title, str(e.size), self.state(i, e), summary)

    def state(self, i: int, e: Entry) -> Text:
        """``new``, ``in progress 3/7``, ``done`` with the best score, from the store."""
        p = self.tutor_app.ctx.store.lesson_progress(self.tutor_app.ctx.key_for(i))
        if p.status == LessonState.DONE:
            best = f" best {p.best_score:.0%}" if p.best_score is not None else ""
            return Text(f"{p.status}{best}", "green")
        if p.status == LessonState.STARTED:
            return Text(f"{p.status} {p.answered}/{p.total}", "yellow")
        return Text(p.status, "dim")

    def refresh_states(self) -> None:
        """Redraw the state column (after a lesson was played)."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        for i, e in enumerate(self.entries):
            if not e.error:
                table.update_cell(str(i), table.ordered_columns[3].key, self.state(i, e))

    @on(DataTable.RowSelected, "#lessons")
    def selected(self, event: DataTable.RowSelected) -> None:
        """Open the selected lesson."""
        self.open_index(int(str(event.row_key.value)))

    def action_stats(self) -> None:
        """Show the stats screen, drawn from the progress store."""
        from tutor.app.screens.stats import StatsScreen
        from tutor.progress.sink import NullStore
        from tutor.progress.store import ProgressError

        store = self.tutor_app.ctx.store
        stats = None
        problem: str | None = "progress is not being saved"
        if not isinstance(store, NullStore):
            try:
                stats, problem = store.stats(), None
            except ProgressError as exc:
                problem = exc.one_line()
        self.app.push_screen(StatsScreen(stats, problem))

    def action_open(self) -> None:
        """Open the lesson under the cursor."""
        self.open_index(self.query_one(DataTable).cursor_row)

    def open_index(self, i: int) -> None:
        """Open lesson ``i`` unless it is broken."""
        e = self.entries[i]
        if e.error:
            self.notify(e.error, title="This lesson has a problem", severity="error", markup=False)
            return
        self.post_message(self.Picked(i))
