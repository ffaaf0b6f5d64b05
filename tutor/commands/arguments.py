"""How the command line reads its arguments: values that start with a minus, whole numbers.

Also how a failure to load NumPy is said in one line (``why_not_loaded``).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from tutor.messages import clip_repr

#: A long option as people write one (``--json``, ``--seed=3``; every option has 3 letters
#: or more): unknown ones stay errors. ``--z`` or ``--4`` is an answer (minus minus z).
_LONG_OPTION = re.compile(r"--[A-Za-z][A-Za-z0-9-]{2,}(=.*)?", re.DOTALL)


class Parser(argparse.ArgumentParser):
    """argparse, but an unknown "option" that is no option word is a value.

    So an answer or an expression may start with a minus: ``grade LESSON x --4``,
    ``grade LESSON x -y``, ``practice --expr "-x*y"``. A known option (or its prefix) and
    a misspelt long option (``--jsn``) are read as argparse reads them.
    """

    def _parse_optional(self, arg_string: str) -> Any:
        found: Any = super()._parse_optional(arg_string)
        tuples = found if isinstance(found, list) else [found]  # a list from Python 3.12
        unknown = found is not None and all(t[0] is None for t in tuples)
        if unknown and not _LONG_OPTION.fullmatch(arg_string):
            return None
        return found


#: Most digits of a whole number on the command line (a seed, a level).
MAX_DIGITS = 18


def whole(text: str) -> int:
    """A whole number argument; a long or unreadable one is refused in one short line."""
    digits = text.strip().lstrip("+-")
    if len(digits) > MAX_DIGITS and digits.isdigit():
        raise argparse.ArgumentTypeError(
            f"{len(digits):,} digits is too many for a whole number (at most {MAX_DIGITS})"
        )
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {clip_repr(text)}") from None


def why_not_loaded(exc: ImportError) -> str:
    """The reason an import failed, short: its last clause, without the file's path."""
    text = str(exc).rsplit(": ", 1)[-1].strip() or type(exc).__name__
    if "map segment" in text or "memory" in text.lower():
        text += "; is a memory limit set, as with ulimit -v?"
    return clip_repr(text).strip("'\"") if len(text) > 120 else text
