"""Generated practice problems by level and topic, reproducible from a short code (``L3-48213``).

A problem is an ordinary lesson: the generator writes its YAML (``tutor.authoring.writer``)
and loads it with ``tutor.lesson.find.loads``, so what the learner gets, what ``--print``
prints and what ``check`` reads are the same text. The topic is a function of the level
and the seed, so the code alone reproduces a problem; ``--topic`` looks for the next
seed of that topic.

A draft is kept only if it practises what its level and topic name
(``tutor.practice.level_rules.practises``: a relu that can both pass and block, no round
trips, level 5 reuses a node ...) and is a good problem
(``tutor.practice.good_problems.quality``): friendly inputs, no domain error, no
saturated gate, and wrong answers that can be told apart. Drafts are drawn from a
``random.Random`` seeded with the level, the seed and the attempt, so a code always gives
the same text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from tutor.authoring.writer import lesson_yaml
from tutor.errors import ExitStatus, TutorError
from tutor.graph.build import Graph, GraphError, build
from tutor.lesson.find import Lesson, loads
from tutor.practice import block_drafts as practice_blocks
from tutor.practice import tensor_drafts as practice_tensor
from tutor.practice.codes import CODE, MAX_CODE, code_of
from tutor.practice.drafts import draft
from tutor.practice.good_problems import blocked_below, quality
from tutor.practice.level_rules import practises
from tutor.teach.coincidences import findings

#: Levels with generators, and the one that waits for tensor lessons.
SCALAR_LEVELS = (1, 2, 3, 4, 5)
TENSOR_LEVEL = 6
#: The blocks after makemore-ninja (issue 20): tensor lessons too.
BLOCK_LEVEL = 7
LEVELS = (*SCALAR_LEVELS, TENSOR_LEVEL, BLOCK_LEVEL)
#: Seeds are 0..MAX_SEED (five digits in a code).
MAX_SEED = 99_999
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
    7: practice_blocks.TOPICS,
}
LEVEL_TITLES = {
    1: "one or two gates: add, multiply, subtract",
    2: "chains with exp, log, tanh, sigmoid, relu, sin, cos and powers",
    3: "reuse and fan-out: sum over every consumer",
    4: "a neuron and a loss",
    5: "mixed graphs of 10 to 20 nodes",
    6: "tensor lessons: a linear layer, a bias, softmax cross-entropy, a tanh layer",
    7: "the blocks of GPT-2 and CS231n: a layernorm, an attention head, a conv layer, an RNN step",
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


def title_of(level: int, topic: str) -> str:
    """A problem's title, as the learner reads it: ``Practice, level 3: diamond``.

    Its code is not in it (the description gives it, with ``--code``), and the level is
    numbered as ``practice --level`` numbers it.
    """
    return f"Practice, level {level}: {topic}"


def parse_code(code: str) -> tuple[int, int]:
    """``L3-48213`` -> ``(3, 48213)``.

    Raises:
        TutorError: not a code (usage).

    """
    match = CODE.match(code) if len(code) <= MAX_CODE else None
    if not match:
        from tutor.messages import clip_repr

        raise TutorError(
            f"{clip_repr(code)} is not a problem code (like L3-48213)", ExitStatus.USAGE
        )
    level, seed = int(match.group(1)), int(match.group(2))
    check_level(level)
    check_seed(seed)
    return level, seed


def check_level(level: int) -> None:
    """Raise a usage error for a level that does not exist."""
    if level not in LEVELS:
        raise TutorError(
            f"there is no level {level}: levels are 1 to {max(LEVELS)}", ExitStatus.USAGE
        )


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


def _draft(level: int, seed: int, topic: str, attempt: int) -> str | None:
    """One draft's lesson text, or None when the draft was unfriendly."""
    rng = random.Random(f"practice:{level}:{seed}:{attempt}")
    drafted = draft(level, topic, rng)
    if drafted is None:
        return None
    inputs, lines, output = drafted
    code = code_of(level, seed)
    return lesson_yaml(
        title_of(level, topic),
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
    if level in (TENSOR_LEVEL, BLOCK_LEVEL):
        return _generate_tensor(level, seed, topic)
    for attempt in range(MAX_ATTEMPTS):
        text = _draft(level, seed, topic, attempt)
        if text is None:
            continue
        try:
            graph = build(loads(text, code_of(level, seed)))
            if not practises(graph, level, topic) and not quality(graph):
                return Problem(level, seed, topic, text + _zeros(graph))
        except GraphError:
            continue
    raise TutorError(f"no good problem found for {code_of(level, seed)}")  # pragma: no cover


def _zeros(graph: Graph[float]) -> str:
    """``expected: 0`` for the nodes below a blocking relu (the problem teaches that).

    So ``check`` does not warn that their gradients are 0 by accident.
    """
    blocked = sorted(blocked_below(graph))
    return "expected:\n" + "".join(f"  {n}: 0\n" for n in blocked) if blocked else ""


def _generate_tensor(level: int, seed: int, topic: str) -> Problem:
    """A level-6 or 7 problem: the first tensor draft for this seed that is a good problem."""
    code = code_of(level, seed)
    drafts = practice_tensor if level == TENSOR_LEVEL else practice_blocks
    for attempt in range(100):
        rng = random.Random(f"practice:{level}:{seed}:{attempt}")
        text = drafts.lesson_text(code, title_of(level, topic), topic, rng)
        try:
            graph = build(loads(text, code))
            # the formula check's rule too: no mistake hidden by these numbers
            if not practice_tensor.quality(graph) and not findings(graph):
                return Problem(level, seed, topic, text)
        except GraphError:
            continue
    raise TutorError(f"no good problem found for {code}")  # pragma: no cover
