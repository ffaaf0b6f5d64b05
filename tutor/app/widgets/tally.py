"""Progress (answered / to answer) and the learner's tally."""

from __future__ import annotations

from rich.text import Text

from tutor.app.widgets.session_panel import SessionPanel

BAR_WIDTH = 20


class TallyBar(SessionPanel):
    """``Progress 3/7 ██████░░░░`` over ``first try 2 · hints 1 · reveals 0 · wrong 1``.

    Where the tally's line does not fit (80 columns), ``wrong`` moves up beside a shorter
    bar, so no count is cut off.
    """

    def make_content(self) -> Text:
        """Progress bar and tally, fitted to the panel's width (unknown before its layout)."""
        s = self.session
        done, total = s.answered_count, len(s.asked)
        t = s.tally
        head = f"Progress {done}/{total} "
        counts = f"first try {t.first_try} · hints {t.hints} · reveals {t.reveals}"
        wrong = f"wrong {t.wrong}"
        room = self.room
        bar, above = BAR_WIDTH, ""
        if room and len(f"{counts} · {wrong}") > room:
            above = f" · {wrong}"
            bar = max(3, min(BAR_WIDTH, room - len(head) - len(above)))
        filled = round(bar * done / total) if total else bar
        text = Text("Progress ")
        text.append(f"{done}/{total} ", "bold")
        text.append("█" * filled, "green")
        text.append("░" * (bar - filled), "dim")
        if above:
            text.append(above, "dim")
            text.append(f"\n{counts}", "dim")
        else:
            text.append(f"\n{counts} · ", "dim")
            text.append(wrong, "dim")
        return text
