"""Courses: a folder of lessons may hold ``course.yaml`` (a title and the lessons in order).

This module also knows what a lesson folder is (``--lessons DIR``): a folder with at least
one lesson file. ``read_course`` never raises (a broken ``course.yaml`` falls back to the
files by name); ``tutor.check`` reports what is wrong with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tutor import yamlpos
from tutor.errors import TutorError

COURSE_FILE = "course.yaml"
#: Suffixes of lesson files.
SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class Course:
    """A title and lesson files in order."""

    title: str
    """Shown above the lesson list."""
    files: list[Path] = field(default_factory=list)
    """Lesson files in course order."""
    folder: Path | None = None
    """The course's folder."""


def is_course_file(path: Path) -> bool:
    """Whether ``path`` names a course description (``course.yaml``), never a lesson."""
    return path.name == COURSE_FILE


def folder_lessons(folder: Path) -> list[Path]:
    """The lesson files of ``folder`` (``*.yaml``/``*.yml`` but ``course.yaml``), by name.

    Raises:
        OSError: the folder cannot be read.

    """
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in SUFFIXES and not is_course_file(p) and p.is_file()
    )


def lesson_folder(text: str | Path) -> Path:
    """Check a ``--lessons`` folder: it exists, is a folder and holds at least one lesson.

    Raises:
        TutorError: naming the path and what is wrong (exit 1).

    """
    path = Path(text)
    if not path.exists():
        raise TutorError(f"--lessons {text}: no such folder")
    if not path.is_dir():
        raise TutorError(f"--lessons {text}: not a folder (give the folder that holds lessons)")
    try:
        files = folder_lessons(path)
    except OSError as exc:
        raise TutorError(f"--lessons {text}: cannot read the folder ({exc.strerror})") from None
    if not files:
        raise TutorError(f"--lessons {text}: no lesson files (*.yaml, *.yml) in this folder")
    return path


def course_data(folder: Path) -> dict | None:
    """``course.yaml`` of ``folder`` as data, or None when missing or unreadable."""
    course_path = folder / COURSE_FILE
    try:
        if not course_path.is_file() or course_path.stat().st_size > yamlpos.MAX_BYTES:
            return None
        data = yamlpos.load(course_path.read_text(encoding="utf-8")).data
    except (OSError, UnicodeDecodeError, yamlpos.YamlProblem):
        return None
    return data if isinstance(data, dict) else None


def read_course(folder: Path) -> Course:
    """The course of ``folder``: ``course.yaml``'s order first, then any other lesson by name.

    A missing or unreadable ``course.yaml`` falls back to all lessons sorted by name.
    """
    try:
        files = folder_lessons(folder)
    except OSError:
        files = []
    title = folder.name
    data = course_data(folder)
    if data is None:
        return Course(title, files, folder)
    if isinstance(data.get("title"), str) and data["title"].strip():
        title = data["title"].strip()
    by_stem = {p.stem: p for p in files}
    ordered: list[Path] = []
    listed = data.get("lessons")
    for entry in listed if isinstance(listed, list) else []:
        stem = Path(str(entry)).stem
        if stem in by_stem and by_stem[stem] not in ordered:
            ordered.append(by_stem[stem])
    ordered += [p for p in files if p not in ordered]
    return Course(title, ordered, folder)


def course_key(path: Path, bundled: Path) -> str:
    """The progress key of lesson file ``path``: the stem, or ``RESOLVED_FOLDER/STEM``.

    A bundled lesson is keyed by its stem; any other by its resolved folder, so two
    folders with the same base name never share progress.
    """
    folder = Path(os.path.realpath(path.parent))
    if folder == Path(os.path.realpath(bundled)):
        return path.stem
    return f"{folder.as_posix()}/{path.stem}"


def legacy_key(path: Path) -> str:
    """The key older versions saved a non-bundled lesson under: ``FOLDER/STEM``."""
    return f"{path.parent.name}/{path.stem}"
