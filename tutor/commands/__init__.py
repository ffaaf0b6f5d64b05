"""The commands of ``backprop-tutor``: plain Python that prints, one module per family.

``tutor.cli`` parses the arguments and calls ``main_*`` here; errors are raised as
``tutor.errors.TutorError`` and turned into one line and an exit status by the CLI.
"""

from __future__ import annotations

import sys


def error_line(message: str) -> None:
    """Print ``backprop-tutor: error: message`` on stderr."""
    print(f"backprop-tutor: error: {message}", file=sys.stderr)
