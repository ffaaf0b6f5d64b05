"""Writing lessons as YAML text: from data, from an expression, from a ``Value`` graph.

Generated problems (``tutor.practice.problems``), ``practice --expr`` and the micrograd bridge
(``tutor.to_lesson``) all end here, as one statement per operation, and the text they
produce is an ordinary lesson: it goes through ``tutor.lesson.find.loads`` like any file.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Mapping, Sequence
from typing import cast

from tutor.errors import ExitStatus, TutorError
from tutor.grammar.errors import ParseError
from tutor.grammar.tree import Call, Expr, Num, Ref, names
from tutor.messages import clip_repr
from tutor.scalar import dialects
from tutor.scalar.dialects import GRAPH_LINES, to_text
from tutor.scalar.engine import Value
from tutor.scalar.ops import FUNCTIONS

__all__ = [
    "ExprInputError",
    "from_expr",
    "from_value",
    "lesson_yaml",
    "number_text",
    "op_text",
    "parse_values",
]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: Where an expression's errors point, as ``check`` points at a file.
EXPR_PATH = "<expr>"


class ExprInputError(TutorError):
    """A ``--expr`` problem, formatted as ``check`` formats one: ``<expr>:1:COL: error: ...``."""

    status = ExitStatus.USAGE

    def __init__(self, message: str, col: int | None = None) -> None:
        where = f"{EXPR_PATH}:1:{col + 1}" if col is not None else EXPR_PATH
        super().__init__(f"{where}: error: {message}")
        self.message = message
        self.col = col


def number_text(x: float) -> str:
    """A number as a lesson writes it: ``2``, ``-0.5``, exact (``repr``) otherwise."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def op_text(key: str, operands: Sequence[str | float], arg: float | None = None) -> str:
    """The right-hand side of one statement: ``a * b``, ``tanh(n)``, ``u1**2``, ``-p``.

    Operands are names (``str``) or constants (``float``, written as numbers); the scalar
    dialect's printer writes it, so it reads back as written.
    """
    args = tuple(
        Ref(o, 0) if isinstance(o, str) else Num(float(o), number_text(o), 0) for o in operands
    )
    return to_text(Call(key, args, 0, arg), GRAPH_LINES)


def lesson_yaml(
    title: str,
    inputs: Mapping[str, float],
    lines: Sequence[str],
    output: str | None = None,
    description: str = "",
) -> str:
    """A lesson file's text from its parts (``yaml.safe_dump``: quoting is YAML's business)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """Safe YAML, with several-line texts as ``|`` blocks (a description reads as written)."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    data: dict[str, object] = {"title": title}
    if description:
        data["description"] = description.rstrip("\n") + "\n"
    data["inputs"] = {name: float(v) for name, v in inputs.items()}
    data["graph"] = list(lines)
    if output is not None:
        data["output"] = output
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)


# -- practice --expr ------------------------------------------------------------------------


def parse_values(pairs: Sequence[str]) -> dict[str, float]:
    """Read ``x=0.5 w=-1.5`` into a mapping.

    Raises:
        ExprInputError: a pair that is not ``NAME=NUMBER``, or a name given twice.

    """
    out: dict[str, float] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not sep or not _IDENT.match(name) or not math.isfinite(value):
            raise ExprInputError(
                f"cannot read the input value {clip_repr(pair)}: write NAME=NUMBER (x=0.5)"
            )
        if name in out:
            raise ExprInputError(f"{name} is given twice")
        out[name] = value
    return out


def _fresh(taken: set[str], base: str, start: int = 1) -> str:
    """``base{k}`` for the first k whose name is free (and mark it taken)."""
    k = start
    while f"{base}{k}" in taken:
        k += 1
    taken.add(f"{base}{k}")
    return f"{base}{k}"


def _output_name(taken: set[str]) -> str:
    """``L`` for the output, or ``out``, ``out1``... when the inputs use it (marked taken)."""
    for name in ("L", "out"):
        if name not in taken:
            taken.add(name)
            return name
    return _fresh(taken, "out")


def from_expr(text: str, values: Mapping[str, float]) -> str:
    """A lesson for ``text`` at ``values``: one statement per operation, ``u1, u2, ... L``.

    Raises:
        ExprInputError: the expression cannot be read (with its column), uses a name
            without a value, is given a value it does not use, has no operation, or
            cannot be computed at these values (pointing at the failing operation).

    """
    try:
        tree = dialects.parse(text)
    except ParseError as exc:
        raise ExprInputError(exc.message, exc.col) from None
    refs = names(tree)
    for ref in refs:
        if ref.name in FUNCTIONS or keyword.iskeyword(ref.name):
            raise ExprInputError(f"{ref.name!r} is a function: write {ref.name}(x)", ref.col)
    # named constants of the grammar (``pi``, ``e``), unless given
    named: dict[str, float] = {k: v for k, v in dialects.CONSTANTS.items() if k not in values}
    used = list(dict.fromkeys(r.name for r in refs if r.name not in named))
    missing = [n for n in used if n not in values]
    if missing:
        given = " ".join(f"{n}=..." for n in missing)
        them = "them" if len(missing) > 1 else "it"
        raise ExprInputError(f"no value for {', '.join(missing)}: give {them} as {given}")
    unused = [n for n in values if n not in used]
    if unused:
        raise ExprInputError(
            f"a value is given for {', '.join(unused)}, which the expression does not use"
        )
    if not isinstance(tree, Call):
        raise ExprInputError("the expression has no operation: nothing to differentiate", 0)
    if not used:
        raise ExprInputError(
            "the expression uses no input, so there is no gradient to find: "
            'write a name and give its value, such as --expr "2*x" x=3',
            0,
        )
    taken = set(used)
    output = _output_name(taken)
    lines: list[str] = []
    cols: dict[str, int] = {}

    def walk(node: Expr, top: bool) -> str | float:
        if isinstance(node, Ref):
            return named.get(node.name, node.name)
        if isinstance(node, Num):
            return node.value
        assert isinstance(node, Call)  # the scalar graph dialect has no Grad or Lit
        operands = [walk(a, False) for a in node.args]
        name = output if top else _fresh(taken, "u")
        lines.append(f"{name} = {op_text(node.key, operands, cast('float | None', node.arg))}")
        cols[name] = node.col
        return name

    walk(tree, True)
    shown = ", ".join(f"{n} = {number_text(values[n])}" for n in used)
    lesson_text = lesson_yaml(
        f"Your expression: {text.strip()}",
        {n: values[n] for n in used},
        lines,
        description=(
            f"Built from `{text.strip()}` at {shown}, one node per operation.\n\n"
            f"Start at {output} (its gradient is 1) and go backwards: each node's gradient "
            "is the upstream gradient times the gate's local derivative, summed over "
            "every consumer."
        ),
    )
    _must_compute(lesson_text, cols)
    return lesson_text


def _must_compute(text: str, cols: Mapping[str, int]) -> None:
    """Load and check the lesson; a math error points at its operation in the expression."""
    from tutor.authoring.check import check_lesson
    from tutor.graph.build import GraphError, build
    from tutor.lesson.find import loads

    lesson = loads(text, "expr", EXPR_PATH)
    try:
        build(lesson)
    except GraphError as exc:
        raise ExprInputError(f"{exc.message} at these values", cols.get(exc.node)) from None
    problems = [p for p in check_lesson(lesson) if p.severity == "error"]
    if problems:  # nothing above lets one through; say so plainly if one ever does
        raise TutorError(f"the generated lesson has a problem: {problems[0].message}")


# -- the micrograd bridge -------------------------------------------------------------------


def _clean(label: str) -> str | None:
    """A label as a lesson name (``x1*w1`` -> ``x1_w1``), or None when nothing usable is left."""
    name = re.sub(r"\W+", "_", label.strip()).strip("_")
    if not name or not _IDENT.match(name) or keyword.iskeyword(name) or name in FUNCTIONS:
        return None
    return name


def from_value(out: object, title: str | None = None) -> str:
    """The lesson of the graph ending at ``out``: labels as names, constants as numbers.

    Labelled leaves are the inputs; unlabelled leaves (``a * 2`` makes one) are folded
    into their statement as numbers; unlabelled operations get generated names
    (``n1``, ``n2``; ``L`` for an unlabelled output).

    Raises:
        TutorError: ``out`` is not a ``tutor.Value``, or is a leaf (nothing to differentiate).

    """
    if not isinstance(out, Value):
        raise TutorError(
            f"to_lesson takes a tutor Value (from tutor import Value), not {type(out).__name__}"
        )
    if out.row is None:
        raise TutorError("this Value is a leaf: build an expression from it first (L = a * b)")
    order = out.topo()
    taken: set[str] = set()
    names: dict[int, str | float] = {}
    for node in order:  # labels first, so a generated name never takes a label's place
        if node.row is None and not node.label:
            names[node.uid] = node.data
            continue
        name = _clean(node.label) if node.label else None
        if name is not None:
            if name in taken:
                name = _fresh(taken, f"{name}_", 2)
            taken.add(name)
            names[node.uid] = name
    if out.uid not in names:
        names[out.uid] = _output_name(taken)
    inputs: dict[str, float] = {}
    lines: list[str] = []
    for node in order:
        if node.uid not in names:
            names[node.uid] = _fresh(taken, "n")
        target = names[node.uid]
        if node.row is None:
            if isinstance(target, str):
                inputs[target] = node.data
            continue
        operands = [names[c.uid] for c in node.operands]
        lines.append(f"{target} = {op_text(node.row.key, operands, node.arg)}")
    if not inputs:
        raise TutorError("the graph has no labelled leaf: label the inputs (Value(2.0, label='a'))")
    return lesson_yaml(
        title or f"Your graph: {names[out.uid]}",
        inputs,
        lines,
        output=str(names[out.uid]),
        description=(
            "Built from your `Value` graph: labels are the names, unlabelled leaves are "
            "constants, and unlabelled operations are named n1, n2, ...\n\n"
            "Start at the output (its gradient is 1) and go backwards."
        ),
    )
