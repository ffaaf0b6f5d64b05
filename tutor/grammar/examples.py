"""One example of each way a dialect lets an op be written, for the help screen.

Generated from the dialect's spellings (which the op tables give), so a new op row shows
up in the help with an example that parses in the dialect it documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.grammar.dialect import Dialect, Form, Param, ParamType, Written

#: Operand names used in examples, in order.
OPERANDS = ("X", "Y", "Z")

#: A sample value for each kind of constant parameter.
_SAMPLE: dict[ParamType, str] = {
    ParamType.NUMBER: "0.5",
    ParamType.AXIS: "0",
    ParamType.AXES: "0",
    ParamType.FLAG: "True",
    ParamType.COUNT: "3",
    ParamType.SHAPE: "[4, -1]",
    ParamType.SIZES: "4, 2",
}


@dataclass(frozen=True, slots=True)
class Example:
    """One spelling of an op and a call written with it."""

    name: str
    """The function's name or the operator (``sum``, ``@``, ``.T``)."""
    text: str
    """An example that parses in the dialect: ``sum(X, axis=0, keepdims=True)``."""
    what: str = ""
    """Its name, where its symbol is another op's too (``-``: subtract, negate)."""


def _param(p: Param) -> str:
    """``axis=0`` for a keyword parameter, ``3`` for a positional one."""
    if p.shown is not None:
        value = str(p.shown)
    elif p.default is not None and p.type != ParamType.FLAG:
        value = str(p.default)
    elif p.type == ParamType.AXES and p.required:
        value = "(1, 0)"  # an order of the axes: permute(X, (1, 0))
    else:
        value = _SAMPLE[p.type]
    return f"{p.name}={value}" if p.keyword else value


def example(w: Written) -> Example:
    """An example of ``w``: the spelling's own, or its operands named ``X``, ``Y``, ``Z``."""
    found = _example(w)
    return Example(found.name, w.spelling.example or found.text, w.spelling.what)


def _example(w: Written) -> Example:
    """``w`` written with operands ``X``, ``Y``, ``Z`` and every parameter given."""
    ops = OPERANDS[: w.operands]
    form = w.spelling.form
    if form == Form.INFIX:
        return Example(w.name, f"{ops[0]} {w.name} {ops[1]}")
    if form == Form.PREFIX:
        return Example(w.name, f"{w.name}{ops[0]}")
    if form == Form.POWER:
        return Example("**", f"{ops[0]} ** 2")
    if form == Form.ATTRIBUTE:
        return Example(f".{w.name}", f"{ops[0]}.{w.name}")
    if form == Form.SUBSCRIPT:
        return Example("[:, None]", f"{ops[0]}[:, None]")
    if form == Form.SLICE:
        return Example("[:, 0:2]", f"{ops[0]}[:, 0:2]")
    args = [*ops, *(_param(p) for p in w.params)]
    return Example(w.name, f"{w.name}({', '.join(args)})")


def examples(dialect: Dialect) -> list[Example]:
    """One example per function, operator, attribute and subscript of ``dialect``.

    Operators first (in the dialect's order), then functions; the power with a number
    exponent is left out where ``**`` is an operator already.
    """
    seen: set[str] = set()
    out: list[Example] = []
    written: list[Written] = [*dialect.infix.values(), *dialect.prefix.values()]
    if dialect.power is not None and "**" not in dialect.infix:
        written.append(dialect.power)
    written += [*dialect.attributes.values()]
    if dialect.subscript is not None:
        written.append(dialect.subscript)
    if dialect.slicing is not None:
        written.append(dialect.slicing)
    written += [*dialect.functions.values()]
    for w in written:
        ex = example(w)
        key = f"{w.spelling.form}:{ex.name}:{ex.what}"
        if key not in seen:
            seen.add(key)
            out.append(ex)
    return out
