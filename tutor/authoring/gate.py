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
from typing import TYPE_CHECKING

from tutor.authoring.check import check_lesson
from tutor.lesson.course import COURSE_FILE, check_course
from tutor.lesson.find import Lesson, LessonError, load

if TYPE_CHECKING:
    from tutor.authoring.check_cache import CheckCache


def checked(lesson: Lesson, cache: CheckCache | None = None) -> Lesson:
    """``lesson`` itself when ``check`` finds no error in it.

    With a ``cache``, a lesson whose very text was found clean before (under this tutor's
    code) is not checked again, and a clean one is remembered (``check_cache``).

    Raises:
        LessonError: every error ``check`` reports, each at its line and column.

    """
    key = None
    if cache is not None and lesson.doc is not None and lesson.doc.source:
        from tutor.authoring.check_cache import key_of

        key = key_of(lesson.doc.source)
        if cache.known(key):
            return lesson
    errors = [p for p in check_lesson(lesson) if p.severity == "error"]
    if errors:
        raise LessonError(errors, lesson.path)
    if key is not None and cache is not None:
        cache.add(key)
    return lesson


def load_checked(
    name_or_path: str | Path,
    lesson_dirs: Sequence[str | Path] = (),
    cache: CheckCache | None = None,
) -> Lesson:
    """Load a lesson as ``tutor.lesson.find.load`` does, then refuse it if ``check`` would.

    Raises:
        FileNotFoundError: no such lesson.
        LessonError: the file has problems, or ``check`` finds errors in it.

    """
    return checked(load(name_or_path, lesson_dirs), cache)


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
