"""Drafts of practice problems, one generator per level: inputs, statements, output.

Each gate accepts only operand values that keep it friendly (its op row's practice
domain, ``Op.practice``): no domain error, no saturation, no huge numbers. A draft that
cannot be made so is dropped (``draft`` returns None) and ``tutor.practice.problems``
draws the next one; it also judges the finished lesson (gradients, mistakes) and writes
its text. The one-operand gates a chain draws, and those of each level-2 topic, are the
forms the op rows list (``Practice.forms``), grouped by the rows' skills.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from tutor.authoring.writer import op_text
from tutor.scalar.ops import OPS

#: Largest value or gradient a friendly problem shows.
MAX_SIZE = 40.0
#: Inputs with one decimal, in tenths: -2.5 to 2.5 without the integers.
_DECIMALS = tuple(k for k in range(-25, 26) if k % 10)


class _Reject(Exception):
    """The draft cannot be a good problem; draw the next one."""


#: Every form practice may draw, by name: ``"pow2"`` -> ``("powc", 2.0)`` (from the op rows).
FORMS: dict[str, tuple[str, float | None]] = {
    form: (key, arg)
    for key, op in OPS.items()
    if op.practice is not None
    for form, arg in op.practice.forms
}


def _forms(chained: bool) -> tuple[str, ...]:
    """The one-operand forms chains draw (``chained``) or draw only on purpose.

    The functions come first, then the forms with a constant (the powers): the order
    problems have been drawn in since their codes were first handed out, so that a code
    keeps its problem.
    """
    found = [
        (arg is not None, form)
        for op in OPS.values()
        if op.arity == 1 and op.practice is not None and op.practice.chained == chained
        for form, arg in op.practice.forms
    ]
    return tuple(form for _, form in sorted(found, key=lambda f: f[0]))


def _can_block(form: str) -> bool:
    """Whether a form's gate can be drafted to block the gradient (a relu below 0)."""
    practice = OPS[FORMS[form][0]].practice
    return practice is not None and practice.accept_blocking is not None


class _Draft:
    """A lesson being drafted: inputs, statements and the values so far."""

    def __init__(self, rng: random.Random, names: tuple[str, ...]) -> None:
        self.rng = rng
        self.pool = list(names)
        self.inputs: dict[str, float] = {}
        self.lines: list[str] = []
        self.values: dict[str, float] = {}
        self.count = 0
        self.users: dict[str, int] = {}

    def number(self, positive: bool = False) -> float:
        """A friendly input: a small integer or one decimal, never 0 (or negative).

        Inputs get different values where possible, so that none is mistaken for another.
        """
        taken = {abs(v) for v in self.inputs.values()}
        for _ in range(20):
            if self.rng.random() < 0.45:
                x = float(self.rng.choice((1, 2, 3, -1, -2, -3)))
            else:
                x = self.rng.choice(_DECIMALS) / 10
            if abs(x) not in taken:
                break
        return abs(x) if positive else x

    def inp(
        self, name: str | None = None, value: float | None = None, positive: bool = False
    ) -> str:
        """A new input (the next name from the pool unless named)."""
        if name is None:
            name = next(n for n in self.pool if n not in self.inputs)
        self.inputs[name] = self.number(positive) if value is None else value
        self.values[name] = self.inputs[name]
        return name

    def op(
        self,
        key: str,
        *operands: str | float,
        arg: float | None = None,
        name: str | None = None,
        block: bool = False,
    ) -> str:
        """Append ``name = key(operands)``; reject the draft if the gate would be unfriendly."""
        vals = tuple(self.values[o] if isinstance(o, str) else float(o) for o in operands)
        practice = OPS[key].practice
        if practice is not None and not block and not practice.accept(vals, arg):
            raise _Reject(key)
        try:
            value = float(OPS[key].forward(*vals, arg))
        except (ValueError, ZeroDivisionError, OverflowError):
            raise _Reject(key) from None
        if not math.isfinite(value) or abs(value) > MAX_SIZE:
            raise _Reject(key)
        if name is None:
            self.count += 1
            name = f"u{self.count}"
        self.lines.append(f"{name} = {op_text(key, operands, arg)}")
        self.values[name] = value
        for o in operands:
            if isinstance(o, str):
                self.users[o] = self.users.get(o, 0) + 1
        return name

    def blocking(self, form: str, operand: str, name: str | None = None) -> str:
        """A gate drafted to block the gradient (a relu of a negative value), or a reject."""
        key, arg = FORMS[form]
        practice = OPS[key].practice
        friendly = practice.accept_blocking if practice is not None else None
        if friendly is None or not friendly((self.values[operand],), arg):
            raise _Reject(key)
        return self.op(key, operand, arg=arg, name=name, block=True)

    def unary(self, form: str, operand: str, name: str | None = None) -> str:
        """One of the one-operand forms, powers included (``pow2``, ``pow3``, ``inv``, ``sqrt``)."""
        key, arg = FORMS[form]
        return self.op(key, operand, arg=arg, name=name)

    def binary(
        self, operand: str, name: str | None = None, ops: tuple[str, ...] = ("+", "-", "*")
    ) -> str:
        """``operand OP x`` or ``x OP operand`` with a new input (sometimes a constant)."""
        key = self.rng.choice(ops)
        other: str | float = (
            self.inp() if self.rng.random() < 0.8 else float(self.rng.choice((2, 3, 0.5)))
        )
        pair = (operand, other) if self.rng.random() < 0.6 else (other, operand)
        return self.op(key, *pair, name=name)


#: The one-operand forms random chains draw; and those drawn only on purpose (a relu).
_UNARY = _forms(chained=True)
_ON_PURPOSE = _forms(chained=False)


def _by_skill() -> dict[str, tuple[str, ...]]:
    """The forms of each skill (a level-2 topic is a skill: ``trig`` has sin and cos)."""
    topics: dict[str, tuple[str, ...]] = {}
    for form, (key, _) in FORMS.items():
        skill = OPS[key].skill.value
        topics[skill] = topics.get(skill, ()) + (form,)
    return topics


#: The forms of each level-2 topic: the forms whose op rows have that skill.
_TOPIC_OPS = _by_skill()


def _level1(d: _Draft, topic: str) -> str:
    """One or two gates among + - *, one of them the topic's."""
    ops = {"add": "+", "mul": "*", "sub": "-"}
    main = ops[topic]

    def operands() -> tuple[str | float, ...]:
        form = d.rng.choice(("xx", "xx", "xx", "xk", "kx"))
        return tuple(d.inp() if f == "x" else float(d.rng.choice((2, 3, -2, 0.5))) for f in form)

    if d.rng.random() < 0.3:
        return d.op(main, *operands(), name="L")
    keys = [main, d.rng.choice(("+", "-", "*"))]
    d.rng.shuffle(keys)
    e = d.op(keys[0], *operands(), name="e")
    other: str | float = d.inp() if d.rng.random() < 0.8 else float(d.rng.choice((2, 3, -2)))
    pair = (e, other) if d.rng.random() < 0.5 else (other, e)
    return d.op(keys[1], *pair, name="L")


def _level2(d: _Draft, topic: str) -> str:
    """A chain of 3 to 6 nodes through unary gates, one of them the topic's."""
    total = d.rng.randint(3, 6)
    node = d.inp()
    if d.rng.random() < 0.5 and total >= 4:
        node = d.binary(node, ops=("*", "+"))
    budget = max(total - len(d.inputs) - d.count, 1)
    plan: list[str] = []  # "u": a one-operand gate (1 node); "b": a gate with a new input (2)
    while budget > 0:
        kind = "b" if budget >= 2 and d.rng.random() < 0.2 else "u"
        plan.append(kind)
        budget -= 2 if kind == "b" else 1
    if plan[-1] == "b":  # the output is a one-operand gate
        plan[-1:] = ["u", "u"]
    where = d.rng.choice([i for i, k in enumerate(plan) if k == "u"])
    block = any(_can_block(f) for f in _TOPIC_OPS[topic]) and d.rng.random() < 0.35
    for i, kind in enumerate(plan):
        name = "L" if i == len(plan) - 1 else None
        if i == where:
            pick = d.rng.choice(_TOPIC_OPS[topic])
            if block and _can_block(pick):
                node = d.blocking(pick, node, name)
            else:
                node = d.unary(pick, node, name)
        elif kind == "b":
            node = d.binary(node, name=name)
        else:
            node = d.unary(d.rng.choice(_UNARY), node, name=name)
    return node


def _level3(d: _Draft, topic: str) -> str:
    """Reuse: one gate using a value twice, an input with two consumers, or a diamond."""
    x = d.inp()
    if topic == "self":
        v = d.binary(x, ops=("*", "+")) if d.rng.random() < 0.5 else x
        node = d.op(d.rng.choice(("+", "*")), v, v)
        for _ in range(d.rng.randint(0, 2)):
            node = d.unary(d.rng.choice(_UNARY), node) if d.rng.random() < 0.6 else d.binary(node)
        return _rename_last(d, node)
    shared = x if topic == "fanout" else d.binary(x, ops=("*", "+", "-"))
    if topic == "diamond" and d.rng.random() < 0.3:
        shared = d.unary(d.rng.choice(("tanh", "exp", "pow2", "sigmoid")), shared)
    branches = []
    for _ in range(2):
        if d.rng.random() < 0.55:
            branch = d.binary(shared, ops=("*", "+", "-"))
        else:
            branch = d.unary(d.rng.choice(_UNARY), shared)
        if d.rng.random() < 0.3:
            branch = d.unary(d.rng.choice(_UNARY), branch)
        branches.append(branch)
    node = d.op(d.rng.choice(("+", "*", "-")), *branches)
    if d.rng.random() < 0.35:
        node = d.unary(d.rng.choice(_UNARY), node)
    return _rename_last(d, node)


def _rename_last(d: _Draft, node: str) -> str:
    """Name the last statement ``L`` (the output)."""
    target, rest = d.lines[-1].split(" = ", 1)
    assert target == node
    d.lines[-1] = f"L = {rest}"
    d.values["L"] = d.values.pop(node)
    return "L"


def _neuron(d: _Draft, activation: str | None, name: str) -> str:
    """``name = act(x1*w1 + ... + b)`` with 1 to 3 weighted inputs."""
    size = d.rng.randint(1, 3)
    terms = []
    for i in range(1, size + 1):
        x, w = d.inp(f"x{i}"), d.inp(f"w{i}")
        terms.append(d.op("*", x, w, name=f"p{i}"))
    total = terms[0]
    for i, term in enumerate(terms[1:], start=2):
        total = d.op("+", total, term, name=f"s{i}")
    if d.rng.random() < 0.8:
        total = d.op("+", total, d.inp("b"), name="n")
    if activation is None:
        return total
    practice = OPS[activation].practice
    strict = practice.accept_activation if practice is not None else None
    if strict is not None and not strict((d.values[total],), None):
        raise _Reject(activation)
    return d.op(activation, total, name=name)


def _level4(d: _Draft, topic: str) -> str:
    """A neuron; a neuron with squared error; two-class softmax cross-entropy."""
    if topic == "neuron":
        return _neuron(d, d.rng.choice(("tanh", "sigmoid", "relu")), "L")
    if topic == "mse":
        o = _neuron(d, d.rng.choice((None, "tanh", "sigmoid", "relu")), "o")
        y = d.inp("y")
        e = d.op("-", o, y, name="e") if d.rng.random() < 0.7 else d.op("-", y, o, name="e")
        if d.rng.random() < 0.3:
            return d.op("*", e, e, name="L")
        return d.op("powc", e, arg=2.0, name="L")
    form = d.rng.choice(("direct", "shared", "separate"))
    if form == "direct":
        z1, z2 = d.inp("z1"), d.inp("z2")
    else:
        x = d.inp("x")
        x2 = x if form == "shared" else d.inp("x2")
        z1 = d.op("+", d.op("*", d.inp("w1"), x, name="m1"), d.inp("b1"), name="z1")
        z2 = d.op("+", d.op("*", d.inp("w2"), x2, name="m2"), d.inp("b2"), name="z2")
    e1, e2 = d.op("exp", z1, name="e1"), d.op("exp", z2, name="e2")
    s = d.op("+", e1, e2, name="s")
    p = d.op("/", e1 if d.rng.random() < 0.5 else e2, s, name="p")
    lp = d.op("log", p, name="lp")
    return d.op("neg", lp, name="L")


def _level5(d: _Draft, topic: str) -> str:
    """A random graph of 10 to 20 nodes: every gate, reuse, one output."""
    size = d.rng.randint(11, 20)
    for _ in range(d.rng.randint(3, 5)):
        d.inp()
    nodes = list(d.inputs)

    def unused() -> list[str]:
        return [n for n in nodes if n not in d.users]

    # the nodes so far plus those that will join the unused ones into one output
    while len(d.inputs) + d.count + len(unused()) - 1 < size - 1:
        open_ = unused() or nodes
        a = d.rng.choice(open_ if d.rng.random() < 0.75 else nodes)
        if d.rng.random() < 0.55:
            b_pool = [n for n in nodes if n != a]
            used = [n for n in b_pool if n in d.users]
            if used and not any(k > 1 for k in d.users.values()) and d.rng.random() < 0.5:
                b_pool = used  # a reuse: level 5 always sums over consumers somewhere
            b: str | float = (
                d.rng.choice(b_pool) if d.rng.random() < 0.85 else float(d.rng.choice((2, 3)))
            )
            pair = (a, b) if d.rng.random() < 0.5 else (b, a)
            nodes.append(d.op(d.rng.choice(("+", "-", "*", "*", "/")), *pair))
        else:
            nodes.append(d.unary(d.rng.choice(_UNARY + _ON_PURPOSE), a))
    open_ = [n for n in nodes if n not in d.users]
    while len(open_) > 1:
        a, b = open_.pop(), open_.pop()
        open_.append(d.op(d.rng.choice(("+", "*")), a, b))
    return _rename_last(d, open_[0])


_LEVELS: dict[int, tuple[Callable[[_Draft, str], str], tuple[str, ...]]] = {
    1: (_level1, ("a", "b", "c")),
    2: (_level2, ("x", "w", "b", "y", "z")),
    3: (_level3, ("x", "w", "b", "c", "y", "z", "v")),
    4: (_level4, ()),
    5: (_level5, ("a", "b", "c", "x", "y", "z", "w", "v")),
}


def draft(
    level: int, topic: str, rng: random.Random
) -> tuple[dict[str, float], list[str], str] | None:
    """A draft of a level's problem on ``topic``: ``(inputs, statement lines, output)``.

    Returns None when a gate would have been unfriendly (the caller draws again).
    """
    make, names = _LEVELS[level]
    d = _Draft(rng, names)
    try:
        output = make(d, topic)
    except _Reject:
        return None
    return d.inputs, d.lines, output
