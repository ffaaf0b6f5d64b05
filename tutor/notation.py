"""Numbers and derivative notation as people read them: the one home for both.

``format(-0.0, ".4f")`` is ``-0.0000``, and so is ``format(-1e-9, ".4f")``: a value that
rounds to zero would print as a negative zero. Every formatter that shows a value routes
through ``number``; the others here are its uses:

- ``num`` and ``par``: hints, messages and verdicts (``-2``, ``-0.1280``, ``(-2)``, ``-1e9``);
- ``compact``: numbers inside symbols and formulas (``2``, ``0.5``; the op table's ``fmt``);
- ``literal``: a number literal's text in a parsed expression (``2``, ``0.1``);
- ``precise``: enough digits to show a disagreement (``check``'s messages);
- ``record``: a value in a graph picture's record (``%.4f``, huge ones ``%.4e``);
- ``counted``: a count and its noun (``1 answer``, ``3 answers``); ``count_noun`` the two
  apart, for columns.

Large and small magnitudes are written as people write them and as the answer grammar
reads them: ``-1e9`` (not ``-1000000000``), ``2.449e9`` and ``1.235e-5`` (not ``e+09`` or
``e-05``). Whatever these print parses as an answer to the number it shows.

Gradients (totals) are written ``dL/de`` (``partial``) and local derivatives ``∂d/∂e``
(``local_partial``), so the two never share a symbol.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "compact",
    "count_noun",
    "counted",
    "grad_name",
    "literal",
    "local_partial",
    "node_words",
    "num",
    "number",
    "par",
    "partial",
    "precise",
    "record",
    "shape_text",
    "term_words",
]


def number(x: float, spec: str = ".4f") -> str:
    """``format(x, spec)``, except that a value shown as zero never has a minus sign.

    A tensor (an array with at least one dimension) is shown by its shape, ``(32, 27)``,
    aligned as ``spec`` says; a 0-d array as its number.

    Args:
        x: the value.
        spec: a format spec for floats (``.4f``, ``>8.4f``, ``+.6f``, ``.10g``).

    """
    shape = getattr(x, "shape", None)
    if shape is not None:
        if len(shape):
            align = spec[0] if spec[:1] in "<>^" else ""
            width = "".join(c for c in spec.split(".")[0] if c.isdigit())
            return format(str(tuple(shape)), f"{align}{width}")
        x = float(x)
    align, sign, width, rest = _SPEC.fullmatch(spec).groups()  # type: ignore[union-attr]
    text = format(x, sign + rest)
    if "-" in text and _shows_zero(text):
        text = format(0.0, sign + rest)
    return format(_exponent(text), f"{align or '>'}{width}")


#: A format spec's alignment, sign and width (the rest is the number's own format).
_SPEC = re.compile(r"([<>^]?)([+\- ]?)(\d*)(.*)")


def _exponent(text: str) -> str:
    """An exponent as people write it: ``1e+09`` -> ``1e9``, ``1.5e-05`` -> ``1.5e-5``."""
    mantissa, e, power = text.partition("e")
    if not e:
        return text
    sign = "-" if power.startswith("-") else ""
    return f"{mantissa}e{sign}{power.lstrip('+-').lstrip('0') or '0'}"


def _whole(x: float) -> str:
    """A whole number below 1e16: ``-2``, ``123456789``; ``-1e9``, ``1.5e6`` when shorter.

    The short form is used only from a million on, and only when it reads back exactly.
    """
    plain = str(int(x))
    if abs(x) < 1e6:
        return plain
    mantissa, _, power = format(float(x), ".15e").partition("e")
    short = f"{mantissa.rstrip('0').rstrip('.')}e{int(power)}"
    return short if len(short) < len(plain) and float(short) == x else plain


def _shows_zero(text: str) -> bool:
    """Whether a formatted number reads as zero (``-0.0000``, `` -0``, ``-0.000e+00``)."""
    try:
        return float(text) == 0
    except ValueError:
        return False


def num(x: float) -> str:
    """Format a number for people: ``-2``, ``-0.1280``, ``1.235e-5``, ``-1e9``."""
    if not math.isfinite(x):
        return str(x)
    if float(x).is_integer() and abs(x) < 1e15:
        return _whole(x)
    if abs(x) < 1e-3 or abs(x) >= 1e9:
        return number(x, ".4g")
    return number(x, ".4f")


def par(x: float) -> str:
    """``num(x)`` with parentheses around a negative number: ``(-2)``."""
    text = num(x)
    return f"({text})" if text.startswith("-") else text


def compact(x: float) -> str:
    """Format a number compactly for symbols: ``2.0`` -> ``2``, ``0.5`` -> ``0.5``."""
    if getattr(x, "ndim", 0):  # a tensor: its shape
        return number(x)
    if math.isfinite(x) and float(x).is_integer() and abs(x) < 1e15:
        return _whole(x)
    return number(x, ".6g")


def literal(value: float) -> str:
    """Compact text for a number literal: ``2``, ``0.5``, ``-1e9``, ``1e-5``.

    Whole numbers bare, else ``repr``; both read back as exactly ``value``.
    """
    if float(value).is_integer() and abs(value) < 1e16:
        return _whole(value)
    return _exponent(repr(float(value)))


def precise(x: float) -> str:
    """A number with 10 significant digits, for messages that compare two numbers."""
    return number(x, ".10g")


def record(x: float) -> str:
    """A value as shown in a record: ``%.4f`` (no ``-0.0000``; huge ones ``2.5000e12``)."""
    return number(x, ".4f" if abs(x) < 1e9 else ".4e")


def partial(top: str, bottom: str) -> str:
    """Write a total derivative (a gradient): ``partial("L", "e")`` -> ``dL/de``."""
    return f"d{top}/d{bottom}"


def grad_name(name: str) -> str:
    """A gradient as a variable, as in a VJP or an answer: ``dW``; ``d(2)`` for a constant."""
    return f"d{name}" if name[:1].isalpha() or name[:1] == "_" else f"d({name})"


def local_partial(top: str, bottom: str) -> str:
    """Write a local derivative: ``local_partial("d", "e")`` -> ``∂d/∂e``.

    Gradients (totals) use ``d``, local derivatives ``∂``, so the two never share a symbol.
    """
    return f"∂{top}/∂{bottom}"


def node_words(output: str, name: str, value: str) -> dict[str, str]:
    """The placeholders every misconception message may use (both kinds of lesson).

    ``{node}`` the node asked, ``{dv}`` its gradient (``dL/dx``), ``{out}`` the output and
    ``{value}`` the node's value as the kind shows it.
    """
    return {"node": name, "dv": partial(output, name), "out": output, "value": value}


def term_words(output: str, consumer: str, formula: str, name: str, symbol: str) -> dict[str, str]:
    """The placeholders of a message about one chain-rule term: ``name`` used by ``consumer``.

    ``{c}`` the consumer, ``{formula}`` its formula, ``{dc}`` the local derivative
    (``∂c/∂x``), ``{up}`` the upstream gradient (``dL/dc``) and ``{symbol}`` the local
    derivative as the consumer's op row writes it.
    """
    return {
        "c": consumer,
        "formula": formula,
        "dc": local_partial(consumer, name),
        "up": partial(output, consumer),
        "symbol": symbol,
    }


def shape_text(shape: tuple[int, ...]) -> str:
    """Write a shape as Python does: ``(4, 3)``, ``(5,)``, ``()``."""
    return str(tuple(shape))


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is a plain number (so echoing its value after it would add nothing)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def count_noun(n: int, word: str) -> tuple[int, str]:
    """Return ``(1, "answer")``, ``(0, "answers")``: the count and the noun that agrees.

    For a table that puts the count and the noun in columns of their own.
    """
    return (n, word) if n == 1 else (n, f"{word}s")


def counted(n: int, word: str) -> str:
    """Return ``1 answer``, ``0 answers``, ``2 answers``: the noun agrees with the count."""
    count, noun = count_noun(n, word)
    return f"{count} {noun}"


def possessive(name: str) -> str:
    """Return ``W's``, ``logprobs'``, ``ones'``: a name that ends in ``s`` takes ``'`` alone.

    Names the tutor fills into its texts are often plurals (``logprobs``, ``counts``);
    ``logprobs's`` reads badly (``tests/test_possessive.py``).
    """
    return name + ("'" if name.endswith("s") else "'s")
