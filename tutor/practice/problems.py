"""Generated practice problems by level and topic, reproducible from a short code (``L3-48213``).

A problem is an ordinary lesson: the generator writes its YAML (``tutor.authoring.writer``)
and loads it with ``tutor.lesson.find.loads``, so what the learner gets, what ``--print``
prints and what ``check`` reads are the same text. The topic is a function of the level
and the seed, so the code alone reproduces a problem; ``--topic`` looks for the next
seed of that topic.

A draft is kept only if it is a good problem (``quality``): friendly inputs, no domain
error, no saturated gate (every asked gradient at least ``MIN_GRAD`` in size, except
below a relu that blocks, where the problem teaches the zero), and wrong answers that
can be told apart (``distinct_mistakes``). Drafts are drawn from a ``random.Random``
seeded with the level, the seed and the attempt, so a code always gives the same text.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tutor.authoring.writer import lesson_yaml
from tutor.errors import ExitStatus, TutorError
from tutor.graph.build import CONST, INPUT, Graph, GraphError, build
from tutor.lesson.find import Lesson, loads
from tutor.lesson.model import Tolerance
from tutor.mistakes import Mistake
from tutor.practice import tensor_drafts as practice_tensor
from tutor.practice.drafts import MAX_SIZE, draft
from tutor.scalar.ops import OPS

#: Levels with generators, and the one that waits for tensor lessons.
SCALAR_LEVELS = (1, 2, 3, 4, 5)
TENSOR_LEVEL = 6
LEVELS = (*SCALAR_LEVELS, TENSOR_LEVEL)
#: Seeds are 0..MAX_SEED (five digits in a code).
MAX_SEED = 99_999
#: Smallest asked gradient, in size (a smaller one means a saturated gate).
MIN_GRAD = 0.05
#: Drafts tried per seed before giving up (none of the levels comes near it).
MAX_ATTEMPTS = 3000

#: The skills inside each level (``--topic``), with what the level practises.
TOPICS: dict[int, tuple[str, ...]] = {
    1: ("add", "mul", "sub"),
    2: ("exp", "log", "tanh", "sigmoid", "relu", "trig", "pow"),
    3: ("self", "fanout", "diamond"),
    4: ("neuron", "mse", "softmax"),
    5: ("mixed",),
    6: practice_tensor.TOPICS,
}
LEVEL_TITLES = {
    1: "one or two gates: add, multiply, subtract",
    2: "chains with exp, log, tanh, sigmoid, relu, sin, cos and powers",
    3: "reuse and fan-out: sum over every consumer",
    4: "a neuron and a loss",
    5: "mixed graphs of 10 to 20 nodes",
    6: "tensor lessons: a linear layer, a bias, softmax cross-entropy, a tanh layer",
}
TOPIC_TEXT = {
    "add": "An add gate passes the upstream gradient through unchanged to each input.",
    "mul": "A multiply gate swaps its inputs: each input's local derivative is the other one.",
    "sub": "A subtract gate passes the gradient to the first input and flips it for the second.",
    "exp": "exp is its own derivative: the local derivative is the node's own value.",
    "log": "d log(x)/dx = 1/x, computed from the gate's input.",
    "tanh": "d tanh(x)/dx = 1 - tanh(x)**2: one minus the node's own value squared.",
    "sigmoid": "d sigmoid(x)/dx = s * (1 - s), with s the node's own value.",
    "relu": "A relu passes the gradient where its input is positive and blocks it elsewhere.",
    "trig": "d sin(x)/dx = cos(x) and d cos(x)/dx = -sin(x), in radians.",
    "pow": "The power rule: d(x**n)/dx = n * x**(n-1).",
    "self": "A gate that uses one value twice gives it one contribution per use: add them.",
    "fanout": "An input that feeds two gates gets the sum of both contributions.",
    "diamond": "A node with two consumers sums their contributions before passing it on.",
    "neuron": "A neuron: a weighted sum, a bias, an activation.",
    "mse": "A neuron with a squared-error loss: start from the loss.",
    "softmax": "Two-class softmax cross-entropy, one exp, sum, divide and log at a time.",
    "mixed": "Everything at once: find each node's consumers, then sum their contributions.",
}

_CODE = re.compile(r"\s*L(\d+)-(\d+)\s*\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Problem:
    """One generated problem: its code and its lesson text."""

    level: int
    """1 to 5."""
    seed: int
    """0 to ``MAX_SEED``."""
    topic: str
    """The skill it practises (one of ``TOPICS[level]``)."""
    text: str
    """The lesson's YAML (passes ``check``)."""

    @property
    def code(self) -> str:
        """The short code that reproduces it: ``L3-48213``."""
        return code_of(self.level, self.seed)

    @property
    def name(self) -> str:
        """The lesson's name (a file stem): the code."""
        return self.code

    def lesson(self) -> Lesson:
        """The lesson, loaded from the text by the one lesson loader."""
        return loads(self.text, self.name)


# -- codes, levels, topics ------------------------------------------------------------------


def code_of(level: int, seed: int) -> str:
    """``L3-48213``."""
    return f"L{level}-{seed}"


def parse_code(code: str) -> tuple[int, int]:
    """``L3-48213`` -> ``(3, 48213)``.

    Raises:
        TutorError: not a code (usage).

    """
    match = _CODE.match(code)
    if not match:
        raise TutorError(f"{code!r} is not a problem code (like L3-48213)", ExitStatus.USAGE)
    level, seed = int(match.group(1)), int(match.group(2))
    check_level(level)
    check_seed(seed)
    return level, seed


def check_level(level: int) -> None:
    """Raise a usage error for a level that does not exist."""
    if level not in LEVELS:
        raise TutorError(f"there is no level {level}: levels are 1 to 6", ExitStatus.USAGE)


def check_seed(seed: int) -> None:
    """Raise a usage error for a seed outside 0..MAX_SEED."""
    if not 0 <= seed <= MAX_SEED:
        raise TutorError(f"seeds are 0 to {MAX_SEED}, not {seed}", ExitStatus.USAGE)


def topic_of(level: int, seed: int) -> str:
    """The topic problem ``L{level}-{seed}`` practises (fixed by the code)."""
    topics = TOPICS[level]
    return topics[random.Random(f"topic:{level}:{seed}").randrange(len(topics))]


def check_topic(level: int, topic: str) -> None:
    """Raise a usage error for a topic that is not in the level."""
    if topic not in TOPICS[level]:
        raise TutorError(
            f"level {level} has no topic {topic!r}; its topics are {', '.join(TOPICS[level])}",
            ExitStatus.USAGE,
        )


def level_of(topic: str) -> int:
    """The level a topic belongs to (``--topic tanh`` without ``--level``).

    Raises:
        TutorError: no level has it (usage), listing every topic.

    """
    for level, topics in TOPICS.items():
        if topic in topics:
            return level
    every = "; ".join(f"{level}: {' '.join(t)}" for level, t in TOPICS.items())
    raise TutorError(
        f"no level has the topic {topic!r} (topics by level: {every})", ExitStatus.USAGE
    )


def seed_for(level: int, topic: str | None, start: int) -> int:
    """The first seed from ``start`` (wrapping round) whose problem practises ``topic``."""
    if topic is None:
        return start
    check_topic(level, topic)
    for k in range(MAX_SEED + 1):
        seed = (start + k) % (MAX_SEED + 1)
        if topic_of(level, seed) == topic:
            return seed
    raise AssertionError("every topic has seeds")  # pragma: no cover


def new_seed() -> int:
    """A fresh seed (not reproducible: that is what the code is for)."""
    return random.SystemRandom().randrange(MAX_SEED + 1)


def problems(level: int, topic: str | None = None, seed: int | None = None) -> Iterator[Problem]:
    """An endless sequence of problems: ``seed`` (or a fresh one), then the next seeds."""
    check_level(level)
    if topic is not None:
        check_topic(level, topic)
    start = new_seed() if seed is None else seed
    check_seed(start)
    while True:
        found = seed_for(level, topic, start)
        yield generate(level, found)
        start = (found + 1) % (MAX_SEED + 1)


# -- good problems ----------------------------------------------------------------------------

#: Two numbers closer than this are one answer to a learner (a lucky slip would pass).
MARGIN = Tolerance(rel=0.02, abs=0.01)
#: Closer than this at two sets of inputs: the same quantity by construction.
_SAME = Tolerance(rel=1e-9, abs=1e-12)
#: Mistakes that are never the right answer, not even by construction: a graph in which
#: a node's value is its gradient (``L = 0.5 * e**2``) is not drafted.
ALWAYS_WRONG = frozenset({Mistake.VALUE_NOT_GRAD})


def predictions(graph: Graph[Any], name: str) -> list[tuple[Mistake, float]]:
    """The wrong answers the classic mistakes predict for node ``name``: ``(code, value)``.

    This is the seam for the misconception table (``tutor.teach.misconceptions``, on its way):
    once it lands, this returns its rows' raw ``predict`` values (all of them: not its
    ``predictions()``, which drops those equal to the right answer, coincidences
    included), and ``distinct_mistakes`` needs no change. The codes are
    ``tutor.teach.grading.MISTAKES``'s, which the table keeps.
    """
    node = graph.nodes[name]
    reach = graph.reachable()
    out: list[tuple[Mistake, float]] = [
        (Mistake.VALUE_NOT_GRAD, node.value),
        (Mistake.SIGN, -node.grad),
    ]
    consumers = [c for c in node.consumers if c in reach]
    uses = sum(node.uses[c] for c in consumers)
    for cname in consumers:
        c = graph.nodes[cname]
        per_use = [c.grad * lo for i, lo in zip(c.inputs, c.local, strict=True) if i == name]
        out.append((Mistake.UPSTREAM_ONLY, c.grad))
        if uses == 1:
            out.append((Mistake.NO_UPSTREAM, c.local[c.inputs.index(name)]))
        else:
            out += [(Mistake.ONE_CONSUMER, v) for v in per_use]
            if len(consumers) > 1:
                out.append((Mistake.ONE_CONSUMER, sum(per_use)))
    return out


def _paired(
    graph: Graph[Any], twin: Graph[Any], name: str
) -> list[tuple[Mistake, float, float | None]]:
    """Each prediction with the same one (same code, same rank) in the twin, if any."""
    twins: dict[str, list[float]] = {}
    for code, value in predictions(twin, name):
        twins.setdefault(code, []).append(value)
    seen: dict[str, int] = {}
    out: list[tuple[Mistake, float, float | None]] = []
    for code, value in predictions(graph, name):
        k = seen[code] = seen.get(code, -1) + 1
        others = twins.get(code, [])
        out.append((code, value, others[k] if k < len(others) else None))
    return out


def distinct_mistakes(graph: Graph[Any], name: str, twin: Graph[Any] | None = None) -> bool:
    """Whether the mistakes' predictions for ``name`` differ from the answer and each other.

    Then a wrong answer can be diagnosed, and a lucky slip cannot pass. A prediction
    that equals the right answer *by construction* (the upstream gradient alone under
    an add gate, the local derivative alone right below the output) is not a mistake
    there and is skipped. Telling construction from coincidence: ``twin`` is the same
    graph at slightly moved inputs (built here when not given); an equality that holds
    in both is construction.
    """
    twin = twin if twin is not None else build(graph.lesson, _nudged(graph.inputs))
    want, twin_want = graph.nodes[name].grad, twin.nodes[name].grad

    def same(a: float, b: float, ta: float | None, tb: float | None) -> bool:
        return ta is not None and tb is not None and _SAME.close(a, b) and _SAME.close(ta, tb)

    kept: list[tuple[float, float | None]] = []
    for code, value, twin_value in _paired(graph, twin, name):
        if code not in ALWAYS_WRONG and same(value, want, twin_value, twin_want):
            continue  # not a mistake at this node
        if MARGIN.close(value, want):
            return False
        kept.append((value, twin_value))
    for i, (a, ta) in enumerate(kept):
        for b, tb in kept[i + 1 :]:
            if MARGIN.close(a, b) and not same(a, b, ta, tb):
                return False
    return True


def _nudged(inputs: dict[str, float]) -> dict[str, float]:
    """The inputs moved by small, unequal, irrational-ish amounts (for ``distinct_mistakes``)."""
    return {n: v * (1 + 0.0113 * math.sqrt(i + 2)) for i, (n, v) in enumerate(inputs.items())}


def friendly_number(x: float) -> bool:
    """A small integer or a number with one decimal, at most ``MAX_SIZE`` in size."""
    return abs(x) <= MAX_SIZE and abs(x * 10 - round(x * 10)) < 1e-9


def blocked_below(graph: Graph[Any]) -> set[str]:
    """Nodes whose every use passes through a gate that blocks (a relu of a negative input)."""
    reach = graph.reachable()
    blocked: set[str] = set()
    for name in reversed(list(graph.nodes)):  # consumers before operands
        node = graph.nodes[name]
        if name not in reach or name == graph.output:
            continue
        live = [c for c in node.consumers if c in reach]
        if live and all(c in blocked or _blocks(graph, c) for c in live):
            blocked.add(name)
    return blocked


def _blocks(graph: Graph[Any], cname: str) -> bool:
    """Whether gate ``cname`` blocks the gradient at its operands' values (its op row says)."""
    c = graph.nodes[cname]
    practice = OPS[c.key].practice if c.key is not None else None
    if practice is None or practice.blocks is None:
        return False
    return practice.blocks(tuple(graph.nodes[i].value for i in c.inputs))


def quality(graph: Graph[Any]) -> list[str]:
    """Why the problem is not a good one (empty: it is)."""
    why: list[str] = []
    for name, value in graph.inputs.items():
        if not friendly_number(value):
            why.append(f"input {name} = {value} is not a small integer or one decimal")
    blocked = blocked_below(graph)
    twin = build(graph.lesson, _nudged(graph.inputs))
    for name in graph.order:
        node = graph.nodes[name]
        if abs(node.value) > MAX_SIZE or abs(node.grad) > MAX_SIZE:
            why.append(f"{name}: value or gradient too large")
        if name in blocked:
            if node.grad != 0:
                why.append(f"{name}: below a blocking relu but its gradient is not 0")
        elif abs(node.grad) < MIN_GRAD:
            why.append(f"{name}: gradient {node.grad:.4g} is too small (a saturated gate)")
        if not distinct_mistakes(graph, name, twin):
            why.append(f"{name}: a mistake would give the right answer or another mistake's")
    return why


def shape(graph: Graph[Any]) -> str:
    """The graph's shape: its operations and wiring, without names or numbers."""
    canon: dict[str, str] = {}
    parts: list[str] = []
    for name, node in graph.nodes.items():
        if node.kind == INPUT:
            canon[name] = "x"
        elif node.kind == CONST:
            canon[name] = "k"
        else:
            args = ",".join(canon[i] for i in node.inputs)
            canon[name] = f"n{len(parts)}"
            parts.append(f"{node.op}({args})")
    # inputs are told apart by which operations use them (and how often)
    uses = sorted(
        ";".join(sorted(f"{canon[c]}x{k}" for c, k in graph.nodes[n].uses.items()))
        for n, node in graph.nodes.items()
        if node.kind == INPUT
    )
    return " ".join(parts) + " | " + " ".join(uses)


def _draft(level: int, seed: int, topic: str, attempt: int) -> str | None:
    """One draft's lesson text, or None when the draft was unfriendly."""
    rng = random.Random(f"practice:{level}:{seed}:{attempt}")
    drafted = draft(level, topic, rng)
    if drafted is None:
        return None
    inputs, lines, output = drafted
    code = code_of(level, seed)
    return lesson_yaml(
        f"Practice {code}: {topic}",
        inputs,
        lines,
        output=output,
        description=(
            f"Level {level}, {LEVEL_TITLES[level]}. {TOPIC_TEXT[topic]}\n\n"
            f"Start at {output} (its gradient is 1) and go backwards. This problem's code is "
            f"{code}: `backprop-tutor practice --code {code}` gives it again."
        ),
    )


def generate(level: int, seed: int) -> Problem:
    """Problem ``L{level}-{seed}``: the first draft for this seed that is a good problem.

    Raises:
        TutorError: a level without generators or a seed out of range (usage).

    """
    check_level(level)
    check_seed(seed)
    topic = topic_of(level, seed)
    if level == TENSOR_LEVEL:
        return _generate_tensor(seed, topic)
    for attempt in range(MAX_ATTEMPTS):
        text = _draft(level, seed, topic, attempt)
        if text is None:
            continue
        try:
            if not quality(build(loads(text, code_of(level, seed)))):
                return Problem(level, seed, topic, text)
        except GraphError:
            continue
    raise TutorError(f"no good problem found for {code_of(level, seed)}")  # pragma: no cover


def _generate_tensor(seed: int, topic: str) -> Problem:
    """A level-6 problem: the first tensor draft for this seed that is a good problem."""
    code = code_of(TENSOR_LEVEL, seed)
    for attempt in range(100):
        rng = random.Random(f"practice:{TENSOR_LEVEL}:{seed}:{attempt}")
        text = practice_tensor.lesson_text(code, topic, rng)
        try:
            if not practice_tensor.quality(build(loads(text, code))):
                return Problem(TENSOR_LEVEL, seed, topic, text)
        except GraphError:
            continue
    raise TutorError(f"no good problem found for {code}")  # pragma: no cover
