"""``backprop-tutor new`` and ``schema``: start a lesson file, print the lesson schema."""

from __future__ import annotations

from tutor.authoring.template import schema_text, target_path, template
from tutor.commands.context import Context
from tutor.errors import TutorError


def main_new(ctx: Context, name: str) -> int:
    """Write ``NAME.yaml``, a commented lesson template; never overwrite a file.

    The template is the same whatever the context says: it is written where ``NAME`` says.

    Raises:
        TutorError: the file exists, or cannot be written.

    """
    path = target_path(name)
    try:
        with path.open("x", encoding="utf-8") as f:
            f.write(template(path.name))
    except FileExistsError:
        raise TutorError(f"{path} exists already; not overwriting it") from None
    except OSError as exc:
        raise TutorError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(
        f"wrote {path}; try it: backprop-tutor run {path}  (check it: backprop-tutor check {path})"
    )
    return 0


def main_schema(ctx: Context) -> int:
    """Print the JSON Schema (draft 2020-12) of the lesson format (the same in any context)."""
    print(schema_text(), end="")
    return 0
