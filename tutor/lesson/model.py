"""The lesson model: ``Lesson`` and its parts, the format's keys and defaults, ``LessonError``.

Plain data, importing no reader: ``tutor.lesson.reader`` turns YAML into these, and
``tutor.lesson.find`` finds and loads lesson files (and re-exports these names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tutor.errors import TutorError
from tutor.grammar.tree import Expr
from tutor.kind import KindName
from tutor.lesson.yamlpos import Doc, Pos, Problem, Spots, capped

if TYPE_CHECKING:
    from tutor.lesson.tensor_inputs import TensorInput

KEYS = (
    "title",
    "description",
    "inputs",
    "graph",
    "output",
    "expected",
    "tolerance",
    "hints",
    "ask",
    "randomize",
    "train",
)
REQUIRED = ("title", "inputs", "graph")
#: The default relative tolerance: an answer within 0.1% of the gradient's own size.
DEFAULT_REL = 1.0e-3
#: The default absolute tolerance: none. Differences are measured against the gradient's
#: own size, so a small gradient's sign or a 0 for it is never accepted (issue 17).
DEFAULT_ABS = 0.0
#: Float noise, relative to the largest gradient of the graph: a gradient that is 0 by
#: structure computes as about 1e-17, and an answer of 0 there is right.
NOISE = 1.0e-9
#: ``train``'s learning rate and steps a run makes, unless the lesson says.
DEFAULT_LR, DEFAULT_STEPS = 0.1, 100


class LessonError(TutorError):
    """A lesson that cannot be loaded; ``problems`` says every reason with its place."""

    def __init__(self, problems: list[Problem], path: str = "<lesson>") -> None:
        self.problems = sorted(problems, key=lambda p: (p.pos.line, p.pos.col))
        self.path = path
        super().__init__("\n".join(p.format(path) for p in self.problems))

    def lines(self) -> list[str]:
        """Every problem formatted as ``check`` prints it (at most 50, then ``and N more``)."""
        return capped([p.format(self.path) for p in self.problems])

    def one_line(self) -> str:
        """The first problem, formatted, for one-line messages."""
        return self.problems[0].format(self.path) if self.problems else f"{self.path}: error"


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How close an answer must be: ``|x - y| <= max(abs, rel * size(y), floor)``.

    ``size(y)`` is the gradient's own size: ``|y|`` for a number, the largest entry
    ``max |y|`` for a tensor (one bound for every entry). ``floor`` is float noise, set by
    the graph from its largest gradient (``NOISE``), so 0 by structure is still 0.
    """

    rel: float = DEFAULT_REL
    """Relative tolerance, against the gradient's own size."""
    abs: float = DEFAULT_ABS
    """Absolute tolerance (the lesson's own; none by default)."""
    floor: float = 0.0
    """Float noise accepted whatever the gradient (set by the graph, never by the lesson)."""

    def bound(self, size: float) -> float:
        """The largest difference accepted from a gradient of this size."""
        return max(self.abs, self.rel * size, self.floor)

    def close(self, got: float, want: float) -> bool:
        """Whether the number ``got`` is close enough to ``want``."""
        return abs(got - want) <= self.bound(abs(want))


@dataclass(frozen=True, slots=True)
class Train:
    """``train``: the parameters gradient descent moves, its learning rate and its run."""

    params: tuple[str, ...]
    """The inputs trained, in the order given (each a leaf with a gradient)."""
    lr: float = DEFAULT_LR
    """The learning rate: each step moves a parameter by ``-lr * grad``."""
    steps: int = DEFAULT_STEPS
    """How many steps a run makes before it pauses."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One line of ``graph``: ``target = expression``."""

    target: str
    """The name assigned."""
    expr: Expr
    """The parsed right-hand side."""
    text: str
    """The line as written."""
    pos: Pos
    """Where the line starts."""
    expr_pos: Pos
    """Where the right-hand side starts (columns of ``expr`` nodes count from here)."""
    spots: Spots | None = None
    """Where each character of the line is (a multi-line or quoted entry); None: on one line."""
    expr_offset: int = 0
    """Offset of the right-hand side in the line (for ``spots``)."""

    def at(self, col: int) -> Pos:
        """Position in the file of column ``col`` of the right-hand side."""
        if self.spots is not None:
            return self.spots.at(self.expr_offset + col)
        return self.expr_pos.shifted(col)


@dataclass(frozen=True, slots=True)
class Expected:
    """An author's expected gradient: a number or an expression such as ``12*cos(36)``."""

    text: str
    """As written."""
    expr: Expr
    """Parsed."""
    pos: Pos
    """Where the value is."""
    spots: Spots | None = None
    """Where each character of the text is (a multi-line or quoted value)."""

    def at(self, col: int) -> Pos:
        """Position in the file of column ``col`` of the text."""
        return self.spots.at(col) if self.spots is not None else self.pos.shifted(col)


@dataclass(slots=True)
class Lesson:
    """A lesson as an instructor wrote it (before the graph is built)."""

    name: str
    """Short name: the file's stem (``micrograd-labels``)."""
    title: str
    """Shown in lists and headers."""
    inputs: dict[str, float | TensorInput]
    """The leaves and their values, in file order: a number, or a tensor as the file gives it."""
    statements: list[Statement]
    """The assignments, in order."""
    output: str
    """The node whose gradient is taken (defaults to the last assigned name)."""
    description: str = ""
    """Markdown shown beside the graph."""
    expected: dict[str, Expected] = field(default_factory=dict)
    """The author's own answers, checked against the engine by ``check``."""
    tolerance: Tolerance = field(default_factory=Tolerance)
    """How close answers must be."""
    hints: dict[str, str] = field(default_factory=dict)
    """The author's plain hint per node, shown in the tier its content belongs to."""
    tier_hints: dict[str, dict[str, str]] = field(default_factory=dict)
    """The author's hints given per tier: node -> {pattern|local|numbers: text}."""
    ask: str | list[str] = "all"
    """``all``, ``inputs``, or a list of node names the learner answers."""
    randomize: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Quiz ranges per input: ``[low, high]``; integer bounds draw integers."""
    path: str = "<lesson>"
    """Where the lesson came from (for messages)."""
    doc: Doc | None = field(default=None, repr=False, compare=False)
    """The YAML with positions, for ``check``."""
    kind: KindName = "scalar"
    """``tensor`` when an input is a tensor (the reader decides; the graph keeps it)."""
    train: Train | None = None
    """How the train view trains the lesson (its output is then a loss to lower)."""

    def pos(self, *path: Any) -> Pos:
        """Position of the value at ``path`` in the file (``("inputs", "a")``)."""
        return self.doc.value(tuple(path)) if self.doc else Pos(1, 1)

    def key_pos(self, *path: Any) -> Pos:
        """Position of the key at ``path`` in the file."""
        return self.doc.key(tuple(path)) if self.doc else Pos(1, 1)

    @property
    def summary(self) -> str:
        """The first sentence-ish line of the description."""
        for line in self.description.splitlines():
            line = line.strip().lstrip("#").strip()
            if line:
                return line if len(line) <= 90 else line[:87] + "..."
        return ""
