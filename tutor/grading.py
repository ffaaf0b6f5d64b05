"""Reading and grading a learner's answer, and naming the classic mistakes.

``parse_answer`` reads numbers, arithmetic and node names with the safe expression
parser (never ``eval``). ``grade`` compares an answer with the engine's gradient under
the lesson's tolerance; ``diagnose`` recognises the classic mistakes from the engine's
own numbers: the local derivative alone, one consumer's contribution only, the wrong
sign, the node's value, the upstream gradient alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from tutor import expr as ex
from tutor.engine import FUNCTIONS
from tutor.graph import Graph
from tutor.hints import join_and, num, par, partial

__all__ = [
    "MISTAKES",
    "AnswerError",
    "Verdict",
    "diagnose",
    "grade",
    "join_and",
    "num",
    "par",
    "parse_answer",
    "partial",
    "question",
]

#: The mistakes ``diagnose`` recognises: code -> what the learner did.
MISTAKES: dict[str, str] = {
    "no_upstream": "the local derivative alone, without the upstream gradient",
    "one_consumer": "one consumer's contribution only, instead of the sum over every consumer",
    "sign": "the right size with the wrong sign",
    "value_not_grad": "the node's value instead of its gradient",
    "upstream_only": "the upstream gradient alone, without the local derivative",
    "output_one": "not 1 for the output, whose gradient with respect to itself is 1",
}

#: Wrong attempts after which the app points at its hint and reveal keys.
HELP_AFTER = 3

_UNICODE = str.maketrans(
    {"\u2212": "-", "\u2013": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u00f7": "/"}
)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class AnswerError(Exception):
    """An answer that cannot be read; ``message`` says what is wrong in one line."""

    def __init__(self, message: str, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.col = col


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of grading one answer."""

    correct: bool
    """Whether the answer is within the lesson's tolerance of the gradient."""
    value: float | None
    """The parsed answer."""
    mistake: str | None
    """A code from ``MISTAKES`` when a known mistake was recognised, else None."""
    message: str
    """What the learner sees, one or two sentences."""


# -- questions -----------------------------------------------------------------------------


def question(graph: Graph, name: str) -> str:
    """Return the question for a node: ``dL/de = ?``."""
    return f"{partial(graph.output, name)} = ?"


# -- reading answers ------------------------------------------------------------------------


def _node_names(graph: Graph) -> list[str]:
    """List the node names a learner can type (constants such as ``2`` are not names)."""
    return [n for n in graph.nodes if _IDENT.match(n)]


def parse_answer(text: str, graph: Graph) -> float:
    """Read an answer: a number, arithmetic, functions, node names standing for their values.

    Args:
        text: what the learner typed (``-4``, ``12*cos(36)``, ``f``, ``−2×3``).
        graph: the lesson's graph (node names are looked up in it).

    Returns:
        The answer's value (finite).

    Raises:
        AnswerError: the answer cannot be read or computed, saying why in one line.

    """
    clean = text.translate(_UNICODE).strip()
    if not clean:
        raise AnswerError("the answer is empty")
    if "=" in clean:
        raise AnswerError("type only the value, without '=' (for example: -2)", clean.index("="))
    if "^" in clean:
        raise AnswerError("use ** for powers, not ^ (for example 2**3)", clean.index("^"))
    if re.fullmatch(r"[-+]?\d+,\d+", clean):
        raise AnswerError(f"use a dot for decimals: {clean.replace(',', '.')}")
    try:
        tree = ex.parse(clean)
    except ex.ExprError as exc:
        message = exc.message
        if message.startswith("cannot read"):
            message = _syntax_advice(clean, message)
        raise AnswerError(message, exc.col) from None
    except (OverflowError, ValueError, MemoryError, RecursionError):
        raise AnswerError(f"cannot read {clean!r}: a number is too large") from None
    known = _node_names(graph)
    for ref in ex.names(tree):
        if ref.name not in graph.nodes:
            if ref.name in FUNCTIONS:
                raise AnswerError(f"{ref.name} is a function: write {ref.name}(x)", ref.col)
            listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
            raise AnswerError(f"unknown name {ref.name!r} (nodes here: {listed})", ref.col)
    try:
        value = ex.evaluate(tree, graph.value_env)
    except ex.ExprError as exc:
        raise AnswerError(f"cannot compute {clean!r}: {exc.message}", exc.col) from None
    except (OverflowError, ValueError, ZeroDivisionError, RecursionError):
        raise AnswerError(f"cannot compute {clean!r}: a number is too large") from None
    if not math.isfinite(value):
        raise AnswerError(f"cannot compute {clean!r}: the number is too large")
    return value


def _syntax_advice(clean: str, message: str) -> str:
    """Return a clearer message for the commonest syntax errors in answers."""
    if clean[-1] in "+-*/":
        return f"cannot read {clean!r}: something is missing after {clean[-1]!r}"
    if re.search(r"[\w.)]\s+[\w(]", clean):
        return f"cannot read {clean!r}: two values with no operator between them (use *)"
    return message.replace(". Perhaps you forgot a comma?", "")


# -- mistakes -------------------------------------------------------------------------------


def _candidates(graph: Graph, name: str) -> list[tuple[str, float, str]]:
    """Wrong answers each mistake would give for this node: (code, value, message)."""
    node = graph.nodes[name]
    out = graph.output
    dv = partial(out, name)
    found: list[tuple[str, float, str]] = []
    if name == out:
        why = f"{dv} = 1: the output's gradient with respect to itself is always 1."
        found.append(("output_one", 0.0, why))
    reach = graph.reachable()
    consumers = [c for c in node.consumers if c in reach]
    uses = sum(node.uses[c] for c in consumers)
    if len(consumers) == 1 and uses == 1:
        c = graph.nodes[consumers[0]]
        local = c.local[c.inputs.index(name)]
        dc, up = partial(c.name, name), partial(out, c.name)
        why = f"That is {dc}, the local derivative alone. Multiply by the upstream gradient {up}."
        found.append(("no_upstream", local, why))
        why = f"That is {up}, the upstream gradient; multiply by the local derivative {dc}."
        found.append(("upstream_only", c.grad, why))
    elif uses > 1:
        if len(consumers) > 1:
            both = "both " if len(consumers) == 2 else ""
            feeds = f"{name} feeds {both}{join_and(consumers)}"
            why = f"{feeds}: add the contributions from every consumer."
        else:
            why = f"{consumers[0]} uses {name} {uses} times: add the contributions from every use."
        for cname in consumers:
            c = graph.nodes[cname]
            per_use = [c.grad * lo for i, lo in zip(c.inputs, c.local, strict=True) if i == name]
            found += [("one_consumer", v, why) for v in per_use]
            found.append(("one_consumer", sum(per_use), why))
            up = partial(out, cname)
            alone = (
                f"That is {up}, an upstream gradient alone; multiply it by {partial(cname, name)}."
            )
            found.append(("upstream_only", c.grad, alone))
    found.append(("sign", -node.grad, "Right size, wrong sign: " + _sign_advice(graph, name)))
    found.append(("value_not_grad", node.value, f"That is {name}'s value, not {dv}."))
    return found


def _sign_advice(graph: Graph, name: str) -> str:
    """Where a sign can go wrong for this node (the end of the ``sign`` message)."""
    out = graph.output
    if name == out:
        return f"{partial(out, out)} = 1."
    reach = graph.reachable()
    consumers = [c for c in graph.nodes[name].consumers if c in reach]
    if len(consumers) == 1 and graph.nodes[name].uses[consumers[0]] == 1:
        c = consumers[0]
        if c == out:
            return f"check the sign of {partial(c, name)}."
        up, local = partial(out, c), partial(c, name)
        return f"check the signs of the upstream gradient {up} and the local derivative {local}."
    return f"check the sign of each contribution {partial(out, 'C')} * {partial('C', name)}."


#: Which mistake to name when an answer fits several (the most instructive first).
PRIORITY = ("output_one", "one_consumer", "sign", "no_upstream", "upstream_only", "value_not_grad")


def diagnose(graph: Graph, name: str, value: float) -> tuple[str, str] | None:
    """Recognise a classic mistake in a wrong answer.

    A mistake counts only when the answer it would give differs from the right answer
    and the learner's value matches it (within the lesson's tolerance). When a value fits
    several mistakes (in ``b = a + a`` one use's contribution is also the upstream
    gradient alone), the one earlier in ``PRIORITY`` is named: forgetting to sum is what
    a node with several uses teaches, so it comes first.

    Returns:
        ``(code, message)`` with a code from ``MISTAKES``, or None.

    """
    tol = graph.lesson.tolerance
    want = graph.nodes[name].grad
    if not math.isfinite(value) or tol.close(value, want):
        return None
    matches: dict[str, str] = {}
    for code, candidate, message in _candidates(graph, name):
        if tol.close(candidate, want) or not tol.close(value, candidate):
            continue
        matches.setdefault(code, message)
    for code in PRIORITY:
        if code in matches:
            return code, matches[code]
    return None


def grade(
    graph: Graph,
    name: str,
    value: float,
    known: Mapping[str, float] | None = None,
    attempts: int = 0,
) -> Verdict:
    """Grade an answer for node ``name`` against the engine's gradient.

    Args:
        graph: the lesson's graph.
        name: the node asked.
        value: the learner's answer (from ``parse_answer``).
        known: gradients the learner has found so far (name -> value); an upstream
            gradient the learner already has is quoted in the message.
        attempts: wrong attempts at this node before this one.

    Returns:
        The verdict, with the mistake recognised (if any) and the message to show.

    """
    node = graph.nodes[name]
    dv = partial(graph.output, name)
    if math.isfinite(value) and graph.lesson.tolerance.close(value, node.grad):
        return Verdict(True, value, None, f"Correct: {dv} = {num(node.grad)}.")
    n = attempts + 1
    found = diagnose(graph, name, value)
    message = f"Not quite (attempt {n})."
    if found is not None:
        message += " " + found[1]
        if found[0] == "no_upstream" and known:
            reach = graph.reachable()
            upstream = next(c for c in node.consumers if c in reach)
            if upstream in known:
                message += f" You found {partial(graph.output, upstream)} = {num(known[upstream])}."
    return Verdict(False, value, found[0] if found else None, message)
