"""``backprop-tutor export``: draw a lesson's graph to a file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.commands.context import Context
from tutor.dot import SUFFIXES, DotMissing, RenderError, TargetRefused, picture, render, to_dot
from tutor.errors import ExitStatus, TutorError

if TYPE_CHECKING:
    from tutor.graph.build import Graph


def _lesson_graph(ctx: Context, lesson: str) -> tuple[Graph[Any], str]:
    """The checked lesson's graph (``ctx.seed``: the quiz's variant) and its picture's title."""
    from tutor.authoring.gate import load_checked
    from tutor.teach.quiz import variant

    seed = ctx.seed
    the_lesson = load_checked(lesson, ctx.lesson_dirs)
    title = the_lesson.title if seed is None else f"{the_lesson.title} (variant {seed})"
    return variant(the_lesson, seed), title


@contextmanager
def _drawing(target: str) -> Iterator[None]:
    """Say a failed drawing in one line: Graphviz missing or failing, or ``target`` unwritable."""
    try:
        yield
    except TargetRefused as exc:
        raise TutorError(str(exc)) from None
    except DotMissing as exc:
        raise TutorError(str(exc), ExitStatus.NO_DOT) from None
    except RenderError as exc:
        raise TutorError(str(exc)) from None
    except OSError as exc:
        raise TutorError(f"cannot write {target}: {exc.strerror or exc}") from None


def main_export(
    ctx: Context, lesson: str, output: str, fmt: str | None = None, state: str = "solved"
) -> int:
    """``backprop-tutor export``: draw a lesson's graph (``ctx.seed``: a variant) to a file.

    ``output`` ``-`` writes the picture to standard output (``--format`` says which).
    Any other existing target must be a regular file: a symbolic link, FIFO, device or
    hard-linked file is refused in one line (``tutor.dot.TargetRefused``).
    """
    path = Path(output)
    to_stdout = output == "-"
    if fmt is None and to_stdout:
        raise TutorError(
            "-o - writes to standard output: say which format with --format svg|png|pdf|dot",
            ExitStatus.USAGE,
        )
    if fmt is None:
        fmt = SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise TutorError(
                f"cannot tell the format of {output!r} from its extension: use --format "
                "svg|png|pdf|dot or a .svg, .png, .pdf or .dot file name",
                ExitStatus.USAGE,
            )
    graph, title = _lesson_graph(ctx, lesson)
    text = to_dot(graph, None if state == "solved" else {}, None, title)
    with _drawing(output):
        if to_stdout:
            data = picture(text, fmt)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # the picture itself: bytes, not text to make safe
            sys.stdout.buffer.flush()
            return 0
        render(text, path, fmt)
    print(f"wrote {path} ({fmt}, {state}, {len(graph.nodes)} values)", file=sys.stdout)
    return 0


def main_export_steps(ctx: Context, lesson: str, folder: str, fmt: str = "svg") -> int:
    """``backprop-tutor export --steps DIR``: the backward pass, one picture per step."""
    from tutor.steps import write_steps

    graph, title = _lesson_graph(ctx, lesson)
    with _drawing(f"into {folder}"):
        written = write_steps(graph, Path(folder), fmt, title)
    n = len(written.pictures)
    first, last = written.pictures[0].name, written.pictures[-1].name
    print(f"wrote {n} pictures in {folder} ({fmt}: {first} ... {last})", file=sys.stdout)
    if written.page is None:
        print("no steps page: Graphviz 'dot' is not installed to draw it", file=sys.stdout)
    else:
        print(f"wrote {written.page} (open it in a browser: arrow keys step)", file=sys.stdout)
    return 0
