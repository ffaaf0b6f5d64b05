"""``backprop-tutor grade`` and ``backprop-tutor hints``: exactly what the app would say.

``grade LESSON NODE ANSWER`` grades ANSWER at NODE as the app does when NODE is asked,
with every gradient asked before NODE already known. ``hints LESSON NODE`` prints every
hint tier for NODE in the app's order. Both take ``--seed N`` (a quiz variant) and
``--json``. Exit codes: 0 graded (right or wrong), 1 the answer cannot be read (one line),
2 a usage error (no such node, a node the lesson does not ask).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from tutor.answer_status import AnswerStatus
from tutor.commands.context import Context
from tutor.errors import ExitStatus, TutorError
from tutor.graph.build import Graph
from tutor.safe_text import json_text, quote

if TYPE_CHECKING:
    from tutor.session import Session


def _graph(ctx: Context, lesson: str) -> Graph[Any]:
    """The lesson's graph, found through the ``--lessons`` folders (variant ``--seed``)."""
    from tutor.authoring.gate import load_checked
    from tutor.teach.quiz import variant

    return variant(load_checked(lesson, ctx.lesson_dirs), ctx.seed)


def _session_at(graph: Graph[Any], node: str) -> Session:
    """A session where every node asked before ``node`` is answered and ``node`` is current.

    Raises:
        TutorError: (usage) ``node`` is not a node of the lesson, or is not asked.

    """
    from tutor.messages import did_you_mean
    from tutor.session import Session

    if node not in graph.nodes:
        names = [n for n, x in graph.nodes.items() if x.kind != "const"]
        hint = did_you_mean(node, names) or f" (nodes: {', '.join(graph.order)})"
        raise TutorError(f"no node {node!r} in {graph.lesson.name}{hint}", ExitStatus.USAGE)
    if node not in graph.asked:
        raise TutorError(
            f"{node!r} is not asked in {graph.lesson.name} (asked: {', '.join(graph.order)})",
            ExitStatus.USAGE,
        )
    session = Session(graph)
    for name in graph.order:
        if name == node:
            break
        session.known[name] = graph.nodes[name].grad
        session.status[name] = AnswerStatus.RIGHT
        session._fill_given()
    reason = session.select(node)
    if reason:  # cannot happen for an asked node once everything before it is known
        raise TutorError(reason, ExitStatus.USAGE)
    return session


def grade_json(graph: Graph[Any], node: str, text: str) -> dict[str, Any]:
    """Grade ``text`` at ``node`` as the app would; the ``grade --json`` object.

    Raises:
        TutorError: (exit 1) the answer cannot be read; (exit 2) no such asked node.

    """
    from tutor.teach import grading

    session = _session_at(graph, node)
    try:
        value = grading.parse_answer(text, graph, session.known)
    except grading.AnswerError as exc:
        raise TutorError(f"cannot grade {quote(text)}: {exc.message}", ExitStatus.ERROR) from None
    verdict = grading.grade(graph, node, value, session.known, 0, text)
    result = {
        "node": node,
        "correct": verdict.correct,
        "value": value,
        "expected": graph.nodes[node].grad,
        "mistake": verdict.mistake,
        "mistakes": list(verdict.mistakes),
        "message": verdict.message,
        "formula": verdict.formula,
    }
    if verdict.counterexample is not None:
        result["counterexample"] = verdict.counterexample
    if verdict.shape is not None:  # a tensor answer: arrays as nested lists
        import numpy as np

        result["value"] = np.asarray(value).tolist()
        result["expected"] = np.asarray(graph.nodes[node].grad).tolist()
        result["shape"] = list(verdict.shape)
        result["maxdiff"] = verdict.maxdiff
    return result


def hints_json(graph: Graph[Any], node: str) -> list[dict[str, str]]:
    """Every hint tier for ``node`` in the app's order; the ``hints --json`` list."""
    from tutor.teach.hints import hint_tiers

    session = _session_at(graph, node)
    return [
        {"tier": h.kind, "title": h.title, "text": h.text}
        for h in hint_tiers(graph, node, session.known)
    ]


def main_grade(ctx: Context, lesson: str, node: str, answer: str) -> int:
    """Print the verdict for ``answer`` at ``node``; return the exit code (0 when graded)."""
    from tutor.notation import partial

    graph = _graph(ctx, lesson)
    result = grade_json(graph, node, answer)
    if ctx.json:
        sys.stdout.write(json.dumps(result) + "\n")
        return ExitStatus.OK
    mark = "right" if result["correct"] else "wrong"
    codes = ", ".join(result["mistakes"]) or "none"
    sys.stdout.write(
        f"{partial(graph.output, node)} = {quote(answer.strip(), marks=False)}: {mark}\n"
        f"{result['message']}\n" + ("" if result["correct"] else f"mistake: {codes}\n")
    )
    return ExitStatus.OK


def main_hints(ctx: Context, lesson: str, node: str) -> int:
    """Print every hint tier for ``node`` in the app's order; return the exit code."""
    graph = _graph(ctx, lesson)
    tiers = hints_json(graph, node)
    if ctx.json:
        sys.stdout.write(json_text(tiers) + "\n")
        return ExitStatus.OK
    for i, h in enumerate(tiers, 1):
        sys.stdout.write(f"{i}. [{h['tier']}] {h['title']}\n")
        sys.stdout.write("".join(f"   {line}\n" for line in h["text"].splitlines()))
    return ExitStatus.OK
