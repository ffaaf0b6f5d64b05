"""What the app does with a bug of ours: the details go to a log file, the learner goes on.

If grading an answer ever raises (it should not: ``tests/test_fuzz.py`` throws tens of
thousands of random answers at it), the lesson screen says "internal error, not counted"
and the app appends the traceback to ``errors.log`` in the data folder, instead of
printing a traceback over the screen and exiting.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

#: The log file's name, in the data folder.
LOG_NAME = "errors.log"
#: Largest log kept: past it, the file starts over (a loop of errors cannot fill a disk).
MAX_LOG_BYTES = 1_000_000


def log_internal_error(folder: Path | None, what: str, error: BaseException) -> Path | None:
    """Append ``what`` and the traceback of ``error`` to ``errors.log`` in ``folder``.

    Returns:
        The log file, or None when there is no folder or it cannot be written (the
        learner is told anyway; nothing here may raise).

    """
    if folder is None:
        return None
    path = folder / LOG_NAME
    details = "".join(traceback.format_exception(error))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists() or path.stat().st_size > MAX_LOG_BYTES
        with path.open("w" if fresh else "a", encoding="utf-8") as handle:
            handle.write(f"--- {stamp} {what}\n{details}\n")
    except OSError:
        return None
    return path
