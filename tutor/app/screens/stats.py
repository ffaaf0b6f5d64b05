"""The stats screen: accuracy per skill, answers per day and mistakes by kind, as charts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from tutor.progress.review import MISTAKE_NAMES
from tutor.progress.stats import Stats
from tutor.skills import TITLES, Skill


class StatsScreen(Screen[None]):
    """How the learner is doing, drawn from ``tutor.progress.stats`` (Escape goes back)."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def __init__(self, stats: Stats | None, problem: str | None = None) -> None:
        super().__init__()
        self.stats = stats
        self.problem = problem

    def compose(self) -> ComposeResult:
        """A summary line over three charts."""
        yield Static(self.summary(), id="stats-summary", markup=False)
        with Grid(id="stats-charts"):
            yield PlotextPlot(id="stats-skills")
            yield PlotextPlot(id="stats-days")
            yield PlotextPlot(id="stats-mistakes")
        yield Footer()

    def summary(self) -> str:
        """Answers, accuracy, median time, streak and cards due, in one line."""
        s = self.stats
        if s is None:
            return f"Stats are not available: {self.problem or 'no progress store'}"
        if not s.answers:
            return "No answers yet: open a lesson or practise, and come back."
        median = f"{s.median_seconds:.1f} s" if s.median_seconds is not None else "-"
        return (
            f"{s.answers} answers, {s.correct / s.answers:.0%} right · median {median} per answer"
            f" · streak {s.streak_days} day{'s' if s.streak_days != 1 else ''}"
            f" · {s.cards_due} card{'s' if s.cards_due != 1 else ''} due for review"
        )

    def on_mount(self) -> None:
        """Draw the charts from the stats."""
        s = self.stats
        titles = {skill.value: TITLES[skill] for skill in Skill}
        skills = self.query_one("#stats-skills", PlotextPlot).plt
        skills.title("accuracy per skill (%)")
        days = self.query_one("#stats-days", PlotextPlot).plt
        days.title("answers per day")
        mistakes = self.query_one("#stats-mistakes", PlotextPlot).plt
        mistakes.title("mistakes by kind")
        if s is None or not s.answers:
            return
        names = list(s.skills)[::-1]  # plotext draws the first bar at the bottom
        skills.bar(
            [titles.get(n, n) for n in names],
            [round(100 * s.skills[n].accuracy) for n in names],
            orientation="horizontal",
        )
        skills.xlim(0, 100)
        recent = list(s.answers_per_day.items())[-14:]
        days.bar([d[5:] for d, _ in recent], [n for _, n in recent], width=0.4)
        if s.mistakes:
            codes = list(s.mistakes)[:8][::-1]  # the most frequent on top
            mistakes.bar(
                [MISTAKE_NAMES.get(c, c) for c in codes],
                [s.mistakes[c] for c in codes],
                orientation="horizontal",
            )
