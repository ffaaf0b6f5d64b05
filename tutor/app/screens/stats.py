"""The stats screen: accuracy per skill, answers per day and mistakes by kind.

Accuracy and mistakes are bars of text, one row per bar under aligned labels
(``tutor.progress.bars``, as ``backprop-tutor stats`` prints them); answers per day is a
plotext chart whose count axis has whole-number ticks.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from tutor.app.fitting import pack
from tutor.notation import counted
from tutor.progress import bars
from tutor.progress.stats import Stats, mistake_bars, skill_bars

#: The mistakes chart with none: a wrong answer no misconception explains is not one.
NO_MISTAKES = "none named yet: only wrong answers the tutor can explain are counted here"


class BarChart(Static):
    """A titled chart of text bars that redraws them to its width."""

    def __init__(
        self, title: str, rows: list[bars.Bar], top: float | None, id: str, empty: str = "none yet"
    ) -> None:
        super().__init__(markup=False, id=id)
        self.border_title = title
        self.rows = rows
        self.top = top
        self.empty = empty
        """What the chart says with no rows."""

    def text_for(self, width: int) -> str:
        """The chart's rows at ``width`` columns (a line saying so when there are none)."""
        return "\n".join(bars.lines(self.rows, width, self.top)) or self.empty

    def on_resize(self, event: events.Resize) -> None:
        """Redraw the bars to the new width."""
        self.update(self.text_for(max(10, self.content_size.width)))


class StatsScreen(Screen[None]):
    """How the learner is doing, drawn from ``tutor.progress.stats`` (Escape goes back)."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def __init__(self, stats: Stats | None, problem: str | None = None) -> None:
        super().__init__()
        self.stats = stats
        self.problem = problem

    def compose(self) -> ComposeResult:
        """A summary line over three charts."""
        s = self.stats if self.stats is not None and self.stats.answers else None
        yield Static(self.summary(self.app.size.width), id="stats-summary", markup=False)
        with Grid(id="stats-charts"):
            with VerticalScroll(id="stats-skills-box"):
                yield BarChart(
                    "accuracy per skill",
                    skill_bars(s) if s else [],
                    top=1.0,
                    id="stats-skills",
                )
            yield PlotextPlot(id="stats-days")
            with VerticalScroll(id="stats-mistakes-box"):
                yield BarChart(
                    "mistakes by kind",
                    mistake_bars(s) if s else [],
                    None,
                    id="stats-mistakes",
                    empty=NO_MISTAKES,
                )
        yield Footer()

    def summary(self, width: int = 10_000) -> str:
        """Answers, accuracy, median time, streak and cards due, fitted to ``width``.

        One line, or lines broken between those phrases when the screen is too narrow.
        """
        s = self.stats
        if s is None:
            return f"Stats are not available: {self.problem or 'no progress store'}"
        if not s.answers:
            return "No answers yet: open a lesson or practise, and come back."
        median = f"{s.median_seconds:.1f} s" if s.median_seconds is not None else "-"
        parts = [
            f"{counted(s.answers, 'answer')}, {s.correct / s.answers:.0%} right",
            f"median {median} per answer",
            f"streak {counted(s.streak_days, 'day')}",
            f"{counted(s.cards_due, 'card')} due for review",
        ]
        return pack(parts, width - 2)  # the summary's padding

    def on_resize(self, event: events.Resize) -> None:
        """Break the summary again for the new width."""
        self.query_one("#stats-summary", Static).update(self.summary(event.size.width))

    def on_mount(self) -> None:
        """Draw the answers-per-day chart, its count axis in whole numbers."""
        s = self.stats
        days = self.query_one("#stats-days", PlotextPlot).plt
        days.title("answers per day")
        if s is None or not s.answers:
            return
        recent = list(s.answers_per_day.items())[-14:]
        counts = [n for _, n in recent]
        days.bar([d[5:] for d, _ in recent], counts, width=0.4)
        ticks = bars.whole_ticks(max(counts))
        days.yticks([float(t) for t in ticks], [str(t) for t in ticks])
        days.ylim(0, ticks[-1])
