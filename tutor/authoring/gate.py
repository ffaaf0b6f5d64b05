"""One rule for every command and the app: a lesson with ``check`` errors opens nowhere.

``run``, ``quiz``, ``solve``, ``export``, ``grade``, ``hints`` and the app's lesson screen
load a lesson through ``load_checked`` (or pass a loaded one through ``checked``): a wrong
``expected``, an unknown or constant ``ask`` node, an unused input, a bad placeholder, a
``randomize`` range that can hit a domain error are refused with ``check``'s own errors
(``LessonError``; the command line prints each and exits 1). Warnings do not block. A
course (a folder's ``course.yaml``) with errors is refused the same way where a course is
used: the lesson list of ``--lessons`` folders and ``quiz`` of a folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from tutor.authoring.check import check_lesson
from tutor.lesson.course import COURSE_FILE, check_course
from tutor.lesson.find import Lesson, LessonError, load


def checked(lesson: Lesson) -> Lesson:
    """``lesson`` itself when ``check`` finds no error in it.

    Raises:
        LessonError: every error ``check`` reports, each at its line and column.

    """
    errors = [p for p in check_lesson(lesson) if p.severity == "error"]
    if errors:
        raise LessonError(errors, lesson.path)
    return lesson


def load_checked(name_or_path: str | Path, lesson_dirs: Sequence[str | Path] = ()) -> Lesson:
    """Load a lesson as ``tutor.lesson.find.load`` does, then refuse it if ``check`` would.

    Raises:
        FileNotFoundError: no such lesson.
        LessonError: the file has problems, or ``check`` finds errors in it.

    """
    return checked(load(name_or_path, lesson_dirs))


def checked_courses(folders: Iterable[str | Path]) -> None:
    """Refuse a course whose ``course.yaml`` has ``check`` errors (the first such folder).

    Raises:
        LessonError: the course file's errors, each at its line and column.

    """
    for folder in folders:
        path = Path(folder) / COURSE_FILE
        if not path.is_file():
            continue
        errors = [p for p in check_course(path) if p.severity == "error"]
        if errors:
            raise LessonError(errors, str(path))
