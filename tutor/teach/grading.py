"""Reading and grading a learner's answer, and naming the classic mistakes.

``parse_answer`` reads an answer in the answer dialect of the lesson's kind (never
``eval``). ``grade`` compares an answer with the engine's gradient under
the lesson's tolerance; ``diagnose`` compares a wrong answer with every row of the
misconception table (``tutor.teach.misconceptions``) and names the mistake that explains it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tutor.grammar.errors import ParseError
from tutor.graph.build import Graph
from tutor.mistakes import Mistake
from tutor.notation import partial
from tutor.teach import formula
from tutor.teach import misconceptions as mc
from tutor.teach.formula_points import NoGradient, Values

__all__ = [
    "MISTAKES",
    "AnswerError",
    "Verdict",
    "diagnose",
    "diagnose_all",
    "grade",
    "parse_answer",
    "question",
]

#: The mistakes ``diagnose`` recognises: code -> what the learner did (from the table).
MISTAKES: dict[str, str] = mc.DESCRIPTIONS

#: Wrong attempts after which the app points at its hint and reveal keys.
HELP_AFTER = 3

_UNICODE = str.maketrans(
    {"\u2212": "-", "\u2013": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u00f7": "/"}
)


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
    """A ``Mistake`` code when a known mistake was recognised (the first in ``PRIORITY``)."""
    message: str
    """What the learner sees, one or two sentences."""
    mistakes: tuple[str, ...] = ()
    """Every code whose prediction fits the answer, ``mistake`` first."""
    shape: tuple[int, ...] | None = None
    """A tensor answer's shape (None for a scalar lesson)."""
    maxdiff: float | None = None
    """A tensor answer's largest difference from the gradient (None: shapes differ)."""
    formula: str = "number"
    """``right`` or ``wrong`` for an answer that names nodes (a formula, checked at other
    points: ``tutor.teach.formula``); ``number`` for one that names none."""
    counterexample: dict[str, object] | None = None
    """Where a formula that matches here is wrong: its inputs, upstream gradients, value
    and the gradient there (``Counterexample.json``)."""


# -- questions -----------------------------------------------------------------------------


def question(graph: Graph[Any], name: str) -> str:
    """Return the question for a node: ``dL/de = ?``."""
    return f"{partial(graph.output, name)} = ?"


# -- reading answers ------------------------------------------------------------------------


def parse_answer(text: str, graph: Graph[Any], known: Mapping[str, Any] | None = None) -> Any:
    """Read an answer in the answer dialect of the graph's kind (``graph.kind.read_answer``).

    Numbers, arithmetic, functions, node names standing for their values, and the
    gradients found so far (``dX``, ``grad(X)``); in a tensor lesson the result is an array.

    Args:
        text: what the learner typed (``-4``, ``12*cos(36)``, ``f``, ``−2×3``).
        graph: the lesson's graph (node names are looked up in it).
        known: gradients the learner has found (usable as ``dX``).

    Returns:
        The answer's value (finite).

    Raises:
        AnswerError: the answer cannot be read or computed, saying why in one line.

    """
    clean = text.translate(_UNICODE).strip()
    if not clean:
        raise AnswerError("the answer is empty")
    try:
        return graph.kind.read_answer(
            clean, Values(graph.nodes), known or {}, NoGradient(graph.nodes)
        )
    except ParseError as exc:
        raise AnswerError(exc.message, exc.col) from None


# -- mistakes -------------------------------------------------------------------------------

#: Which mistake is named when an answer fits several: the table's order, most specific
#: first (``tutor.teach.misconceptions.TABLE``). The message names the others as well.
PRIORITY = mc.PRIORITY


def diagnose_all(graph: Graph[Any], name: str, value: float) -> list[mc.Match]:
    """Every misconception that explains ``value`` at ``name``, in priority order.

    Each row of the table predicts wrong values from the graph; an answer matches a row
    when it is within the lesson's tolerance of one of them and that prediction is not
    itself the right answer. A right or unexplained answer matches nothing.
    """
    return mc.match(graph, name, value)


def diagnose(graph: Graph[Any], name: str, value: float) -> tuple[str, str] | None:
    """The mistake named for a wrong answer: ``(code, message)``, or None.

    When several rows fit, the first in ``PRIORITY`` is named and the message says which
    other mistakes give the same number.
    """
    found = diagnose_all(graph, name, value)
    if not found:
        return None
    return found[0].code.value, _message(found)


def _message(found: list[mc.Match], extra: str = "", noun: str = "number") -> str:
    """The first match's message (and ``extra``), naming other mistakes with this answer."""
    text = found[0].message + extra
    if len(found) > 1:
        text += f" (The same {noun} also comes from: {', '.join(m.name for m in found[1:])}.)"
    return text


def grade(
    graph: Graph[Any],
    name: str,
    value: float,
    known: Mapping[str, float] | None = None,
    attempts: int = 0,
    text: str | None = None,
) -> Verdict:
    """Grade an answer for node ``name`` against the engine's gradient.

    Args:
        graph: the lesson's graph.
        name: the node asked.
        value: the learner's answer (from ``parse_answer``).
        known: gradients the learner has found so far (name -> value); an upstream
            gradient the learner already has is quoted in the message.
        attempts: wrong attempts at this node before this one.
        text: the answer as typed: one that names nodes is checked as a formula at other
            points (``tutor.teach.formula``); None grades the number alone.

    Returns:
        The verdict, with the mistake recognised (if any) and the message to show.

    """
    node = graph.nodes[name]
    kind = graph.kind
    tol = graph.tolerance
    judged = kind.judge(partial(graph.output, name), name, node.grad, value, tol)
    checked = (
        formula.check(graph, name, text.translate(_UNICODE).strip(), judged.correct)
        if text is not None
        else formula.FormulaCheck(formula.FormulaStatus.NUMBER)
    )
    status = checked.status.value
    if judged.correct and checked.status != formula.FormulaStatus.WRONG:
        message = judged.text + (_zero_text(graph, name) if checked.zero else "")
        return Verdict(True, value, None, message, (), judged.shape, judged.maxdiff, status)
    parts = [f"Not quite (attempt {attempts + 1})."]
    ce = checked.counterexample
    if ce is not None:  # right here, wrong in general
        noun = kind.texts.answer_noun
        parts.append(f"Your {noun} matches here, but your formula doesn't: {ce.text}.")
        found = list(ce.matches)
        if found:
            parts.append("There: " + _message(found, "", noun))
    else:
        found = diagnose_all(graph, name, value)
        parts += [judged.text] if judged.text else []
        if found:
            parts.append(
                _message(
                    found,
                    _upstream_found(graph, name, found[0].code, known),
                    kind.texts.answer_noun,
                )
            )
    codes = tuple(m.code.value for m in found)
    return Verdict(
        False,
        value,
        codes[0] if codes else None,
        " ".join(parts),
        codes,
        judged.shape,
        judged.maxdiff,
        status,
        ce.json() if ce is not None else None,
    )


def _zero_text(graph: Graph[Any], name: str) -> str:
    """Why a gradient is 0 at every input, and its chain-rule form."""
    form = graph.kind.chain_form(graph, name)
    return (
        f" {partial(graph.output, name)} is 0 at every input, by the graph's structure: "
        f"its chain-rule terms, {form}, add up to 0 whatever the inputs."
    )


def _upstream_found(
    graph: Graph[Any], name: str, code: Mistake, known: Mapping[str, Any] | None
) -> str:
    """`` You found dL/dd = -2.`` after a forgotten upstream gradient the learner has found.

    Not when it is the answer itself (an add gate's local derivative is 1), nor where a
    value cannot be quoted in a sentence (an array).
    """
    if code != Mistake.NO_UPSTREAM or not known:
        return ""
    reach = graph.reachable()
    uses = [(c, n) for c, n in graph.nodes[name].uses.items() if c in reach]
    upstream = uses[0][0] if len(uses) == 1 and uses[0][1] == 1 else None
    if upstream is None or upstream not in known:
        return ""
    if graph.kind.close(known[upstream], graph.nodes[name].grad, graph.tolerance):
        return ""
    quoted = graph.kind.quote(known[upstream])
    return "" if quoted is None else f" You found {partial(graph.output, upstream)} = {quoted}."
