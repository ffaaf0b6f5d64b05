"""``backprop-tutor list``: the lessons, one a line."""

from __future__ import annotations

from collections.abc import Sequence

from tutor.authoring.catalog import catalog


def main_list(lesson_dirs: Sequence[str]) -> int:
    """Print each course's title (``# title``), then its lessons: name, size, title or error."""
    course = None
    for e in catalog(lesson_dirs):
        if e.course != course:
            course = e.course
            print(f"# {course}")
        detail = f"ERROR {e.error}" if e.error else f"{e.size:3d} nodes  {e.title}"
        print(f"{e.name:24s} {detail}")
    return 0
