"""``backprop-tutor list``: the lessons, one a line."""

from __future__ import annotations

from tutor.authoring.catalog import catalog
from tutor.commands.context import Context
from tutor.notation import count_noun


def main_list(ctx: Context) -> int:
    """Print each course's title (``# title``), then its lessons: name, size, title or error.

    The courses are the bundled one and each ``--lessons`` folder's (``ctx.lesson_dirs``).
    """
    course = None
    for e in catalog(ctx.lesson_dirs):
        if e.course != course:
            course = e.course
            print(f"# {course}")
        count, noun = count_noun(e.size, "gradient")  # "1 gradient", not "1 nodes"
        detail = f"ERROR {e.error}" if e.error else f"{count:>3d} {noun:9s}  {e.title}"
        print(f"{e.name:24s} {detail}")
    return 0
