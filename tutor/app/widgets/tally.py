"""Progress (answered / to answer) and the learner's tally."""

from __future__ import annotations

from rich.text import Text

from tutor.app.widgets.session_panel import SessionPanel

BAR_WIDTH = 20


class TallyBar(SessionPanel):
    """``Progress 3/7 ██████░░░░  right first time 2 · hints 1 · reveals 0``."""

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
