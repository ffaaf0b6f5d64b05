"""``backprop-tutor export``: draw a lesson's graph to a file."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.commands.context import Context
from tutor.dot import SUFFIXES, DotMissing, RenderError, TargetRefused, picture, render, to_dot
from tutor.errors import ExitStatus, TutorError


def main_export(
    ctx: Context, lesson: str, output: str, fmt: str | None = None, state: str = "solved"
) -> int:
    """``backprop-tutor export``: draw a lesson's graph (``ctx.seed``: a variant) to a file.

    ``output`` ``-`` writes the picture to standard output (``--format`` says which).
    Any other existing target must be a regular file: a symbolic link, FIFO, device or
    hard-linked file is refused in one line (``tutor.dot.TargetRefused``).
    """
    from tutor.authoring.gate import load_checked
    from tutor.teach.quiz import variant

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
    seed = ctx.seed
    the_lesson = load_checked(lesson, ctx.lesson_dirs)
    graph = variant(the_lesson, seed)
    title = the_lesson.title if seed is None else f"{the_lesson.title} (variant {seed})"
    text = to_dot(graph, None if state == "solved" else {}, None, title)
    try:
        if to_stdout:
            data = picture(text, fmt)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # the picture itself: bytes, not text to make safe
            sys.stdout.buffer.flush()
            return 0
        render(text, path, fmt)
    except TargetRefused as exc:
        raise TutorError(str(exc)) from None
    except DotMissing as exc:
        raise TutorError(str(exc), ExitStatus.NO_DOT) from None
    except RenderError as exc:
        raise TutorError(str(exc)) from None
    except OSError as exc:
        raise TutorError(f"cannot write {output}: {exc.strerror or exc}") from None
    print(f"wrote {path} ({fmt}, {state}, {len(graph.nodes)} values)", file=sys.stdout)
    return 0


def main_export_steps(ctx: Context, lesson: str, folder: str, fmt: str = "svg") -> int:
    """``backprop-tutor export --steps DIR``: the backward pass, one picture per step."""
    from tutor.authoring.gate import load_checked
    from tutor.graph.variants import variant
    from tutor.steps import write_steps

    seed = ctx.seed
    the_lesson = load_checked(lesson, ctx.lesson_dirs)
    graph = variant(the_lesson, seed)
    title = the_lesson.title if seed is None else f"{the_lesson.title} (variant {seed})"
    try:
        written = write_steps(graph, Path(folder), fmt, title)
    except DotMissing as exc:
        raise TutorError(str(exc), ExitStatus.NO_DOT) from None
    except RenderError as exc:
        raise TutorError(str(exc)) from None
    except OSError as exc:
        raise TutorError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    n = len(written.pictures)
    first, last = written.pictures[0].name, written.pictures[-1].name
    print(f"wrote {n} pictures in {folder} ({fmt}: {first} ... {last})", file=sys.stdout)
    if written.page is None:
        print("no steps page: Graphviz 'dot' is not installed to draw it", file=sys.stdout)
    else:
        print(f"wrote {written.page} (open it in a browser: arrow keys step)", file=sys.stdout)
    return 0
