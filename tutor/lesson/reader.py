"""Reading a positioned YAML document into a ``Lesson``, collecting every problem.

``tutor.lesson.find.loads`` calls ``Reader``; it refuses anything that would stop the graph
from being built and reports each problem with its line and column. The ``graph`` lines
are read by ``tutor.lesson.graph_lines``, tensor inputs by ``tutor.lesson.tensor_inputs``.
"""

from __future__ import annotations

import keyword
from typing import TYPE_CHECKING, Any

from tutor.grammar.errors import ParseError
from tutor.grammar.limits import MAX_NAME
from tutor.grammar.parse import keyword_advice, parse
from tutor.grammar.tree import Expr
from tutor.kind import KindName
from tutor.lesson.graph_lines import NAME, assigned, one_line, read_statements
from tutor.lesson.kinds import expected_values, graph_lines
from tutor.lesson.model import (
    DEFAULT_ABS,
    DEFAULT_REL,
    KEYS,
    REQUIRED,
    Expected,
    Lesson,
    LessonError,
    Statement,
    Tolerance,
)
from tutor.lesson.train_field import read_train
from tutor.lesson.yaml_traps import name_limit, trap_hint
from tutor.lesson.yamlpos import Doc, Path_, Pos, Problem
from tutor.messages import clip_repr, did_you_mean
from tutor.scalar.ops import FUNCTIONS

if TYPE_CHECKING:
    from tutor.lesson.tensor_inputs import TensorInput, TensorReader

#: The tiers a lesson may give hints for (``hints: {a: {pattern: ..., numbers: ...}}``).
HINT_TIERS = ("pattern", "local", "numbers")


# -- reading ---------------------------------------------------------------------------


class Reader:
    """Turns a positioned YAML document into a ``Lesson``, collecting problems."""

    def __init__(self, doc: Doc, name: str, path: str) -> None:
        self.doc = doc
        self.name = name
        self.path = path
        self.problems: list[Problem] = list(doc.problems)
        self.yaml_spots = {p.pos for p in doc.problems}
        self.bad_inputs: set[str] = set()
        self.kind: KindName = "scalar"  # a lesson with a tensor input is a tensor lesson
        self._tensors: TensorReader | None = None  # made on first use

    def error(self, pos: Pos, message: str) -> None:
        """Record a problem."""
        if pos not in self.yaml_spots:  # a refused YAML value is reported once, by yaml_load
            self.problems.append(Problem(pos, message))

    def read(self) -> Lesson:
        """Read every key; raise ``LessonError`` if anything is wrong."""
        data = self.doc.data
        if not isinstance(data, dict):
            what = "empty" if data is None else f"a {type(data).__name__}"
            raise LessonError(
                self.problems
                + [Problem(self.doc.value(()), f"a lesson is a mapping of keys, not {what}")],
                self.path,
            )
        for key in data:
            if key not in KEYS:
                hint = did_you_mean(key, KEYS)
                self.error(self.doc.key((key,)), f"unknown key {key!r}{hint}")
        for key in REQUIRED:
            if key not in data:
                self.error(self.doc.value(()), f"missing required key {key!r}")
        title = self.text("title", data.get("title", ""))
        description = (
            self.text("description", data.get("description", "")) if "description" in data else ""
        )
        raw_inputs = data.get("inputs")
        # the one decision of a lesson's kind: a tensor input makes a tensor lesson
        tensor = isinstance(raw_inputs, dict) and any(
            isinstance(v, list | dict) for v in raw_inputs.values()
        )
        self.kind = "tensor" if tensor else "scalar"
        inputs = self.inputs(raw_inputs)
        statements = read_statements(self, data.get("graph"), set(inputs) | self.bad_inputs)
        defined = list(inputs) + [s.target for s in statements]
        output = self.output(data, statements, set(defined))
        lesson = Lesson(
            name=self.name,
            title=title,
            inputs=inputs,
            statements=statements,
            output=output,
            description=description,
            expected=self.expected(data.get("expected")),
            tolerance=self.tolerance(data.get("tolerance")),
            hints=self.hints(data.get("hints")),
            tier_hints=self.tier_hints(data.get("hints")),
            ask=self.ask(data.get("ask", "all")),
            randomize=self.randomize(data.get("randomize"), inputs),
            train=read_train(
                self.doc, self.error, data.get("train"), inputs, statements, self.bad_inputs
            ),
            path=self.path,
            doc=self.doc,
            kind=self.kind,
        )
        if self.problems:
            raise LessonError(self.problems, self.path)
        return lesson

    def text(self, key: str, value: Any) -> str:
        """A string-valued key."""
        if key in self.doc.data and (
            not isinstance(value, str) or (key == "title" and not value.strip())
        ):
            hint = trap_hint(self.doc, (key,), value)
            self.error(self.doc.value((key,)), f"{key!r} must be a non-empty text{hint}")
            return ""
        return value if isinstance(value, str) else ""

    def mapping(self, key: str, value: Any) -> dict[str, Any]:
        """A mapping-valued key (None if absent)."""
        if value is None or (value == {} and key == "inputs"):
            if key in self.doc.data and key in ("inputs",):
                self.error(self.doc.value((key,)), f"{key!r} must list at least one name")
            return {}
        if not isinstance(value, dict):
            self.error(self.doc.value((key,)), f"{key!r} must be a mapping of name: value")
            return {}
        return value

    def check_name(self, name: str, pos: Pos, what: str, path: Path_ = ()) -> bool:
        """A valid node name (an identifier, not a keyword or function); ``path``: its key."""
        word = self.doc.key_words.get(path) if path else None
        if word is not None:
            self.error(
                pos, f"{what} {word!r}: YAML reads {word} as a boolean: quote the word, '{word}'"
            )
            return False
        if len(name) > MAX_NAME:
            self.error(pos, f"{what} {clip_repr(name)} {name_limit(len(name))}")
            return False
        if keyword.iskeyword(name):
            self.error(pos, f"{what} {keyword_advice(name)}")
            return False
        if not NAME.match(name):
            why = "names are ASCII letters, digits and _" if not name.isascii() else ""
            why = why or "letters, digits and _, not starting with a digit"
            self.error(pos, f"{what} {clip_repr(name)} is not a valid name ({why})")
            return False
        if name in FUNCTIONS:
            self.error(pos, f"{what} {name!r} is a function name; choose another name")
            return False
        return True

    def number(self, value: Any, path: Path_, what: str) -> float | None:
        """A finite number (not a boolean) at ``path``."""
        pos = self.doc.value(path)
        if isinstance(value, bool) or not isinstance(value, int | float):
            hint = trap_hint(self.doc, path, value)
            self.error(pos, f"{what} must be a number, not {clip_repr(value)}{hint}")
            return None
        try:
            result = float(value)
        except OverflowError:
            result = float("inf")
        if result != result or result in (float("inf"), float("-inf")):
            self.error(pos, f"{what} must be a finite number, not {clip_repr(value)}")
            return None
        return result

    def inputs(self, value: Any) -> dict[str, float | TensorInput]:
        """The ``inputs`` mapping."""
        out: dict[str, float | TensorInput] = {}
        for name, raw in self.mapping("inputs", value).items():
            if not self.check_name(name, self.doc.key(("inputs", name)), "input", ("inputs", name)):
                continue
            if isinstance(raw, list | dict):  # a tensor: tutor.lesson.tensor_inputs reads it
                spec = self.tensor_input(name, raw)
                if spec is not None:
                    out[name] = spec
                else:
                    self.bad_inputs.add(name)
                continue
            number = self.number(raw, ("inputs", name), f"input {name!r}")
            if number is not None:
                out[name] = number
            else:  # reported; still defined, so the graph lines using it are not blamed
                self.bad_inputs.add(name)
        return out

    def output(self, data: dict[str, Any], statements: list[Statement], defined: set[str]) -> str:
        """The ``output`` name (default: the last assigned name)."""
        if "output" not in data:
            return statements[-1].target if statements else ""
        value = data["output"]
        graph = data.get("graph")
        lines = graph if isinstance(graph, list) else []
        if isinstance(value, str) and any(value in assigned(v) for v in lines) and self.problems:
            return value  # its own line is broken and reported already: no second error
        if not isinstance(value, str) or value not in defined:
            hint = did_you_mean(str(value), sorted(defined))
            self.error(
                self.doc.value(("output",)), f"output {clip_repr(value)} is not defined{hint}"
            )
            return statements[-1].target if statements else ""
        return value

    def expected(self, value: Any) -> dict[str, Expected]:
        """The ``expected`` answers (numbers or expression texts)."""
        out = {}
        for name, raw in self.mapping("expected", value).items():
            pos = self.doc.value(("expected", name))
            if isinstance(raw, list) and raw and _numbers(raw):
                raw = _literal(raw)  # a literal tensor, where the kind's dialect has them
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                hint = trap_hint(self.doc, ("expected", name), raw)
                self.error(
                    pos, f"expected answer for {name!r} must be a number or an expression{hint}"
                )
                continue
            text = str(raw)
            spots = self.doc.spots(("expected", name), text) if isinstance(raw, str) else None
            try:
                parsed = parse(one_line(text), expected_values(self.kind))
            except ParseError as exc:
                for problem in exc.all():
                    where = spots.at(problem.col) if spots else pos.shifted(problem.col)
                    self.error(where, problem.message)
                continue
            start = spots.start if spots else pos
            out[name] = Expected(text, parsed, start, spots if spots and spots.table else None)
        return out

    def tolerance(self, value: Any) -> Tolerance:
        """The ``tolerance`` mapping (``rel`` and ``abs``)."""
        if value is None:
            return Tolerance()
        got: dict[str, float] = {}
        for key, raw in self.mapping("tolerance", value).items():
            if key not in ("rel", "abs"):
                self.error(
                    self.doc.key(("tolerance", key)), f"unknown tolerance {key!r} (use rel and abs)"
                )
                continue
            number = self.number(raw, ("tolerance", key), f"tolerance {key}")
            if number is not None and number < 0:
                self.error(
                    self.doc.value(("tolerance", key)), f"tolerance {key} must not be negative"
                )
            elif number is not None:
                got[key] = number
        tolerance = Tolerance(got.get("rel", DEFAULT_REL), got.get("abs", DEFAULT_ABS))
        if tolerance.rel == 0 and tolerance.abs == 0:
            self.error(
                self.doc.value(("tolerance",)),
                "tolerance rel and abs are both 0: only the engine's exact float would count "
                "as right; allow some rounding, such as abs: 1.0e-9",
            )
        return tolerance

    def hints(self, value: Any) -> dict[str, str]:
        """The ``hints`` mapping (name -> text); names are checked against the graph later."""
        out = {}
        for name, raw in self.mapping("hints", value).items():
            if isinstance(raw, dict):
                continue  # hints per tier: read by tier_hints
            if not isinstance(raw, str) or not raw.strip():
                hint = trap_hint(self.doc, ("hints", name), raw)
                self.error(
                    self.doc.value(("hints", name)),
                    f"hint for {name!r} must be a text or a mapping of tier: text{hint}",
                )
                continue
            out[name] = raw.strip()
        return out

    def tier_hints(self, value: Any) -> dict[str, dict[str, str]]:
        """Hints given per tier: ``a: {pattern: "...", numbers: "..."}``."""
        out: dict[str, dict[str, str]] = {}
        if not isinstance(value, dict):
            return out
        for name, raw in value.items():
            if not isinstance(raw, dict):
                continue
            tiers: dict[str, str] = {}
            for tier, text in raw.items():
                if tier not in HINT_TIERS:
                    hint = (
                        did_you_mean(str(tier), HINT_TIERS) or f" (tiers: {', '.join(HINT_TIERS)})"
                    )
                    self.error(
                        self.doc.key(("hints", name, tier)), f"unknown hint tier {tier!r}{hint}"
                    )
                elif not isinstance(text, str) or not text.strip():
                    self.error(
                        self.doc.value(("hints", name, tier)),
                        f"{tier} hint for {name!r} must be a text",
                    )
                else:
                    tiers[tier] = text.strip()
            if not raw:
                self.error(self.doc.value(("hints", name)), f"hints for {name!r} are empty")
            out[name] = tiers
        return out

    def ask(self, value: Any) -> str | list[str]:
        """``all``, ``inputs`` or a list of names."""
        if isinstance(value, str) and value in ("all", "inputs"):
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return list(value)
        self.error(self.doc.value(("ask",)), "'ask' must be all, inputs, or a list of node names")
        return "all"

    def randomize(
        self, value: Any, inputs: dict[str, float | TensorInput]
    ) -> dict[str, tuple[float, float]]:
        """The ``randomize`` ranges (input name -> [low, high])."""
        out = {}
        for name, raw in self.mapping("randomize", value).items():
            pos = self.doc.value(("randomize", name))
            if name not in inputs:
                hint = did_you_mean(str(name), inputs)
                self.error(
                    self.doc.key(("randomize", name)),
                    f"randomize names {name!r}, which is not an input{hint}",
                )
                continue
            if not (isinstance(raw, list) and len(raw) == 2):
                self.error(pos, f"randomize {name!r} must be a range [low, high]")
                continue
            low = self.number(raw[0], ("randomize", name, 0), "range bound")
            high = self.number(raw[1], ("randomize", name, 1), "range bound")
            if low is None or high is None:
                continue
            if low > high:
                self.error(pos, f"randomize {name!r}: low {raw[0]} is above high {raw[1]}")
                continue
            both_int = all(isinstance(v, int) and not isinstance(v, bool) for v in raw)
            if getattr(inputs[name], "is_labels", False) and not (both_int and low >= 0):
                self.error(
                    pos, f"randomize {name!r}: labels take whole numbers [low, high], low >= 0"
                )
                continue
            out[name] = (int(low), int(high)) if both_int else (low, high)
        return out

    # -- tensor lessons (issue 11): kept apart so the scalar path is unchanged -------------

    def parse(self, text: str) -> Expr:
        """Parse an expression in the graph-line dialect of the lesson's kind."""
        return parse(text, graph_lines(self.kind))

    def tensor_input(self, name: str, raw: Any) -> TensorInput | None:
        """Read a tensor input (a list or a randn/uniform/labels mapping); None when wrong."""
        from tutor.lesson.tensor_inputs import TensorReader

        if self._tensors is None:
            self._tensors = TensorReader(self.doc, self.error)
        return self._tensors.read(name, raw)


def _numbers(raw: list[Any]) -> bool:
    """Whether a YAML list holds only numbers, nested (a literal tensor)."""
    return all(
        _numbers(v)
        if isinstance(v, list)
        else isinstance(v, int | float) and not isinstance(v, bool)
        for v in raw
    )


def _literal(raw: list[Any] | float) -> str:
    """A YAML list of numbers as a literal's text: ``[[0.5, -1], [0, 2]]``."""
    if isinstance(raw, list):
        return "[" + ", ".join(_literal(v) for v in raw) + "]"
    return repr(raw)
