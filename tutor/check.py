"""Lesson validation (placeholder until the check module lands)."""

from __future__ import annotations

from pathlib import Path


def check_file(path: Path) -> list[str]:
    """Formatted problems of one lesson file (empty when clean)."""
    from tutor.lesson import LessonError, load

    try:
        load(path)
    except LessonError as exc:
        return [p.format(str(path)) for p in exc.problems]
    return []


def main_check(paths: list[str]) -> int:
    """Check files or folders; print problems; exit 1 if any."""
    raise NotImplementedError
