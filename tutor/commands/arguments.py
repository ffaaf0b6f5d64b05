"""How the command line reads its arguments: values that start with a minus, whole numbers.

Also how a failure to load NumPy is said in one line (``why_not_loaded``).
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from tutor.messages import clip, clip_repr, did_you_mean

#: A long option as people write one (``--json``, ``--seed=3``; every option has 3 letters
#: or more): unknown ones stay errors. ``--z`` or ``--4`` is an answer (minus minus z).
_LONG_OPTION = re.compile(r"--[A-Za-z][A-Za-z0-9-]{2,}(=.*)?", re.DOTALL)


class Parser(argparse.ArgumentParser):
    """argparse, with one reading of every argument and every error in one line.

    - A ``--word`` of 3 letters or more is always an option: a known one (or its prefix),
      or an unknown one, which is an error naming it (``--jsn``: did you mean ``--json``?).
    - Any other argument that starts with a minus and is no option is a value, so an
      answer or an expression may start with one: ``grade LESSON x --4``, ``grade LESSON x
      -y``, ``practice --expr "-x*y"``.
    - After a lone ``--`` every argument is a value: ``grade LESSON x -- --x1w1``.

    So ``grade LESSON x --x1w1`` is refused, saying where such an answer goes (it was
    refused as "the answer is missing"). An error is one line, ``PROG: error: ...``, exit
    2, instead of argparse's usage block (``--help`` shows the usage).
    """

    def _parse_optional(self, arg_string: str) -> Any:
        found: Any = super()._parse_optional(arg_string)
        if self._unknown(found) and not _LONG_OPTION.fullmatch(arg_string):
            return None
        return found

    @staticmethod
    def _unknown(found: Any) -> bool:
        """Whether argparse read an argument as an option that no action takes."""
        tuples = found if isinstance(found, list) else [found]  # a list from Python 3.12
        return found is not None and all(t[0] is None for t in tuples)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse ``args``; any argument left over is an error of this parser (a command's).

        (``parse_args`` refuses leftovers anyway; refused here, the line names the command.)
        """
        self._args = list(sys.argv[1:] if args is None else args)
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self._full = True  # every value was given: an unknown option is no value
            self.error(f"unrecognized arguments: {clip(shlex.join(extras), 60)}")
        return parsed, extras

    def unknown_options(self, args: Sequence[str]) -> list[str]:
        """The ``--word`` arguments that are no option of this parser.

        Those before a lone ``--`` and, in a parser of commands, before the command (what
        follows it is the command's to read).
        """
        commands = any(a.nargs == argparse.PARSER for a in self._actions)
        found: list[str] = []
        takes_value = False
        for arg in args:
            if arg == "--" or (commands and not takes_value and not arg.startswith("-")):
                break
            known = self._option_string_actions.get(arg)
            takes_value = known is not None and known.nargs != 0
            if _LONG_OPTION.fullmatch(arg) and self._unknown(super()._parse_optional(arg)):
                found.append(arg)
        return found

    def _as_value(self, args: list[str], word: str) -> str:
        """How to pass ``word`` as a value: after ``=`` of its option, or after ``--``."""
        at = args.index(word)
        before = self._option_string_actions.get(args[at - 1]) if at else None
        if before is not None and before.nargs != 0:  # the value of the option before it
            how, moved = "after =", [*args[: at - 1], f"{args[at - 1]}={word}", *args[at + 1 :]]
        elif not getattr(self, "_full", False) and any(
            not a.option_strings and a.nargs != argparse.PARSER for a in self._actions
        ):
            how, moved = "after a lone --", [a for a in args if a not in (word, "--")]
            moved += ["--", word]
        else:  # no value here could start with --
            return ""
        command = shlex.join([*self.prog.split(), *moved])
        return f"; a value that starts with -- goes {how}: {clip(command, 100)}"

    def error(self, message: str) -> NoReturn:
        """Print one line, ``PROG: error: MESSAGE``, and exit 2 (no usage block)."""
        args: list[str] = getattr(self, "_args", [])
        unknown = self.unknown_options(args)
        if unknown:
            word, name = unknown[0], unknown[0].split("=", 1)[0]
            options = [o for o in self._option_string_actions if o.startswith("--")]
            message = f"unknown option {clip_repr(name)}{did_you_mean(name, options)}"
            message += self._as_value(args, word)
        else:
            message = f"{message} (see {self.prog} --help)"
        self.exit(2, f"{self.prog}: error: {message}\n")


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
