"""``backprop-tutor check``: every problem of lesson files and folders, one a line."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from tutor.authoring.check import _kind, check_file, lesson_paths
from tutor.commands.context import Context
from tutor.errors import ExitStatus, TutorError
from tutor.lesson.course import SUFFIXES, is_course_file
from tutor.lesson.yamlpos import capped
from tutor.notation import counted


def _by_name(text: str, ctx: Context) -> Path | None:
    """The lesson file a target names, or None when it is written as a path or names none.

    Names are found as every command finds them (``tutor.lesson.find.resolve``): the
    ``--lessons`` folders, the bundle, ``bundled:NAME``.
    """
    from tutor.lesson.find import BUNDLED, LessonNotFound, resolve

    if not text.startswith(BUNDLED) and ("/" in text or os.sep in text or text.endswith(SUFFIXES)):
        return None
    try:
        return resolve(text, ctx.lesson_dirs)
    except LessonNotFound:
        return None


def _targets(ctx: Context, paths: list[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Expand the command line: ``(shown name, file or None, error or None)`` per target.

    A target that is no file or folder but a lesson's name is that lesson (found as every
    command finds one); no target at all is every ``--lessons`` folder.

    Raises:
        TutorError: no target and no ``--lessons`` folder (usage); a name found twice.

    """
    if not paths and not ctx.lesson_dirs:
        raise TutorError("check needs a PATH (a lesson file or folder) or --lessons DIR",
                         ExitStatus.USAGE)  # fmt: skip
    seen: set[str] = set()
    for text in paths or [str(d) for d in ctx.lesson_dirs]:
        path = Path(text)
        found = _by_name(text, ctx) if _kind(path) == "missing" else None
        if found is not None:
            text, path = str(found), found
        if _kind(path) != "folder":
            real = os.path.realpath(path) if _kind(path) == "file" else text
            if real not in seen:
                seen.add(real)
                yield text, path, None
            continue
        try:
            files = lesson_paths(path)
        except OSError as exc:
            yield text, None, f"cannot read the folder ({exc.strerror or exc})"
            continue
        if not [f for f in files if not is_course_file(f)]:
            yield text, None, "no lesson files (*.yaml, *.yml) in this folder"
        for f in files:
            real = os.path.realpath(f)
            if real not in seen:
                seen.add(real)
                yield str(f), f, None


def main_check(ctx: Context, paths: list[str]) -> int:
    """Check lesson files, folders and named lessons; print every problem, then a summary line.

    Problems go to stdout, one a line; the summary goes to stderr when there are
    errors (``2 errors in 1 of 3 files``, ``, 1 warning`` added when there are some)
    and to stdout otherwise (``3 files checked, no problems`` or ``..., 2 warnings``).

    Returns:
        1 when any file has an error, else 0 (warnings alone do not fail).

    """
    files = errors = bad = warnings = 0
    for shown, path, error in _targets(ctx, paths):
        files += 1
        lines = [f"{shown}: error: {error}"] if path is None else check_file(path)
        for line in capped(lines):  # at most 50 a file, then "and N more"
            print(line)
        found = sum(": error: " in line for line in lines)
        errors += found
        warnings += len(lines) - found
        bad += bool(found)
    also = f", {counted(warnings, 'warning')}" if warnings else ""
    if errors:
        where = counted(files, "file") if files == 1 else f"{bad} of {counted(files, 'file')}"
        print(f"{counted(errors, 'error')} in {where}{also}", file=sys.stderr)
        return 1
    clean = "no problems" if not warnings else f"no errors{also}"
    print(f"{counted(files, 'file')} checked, {clean}")
    return 0
