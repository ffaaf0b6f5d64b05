"""Lesson files: YAML -> ``Lesson``, with the position of everything for error messages.

The loader refuses anything that would stop the graph from being built (unknown or
missing keys, bad numbers, bad expressions, names used before they are defined) and
reports every such problem at once through ``LessonError``. Checks that need the
built graph (math domain errors, ``expected`` answers, unreachable statements) live
in ``tutor.check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor import expr as ex
from tutor import yamlpos
from tutor.text import did_you_mean
from tutor.yamlpos import Doc, Pos, Problem

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
)
REQUIRED = ("title", "inputs", "graph")
DEFAULT_REL = 1.0e-3
DEFAULT_ABS = 1.0e-4


class LessonError(Exception):
    """A lesson that cannot be loaded; ``problems`` says every reason with its place."""

    def __init__(self, problems: list[Problem], path: str = "<lesson>") -> None:
        self.problems = sorted(problems, key=lambda p: (p.pos.line, p.pos.col))
        self.path = path
        super().__init__("\n".join(p.format(path) for p in self.problems))

    def first_line(self) -> str:
        """The first problem, formatted, for one-line messages."""
        return self.problems[0].format(self.path) if self.problems else f"{self.path}: error"


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How close an answer must be: ``|x - y| <= max(abs, rel * |y|)``."""

    rel: float = DEFAULT_REL
    """Relative tolerance."""
    abs: float = DEFAULT_ABS
    """Absolute tolerance (matters near zero)."""

    def close(self, got: float, want: float) -> bool:
        """Whether ``got`` is close enough to ``want``."""
        return abs(got - want) <= max(self.abs, self.rel * abs(want))


@dataclass(frozen=True, slots=True)
class Statement:
    """One line of ``graph``: ``target = expression``."""

    target: str
    """The name assigned."""
    expr: ex.Expr
    """The parsed right-hand side."""
    text: str
    """The line as written."""
    pos: Pos
    """Where the line starts."""
    expr_pos: Pos
    """Where the right-hand side starts (columns of ``expr`` nodes count from here)."""

    def at(self, col: int) -> Pos:
        """Position of column ``col`` of the right-hand side."""
        return self.expr_pos.shifted(col)


@dataclass(frozen=True, slots=True)
class Expected:
    """An author's expected gradient: a number or an expression such as ``12*cos(36)``."""

    text: str
    """As written."""
    expr: ex.Expr
    """Parsed."""
    pos: Pos
    """Where the value is."""


@dataclass(slots=True)
class Lesson:
    """A lesson as an instructor wrote it (before the graph is built)."""

    name: str
    """Short name: the file's stem (``micrograd-labels``)."""
    title: str
    """Shown in lists and headers."""
    inputs: dict[str, float]
    """The leaves and their values, in file order."""
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


# -- finding lessons -----------------------------------------------------------------


def bundled_dir() -> Path:
    """The folder of bundled lessons (inside the installed package)."""
    import tutor.lessons

    return Path(tutor.lessons.__file__).parent


def bundled_names() -> list[str]:
    """Names of the bundled lessons, in curriculum order (``course.yaml``, else by name)."""
    folder = bundled_dir()
    from tutor.course import read_course

    return [p.stem for p in read_course(folder).files]


def resolve(name_or_path: str) -> Path:
    """A lesson path from a path or a bundled lesson's name.

    Raises:
        FileNotFoundError: with a message listing what exists.

    """
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise FileNotFoundError(f"no lesson file {name_or_path!r}")
        return path
    candidate = bundled_dir() / f"{name_or_path}.yaml"
    if candidate.is_file():
        return candidate
    local = Path(f"{name_or_path}.yaml")
    if local.is_file():  # `new my-lesson` then `run my-lesson`
        return local
    names = bundled_names()
    extra = did_you_mean(name_or_path, names) or f"; bundled lessons: {', '.join(names)}"
    raise FileNotFoundError(f"no lesson named {name_or_path!r}{extra}")


def load(name_or_path: str | Path) -> Lesson:
    """Load a lesson by bundled name or path.

    Raises:
        FileNotFoundError: no such lesson.
        LessonError: the file has problems.

    """
    path = resolve(str(name_or_path))
    try:
        with path.open("rb") as handle:
            raw = handle.read(yamlpos.MAX_BYTES + 1)
    except OSError as exc:
        raise FileNotFoundError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > yamlpos.MAX_BYTES:
        raise LessonError(
            [Problem(Pos(1, 1), f"file too large (over {yamlpos.MAX_BYTES} bytes)")],
            str(path),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LessonError([Problem(Pos(1, 1), "file is not UTF-8 text")], str(path)) from None
    return loads(text, name=path.stem, path=str(path))


def loads(text: str, name: str = "lesson", path: str = "<lesson>") -> Lesson:
    """Load a lesson from YAML text.

    Raises:
        LessonError: every problem found, each with its line and column.

    """
    try:
        doc = yamlpos.load(text)
    except yamlpos.YamlProblem as exc:
        raise LessonError([exc.problem], path) from None
    from tutor.lesson_reader import Reader

    return Reader(doc, name, path).read()
