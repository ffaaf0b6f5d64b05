"""Op-row expressions: answer-language texts over placeholders, filled in for one node.

An op row writes its local derivative (or VJP) once, as a text in the answer language
over the placeholders ``a``, ``b``, ``c`` (the operands, in order), ``out`` (the node
itself) and ``dout`` (the node's gradient): ``1 - tanh(a)**2``, ``dout @ b.T``. ``fill``
parses such a text (once; it is cached) and puts a node's operands in; ``to_text`` then
prints what the tutor shows, which therefore parses back as an answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.grammar.dialect import Dialect
from tutor.grammar.errors import ParseError
from tutor.grammar.parse import parse
from tutor.grammar.printer import grad_text, to_text
from tutor.grammar.tree import Expr, Grad, Num, Ref, names, substitute

__all__ = ["OPERANDS", "OUT", "UPSTREAM", "fill", "leaf", "render", "template"]

#: The placeholders of the operands, in order.
OPERANDS = ("a", "b", "c")
#: The placeholder of the node itself.
OUT = "out"
#: The placeholder of the node's gradient.
UPSTREAM = "dout"

_CACHE: dict[tuple[str, str], Expr] = {}


def template(text: str, dialect: Dialect) -> Expr:
    """The parsed template (cached).

    Raises:
        ParseError: the template is not in ``dialect`` (a bug in an op table).

    """
    key = (dialect.name, text)
    tree = _CACHE.get(key)
    if tree is None:
        tree = parse(text, dialect)
        if len(_CACHE) < 4096:
            _CACHE[key] = tree
    return tree


def leaf(text: str) -> Num | Ref:
    """A node as an operand: a number for a constant (``2``, ``2#2``), else its name."""
    head = text.split("#", 1)[0]
    if head[:1].isdigit() or head[:1] in "-.":
        try:
            return Num(float(head), head, 0)
        except ValueError:
            pass
    return Ref(text, 0)


def fill(text: str, dialect: Dialect, operands: Sequence[Expr], out: str) -> Expr:
    """The template with the node's operands, itself (``out``) and its gradient put in."""
    tree = template(text, dialect)
    names = dict(zip(OPERANDS, operands, strict=False))
    names[OUT] = leaf(out)
    names[UPSTREAM] = Grad(out, 0)

    def put(ref: Ref) -> Expr:
        found = names.get(ref.name)
        if found is None and ref.name in dialect.constants:
            return ref  # pi in 2 / sqrt(pi)
        if found is None:
            raise ParseError(f"the template {text!r} names {ref.name!r}")
        return found

    return substitute(tree, put)


#: Printed templates with a marker where each node goes, by (dialect, text, leaf kinds).
_PLANS: dict[tuple[str, str, str], str] = {}


def _marker(i: int) -> str:
    return f"\x00{i}\x00"


def _used(text: str, dialect: Dialect) -> tuple[int, ...]:
    """Which places of ``(*OPERANDS[:n], OUT, UPSTREAM)`` the template names, in order."""
    key = (dialect.name, text)
    found = _USED.get(key)
    if found is None:
        places = {**{p: i for i, p in enumerate(OPERANDS)}, OUT: -2, UPSTREAM: -1}
        refs = names(template(text, dialect))
        found = tuple(dict.fromkeys(places[r.name] for r in refs if r.name in places))
        if len(_USED) < 4096:
            _USED[key] = found
    return found


_USED: dict[tuple[str, str], tuple[int, ...]] = {}
_CONSTANT: dict[tuple[str, str], str] = {}


def _constant(text: str, dialect: Dialect) -> str:
    """A template that names no node, printed (once)."""
    key = (dialect.name, text)
    found = _CONSTANT.get(key)
    if found is None:
        found = _CONSTANT[key] = to_text(template(text, dialect), dialect)
    return found


def render(text: str, dialect: Dialect, operands: Sequence[str], out: str) -> str:
    """``to_text(fill(...))`` for a node whose operands and output are given by name.

    Names and numbers print the same wherever they stand, so the template is printed once
    per kind of leaf (name or number) with a marker for each, and the names are put in.
    """
    names_ = (*operands, out, "")
    used = _used(text, dialect)
    if not used:
        return _constant(text, dialect)
    leaves: dict[int, Num | Ref] = {}
    kinds = ""
    for i in used:
        if i == -1:
            kinds += "g"
            continue
        x = leaves[i] = leaf(names_[i])
        kinds += "r" if isinstance(x, Ref) else "-" if x.text.startswith("-") else "n"
    if "-" in kinds:  # a negative number: it may need parentheses; print it in full
        return to_text(fill(text, dialect, [leaf(n) for n in operands], out), dialect)
    key = (dialect.name, text, kinds)
    plan = _PLANS.get(key)
    if plan is None:
        lookup: dict[str, Expr] = {}
        for i, k in zip(used, kinds, strict=True):
            place = OPERANDS[i] if i >= 0 else OUT if i == -2 else UPSTREAM
            lookup[place] = Num(0.0, _marker(i), 0) if k == "n" else Ref(_marker(i), 0)
        tree = substitute(template(text, dialect), lambda r: lookup.get(r.name, r))
        plan = to_text(tree, dialect)
        if len(_PLANS) < 4096:
            _PLANS[key] = plan
    for i in used:
        got = leaves.get(i)
        shown = grad_text(out) if got is None else got.text if isinstance(got, Num) else names_[i]
        plan = plan.replace(_marker(i), shown)
    return plan
