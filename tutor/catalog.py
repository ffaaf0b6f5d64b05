"""The catalogue of lessons: bundled ones plus instructors' folders, each checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.course import read_course
from tutor.lesson import LessonError, bundled_dir, load


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
    """Number of nodes the learner answers."""
    error: str | None = None
    """The first problem ``check`` reports, or None when the lesson is fine."""


def entry_for(path: Path) -> Entry:
    """Load and check one lesson file for the list (the lesson is read once); never raises."""
    from tutor.check import check_file, check_lesson
    from tutor.graph import build

    try:
        lesson = load(path)
    except (LessonError, OSError):
        problems = check_file(path)  # says what is wrong, in check's words
        return Entry(path.stem, path, path.stem, error=problems[0] if problems else "unreadable")
    if any(not isinstance(v, int | float) for v in lesson.inputs.values()):
        # A tensor lesson: counted without NumPy, so the list stays as quick as it was;
        # ``check`` and opening it report its problems.
        from tutor.tensor_lesson import asked_count

        return Entry(path.stem, path, lesson.title, lesson.summary, asked_count(lesson))
    problems = check_lesson(lesson)
    if problems:
        return Entry(path.stem, path, path.stem, error=problems[0].format(str(path)))
    return Entry(path.stem, path, lesson.title, lesson.summary, len(build(lesson).order))


def lesson_paths(lesson_dirs: Sequence[str | Path] = ()) -> list[Path]:
    """Bundled lessons in course order, then each extra folder's lessons in its order (cheap)."""
    files: list[Path] = list(read_course(bundled_dir()).files)
    for folder in lesson_dirs:
        files += [p for p in read_course(Path(folder)).files if p not in files]
    return files


def catalog(lesson_dirs: Sequence[str | Path] = ()) -> list[Entry]:
    """Every lesson of ``lesson_paths``, loaded and checked."""
    return [entry_for(p) for p in lesson_paths(lesson_dirs)]


def main_list(lesson_dirs: Sequence[str]) -> int:
    """Print the lessons, one a line: name, size, title (or the error)."""
    for e in catalog(lesson_dirs):
        detail = f"ERROR {e.error}" if e.error else f"{e.size:3d} nodes  {e.title}"
        print(f"{e.name:24s} {detail}")
    return 0
