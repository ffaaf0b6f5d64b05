"""The catalogue of lessons: bundled ones plus instructors' folders, each checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.lesson.course import Course, lesson_folder, read_course
from tutor.lesson.find import LessonError, bundled_dir, load, loads


@dataclass(slots=True)
class Entry:
    """One lesson in the list: loaded, or the first problem that stops it."""

    name: str
    """The file's stem."""
    path: Path
    """The lesson file."""
    title: str
    """The lesson's title (the file name when it cannot be read)."""
    summary: str = ""
    """One line of description."""
    size: int = 0
    """Number of gradients the learner is asked (the nodes answered)."""
    error: str | None = None
    """The first problem ``check`` reports, or None when the lesson is fine."""
    course: str = ""
    """The title of the course the lesson is listed under."""


def entry_for(path: Path, text: str | None = None) -> Entry:
    """Load and check one lesson file for the list (the lesson is read once); never raises.

    ``text`` is the lesson's YAML when it lives in memory (a practice problem): then
    ``path`` only names it and is never read.
    """
    from tutor.authoring.check import check_file, check_lesson
    from tutor.graph.build import build

    try:
        lesson = load(path) if text is None else loads(text, name=path.stem, path=str(path))
    except (LessonError, OSError) as exc:
        if text is not None and isinstance(exc, LessonError):
            error = exc.one_line()  # no file to check: the reader's first problem
        else:
            problems = check_file(path)  # says what is wrong, in check's words
            error = problems[0] if problems else "unreadable"
        return Entry(path.stem, path, path.stem, error=error)
    if any(not isinstance(v, int | float) for v in lesson.inputs.values()):
        # A tensor lesson: counted without NumPy, so the list stays as quick as it was;
        # ``check`` and opening it report its problems.
        from tutor.lesson.tensor_inputs import asked_count

        return Entry(path.stem, path, lesson.title, lesson.summary, asked_count(lesson))
    found = [p for p in check_lesson(lesson) if p.severity == "error"]  # warnings do not block
    if found:
        return Entry(path.stem, path, path.stem, error=found[0].format(str(path)))
    from tutor.notation import num
    from tutor.teach.placeholders import fill

    graph = build(lesson)
    return Entry(path.stem, path, lesson.title, fill(lesson.summary, graph, num), len(graph.order))


def courses(lesson_dirs: Sequence[str | Path] = ()) -> list[Course]:
    """The bundled course, then each ``--lessons`` folder's course (cheap: no lesson is read).

    A lesson already listed by an earlier course is left out of the later ones.

    Raises:
        TutorError: a folder that is missing, not a folder, or holds no lesson.

    """
    folders = [lesson_folder(d) for d in lesson_dirs]
    out = [read_course(bundled_dir())]
    seen = set(out[0].files)
    for folder in folders:
        course = read_course(folder)
        course.files = [p for p in course.files if p not in seen]
        seen.update(course.files)
        out.append(course)
    return out


def lesson_paths(lesson_dirs: Sequence[str | Path] = ()) -> list[Path]:
    """Bundled lessons in course order, then each extra folder's lessons in its order (cheap).

    Raises:
        TutorError: a folder that is missing, not a folder, or holds no lesson.

    """
    return [p for course in courses(lesson_dirs) for p in course.files]


def course_titles(lesson_dirs: Sequence[str | Path] = ()) -> list[str]:
    """The titles of the courses listed (the bundled one first), for above the lesson list."""
    return [course.title for course in courses(lesson_dirs)]


def catalog(lesson_dirs: Sequence[str | Path] = ()) -> list[Entry]:
    """Every lesson of ``lesson_paths``, loaded and checked, with its course's title."""
    entries = []
    for course in courses(lesson_dirs):
        for path in course.files:
            entry = entry_for(path)
            entry.course = course.title
            entries.append(entry)
    return entries
