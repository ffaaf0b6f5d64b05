"""``backprop-tutor review --list`` and ``stats``: what is due, and how it is going."""

from __future__ import annotations

import json
import sys

from tutor.commands.context import Context
from tutor.commands.progress import _open_for_cli
from tutor.progress.review import MISTAKE_NAMES
from tutor.skills import TITLES, Skill


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
    for c in cards:
        print(f"{c.card:28s} due {c.due:%Y-%m-%d %H:%M} UTC  {c.reason}")
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
    titles = {skill.value: TITLES[skill] for skill in Skill}
    print(f"{s.answers} answers, {s.correct / s.answers:.0%} right")
    median = f"{s.median_seconds:.1f} s" if s.median_seconds is not None else "-"
    days = "day" if s.streak_days == 1 else "days"
    print(f"median time per answer {median} · streak {s.streak_days} {days} · due {s.cards_due}")
    print()
    print("accuracy per skill")
    for name, k in s.skills.items():
        bar = "█" * round(k.accuracy * 20)
        print(f"  {titles.get(name, name):24s} {bar:20s} {k.accuracy:4.0%} of {k.answers}")
    if s.mistakes:
        print()
        print("mistakes by kind")
        names = {code: MISTAKE_NAMES.get(code, code) for code in s.mistakes}
        width = max(len(name) for name in names.values())
        for code, n in s.mistakes.items():
            print(f"  {names[code]:{width}s} {n}")
    print()
    print("answers per day")
    for day, n in list(s.answers_per_day.items())[-14:]:
        print(f"  {day}  {'▇' * min(n, 60)} {n}")
    return 0
