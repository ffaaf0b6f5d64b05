"""Help for lesson authors: ``backprop-tutor new NAME`` and ``backprop-tutor schema``.

``new`` writes a commented lesson template that already passes ``backprop-tutor check``;
its first line points YAML editors (the yaml-language-server, used by VS Code's YAML
extension, Neovim, Helix...) at the JSON Schema of the installed package, so keys and
values are completed and checked while typing. ``schema`` prints that JSON Schema.
"""

from __future__ import annotations

import json
import re
import textwrap
from importlib import resources
from pathlib import Path

from tutor.errors import ExitStatus, TutorError
from tutor.scalar.ops import FUNCTIONS, OPS

SCHEMA_FILE = "lesson.schema.json"
#: Lesson names ``new`` refuses: ``course.yaml`` is a folder's course, never a lesson.
RESERVED = ("course",)

TEMPLATE = """\
# yaml-language-server: $schema={schema_url}
#
# A backprop-tutor lesson. Try it:    backprop-tutor run {file}
# Check it after every change:        backprop-tutor check {file}
# See the worked solution:            backprop-tutor solve {file}
# The full guide: docs/authoring.md; every key: backprop-tutor schema
#
# Every key is shown below. Required: title, inputs, graph. The others are optional:
# delete what you do not need.

# title (required): shown in the lesson list and above the graph.
title: {title}

# description: Markdown shown beside the graph. Its first line is the summary in the
# lesson list. Say what the lesson teaches.
description: |
  y = (w*x + b)**2, one node at a time.

  The square's local derivative is 2*z, a product swaps its operands, and a sum
  passes its gradient through unchanged.

# inputs (required): the leaves of the graph and their values (finite numbers), in
# the order they are shown.
inputs:
  x: 2.0
  w: -3.0
  b: 4.0

{graph_comment}
graph:
  - p = w * x
  - z = p + b
  - y = z ** 2

# output: the node whose gradient is taken; its own gradient is 1.
# Default: the last assigned name.
output: y

# expected: your own answers, d(output)/d(node). `check` compares each one with the
# engine and reports any disagreement. A number or an expression; node names in it
# stand for their values at these inputs (z is -2 here).
expected:
  y: 1
  z: 2 * z
  p: -4
  b: -4
  w: -8
  x: 12

# tolerance: how close an answer must be: |answer - gradient| <= rel * |gradient| (for a
# tensor, its largest entry); an abs: is allowed but may not let a sign flip or a 0 pass.
tolerance:
  rel: 0.001

# hints: your hint per node, in the tier its content belongs to (pattern, local, numbers:
# one that writes a number waits for the numbers tier), or per tier as a mapping.
hints:
  z: y = z**2, so dy/dz = 2*z. Use z's value.
  w: {{pattern: "w feeds p only.", local: "p = w * x, so the local derivative is x."}}

# ask: which nodes the learner answers: all (default: every node except constants),
# inputs (only the inputs), or a list of node names such as [y, z, w].
ask: all

# randomize: ranges for quiz variants, input -> [low, high]. Integer bounds draw
# integers; others draw numbers with 2 decimals. `check` makes sure no draw can fail
# (a log of a negative, a division by zero...). Inputs not listed keep their value.
randomize:
  x: [1, 5]
  w: [-4, -1]
  b: [-3.0, 3.0]

# train: once every gradient is found, the train view lowers the output by gradient
# descent, moving each of params (inputs) by -lr * grad a step; the other inputs are
# the data, the same at every step. lr: default 0.1; steps: a run's length, default 100.
train:
  params: [w, b]
  lr: 0.05
  steps: 50
"""


#: What the template says about the graph (its list of functions comes from the op table).
GRAPH_COMMENT = (
    'graph (required): one assignment a line, "name = expression", in order. An expression '
    "uses numbers, inputs, names assigned above, + - * / ** and the functions {functions}. "
    'Each name is assigned once. A compound line such as "z = w*x + b" is allowed: its '
    "inner parts become nodes named z_1, z_2, ..."
)


def graph_comment() -> str:
    """The template's comment on ``graph``, naming every function of the op table."""
    functions = " ".join(f"{f}(x, {OPS[f].param})" if OPS[f].param else f for f in FUNCTIONS)
    text = GRAPH_COMMENT.format(functions=functions)
    return textwrap.fill(text, 88, initial_indent="# ", subsequent_indent="# ")


def schema_path() -> Path:
    """Return the path of the installed JSON Schema of the lesson format."""
    return Path(str(resources.files("tutor.authoring") / SCHEMA_FILE))


def schema_text() -> str:
    """Return the JSON Schema of the lesson format, as text."""
    return schema_path().read_text(encoding="utf-8")


def template(name: str) -> str:
    """Return the commented lesson template for a lesson file called ``name``."""
    stem = Path(name).stem
    words = re.sub(r"[-_]+", " ", stem).strip() or "My lesson"
    return TEMPLATE.format(
        schema_url=schema_path().resolve().as_uri(),
        file=Path(name).name,
        title=json.dumps(words[:1].upper() + words[1:]),
        graph_comment=graph_comment(),
    )


def target_path(name: str) -> Path:
    """Return the file ``new NAME`` writes: ``NAME.yaml`` (kept as is if it ends in .yaml/.yml).

    Raises:
        TutorError: an empty name or one with control characters (usage error).

    """
    if not name.strip() or name.strip() in (".", ".."):
        raise TutorError("the lesson needs a name, such as 'my-lesson'", ExitStatus.USAGE)
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise TutorError(f"the name {name!r} has control characters", ExitStatus.USAGE)
    path = Path(name)
    path = path if path.suffix in (".yaml", ".yml") else path.with_name(path.name + ".yaml")
    if path.stem.lower() in RESERVED or path.name.startswith("bundled:"):
        raise TutorError(
            f"{path.name!r} is reserved: course.yaml describes a course, and bundled:NAME "
            f"picks a bundled lesson; choose another name",
            ExitStatus.USAGE,
        )
    return path
