"""Progress (answered / to answer) and the learner's tally."""

from __future__ import annotations

from rich.text import Text

from tutor.app.widgets.session_panel import SessionPanel

BAR_WIDTH = 20
#: The shortest bar drawn.
MIN_BAR = 3
#: Between the tally's counts.
SEP = " · "


def fit_items(items: list[str], room: int) -> str:
    """The items joined by ``SEP``, as many (from the first) as fit in ``room`` cells.

    An ellipsis after them says some were left out. ``room`` 0 (not laid out yet): all.
    """
    text = SEP.join(items)
    if not room or len(text) <= room:
        return text
    kept = items[0]
    for item in items[1:]:
        if len(kept + SEP + item + " …") > room:
            break
        kept += SEP + item
    return kept + " …" if len(kept + " …") <= room else kept


class TallyBar(SessionPanel):
    """``Progress 3/7 ██████░░░░`` over ``first try 2 · hints 1 · reveals 0 · wrong 1``.

    Where the tally's line does not fit (80 columns), ``wrong`` moves up beside a shorter
    bar, so no count is cut off. Narrower still (60 columns), the first line drops its word
    ``Progress`` (then ``wrong``, first on the second line), so it stays one line; the
    second line keeps the counts that fit and ends in an ellipsis.
    """

    def make_content(self) -> Text:
        """Progress bar and tally, fitted to the panel's width (unknown before its layout)."""
        s = self.session
        done, total = s.answered_count, len(s.asked)
        t = s.tally
        word = "Progress "
        counts = [f"first try {t.first_try}", f"hints {t.hints}", f"reveals {t.reveals}"]
        wrong = f"wrong {t.wrong}"
        room = self.room
        bar, above, below = BAR_WIDTH, "", [*counts, wrong]
        if room and len(SEP.join(below)) > room:
            above, below = f"{SEP}{wrong}", counts
            if len(f"{word}{done}/{total} ") + MIN_BAR + len(above) > room:
                word = ""  # the bar says what it is
            if len(f"{done}/{total} ") + MIN_BAR + len(above) > room:
                above, below = "", [wrong, *counts]
            bar = max(MIN_BAR, min(BAR_WIDTH, room - len(f"{word}{done}/{total} ") - len(above)))
        filled = round(bar * done / total) if total else bar
        text = Text(word)
        text.append(f"{done}/{total} ", "bold")
        text.append("█" * filled, "green")
        text.append("░" * (bar - filled), "dim")
        text.append(above, "dim")
        second = f"\n{fit_items(below, room)}"
        if second.endswith(wrong) and not above:  # the wrong count in a span of its own
            second = second[: -len(wrong)]
            text.append(second, "dim")
            text.append(wrong, "dim")
        else:
            text.append(second, "dim")
        return text
