"""``backprop-tutor run`` and ``quiz``: open the Textual app."""

from __future__ import annotations

from collections.abc import Sequence


def main_run(
    lesson: str | None,
    lesson_dirs: Sequence[str],
    data_dir: str | None,
    seed: int | None,
) -> int:
    """Open a lesson (or, with none, the lesson list) in the tutor; return the exit code."""
    from tutor.app import make_app

    app = make_app(lesson, lesson_dirs=lesson_dirs, data_dir=data_dir, seed=seed)
    app.run()
    return app.return_code or 0


def main_quiz(
    lessons: Sequence[str],
    lesson_dirs: Sequence[str],
    data_dir: str | None,
    seed: int | None,
) -> int:
    """A scored run through ``lessons`` (default: the course) with fresh numbers."""
    from tutor.app import make_quiz_app

    app = make_quiz_app(list(lessons), lesson_dirs=lesson_dirs, data_dir=data_dir, seed=seed)
    app.run()
    return app.return_code or 0
