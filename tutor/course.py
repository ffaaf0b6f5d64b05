"""Courses: a folder of lessons may hold ``course.yaml`` (a title and the lessons in order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor import yamlpos

COURSE_FILE = "course.yaml"


@dataclass(slots=True)
class Course:
    """A title and lesson files in order."""

    title: str
    """Shown above the lesson list."""
    files: list[Path] = field(default_factory=list)
    """Lesson files in course order."""


def read_course(folder: Path) -> Course:
    """The course of ``folder``: ``course.yaml``'s order first, then any other lesson by name.

    A missing or unreadable ``course.yaml`` falls back to all lessons sorted by name.
    """
    files = sorted(
        p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.name != COURSE_FILE
    )
    title = folder.name
    course_path = folder / COURSE_FILE
    if not course_path.is_file():
        return Course(title, files)
    try:
        data = yamlpos.load(course_path.read_text(encoding="utf-8")).data
    except (OSError, UnicodeDecodeError, yamlpos.YamlProblem):
        return Course(title, files)
    if not isinstance(data, dict):
        return Course(title, files)
    if isinstance(data.get("title"), str):
        title = data["title"]
    by_stem = {p.stem: p for p in files}
    ordered: list[Path] = []
    listed = data.get("lessons")
    for entry in listed if isinstance(listed, list) else []:
        stem = Path(str(entry)).stem
        if stem in by_stem and by_stem[stem] not in ordered:
            ordered.append(by_stem[stem])
    ordered += [p for p in files if p not in ordered]
    return Course(title, ordered)
