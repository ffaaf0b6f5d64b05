"""What a dialect accepts: ``Spelling`` (how an op is written), ``Param`` and ``Dialect``.

The grammar knows no op. Each op-table row (``tutor.scalar.ops.OPS``,
``tutor.tensor.ops.TOPS``) says how it is written, with one or more ``Spelling``s: an infix
symbol (``a + b``, ``a @ b``, ``a > b``), a prefix (``-a``), a power with a literal exponent
(``a ** 2``), a function (``tanh(a)``, ``sum(a, axis=0)``), an attribute (``a.T``) or a
subscript (``a[:, None]``), with its constant parameters. ``make_dialect`` builds a
``Dialect`` from such rows; the function lists, the "unknown function" lists and the
did-you-mean choices are all derived from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

#: Named constants. A lesson's own name (an input or an assigned name) shadows them:
#: in micrograd's walk-through ``e`` is a node, elsewhere ``e`` is 2.718...
CONSTANTS: Mapping[str, float] = {"pi": math.pi, "e": math.e}


class Form(StrEnum):
    """How an op is written."""

    INFIX = "infix"
    """Between two operands: ``a + b``, ``a @ b``, ``a > b``."""
    PREFIX = "prefix"
    """Before one operand: ``-a``."""
    POWER = "power"
    """``a ** 2``: the power operator with a literal number exponent (the one parameter)."""
    FUNCTION = "function"
    """A call: ``tanh(a)``, ``sum(a, axis=0)``, ``where(c, a, b)``."""
    ATTRIBUTE = "attribute"
    """After one operand: ``a.T``."""
    SUBSCRIPT = "subscript"
    """``a[:, None]``: only ``:`` and one ``None`` (the parameter: None's position)."""
    SLICE = "slice"
    """``a[:, 0:2]``: ``:`` or ``start:stop`` on each axis, no step (the parameter: a
    ``(start, stop)`` pair per axis, None where left out)."""


class ParamType(StrEnum):
    """What a constant parameter of a call may be."""

    NUMBER = "number"
    """A finite number literal, possibly negated (``0.01``, ``-0.5``)."""
    AXIS = "axis"
    """A whole number from ``-MAX_DIMS`` to ``MAX_DIMS - 1``."""
    AXES = "axes"
    """An axis, or a tuple of different axes: ``axis=(0, 2)``."""
    FLAG = "flag"
    """``True`` or ``False``."""
    COUNT = "count"
    """A whole number from 1 to ``MAX_DIM_SIZE`` (a class or row count)."""
    SHAPE = "shape"
    """A list of sizes: ``[32, -1]`` (1 to ``MAX_DIMS`` sizes, each -1 or 1 to ``MAX_DIM_SIZE``)."""
    SIZES = "sizes"
    """The remaining positional arguments, as sizes: ``ones(8, 5)``."""


@dataclass(frozen=True, slots=True)
class Param:
    """A constant parameter of a call (given after the operands)."""

    name: str
    """Its name (``axis``, ``slope``, ``k``); a keyword parameter is given as ``name=``."""
    type: ParamType
    """What it may be."""
    default: object = None
    """Its value when a call leaves it out (``required`` parameters have none)."""
    required: bool = False
    """Whether a call must give it."""
    keyword: bool = False
    """Given as ``name=value`` (else by position, after the operands)."""
    what: str = ""
    """How messages name it, after the function's name: ``number of classes``."""
    shown: float | None = None
    """The value printed when the call holds None (leaky_relu's slope: PyTorch's 0.01)."""


@dataclass(frozen=True, slots=True)
class Spelling:
    """One way an op is written."""

    form: Form
    """Infix, prefix, power, function, attribute or subscript."""
    symbol: str = ""
    """The operator (``+``, ``@``, ``>=``, ``-``), the function's or attribute's name; ``**``
    for a power; empty for a subscript."""
    params: tuple[Param, ...] = ()
    """The constant parameters (a function's, or the power's exponent)."""
    chains: bool = False
    """A function of two operands that takes more (up to ``MAX_JOINED``): ``concat(a, b, c)``
    is one call of three operands (one graph node), and ``concat(concat(a, b), c)`` is
    printed back as one call too. Its parameters are keywords (every positional argument
    is an operand)."""
    example: str = ""
    """The help's example, where operands named X, Y, Z would not say what they hold (an
    answer a learner could type: ``pick(logprobs, Yb)``); empty: built from X, Y, Z."""
    what: str = ""
    """The help's name for it, where its symbol is also another op's (``-``: subtract)."""


def infix(symbol: str, what: str = "") -> Spelling:
    """``a <symbol> b`` (``what``: its name in the help, ``Spelling.what``)."""
    return Spelling(Form.INFIX, symbol, what=what)


def function(name: str, *params: Param, chains: bool = False, example: str = "") -> Spelling:
    """``name(operands..., params...)``; ``chains``: two operands or more (``Spelling.chains``)."""
    return Spelling(Form.FUNCTION, name, params, chains, example)


@dataclass(frozen=True, slots=True)
class Written:
    """One spelling of one op, as a dialect holds it."""

    key: str
    """The op table's key."""
    operands: int
    """How many operands it takes."""
    spelling: Spelling
    """How it is written."""

    @property
    def name(self) -> str:
        """The function's (or operator's) name."""
        return self.spelling.symbol

    @property
    def params(self) -> tuple[Param, ...]:
        """The constant parameters."""
        return self.spelling.params


@dataclass(frozen=True, slots=True)
class OpWriting:
    """What ``make_dialect`` needs of an op row: its key, operand count and spellings."""

    key: str
    """The op table's key."""
    operands: int
    """How many operands it takes."""
    spellings: tuple[Spelling, ...]
    """How it is written, the first spelling being how it is printed."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one kind of text may say: operators, functions, attributes, literals, gradients."""

    name: str
    """For messages and tests: ``scalar graph lines``, ``tensor answers`` ..."""
    infix: Mapping[str, Written]
    """Operator symbol -> op (``+``, ``**``, ``@``, ``>``)."""
    prefix: Mapping[str, Written]
    """Prefix symbol -> op (``-``)."""
    power: Written | None
    """The op of ``a ** <number>`` (None: ``**`` is always the infix one)."""
    functions: Mapping[str, Written]
    """Function name -> op, in the order they are listed."""
    attributes: Mapping[str, Written]
    """Attribute -> op (``T``)."""
    subscript: Written | None
    """The op of ``a[:, None]`` (None: no subscript)."""
    printing: Mapping[str, tuple[Written, ...]]
    """Op key -> its spellings in this dialect, the preferred first (for ``to_text``)."""
    constants: Mapping[str, float] = field(default_factory=dict)
    """Named constants (``pi``, ``e``); a lesson's own names shadow them."""
    lists: bool = False
    """Whether literal lists of numbers may be written (``[[1, 0], [0, 1]]``)."""
    gradients: bool = False
    """Whether ``grad(X)`` may be written (``dX`` is a name, resolved by the reader)."""
    advice: Mapping[str, str] = field(default_factory=dict)
    """Well-known functions that are not here: name -> advice ("" lists the functions)."""
    cutoff: float = 0.6
    """How close a misspelt function name must be to get a "did you mean"."""
    slicing: Written | None = None
    """The op of ``a[:, 0:2]`` (None: no slices)."""

    @property
    def function_names(self) -> tuple[str, ...]:
        """Every function a text may call, in listing order (``grad`` last, if allowed)."""
        names = tuple(self.functions)
        return (*names, "grad") if self.gradients else names

    @property
    def operators(self) -> tuple[str, ...]:
        """The operator symbols, as listed in messages: ``+ - * / **``."""
        return tuple(self.infix)


def make_dialect(
    name: str,
    rows: Iterable[OpWriting],
    *,
    constants: Mapping[str, float] | None = None,
    lists: bool = False,
    gradients: bool = False,
    advice: Mapping[str, str] | None = None,
    cutoff: float = 0.6,
) -> Dialect:
    """Build a dialect from op rows (each with its spellings), in the rows' order.

    Raises:
        ValueError: two rows claim the same spelling (a bug in an op table).

    """
    infixes: dict[str, Written] = {}
    prefixes: dict[str, Written] = {}
    functions: dict[str, Written] = {}
    attributes: dict[str, Written] = {}
    printing: dict[str, tuple[Written, ...]] = {}
    power: Written | None = None
    subscript: Written | None = None
    slicing: Written | None = None
    for row in rows:
        written = tuple(Written(row.key, row.operands, s) for s in row.spellings)
        printing[row.key] = written
        for w in written:
            form = w.spelling.form
            if form in (Form.POWER, Form.SUBSCRIPT, Form.SLICE):
                taken = {Form.POWER: power, Form.SUBSCRIPT: subscript, Form.SLICE: slicing}
                if taken[form] is not None:
                    raise ValueError(f"{name}: two ops spelt as a {form}")
                if form == Form.POWER:
                    power = w
                elif form == Form.SUBSCRIPT:
                    subscript = w
                else:
                    slicing = w
                continue
            table = {
                Form.INFIX: infixes,
                Form.PREFIX: prefixes,
                Form.FUNCTION: functions,
                Form.ATTRIBUTE: attributes,
            }[form]
            if w.name in table:
                raise ValueError(f"{name}: {w.name!r} spelt twice ({table[w.name].key}, {w.key})")
            table[w.name] = w
    return Dialect(
        name,
        infixes,
        prefixes,
        power,
        functions,
        attributes,
        subscript,
        printing,
        dict(constants or {}),
        lists,
        gradients,
        dict(advice or {}),
        cutoff,
        slicing,
    )
