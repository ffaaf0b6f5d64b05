"""A seeded generator of random answers and random lesson mutations, for the fuzz tests.

Not a test module itself (``tests/test_fuzz.py`` uses it; ``bench`` may too). Answers are
drawn from the dialect's own functions, the lesson's node names and gradients, numbers
from the edges of floating point, literal lists (empty and ragged ones too) and garbage,
then a share of them is mutated character by character.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

NUMBERS = [
    "0", "1", "-1", "2", "0.5", "-0.0", "3e2", "1e308", "1e-320", "9" * 30, "1e999",
    "0.1", "7", "1.0e-6", "10", "1_0", "0x10", "00", ".5", "5.",
]  # fmt: skip
OPERATORS = ["+", "-", "*", "/", "**", "@", ">", "<", ">=", "<=", "==", "!=", "%", "//"]
GARBAGE = [
    "#", ";", "'", '"', "\\", "\x00", "\x1b[2J", "\r\n", "\t", "é", "∂", "−", "×", "lambda",
    "__import__('os')", "(", ")", "[", "]", ",", ":", "=", "...", "not", "if", "{", "}",
    "`", "$", "a.b", ".T", "[:, None]", "[0]", "axis=", "keepdims=True", "None", "True",
]  # fmt: skip


class AnswerFuzzer:
    """Random answers for one lesson, in its dialect."""

    def __init__(self, seed: int, functions: Sequence[str], names: Sequence[str]) -> None:
        self.rng = random.Random(seed)
        self.functions = list(functions)
        self.names = list(names)

    def number(self) -> str:
        r = self.rng
        return r.choice(NUMBERS) if r.random() < 0.6 else repr(r.uniform(-1e3, 1e3))

    def literal(self, depth: int) -> str:
        """A literal list: flat, nested, empty, ragged."""
        r = self.rng
        if depth > 2 or r.random() < 0.15:
            return r.choice(["[]", "[[]]", "[[], []]", "[[1], [2, 3]]"])
        items = [self.number() if r.random() < 0.8 else self.literal(depth + 1)
                 for _ in range(r.randint(0, 4))]  # fmt: skip
        return "[" + ", ".join(items) + "]"

    def atom(self, depth: int) -> str:
        r = self.rng
        pick = r.random()
        if pick < 0.3 or not self.names:
            return self.number()
        if pick < 0.55:
            return r.choice(self.names)
        if pick < 0.7:
            name = r.choice(self.names)
            return f"d{name}" if r.random() < 0.6 else f"grad({name})"
        if pick < 0.8:
            return self.literal(depth)
        return self.call(depth)

    def call(self, depth: int) -> str:
        r = self.rng
        if not self.functions:
            return self.number()
        args = [self.expr(depth + 1) for _ in range(r.choice([0, 1, 1, 1, 2, 2, 3]))]
        if r.random() < 0.25:
            args.append(r.choice(["axis=0", "axis=1", "axis=-1", "axis=5", "keepdims=True",
                                  "axis=None", "k=2"]))  # fmt: skip
        return f"{r.choice(self.functions)}({', '.join(args)})"

    def expr(self, depth: int = 0) -> str:
        """A random expression, mostly well formed."""
        r = self.rng
        if depth > 3 or r.random() < 0.35:
            return self.atom(depth)
        pick = r.random()
        if pick < 0.5:
            return f"{self.expr(depth + 1)} {r.choice(OPERATORS)} {self.expr(depth + 1)}"
        if pick < 0.6:
            return f"-{self.expr(depth + 1)}"
        if pick < 0.7:
            return f"({self.expr(depth + 1)})"
        if pick < 0.8:
            return f"{self.atom(depth + 1)}{r.choice(['.T', '[:, None]', '[None, :]', '[0]'])}"
        return self.call(depth)

    def mutate(self, text: str) -> str:
        """Delete, repeat or insert a few characters (garbage among them)."""
        r = self.rng
        chars = list(text)
        for _ in range(r.randint(1, 4)):
            at = r.randint(0, len(chars))
            what = r.random()
            if what < 0.35 and chars:
                del chars[min(at, len(chars) - 1)]
            elif what < 0.7:
                chars[at:at] = list(r.choice(GARBAGE))
            else:
                chars[at:at] = list(r.choice(OPERATORS + ["(", ")", "[", "]", ","]))
        return "".join(chars)

    def answers(self, count: int) -> Iterator[str]:
        """``count`` answers: 60% well formed, 30% mutated, 10% long or pathological."""
        r = self.rng
        for _ in range(count):
            pick = r.random()
            if pick < 0.6:
                yield self.expr()
            elif pick < 0.9:
                yield self.mutate(self.expr())
            else:
                yield r.choice([
                    "(" * r.randint(1, 400) + "1" + ")" * r.randint(0, 400),
                    "-" * r.randint(1, 3000) + "1",
                    "1+" * r.randint(1, 2000) + "1",
                    "[" * r.randint(1, 60) + "]" * r.randint(0, 60),
                    "9" * r.randint(1, 6000),
                    " ".join(r.choice(GARBAGE) for _ in range(r.randint(1, 30))),
                    "x" * r.randint(1, 5000),
                ])  # fmt: skip


def mutate_lesson(text: str, rng: random.Random) -> str:
    """A lesson's YAML with a few random edits: lines dropped, repeated or swapped, numbers
    and names changed, YAML specials and control characters inserted."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        what = rng.random()
        if what < 0.2:
            del lines[i]
        elif what < 0.3:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif what < 0.6:
            words = lines[i].split(" ")
            j = rng.randrange(len(words))
            words[j] = rng.choice(
                NUMBERS + ["010", "1:30", "on", "~", "[]", "{}", "-", "*x", "&a", "!!str", "''",
                           "[[]]", "[[1, 2], [3]]", "{labels: []}", "1e-3", "'\\e[2J'", '"\\x9b"',
                           "x", "f", "ask", "softmax(", "sqrt(0)", "log(0)", "0/0"]
            )  # fmt: skip
            lines[i] = " ".join(words)
        elif what < 0.8:
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(GARBAGE) + lines[i][at:]
        else:
            lines[i] = " " * rng.randint(0, 3) + lines[i]
    return "\n".join(lines) + "\n"
