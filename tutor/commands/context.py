"""The one resolved context of a command: lesson folders, data folder, seed, JSON or not.

``tutor.cli`` builds it once from the arguments and the environment, and hands it to every
``main_*`` function of ``tutor.commands``. No command reads an option, the environment or a
default of its own, so ``--lessons DIR`` and ``--data-dir DIR`` mean the same to each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The environment variable naming the data folder when ``--data-dir`` is not given.
DATA_ENV = "BACKPROP_TUTOR_DATA"


@dataclass(frozen=True, slots=True)
class Context:
    """What every command is told, resolved once."""

    lesson_dirs: tuple[Path, ...] = ()
    """The ``--lessons`` folders in the order given, each checked to hold lessons."""
    data_dir: Path | None = None
    """Where progress is kept: ``--data-dir``, else ``$BACKPROP_TUTOR_DATA``; None: the
    user's data folder (``tutor.progress.db.data_path``)."""
    seed: int | None = None
    """``--seed``: the lesson variant, or practice's first problem; None when not given."""
    json: bool = False
    """``--json``: machine-readable output."""


def resolve(
    lessons: Sequence[str],
    data_dir: str | None,
    seed: int | None,
    as_json: bool,
    environ: Mapping[str, str],
) -> Context:
    """The context of one command line (``environ``: the process environment).

    Raises:
        TutorError: a ``--lessons`` folder that is missing, not a folder or holds no lesson.

    """
    from tutor.lesson.course import lesson_folder

    folder = data_dir or environ.get(DATA_ENV) or None
    return Context(
        lesson_dirs=tuple(lesson_folder(d) for d in lessons),
        data_dir=Path(folder) if folder else None,
        seed=seed,
        json=as_json,
    )
