"""``docs/misconceptions.md``, generated from the misconception catalogue.

The page is a view of ``tutor.teach.misconceptions.TABLE``: one table line per row, in
priority order, with its code, human name, the kinds of lesson it applies to, the skill
it counts against, its worked example and what the tutor says to that example (graded
here, exactly as ``backprop-tutor grade`` would). ``make docs`` (or
``python -m tutor.authoring.catalogue_doc docs/misconceptions.md``) writes it; a test
fails when the file in the repository is not what ``render`` gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.notation import num, shape_text
from tutor.skills import TITLES, Skill
from tutor.teach.grading import grade, parse_answer
from tutor.teach.misconceptions import TABLE, Misconception, kinds
from tutor.teach.predictor_kinds import GateSkill

#: The first line of the page: says where it comes from (and that it is not edited by hand).
MARKER = (
    "<!-- generated from the misconception catalogue (tutor/teach/misconceptions.py) by "
    "`make docs`: do not edit by hand -->"
)

INTRO = """\
# Misconceptions: the mistakes the tutor names

When an answer is wrong, the tutor compares it with every row of its catalogue of
misconceptions (`tutor/teach/misconceptions.py`). Each row predicts the wrong value a
learner who makes that mistake would type at a node, computed from the graph and the op
rows only; an answer within the lesson's tolerance of a prediction gets that row's
message. A prediction that equals the right answer never counts, a right answer is never
diagnosed, and an answer no row explains gets plain "Not quite" (a false diagnosis is
worse than none).

Most rows change one term of the chain rule, dL/dC * dC/dV, and keep the node's other
terms: a node with several consumers is diagnosed as well as a node with one.

**Scalar and tensor lessons** share the catalogue: a row has a predictor per kind of
lesson (`tutor/teach/predictors.py` for scalar nodes, `tutor/tensor/predictors.py` for
tensor nodes, elementwise), and the column "applies to" says which it has. Tensor nodes
are graded shape first ("dW2 must have the shape of W2, (64, 27); yours is (27, 64)"), then
elementwise under the lesson's tolerance, reporting how many entries are off and the
largest difference and where, as backprop-ninja's `cmp` does. Mistakes that belong to one
op (a relu passing, the power rule's factor, a transposed matrix product) are *slips* of
that op's row in the op tables (`tutor/scalar/ops.py`, `tutor/tensor/ops.py`), read by
generic predictors, so no shared code asks which op it looks at. The tensor examples
below are typed with the gradients found before the node (`dX` is X's gradient).

**When two rows predict the same number**, the row higher in this table is named first
and the message says which other mistakes give the same number (`grade --json` lists
them all in `mistakes`). The order is most specific first: a relu or an activation
before a general slip, and `sign` ("right size, wrong sign") only when nothing more
specific explains the answer. `rounding` is last: an answer within 2% of the right one but
outside the tolerance ("keep more digits, or type the expression").

**The formula check.** A number proves nothing about the formula behind it: `o**2`
equals `1 - o**2` where o = 1/√2, and a path whose gradient is 0 at every input can be
added with either sign. So an answer that names nodes (`do * (1 - o**2)`, `dZ @ W.T`) is
a formula, and it is right only if it is right at the lesson's values *and* at three
other draws of the inputs (other seeds of `randn`/`uniform` inputs; scalar inputs moved
within `randomize`, or by a random relative amount), the whole graph recomputed at each;
where it names the gradient of one of the node's consumers (`dC`), also with those
gradients replaced by random ones of the same shape, where it must equal the chain
rule's sum. The points come from the lesson and its seed, so the verdict is the same
every time. A formula right at every point is right in any form (`1 - tanh(n)**2` for
`1 - o**2`, `zeros_like(X)` where the gradient is 0 by structure, said so with the
chain-rule form). A formula right here only is a wrong try with the counterexample and
this catalogue's diagnosis there: "Your number matches here, but your formula doesn't:
at x1 = -2, x2 = 1, w1 = -0.64, w2 = -1.32, b = -0.61 it gives 0.3268 and the gradient
is 0.6732. There: That takes tanh' as o**2: ...". With random upstream gradients a path
left out (`one_consumer`, naming it), flipped (`sign`) or taken by an op's classic wrong
VJP (the op rows' slips, such as `max_route` and `pick_spread`) is still named. A plain number
cannot be checked this way, so `check` warns where a row below gives the right value at
an asked node at the lesson's inputs only ("at n, a misremembered local derivative
(local_formula) gives the right value too (0.5000), because 1 - tanh(n)**2 = o**2
here"), and where an asked gradient is 0 or negligible and `expected` does not say 0;
quiz variants are redrawn until neither happens. `grade --json` says `"formula": "right"
| "wrong" | "number"` and gives the `"counterexample"`.

Each mistake counts against a skill in review and stats ("the gate's skill": the skill of
the gate where it was made). `backprop-tutor grade LESSON NODE ANSWER` shows exactly what
the app would say to each example below; the test suite checks every one.
"""

OUTRO = """
## Mistakes are data

Every wrong try is saved in the progress store with its code (or none).
`backprop-tutor progress --json` gives each lesson's counts by code
(`"mistakes": {"no_upstream": 3, "none": 1}`), the lesson-complete dialog lists the
learner's mistakes by the row's name ("forgot the upstream gradient ×2"), and the review
reasons, the stats and the feedback use the same name ("you made the mistake “forgot to sum
over consumers” twice"), and a mistake diagnosed twice
at the same node makes the next hint (ctrl+t) about that mistake.

## Adding a row

Add a member to `Mistake` (`tutor/mistakes.py`) and its row to `TABLE` in
`tutor/teach/misconceptions.py`, where its priority belongs: the code, its one human name
(every list, summary, review reason and stats chart names it so), its skill (or `GATE`),
its predictors per kind, its message (with variants), and an example. A mistake that
belongs to one op is a slip of that op's row instead of a new predictor.
Messages name the mistake, where it happened and the fix without ever stating the right
number. Add the mistake's definition to the labelled corpus in
`tests/test_misconceptions.py`, computed from the mistake's own definition, not from the
row; then `make docs` rewrites this page.
"""


def _skill(row: Misconception) -> str:
    """The skill column: a title, "the gate's skill" or "none"."""
    if isinstance(row.skill, GateSkill):
        return row.skill.value
    return TITLES[row.skill] if isinstance(row.skill, Skill) else "none"


def _example(row: Misconception) -> tuple[str, str]:
    """The example column and what the tutor says to it (graded as ``grade`` would)."""
    lesson, node, answer = row.example.split(" ", 2)
    graph = build(load(lesson))
    known = {n: graph.nodes[n].grad for n in graph.order[: graph.order.index(node)]}
    value = parse_answer(answer, graph, known)
    verdict = grade(graph, node, value, known, 0, answer)
    if verdict.shape is not None:  # a tensor example
        import numpy as np

        shown = f"shape {shape_text(np.shape(graph.nodes[node].grad))}"
    else:
        shown = num(graph.nodes[node].grad)
    said = verdict.message.removeprefix("Not quite (attempt 1).").strip()
    return f"`{lesson}` {node}: `{answer}` (right: {shown})", said


def render() -> str:
    """The page, from the catalogue's rows."""
    lines = [
        MARKER,
        INTRO,
        "| code | the mistake | applies to | counts against | example (lesson, node, answer; "
        "right answer) | what the learner is told |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in TABLE:
        example, said = _example(row)
        applies = ", ".join(kinds(row))
        lines.append(
            f"| `{row.code}` | {row.name} | {applies} | {_skill(row)} | {example} | {said} |"
        )
    return "\n".join(lines) + "\n" + OUTRO


def main(argv: list[str]) -> int:
    """Write the page to the path given (``docs/misconceptions.md``)."""
    if len(argv) != 1:
        print("usage: python -m tutor.authoring.catalogue_doc PATH", file=sys.stderr)
        return 2
    Path(argv[0]).write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
