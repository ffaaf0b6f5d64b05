"""Lesson files: finding them (bundled names, paths) and loading them into ``Lesson``.

The loader refuses anything that would stop the graph from being built (unknown or
missing keys, bad numbers, bad expressions, names used before they are defined) and
reports every such problem at once through ``LessonError``. Checks that need the
built graph (math domain errors, ``expected`` answers, unreachable statements) live
in ``tutor.check``. The model itself is in ``tutor.lesson_model`` (re-exported here).
"""

from __future__ import annotations

from pathlib import Path

from tutor import yamlpos
from tutor.lesson_model import (
    DEFAULT_ABS,
    DEFAULT_REL,
    KEYS,
    REQUIRED,
    Expected,
    Lesson,
    LessonError,
    Statement,
    Tolerance,
)
from tutor.text import did_you_mean
from tutor.yamlpos import Pos, Problem

__all__ = [
    "DEFAULT_ABS",
    "DEFAULT_REL",
    "Expected",
    "KEYS",
    "Lesson",
    "LessonError",
    "REQUIRED",
    "Statement",
    "Tolerance",
    "bundled_dir",
    "bundled_names",
    "load",
    "loads",
    "resolve",
]


# -- finding lessons -----------------------------------------------------------------


def bundled_dir() -> Path:
    """The folder of bundled lessons (inside the installed package)."""
    import tutor.lessons

    return Path(tutor.lessons.__file__).parent


def bundled_names() -> list[str]:
    """Names of the bundled lessons, in curriculum order (``course.yaml``, else by name)."""
    folder = bundled_dir()
    from tutor.course import read_course

    return [p.stem for p in read_course(folder).files]


def resolve(name_or_path: str) -> Path:
    """A lesson path from a path or a bundled lesson's name.

    Raises:
        FileNotFoundError: with a message listing what exists.

    """
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise FileNotFoundError(f"no lesson file {name_or_path!r}")
        return path
    candidate = bundled_dir() / f"{name_or_path}.yaml"
    if candidate.is_file():
        return candidate
    local = Path(f"{name_or_path}.yaml")
    if local.is_file():  # `new my-lesson` then `run my-lesson`
        return local
    names = bundled_names()
    extra = did_you_mean(name_or_path, names) or f"; bundled lessons: {', '.join(names)}"
    raise FileNotFoundError(f"no lesson named {name_or_path!r}{extra}")


def load(name_or_path: str | Path) -> Lesson:
    """Load a lesson by bundled name or path.

    Raises:
        FileNotFoundError: no such lesson.
        LessonError: the file has problems.

    """
    path = resolve(str(name_or_path))
    try:
        with path.open("rb") as handle:
            raw = handle.read(yamlpos.MAX_BYTES + 1)
    except OSError as exc:
        raise FileNotFoundError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > yamlpos.MAX_BYTES:
        raise LessonError(
            [Problem(Pos(1, 1), f"file too large (over {yamlpos.MAX_BYTES} bytes)")],
            str(path),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LessonError([Problem(Pos(1, 1), "file is not UTF-8 text")], str(path)) from None
    return loads(text, name=path.stem, path=str(path))


def loads(text: str, name: str = "lesson", path: str = "<lesson>") -> Lesson:
    """Load a lesson from YAML text.

    Raises:
        LessonError: every problem found, each with its line and column.

    """
    try:
        doc = yamlpos.load(text)
    except yamlpos.YamlProblem as exc:
        raise LessonError([exc.problem], path) from None
    from tutor.lesson_reader import Reader

    return Reader(doc, name, path).read()
