"""Errors every layer may raise, and the exit statuses the command line maps them to.

This module imports nothing of the tutor, so the core, the commands and the app can all
use it without depending on one another.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """The exit codes of ``backprop-tutor``."""

    OK = 0
    """Success."""
    ERROR = 1
    """A problem with a lesson, a file or the progress store."""
    USAGE = 2
    """The command was used wrongly (also: no terminal for the app)."""
    NO_DOT = 3
    """Graphviz's ``dot`` program is missing."""
    INTERRUPTED = 130
    """Stopped with ctrl+c."""


class TutorError(Exception):
    """A failure to report in one line, with the exit status to end with."""

    status: ExitStatus = ExitStatus.ERROR

    def __init__(self, message: str, status: ExitStatus | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status

    def one_line(self) -> str:
        """The message, as one line (what the command line prints after ``error:``)."""
        return " ".join(str(self).split("\n")[0].split()) or type(self).__name__
