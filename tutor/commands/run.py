"""``backprop-tutor run`` and ``quiz``: open the Textual app."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tutor.commands.context import Context
from tutor.errors import ExitStatus, TutorError

NO_TERMINAL = (
    "the tutor needs a terminal on stdin and stdout "
    "(to print a lesson's solution without one: backprop-tutor solve LESSON)"
)


def _terminal() -> bool:
    """Whether stdin and stdout are both terminals (a replaced or closed stream is not)."""
    for stream in (sys.stdin, sys.stdout):
        try:
            ok = stream is not None and stream.isatty()
        except (AttributeError, ValueError):  # replaced or closed stream
            ok = False
        if not ok:
            return False
    return True


def _require_terminal() -> None:
    """Refuse to start the app unless stdin and stdout are both terminals.

    Without one, Textual would wait for ever on input that never comes (reading an empty
    stdin at full speed) or draw into a pipe.

    Raises:
        TutorError: with ``ExitStatus.USAGE``, when either is not a terminal.

    """
    if not _terminal():
        raise TutorError(NO_TERMINAL, ExitStatus.USAGE)


def freeze_imported() -> None:
    """Once the app's modules are imported, leave what they made out of the collector's passes.

    Importing Textual, Rich and the tutor leaves some 41,000 tracked objects that live as long
    as the process; each full collection while the first screen is built would walk them all
    again (``gc.freeze`` moves them to the permanent generation; they are freed at exit).
    Only for the app on a terminal: a test's or a tool's process keeps collecting as before.
    """
    if _terminal():
        import gc

        gc.freeze()


def main_run(ctx: Context, lesson: str | None) -> int:
    """Open a lesson (or, with none, the lesson list) in the tutor; return the exit code.

    A broken lesson is reported first (it is built before the app starts); then the app
    refuses to start without a terminal.
    """
    from tutor.app.factory import make_app

    freeze_imported()
    app = make_app(lesson, lesson_dirs=ctx.lesson_dirs, data_dir=ctx.data_dir, seed=ctx.seed)
    _require_terminal()
    app.run()
    from tutor.progress.queued import report

    report(app.closing_note)  # answers kept for later, once the screen is back
    return app.return_code or 0


def main_quiz(ctx: Context, lessons: Sequence[str]) -> int:
    """A scored run through ``lessons`` (default: the course), fresh numbers where they may be."""
    from tutor.app.factory import make_quiz_app

    freeze_imported()
    app = make_quiz_app(
        list(lessons), lesson_dirs=ctx.lesson_dirs, data_dir=ctx.data_dir, seed=ctx.seed
    )
    _require_terminal()
    app.run()
    from tutor.progress.queued import report

    report(app.closing_note)  # answers kept for later, once the screen is back
    return app.return_code or 0
