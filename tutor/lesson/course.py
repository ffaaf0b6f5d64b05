"""Courses: a folder of lessons may hold ``course.yaml`` (a title and the lessons in order).

This module also knows what a lesson folder is (``--lessons DIR``): a folder with at least
one lesson file. ``read_course`` never raises (a broken ``course.yaml`` falls back to the
files by name); ``tutor.authoring.check`` reports what is wrong with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.errors import TutorError
from tutor.lesson import yaml_load, yamlpos
from tutor.lesson.yaml_traps import trap_hint

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


def lesson_stem(entry: str) -> str:
    """The file stem a ``lessons`` entry names: ``intro`` and ``intro.yaml`` both name ``intro``."""
    entry = entry.strip()
    return entry[: -len(Path(entry).suffix)] if Path(entry).suffix in SUFFIXES else entry


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


def course_data(folder: Path) -> dict[str, Any] | None:
    """``course.yaml`` of ``folder`` as data, or None when missing or unreadable."""
    course_path = folder / COURSE_FILE
    try:
        if not course_path.is_file() or course_path.stat().st_size > yaml_load.MAX_BYTES:
            return None
        data = yaml_load.load(course_path.read_text(encoding="utf-8")).data
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
        stem = lesson_stem(str(entry))
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


#: The keys of ``course.yaml``.
COURSE_KEYS = ("title", "lessons")


def check_course(course_path: Path) -> list[yamlpos.Problem]:
    """Every problem of a ``course.yaml``, each with its position; never raises.

    Errors: YAML syntax, unknown keys, wrong types, lesson names that match no file of the
    folder, lessons listed twice. Warnings: lessons of the folder the course leaves out
    (they come last, by name).
    """
    from tutor.messages import clip_repr, did_you_mean

    Problem, Pos = yamlpos.Problem, yamlpos.Pos
    try:
        with course_path.open("rb") as handle:
            raw = handle.read(yaml_load.MAX_BYTES + 1)
    except OSError as exc:
        return [Problem(Pos(1, 1), f"cannot read the file ({exc.strerror or exc})")]
    if len(raw) > yaml_load.MAX_BYTES:
        return [Problem(Pos(1, 1), f"file too large (over {yaml_load.MAX_BYTES} bytes)")]
    try:
        doc = yaml_load.load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return [Problem(Pos(1, 1), "file is not UTF-8 text")]
    except yamlpos.YamlProblem as exc:
        return [exc.problem]
    problems = list(doc.problems) + doc.warnings
    data = doc.data
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        example = "title: My course, then lessons: [first, second]"
        return problems + [
            Problem(doc.value(()), f"a course file is a mapping of keys ({example}), not {what}")
        ]
    for key in data:
        if key not in COURSE_KEYS:
            problems.append(
                Problem(doc.key((key,)), f"unknown key {key!r}{did_you_mean(key, COURSE_KEYS)}")
            )
    title = data.get("title")
    if "title" in data and (not isinstance(title, str) or not title.strip()):
        problems.append(
            Problem(
                doc.value(("title",)),
                f"'title' must be a non-empty text, not {clip_repr(title)}"
                f"{trap_hint(doc, ('title',), title)}",
            )
        )
    try:
        files = folder_lessons(course_path.parent)
    except OSError:
        files = []
    problems += _check_lessons(doc, data, files)
    return problems


def _check_lessons(
    doc: yamlpos.Doc, data: dict[str, Any], files: list[Path]
) -> list[yamlpos.Problem]:
    """The ``lessons`` list: names of the folder's files, once each; warn about the others."""
    from tutor.messages import clip_repr, did_you_mean

    Problem = yamlpos.Problem
    if "lessons" not in data:
        return []
    listed = data["lessons"]
    where = doc.value(("lessons",))
    if not isinstance(listed, list) or not listed:
        hint = ""
        if isinstance(listed, str) and "," in listed:
            names = ", ".join(n.strip() for n in listed.split(","))
            hint = f" (this is one text; write [{names}], or one '- name' a line)"
        return [
            Problem(
                where,
                f"'lessons' must be a list of lesson names, not {clip_repr(listed)}{hint}",
            )
        ]
    by_stem = {p.stem: p for p in files}
    problems: list[yamlpos.Problem] = []
    first: dict[str, yamlpos.Pos] = {}
    for i, entry in enumerate(listed):
        pos = doc.value(("lessons", i))
        if not isinstance(entry, str) or not entry.strip():
            problems.append(
                Problem(
                    pos,
                    f"each lesson is a file name such as 'intro', not {clip_repr(entry)}"
                    f"{trap_hint(doc, ('lessons', i), entry)}",
                )
            )
            continue
        stem = lesson_stem(entry)
        if is_course_file(Path(f"{stem}.yaml")):
            problems.append(
                Problem(pos, f"a course cannot list itself: {entry.strip()!r} is the course file")
            )
            continue
        if stem in first:
            problems.append(
                Problem(pos, f"lesson {entry!r} is listed twice (first at line {first[stem].line})")
            )
            continue
        first[stem] = pos
        if stem not in by_stem:
            hint = did_you_mean(stem, by_stem) or (
                f"; the folder has {', '.join(by_stem)}" if by_stem else "; the folder has none"
            )
            problems.append(Problem(pos, f"no lesson file {stem}.yaml in this folder{hint}"))
    left_out = [stem for stem in by_stem if stem not in first]
    if left_out:
        problems.append(
            Problem(
                doc.key(("lessons",)),
                f"the course leaves out {', '.join(left_out)} (shown after the listed lessons)",
                "warning",
            )
        )
    return problems
