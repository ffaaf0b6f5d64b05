"""``backprop-tutor review --list`` and ``stats``: what is due, and how it is going."""

from __future__ import annotations

import json
import sys

from tutor.commands.context import Context
from tutor.commands.progress import _open_for_cli
from tutor.notation import counted


def main_review_list(ctx: Context) -> int:
    """Print the review cards due now (``--json``: ``[{"card", "skill", "due", "reason"}]``)."""
    with _open_for_cli(ctx.data_dir) as store:
        cards = store.due_cards()
    if ctx.json:
        sys.stdout.write(json.dumps([c.as_json() for c in cards], indent=2) + "\n")
        return 0
    if not cards:
        print("nothing is due for review; practise something new: backprop-tutor practice")
        return 0
    for c in cards:  # the reason names the card in words (its code is in --json)
        print(f"due {c.due:%Y-%m-%d %H:%M} UTC  {c.reason}")
    return 0


def main_stats(ctx: Context) -> int:
    """Print the learner's stats (``--json``: every number, for tools and the app)."""
    with _open_for_cli(ctx.data_dir) as store:
        s = store.stats()
    if ctx.json:
        sys.stdout.write(json.dumps(s.as_json(), indent=2) + "\n")
        return 0
    if not s.answers:
        print("no answers yet; start with: backprop-tutor")
        return 0
    import shutil

    from tutor.progress import bars
    from tutor.progress.stats import day_bars, mistake_bars, skill_bars

    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    print(f"{counted(s.answers, 'answer')}, {s.correct / s.answers:.0%} right")
    median = f"{s.median_seconds:.1f} s" if s.median_seconds is not None else "-"
    streak = counted(s.streak_days, "day")
    print(f"median time per answer {median} · streak {streak} · {counted(s.cards_due, 'card')} due")
    sections = [
        ("accuracy per skill", bars.lines(skill_bars(s), width - 2, top=1.0)),
        ("mistakes by kind", bars.lines(mistake_bars(s, most=len(s.mistakes)), width - 2)),
        ("answers per day", bars.lines(day_bars(s), width - 2)),
    ]
    for title, rows in sections:
        if rows:
            print()
            print(title)
            for row in rows:
                print(f"  {row}".rstrip())
    return 0
