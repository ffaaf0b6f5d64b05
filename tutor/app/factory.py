"""The one factory of the app: ``make_app`` and ``make_quiz_app`` build it ready to run.

Shared by the CLI and the tests (``tutor.commands.run``, ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tutor.app.context import AppContext
from tutor.app.tutor_app import TutorApp
from tutor.authoring.catalog import lesson_paths
from tutor.authoring.gate import checked_courses
from tutor.lesson.cache_file import cache_path
from tutor.lesson.course import is_course_file
from tutor.lesson.find import resolve, resolve_all
from tutor.lesson.yaml_load import kept_in
from tutor.progress.db import data_path
from tutor.progress.sink import NullStore, ProgressSink


def open_store(data_dir: str | Path | None, keep_progress: bool) -> ProgressSink:
    """The progress store (writing through the write queue), or a ``NullStore``.

    A read-only data folder's store is used as it is: nothing is written there.
    """
    if not keep_progress:
        return NullStore()
    from tutor.progress.queued import QueuedStore
    from tutor.progress.store import Store

    store = Store.open(data_dir)
    return store if store.read_only else QueuedStore(store)


def make_app(
    lesson: str | Path | None = None,
    *,
    lesson_dirs: Sequence[str | Path] = (),
    data_dir: str | Path | None = None,
    seed: int | None = None,
    keep_progress: bool = True,
) -> TutorApp:
    """Build the app on the lesson list, or on ``lesson`` (a bundled name or a path).

    Raises:
        FileNotFoundError: no such lesson.
        LessonError: the lesson file has problems.
        GraphError: the lesson cannot be computed at its inputs.

    """
    data = data_path(data_dir)
    with kept_in(cache_path(data, "docs")):  # files read before come back without PyYAML
        checked_courses(lesson_dirs)
        paths = lesson_paths(lesson_dirs)
    store = open_store(data_dir, keep_progress)
    ctx = AppContext(
        paths, None, store, seed, [str(d) for d in lesson_dirs], notice=store.notice, data_dir=data
    )
    if lesson is not None:
        ctx.start = ctx.index_of(resolve(lesson, lesson_dirs))
        # build it now, so a broken lesson fails here in one line rather than inside the app
        ctx.prepare(ctx.start)
    return TutorApp(ctx)


def make_quiz_app(
    lessons: Sequence[str | Path] = (),
    *,
    lesson_dirs: Sequence[str | Path] = (),
    data_dir: str | Path | None = None,
    seed: int | None = None,
    keep_progress: bool = True,
) -> TutorApp:
    """Build a quiz through ``lessons`` (default: the course), each a randomized variant.

    Each of ``lessons`` is a lesson (``tutor.lesson.find.resolve``) or a course: a folder or its
    ``course.yaml``, quizzed in course order (``tutor.lesson.find.resolve_all``).

    Without a seed a fresh one is drawn, so every quiz has new numbers.
    """
    import random

    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    courses = [Path(t) if Path(t).is_dir() else Path(t).parent for t in lessons
               if Path(t).is_dir() or (is_course_file(Path(t)) and Path(t).is_file())]  # fmt: skip
    with kept_in(cache_path(data_path(data_dir), "docs")):
        checked_courses([*lesson_dirs, *courses])  # a course with check errors is refused
        paths = resolve_all(lessons, lesson_dirs) if lessons else lesson_paths(lesson_dirs)
    store = open_store(data_dir, keep_progress)
    ctx = AppContext(
        list(paths),
        0,
        store,
        seed,
        [str(d) for d in lesson_dirs],
        quiz=True,
        source="quiz",
        notice=store.notice,
        data_dir=data_path(data_dir),
    )
    for index in range(len(paths)):
        ctx.prepare(index)  # every quiz lesson must open: fail now, in one line
    return TutorApp(ctx)
