"""The lesson list: every lesson with its size, summary and saved state; Enter opens one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tutor.answer_status import LessonState
from tutor.authoring.catalog import Entry, course_titles
from tutor.lesson.find import BUNDLED, bundled_dir
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

    #: The columns: key, heading (the widths of ``lesson`` and ``about`` follow the screen).
    COLUMNS = (
        ("n", "#"),
        ("name", "run as"),
        ("lesson", "lesson"),
        ("nodes", "gradients"),  # how many the lesson asks (not its graph's size)
        ("state", "state"),
        ("about", "about"),
    )

    def on_mount(self) -> None:
        """Load and check every lesson, then fill the table."""
        self.title = "backprop-tutor"
        self.sub_title = one_line(" · ".join(course_titles(self.tutor_app.ctx.lesson_dirs)))
        ctx = self.tutor_app.ctx
        self.entries: list[Entry] = [ctx.entry(i) for i in range(len(ctx.paths))]
        self.names = cli_names(self.entries)
        self.fill(self.size.width)
        self.query_one(DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Cut the title and about columns to the new width (a cut text ends with ``…``)."""
        if getattr(self, "entries", None) is not None and event.size.width != self.filled_at:
            self.fill(event.size.width)

    def fill(self, width: int) -> None:
        """(Re)build the table for a screen ``width`` columns wide, keeping the cursor."""
        self.filled_at = width
        table: DataTable[str | Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        rows = [self.row(i, e) for i, e in enumerate(self.entries)]
        widths = {
            key: max([len(head)] + [len(r[k]) for r in rows])
            for k, (key, head) in enumerate(self.COLUMNS)
        }
        fixed = sum(w for key, w in widths.items() if key not in ("lesson", "about"))
        room = width - 2 * len(self.COLUMNS) - fixed - 2  # cell padding, scroll bar
        title_w = max(8, min(widths["lesson"], room * 2 // 5))
        about_w = max(8, room - title_w)
        columns: tuple[tuple[str, str], ...] = self.COLUMNS
        if room < NARROW:  # the title has the row: the about column would be a few cells
            columns = self.COLUMNS[:-1]
            title_w = max(8, min(widths["lesson"], room + 2))  # the about column's padding
        table.clear(columns=True)
        for key, head in columns:
            shown = {"lesson": title_w, "about": about_w}.get(key)
            table.add_column(head, key=key, width=shown)
        for i, r in enumerate(rows):
            cells = list(r)[: len(columns)]
            cells[2] = ellipsized(cells[2], title_w)
            if len(cells) > 5:
                cells[5] = ellipsized(cells[5], about_w)
            table.add_row(*cells, key=str(i))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def row(self, i: int, e: Entry) -> tuple[Text, ...]:
        """One row: number, CLI name, title, size, progress state, description or error."""
        name = Text(one_line(self.names[i]), "cyan")
        if e.error:
            return (
                Text(str(i + 1)),
                name,
                Text(one_line(e.name), "red"),
                Text("-"),
                Text(LessonState.BROKEN, "red"),
                Text(one_line(e.error), "red"),
            )
        title, summary = Text(one_line(e.title), "bold"), about_text(e.summary)
        return (Text(str(i + 1)), name, title, Text(str(e.size)), self.state(i, e), summary)

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
                table.update_cell(str(i), "state", self.state(i, e))

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


#: Below this many cells for the title and about columns, the about column is left out.
NARROW = 40


def about_text(summary: str) -> Text:
    """The about cell: the description's first line, its Markdown shown as text (bold)."""
    line = one_line(summary)
    if not any(mark in line for mark in "*_`["):
        return Text(line)
    from tutor.lesson.markdown import render  # markdown-it: only for a line that needs it

    return render(line)


def ellipsized(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells, a cut one ending in ``…`` (its style kept)."""
    if text.cell_len <= width:
        return text
    out = text.copy()
    out.truncate(width, overflow="ellipsis")
    return out


def cli_names(entries: list[Entry]) -> list[str]:
    """What ``backprop-tutor run`` takes for each lesson: its name, unless two share it.

    A name in two places is ambiguous to the CLI (``tutor.lesson.find.resolve``): then the
    bundled lesson is ``bundled:NAME`` and the other is its path.
    """
    from collections import Counter
    from os.path import realpath

    counts = Counter(e.name for e in entries)
    bundled = realpath(bundled_dir())
    names = []
    for e in entries:
        if counts[e.name] == 1:
            names.append(e.name)
        elif realpath(e.path.parent) == bundled:
            names.append(f"{BUNDLED}{e.name}")
        else:
            names.append(str(e.path))
    return names
