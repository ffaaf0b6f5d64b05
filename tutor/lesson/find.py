"""Lesson files: finding them (bundled names, paths) and loading them into ``Lesson``.

The loader refuses anything that would stop the graph from being built (unknown or
missing keys, bad numbers, bad expressions, names used before they are defined) and
reports every such problem at once through ``LessonError``. Checks that need the
built graph (math domain errors, ``expected`` answers, unreachable statements) live
in ``tutor.authoring.check``. The model itself (``Lesson``, ``KEYS``, ``Tolerance`` ...) is in
``tutor.lesson.model``; ``Lesson`` and ``LessonError`` are also exported here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from tutor.errors import TutorError
from tutor.lesson import yaml_load
from tutor.lesson.course import SUFFIXES, folder_lessons, is_course_file, lesson_folder, read_course
from tutor.lesson.model import Lesson, LessonError
from tutor.lesson.yamlpos import Pos, Problem, YamlProblem
from tutor.messages import did_you_mean

__all__ = [
    "BUNDLED",
    "Lesson",
    "LessonError",
    "LessonNotFound",
    "bundled_dir",
    "bundled_names",
    "load",
    "loads",
    "resolve",
    "resolve_all",
]


# -- finding lessons -----------------------------------------------------------------

#: Prefix that picks the bundled lesson of a name (``bundled:relu-gate``).
BUNDLED = "bundled:"


class LessonNotFound(TutorError, FileNotFoundError):
    """No lesson has this name or path (also a ``FileNotFoundError``, as before)."""


def bundled_dir() -> Path:
    """The folder of bundled lessons (inside the installed package)."""
    import tutor.lessons as bundled  # mapped from lessons/ at install: mypy cannot see it

    return Path(bundled.__file__).parent


def bundled_names() -> list[str]:
    """Names of the bundled lessons, in curriculum order (``course.yaml``, else by name)."""
    return [p.stem for p in read_course(bundled_dir()).files]


def _is_path(text: str) -> bool:
    """Whether ``text`` is written as a path rather than a lesson name."""
    return "/" in text or os.sep in text or Path(text).suffix in SUFFIXES or text in (".", "..")


def _same(a: Path, b: Path) -> bool:
    """Whether two paths are the same file."""
    return os.path.realpath(a) == os.path.realpath(b)


def resolve(name_or_path: str | Path, lesson_dirs: Sequence[str | Path] = ()) -> Path:
    """The lesson file that ``name_or_path`` means: the one rule of every command and the app.

    A path (with a ``/`` or a ``.yaml``/``.yml`` suffix) is that file, always a lesson. A
    name is looked up in the ``--lessons`` folders in order, then in the bundle, then as
    ``NAME.yaml`` in the current folder; a name found in two places is an error that lists
    both and how to pick one (a path, or ``bundled:NAME``). ``bundled:NAME`` is the bundled
    lesson only.

    Raises:
        LessonNotFound: no such lesson (with the names that exist).
        TutorError: a bad ``--lessons`` folder, an ambiguous name, a folder or a
            ``course.yaml`` where a lesson was expected.

    """
    text = str(name_or_path)
    folders = [lesson_folder(d) for d in lesson_dirs]
    if text.startswith(BUNDLED):
        name = text[len(BUNDLED) :]
        candidate = bundled_dir() / f"{name}.yaml"
        if name and not _is_path(name) and candidate.is_file():
            return candidate
        names = bundled_names()
        raise LessonNotFound(f"no bundled lesson named {name!r}{did_you_mean(name, names)}")
    path = Path(text)
    if path.is_dir():
        raise TutorError(
            f"{text} is a folder, not a lesson: quiz it as a course (quiz {text}) "
            f"or list it (--lessons {text} list)"
        )
    if is_course_file(path):
        raise TutorError(
            f"{text} describes a course, not a lesson: quiz it (quiz {path.parent}) "
            f"or check it (check {text})"
        )
    if _is_path(text):
        if not path.is_file():
            raise LessonNotFound(f"no lesson file {text!r}")
        return path
    found: list[tuple[str, Path]] = []
    for folder in folders:
        for suffix in SUFFIXES:
            found.append((str(folder / f"{text}{suffix}"), folder / f"{text}{suffix}"))
    found.append((f"{BUNDLED}{text}", bundled_dir() / f"{text}.yaml"))
    found.append((f"./{text}.yaml", Path(f"{text}.yaml")))  # `new my-lesson`, `run my-lesson`
    found.append((f"./{text}", path))
    hits: list[tuple[str, Path]] = []
    for shown, candidate in found:
        if candidate.is_file() and not any(_same(candidate, p) for _, p in hits):
            hits.append((shown, candidate))
    if len(hits) == 1:
        return hits[0][1]
    if hits:
        where = " and ".join(shown for shown, _ in hits)
        raise TutorError(
            f"{text!r} names {len(hits)} lessons: {where}; pick one by writing it as shown"
        )
    names = list(bundled_names())
    for folder in folders:
        names += [p.stem for p in folder_lessons(folder) if p.stem not in names]
    extra = did_you_mean(text, names) or f"; lessons: {', '.join(names)}"
    raise LessonNotFound(f"no lesson named {text!r}{extra}")


def resolve_all(
    targets: Sequence[str | Path], lesson_dirs: Sequence[str | Path] = ()
) -> list[Path]:
    """Lesson files for ``quiz TARGET...``, repeats dropped.

    A folder or a ``course.yaml`` is its course (in ``course.yaml`` order); anything else
    is one lesson (``resolve``).

    Raises:
        LessonNotFound, TutorError: as ``resolve``; a folder without lessons.

    """
    out: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir() or (is_course_file(path) and path.is_file()):
            folder = path if path.is_dir() else path.parent
            files = read_course(lesson_folder(folder)).files
        else:
            files = [resolve(target, lesson_dirs)]
        out += [f for f in files if not any(_same(f, p) for p in out)]
    return out


def load(name_or_path: str | Path, lesson_dirs: Sequence[str | Path] = ()) -> Lesson:
    """Load a lesson by name or path (found by ``resolve``, with ``lesson_dirs``).

    Raises:
        FileNotFoundError: no such lesson.
        LessonError: the file has problems.

    """
    path = resolve(name_or_path, lesson_dirs)
    try:
        with path.open("rb") as handle:
            raw = handle.read(yaml_load.MAX_BYTES + 1)
    except OSError as exc:
        raise FileNotFoundError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > yaml_load.MAX_BYTES:
        raise LessonError(
            [Problem(Pos(1, 1), f"file too large (over {yaml_load.MAX_BYTES} bytes)")],
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
        doc = yaml_load.load(text)
    except YamlProblem as exc:
        raise LessonError([exc.problem], path) from None
    from tutor.lesson.reader import Reader

    return Reader(doc, name, path).read()
