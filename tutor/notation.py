"""Numbers and derivative notation as people read them: the one home for both.

``format(-0.0, ".4f")`` is ``-0.0000``, and so is ``format(-1e-9, ".4f")``: a value that
rounds to zero would print as a negative zero. Every formatter that shows a value routes
through ``number``; the others here are its uses:

- ``num`` and ``par``: hints, messages and verdicts (``-2``, ``-0.1280``, ``(-2)``);
- ``compact``: numbers inside symbols and formulas (``2``, ``0.5``; the op table's ``fmt``);
- ``literal``: a number literal's text in a parsed expression (``2``, ``0.1``);
- ``precise``: enough digits to show a disagreement (``check``'s messages);
- ``record``: a value in a graph picture's record (``%.4f``, huge ones ``%.4e``).

Gradients (totals) are written ``dL/de`` (``partial``) and local derivatives ``∂d/∂e``
(``local_partial``), so the two never share a symbol.
"""

from __future__ import annotations

import math

__all__ = [
    "compact",
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
    text = format(x, spec)
    if "-" in text and _shows_zero(text):
        return format(0.0, spec)
    return text


def _shows_zero(text: str) -> bool:
    """Whether a formatted number reads as zero (``-0.0000``, `` -0``, ``-0.000e+00``)."""
    try:
        return float(text) == 0
    except ValueError:
        return False


def num(x: float) -> str:
    """Format a number for people: ``-2``, ``-0.1280``, ``1.235e-05``."""
    if not math.isfinite(x):
        return str(x)
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
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
        return str(int(x))
    return number(x, ".6g")


def literal(value: float) -> str:
    """Compact text for a number literal (``2``, ``0.5``): whole numbers bare, else ``repr``."""
    return (
        str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
    )


def precise(x: float) -> str:
    """A number with 10 significant digits, for messages that compare two numbers."""
    return number(x, ".10g")


def record(x: float) -> str:
    """A value as shown in a record: ``%.4f`` (no ``-0.0000``; huge values in ``%.4e``)."""
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
