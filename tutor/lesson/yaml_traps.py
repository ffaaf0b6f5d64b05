"""The YAML traps a lesson author falls into, named in messages with their fix.

YAML 1.1 reads ``yes``/``no``/``on``/``off`` as booleans and ``1e-6`` as text, a tab
cannot indent, text starting with ``*`` or holding ``: `` must be quoted: ``trap_hint``
names the trap behind an unexpected value, ``explain_syntax_error`` rewords a syntax error,
and ``yaml_float`` writes a number so that YAML reads it back as that number.
"""

from __future__ import annotations

import re
from typing import Any

from tutor.grammar.limits import MAX_NAME
from tutor.lesson.yamlpos import Doc, Path_, Pos, Problem

#: Longest key YAML reads without quotes (``key: value``); a longer one is a syntax error.
YAML_KEY = 1024
#: A ``key:`` at the start of a line (after a list dash), up to the colon.
_KEY = re.compile(r"\s*(?:-\s+)?([^\s:#'\"][^:#]*?)\s*:(?:\s|$)")

#: Numbers YAML 1.1 reads as text: an exponent without a dot or a sign (``1e-3``, ``2E5``).
SCIENTIFIC = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]{1,3}")


#: Plain numbers YAML 1.1 reads otherwise than they read: octal ``010`` (8), base 60 ``1:30`` (90).
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def yaml11_number(raw: str, value: object) -> str | None:
    """Why the plain scalar ``raw``, read as the number ``value``, is a YAML 1.1 trap; else None.

    ``010`` reads as octal 8 and ``1:30`` as 90 (base 60): ``"010 reads as octal 8: write
    10 or 8"``. A leading zero that changes nothing (``0``, ``00``) is no trap.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if _OCTAL.fullmatch(raw) and isinstance(value, int):
        decimal = int(raw.replace("_", ""), 10)
        if decimal != value:
            return f"{raw} reads as octal {value} in YAML 1.1: write {decimal} or {value}"
    elif _BASE60.fullmatch(raw):
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        return (
            f"{raw} reads as the base-60 number {shown} in YAML 1.1: write {shown}, "
            f"or quote '{raw}' for text"
        )
    return None


def yaml_float(number: float) -> str:
    """``number`` written so that YAML 1.1 reads it as a number: ``1.0e-6``, ``2.5e+7``.

    PyYAML (YAML 1.1) wants a dot in the mantissa and a sign in the exponent; the result is
    read back to make sure it is that number.
    """
    text = repr(float(number))
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        power = int(exponent)
        text = f"{mantissa}e{'-' if power < 0 else '+'}{abs(power)}"
    import yaml  # only here: reading a cached lesson needs no PyYAML (tutor.lesson.yaml_load)

    if yaml.safe_load(text) != float(number):  # pragma: no cover - a safety net
        text = f"{float(number):.17f}".rstrip("0")
    return text


def trap_hint(doc: Doc, path: Path_, value: Any) -> str:
    """Name the YAML trap behind an unexpected ``value`` at ``path`` and its fix, else ``""``.

    Booleans from ``yes``/``no``/``on``/``off``, numbers YAML 1.1 reads as text (``1e-6``),
    and text holding ``: `` read as a key and a value.
    """
    if isinstance(value, bool) and path in doc.words:
        word = doc.words[path]
        return f" (YAML reads {word} as a boolean: quote the word, '{word}')"
    if isinstance(value, str) and SCIENTIFIC.fullmatch(value.strip()):
        number = float(value)
        if abs(number) < float("inf"):
            return f" (YAML 1.1 reads {value.strip()} as text: write {yaml_float(number)})"
    if isinstance(value, dict) and len(value) == 1:
        return " (': ' inside text makes YAML read a key and a value: quote the text)"
    return ""


def explain_syntax_error(text: str, pos: Pos, message: str) -> Problem:
    """A YAML syntax error, reworded when a known trap caused it (a tab, ``*``, ``: ``)."""
    lines = text.splitlines()
    line = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
    tab = line.find("\t")
    if tab >= 0 and (tab < pos.col or not line[:tab].strip()):
        return Problem(
            Pos(pos.line, tab + 1),
            "a tab character: YAML indents with spaces only; replace the tab with spaces",
        )
    value = re.match(r"\s*(?:-\s+)?(?:[^:#]+:\s+)?(.*)", line)
    rest = value.group(1).strip() if value else ""
    if rest[:1] in ("*", "&", "!", "%", "@", "`"):
        return Problem(
            pos, f"{message}; text starting with {rest[0]} must be quoted: '{_quoted(rest)}'"
        )
    key = _KEY.match(line)
    if key and len(key.group(1)) > YAML_KEY:  # YAML's own limit on a key, far past ours
        return Problem(Pos(pos.line, key.start(1) + 1), f"a name {name_limit(len(key.group(1)))}")
    if "mapping values are not allowed" in message:
        shown = _quoted(rest, '"')
        return Problem(pos, f"{message}; text containing ': ' must be quoted: \"{shown}\"")
    return Problem(pos, message)


def name_limit(length: int) -> str:
    """How long a name was and how long names may be, for messages."""
    return f"is too long ({length:,} characters): names are at most {MAX_NAME} characters"


def _quoted(text: str, quote: str = "'") -> str:
    """``text`` as the inside of a quoted YAML scalar (short)."""
    inner = text.replace("'", "''") if quote == "'" else text.replace('"', '\\"')
    return inner if len(inner) <= 40 else inner[:37] + "..."
