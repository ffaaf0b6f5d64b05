"""``backprop-tutor check``: every problem of lesson files and folders, one a line."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from tutor.authoring.check import _kind, check_file, lesson_paths
from tutor.lesson.course import is_course_file

#: How ``check_file`` marks a warning (``PATH:LINE:COL: warning: ...``).


def _targets(paths: list[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Expand the command line: ``(shown name, file or None, error or None)`` per target."""
    seen: set[str] = set()
    for text in paths:
        path = Path(text)
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


def _plural(n: int, word: str) -> str:
    """Return ``1 file``, ``2 files``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def main_check(paths: list[str]) -> int:
    """Check lesson files and folders; print every problem, then a summary line.

    Problems go to stdout, one a line; the summary goes to stderr when there are
    errors (``2 errors in 1 of 3 files``, ``, 1 warning`` added when there are some)
    and to stdout otherwise (``3 files checked, no problems`` or ``..., 2 warnings``).

    Returns:
        1 when any file has an error, else 0 (warnings alone do not fail).

    """
    files = errors = bad = warnings = 0
    for shown, path, error in _targets(paths):
        files += 1
        lines = [f"{shown}: error: {error}"] if path is None else check_file(path)
        for line in lines:
            print(line)
        found = sum(": error: " in line for line in lines)
        errors += found
        warnings += len(lines) - found
        bad += bool(found)
    also = f", {_plural(warnings, 'warning')}" if warnings else ""
    if errors:
        where = _plural(files, "file") if files == 1 else f"{bad} of {_plural(files, 'file')}"
        print(f"{_plural(errors, 'error')} in {where}{also}", file=sys.stderr)
        return 1
    clean = "no problems" if not warnings else f"no errors{also}"
    print(f"{_plural(files, 'file')} checked, {clean}")
    return 0
