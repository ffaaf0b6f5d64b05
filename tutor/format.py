"""Numbers as people read them: one home for the rule that a zero never shows a minus.

``format(-0.0, ".4f")`` is ``-0.0000``, and so is ``format(-1e-9, ".4f")``: a value that
rounds to zero would print as a negative zero. Every formatter that shows a value routes
through ``number`` (the op table's ``fmt``, ``hints.num``, the pictures, the app).
"""

from __future__ import annotations


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
