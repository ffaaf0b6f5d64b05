"""Progress (answered / to answer) and the learner's tally."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tutor.session import Session

BAR_WIDTH = 20


class TallyBar(Static):
    """``Progress 3/7 ██████░░░░  right first time 2 · hints 1 · reveals 0``."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        self.session = session
        super().__init__(self.make_content(), id=id)

    def show(self) -> None:
        """Redraw from the session."""
        self.update(self.make_content())

    def make_content(self) -> Text:
        """Progress bar and tally."""
        s = self.session
        done, total = s.answered_count, len(s.asked)
        filled = round(BAR_WIDTH * done / total) if total else BAR_WIDTH
        t = s.tally
        text = Text("Progress ")
        text.append(f"{done}/{total} ", "bold")
        text.append("█" * filled, "green")
        text.append("░" * (BAR_WIDTH - filled), "dim")
        text.append(f"\nfirst try {t.first_try} · hints {t.hints} · ", "dim")
        text.append(f"reveals {t.reveals} · wrong {t.wrong}", "dim")
        return text
