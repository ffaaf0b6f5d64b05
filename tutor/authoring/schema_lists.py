"""The lesson JSON Schema's function lists, derived from the op tables.

``tutor/authoring/lesson.schema.json`` is written by hand except for the parts that list
functions: the names a node may not take (the functions and Python's keywords) and the
descriptions that list the functions of scalar and tensor expressions, and ``train``'s
bounds and defaults (``tutor.lesson.train_field``). ``derived`` puts
those parts back from the op tables (``tutor.scalar.ops``: every function and its
constant parameter; the tensor graph lines' functions, ``tutor.tensor.dialects``);
``make docs`` (or ``python -m tutor.authoring.schema_lists``) rewrites the file when they
differ, and a test fails when the file in the repository is not its own derivation.
"""

from __future__ import annotations

import copy
import json
import keyword
import sys
from typing import Any

from tutor.authoring.template import schema_path
from tutor.lesson.model import DEFAULT_LR, DEFAULT_STEPS
from tutor.lesson.train_field import MAX_LR, MAX_STEPS
from tutor.scalar.ops import FUNCTIONS, OPS

NAME = (
    "A node name: letters, digits and _, not starting with a digit; not a Python keyword "
    "(lambda, class, ...: write lam) nor a function name ({functions})."
)
EXPRESSION = (
    "An arithmetic expression: numbers, node names (their values), + - * / **, parentheses "
    "and the functions {functions}{params}. Example: 12*cos(36). Tensor lessons add @, .T "
    "and the functions {tensor} (docs/lesson-format.md says what each takes)."
)


def tensor_functions() -> tuple[str, ...]:
    """The functions only tensor expressions have."""
    from tutor.tensor.dialects import GRAPH_LINES

    return tuple(f for f in GRAPH_LINES.function_names if f not in FUNCTIONS)


def derived(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its function lists put back from the op tables."""
    out = copy.deepcopy(schema)
    defs = out["$defs"]
    defs["name"]["not"]["enum"] = [*FUNCTIONS, *keyword.kwlist]
    defs["name"]["description"] = NAME.format(functions=", ".join(FUNCTIONS))
    params = [
        f"{f}(x, {OPS[f].param}) takes a number as its {OPS[f].param}"
        for f in FUNCTIONS
        if OPS[f].param
    ]
    defs["expression"]["description"] = EXPRESSION.format(
        functions=" ".join(FUNCTIONS),
        params=f" ({'; '.join(params)})" if params else "",
        tensor=" ".join(tensor_functions()),
    )
    train = out["properties"]["train"]["properties"]  # the reader's own bounds and defaults
    train["lr"].update(maximum=MAX_LR, default=DEFAULT_LR)
    train["lr"]["description"] = f"The learning rate: above 0. Default {DEFAULT_LR:g}."
    train["steps"].update(maximum=MAX_STEPS, default=DEFAULT_STEPS)
    train["steps"]["description"] = (
        f"How many steps a run makes before it pauses. Default {DEFAULT_STEPS}."
    )
    return out


def _quoted(text: str) -> str:
    """A string as the schema file writes it."""
    return json.dumps(text, ensure_ascii=False)


def main(argv: list[str]) -> int:
    """Rewrite the schema file when its function lists are not the op tables' (exit 0)."""
    if argv:
        print("usage: python -m tutor.authoring.schema_lists", file=sys.stderr)
        return 2
    path = schema_path()
    text = path.read_text(encoding="utf-8")
    schema = json.loads(text)
    fresh = derived(schema)
    if fresh == schema:
        return 0
    for part in ("name", "expression"):  # new descriptions in place, keeping the layout
        old, new = schema["$defs"][part]["description"], fresh["$defs"][part]["description"]
        text = text.replace(
            json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)
        )
    if json.loads(text) != fresh:  # the lists themselves changed: write the whole file
        text = json.dumps(fresh, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"{path}: function lists updated from the op tables")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
