"""``backprop-tutor check``: validate lesson files, every problem with its line and column.

The loader (``tutor.lesson.find``) already refuses what would stop the graph from being
built; this module adds the checks that need the built graph: math domain errors at
the lesson's inputs, statements that do not lead to the output, ``expected`` answers
that disagree with the engine, hints and ``ask`` lists naming unknown nodes, and
``randomize`` ranges that can hit a domain error. Nothing here raises on bad input:
every problem becomes one ``PATH:LINE:COL: error: message`` line.
"""

from __future__ import annotations

import itertools
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tutor.grammar.errors import ParseError
from tutor.graph.model import NodeKind
from tutor.lesson.course import COURSE_FILE, check_course, folder_lessons, is_course_file
from tutor.lesson.find import Lesson, LessonError, load
from tutor.lesson.yamlpos import Pos, Problem
from tutor.messages import clip_repr, did_you_mean
from tutor.notation import precise
from tutor.safe_text import unsafe_spots

if TYPE_CHECKING:
    from tutor.graph.model import Graph
    from tutor.lesson.tensor_inputs import Drawn

#: Seeded draws tried per lesson when checking ``randomize`` ranges (seeds 0, 1, ...).
RANDOM_DRAWS = 200
#: Up to this many randomized inputs, every corner of the ranges is tried; above, two.
MAX_CORNER_INPUTS = 6
#: Node[Any] computations allowed for the ``randomize`` check: big graphs get fewer draws.
RANDOM_BUDGET = 100_000
#: Fewest draws tried, however big the graph (the all-low and all-high corners).
MIN_DRAWS = 2
#: File name of a folder's course description, which is not a lesson.


def _num(x: Drawn) -> str:
    """Format a number for messages, precise enough to show a disagreement."""
    if getattr(x, "ndim", 0) and not isinstance(x, float | int):  # a tensor input's draw
        return f"<a draw of shape {tuple(x.shape)}>"
    return precise(cast(float, x))  # a number (or a 0-d draw, formatted as one)


def check_lesson(lesson: Lesson) -> list[Problem]:
    """Run the checks that need the built graph on a loaded lesson.

    Args:
        lesson: a lesson that ``tutor.lesson.find.load`` accepted.

    Returns:
        The problems found, each with its position in the lesson file (empty when clean).
        When the graph cannot be computed at the lesson's own inputs, that is the only
        problem reported: the other checks need the graph.

    """
    from tutor.graph.build import GraphError, build

    try:
        graph = build(lesson)
    except GraphError as exc:
        return [Problem(exc.pos, f"{exc.message} at node {exc.node!r} with the lesson's inputs")]
    problems: list[Problem] = []
    reach = graph.reachable()
    for s in lesson.statements:
        if s.target not in reach:
            problems.append(
                Problem(s.pos, f"{s.target!r} does not lead to the output {graph.output!r}")
            )
    for name in lesson.inputs:  # inputs feeding only dead lines are covered by those lines
        if not graph.nodes[name].consumers and name != graph.output:
            problems.append(
                Problem(
                    lesson.key_pos("inputs", name),
                    f"input {name!r} is never used",
                )
            )
    if not graph.order:
        data = lesson.doc.data if lesson.doc is not None else None
        where = lesson.key_pos("ask") if "ask" in (data or {}) else lesson.pos()
        problems.append(Problem(where, "the lesson asks no gradient: nothing for the learner"))
    named = [n for n, node in graph.nodes.items() if node.kind != NodeKind.CONST]
    problems += _check_expected(lesson, graph, named)
    from tutor.authoring.number_checks import number_warnings, tolerance_problems

    problems += tolerance_problems(graph) + number_warnings(graph)
    problems += _ambiguous_names(graph)
    for name in {**lesson.hints, **lesson.tier_hints}:
        if name not in graph.nodes:
            problems.append(
                Problem(
                    lesson.key_pos("hints", name),
                    f"hint for unknown node {clip_repr(name)}{did_you_mean(name, named)}",
                )
            )
    problems += _check_ask(lesson, graph, named, reach)
    from tutor.authoring.text_checks import placeholder_problems

    problems += placeholder_problems(lesson, graph)
    randomize = _check_randomize(lesson, graph.elements)
    if randomize is not None:
        problems.append(randomize)
    return problems


def _check_expected(lesson: Lesson, graph: Graph[Any], named: list[str]) -> list[Problem]:
    """Compare each ``expected`` answer with the engine's gradient (the kind words it)."""
    problems: list[Problem] = []
    kind, tol = graph.kind, graph.tolerance
    values = {name: node.value for name, node in graph.nodes.items()}
    for name, want in lesson.expected.items():
        node = graph.nodes.get(name)
        if node is None:
            problems.append(
                Problem(
                    lesson.key_pos("expected", name),
                    f"expected answer for unknown node {name!r}{did_you_mean(name, named)}",
                )
            )
            continue
        if not node.has_grad:
            problems.append(
                Problem(
                    lesson.key_pos("expected", name),
                    f"expected answer for {name!r}, which has no gradient (labels and what is "
                    "computed from labels alone)",
                )
            )
            continue
        try:
            value = kind.evaluate(want.expr, values)
        except ParseError as exc:
            problems.append(
                Problem(want.at(exc.col), f"expected answer for {name!r}: {exc.message}")
            )
            continue
        message = kind.disagreement(name, want.text, value, node.grad, tol)
        if message is not None:
            problems.append(Problem(want.pos, message))
    return problems


def _check_ask(
    lesson: Lesson, graph: Graph[Any], named: list[str], reach: frozenset[str]
) -> list[Problem]:
    """Check an ``ask`` list: known, non-constant nodes that lead to the output, once each."""
    if not isinstance(lesson.ask, list):
        return []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, name in enumerate(lesson.ask):
        pos = lesson.pos("ask", i)
        node = graph.nodes.get(name)
        if node is None:
            message = f"'ask' names unknown node {name!r}{did_you_mean(name, named)}"
        elif node.kind == NodeKind.CONST:
            message = f"'ask' names the constant {name!r}; constants are shown, never asked"
        elif not node.has_grad:
            what = "the labels" if node.kind == NodeKind.LABELS else "the constant"
            message = f"'ask' names {what} {name!r}, which has no gradient; it is never asked"
        elif name in seen:
            message = f"'ask' lists {name!r} twice"
        elif name not in reach:
            message = f"'ask' names {name!r}, which does not lead to the output"
        else:
            seen.add(name)
            continue
        problems.append(Problem(pos, message))
    return problems


def _candidates(lesson: Lesson) -> Iterator[tuple[str, dict[str, Drawn]]]:
    """Input values to try for ``randomize``: the ranges' corners, then seeded draws.

    The all-low and all-high corners come first; the other corners follow when at most
    ``MAX_CORNER_INPUTS`` inputs are randomized.
    """
    from tutor.graph.variants import draw

    names = list(lesson.randomize)
    bounds = [lesson.randomize[n] for n in names]
    lows, highs = tuple(b[0] for b in bounds), tuple(b[1] for b in bounds)
    corners = [lows, highs]
    if len(names) <= MAX_CORNER_INPUTS:
        corners += [c for c in itertools.product(*bounds) if c not in (lows, highs)]
    for corner in corners:
        yield "a corner of the ranges", {n: float(v) for n, v in zip(names, corner, strict=True)}
    for seed in range(RANDOM_DRAWS):
        yield f"quiz seed {seed}", draw(lesson, seed)


def _check_randomize(lesson: Lesson, size: int) -> Problem | None:
    """Return the first ``randomize`` draw that hits a math domain error, if any.

    Args:
        lesson: the lesson.
        size: its number of graph nodes; big graphs get fewer draws (``RANDOM_BUDGET``).

    """
    from tutor.graph.build import GraphError, build

    if not lesson.randomize:
        return None
    tries = max(MIN_DRAWS, RANDOM_BUDGET // max(size, 1))
    for where, values in itertools.islice(_candidates(lesson), tries):
        try:
            build(lesson, values)
        except GraphError as exc:
            shown = ", ".join(f"{n}={_num(values[n])}" for n in lesson.randomize)
            return Problem(
                lesson.key_pos("randomize"),
                f"randomize can give {shown} ({where}): {exc.message} at node {exc.node!r}",
            )
    return None


def _kind(path: Path) -> str:
    """Return ``file``, ``folder``, ``missing``, ``other``, or why the path cannot be used."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError) as exc:
        return f"cannot open it ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


_KIND_ERRORS = {
    "missing": "no such file",
    "folder": "is a folder, not a lesson file",
    "other": "not a regular file",
}


def check_file(path: Path) -> list[str]:
    """Check one lesson file or a course file (``course.yaml``: ``check_course``); never raises.

    Returns:
        The formatted problems (``PATH:LINE:COL: error: message``, and ``warning:`` for
        text that would not read as written), empty when clean.

    """
    name = str(path)
    kind = _kind(path)
    if kind != "file":
        return [f"{name}: error: {_KIND_ERRORS.get(kind, kind)}"]
    if is_course_file(path):
        found = sorted(check_course(path), key=lambda p: (p.pos.line, p.pos.col))
        return [p.format(name) for p in found]
    try:
        lesson = load(path)
        problems = check_lesson(lesson)
        from tutor.authoring.text_checks import warnings

        problems += warnings(lesson)
    except LessonError as exc:
        problems = exc.problems
    except OSError as exc:
        return [f"{name}: error: cannot read the file ({exc.args[-1] if exc.args else exc})"]
    except RecursionError:
        problems = [Problem(Pos(1, 1), "lesson nested too deeply to check")]
    except MemoryError:
        problems = [Problem(Pos(1, 1), "lesson too large to check")]
    spots = unsafe_spots(path.name)
    if spots:
        problems.append(
            Problem(
                Pos(1, 1),
                f"the file name holds the control character {spots[0][1]} (shown as "
                f"{spots[0][1]}); rename the file",
                "warning",
            )
        )
    problems = sorted(problems, key=lambda p: (p.pos.line, p.pos.col))
    return [p.format(name) for p in problems]


def lesson_paths(folder: Path) -> list[Path]:
    """What ``check FOLDER`` checks: its ``course.yaml`` if any, then its lessons by name."""
    course = [folder / COURSE_FILE] if (folder / COURSE_FILE).is_file() else []
    return course + folder_lessons(folder)


def _ambiguous_names(graph: Graph[Any]) -> list[Problem]:
    """Warnings: a node called ``dX`` beside a node ``X`` makes ``dX`` the node in answers."""
    found = []
    for name in graph.nodes:
        base = name[1:]
        if name.startswith("d") and base in graph.nodes:
            found.append(
                Problem(
                    graph.nodes[name].pos,
                    f"node {name!r} shadows the gradient of {base!r} in answers: {name} means "
                    f"the node; learners must type grad({base}) (rename {name} to avoid this)",
                    "warning",
                )
            )
    return found
