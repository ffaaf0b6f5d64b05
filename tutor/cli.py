"""The ``backprop-tutor`` command line.

It only parses the arguments, resolves them once into a ``tutor.commands.context.Context``
(lesson folders, data folder, seed, JSON) and dispatches to ``tutor.commands`` with it; each
command is imported when it runs, so ``check`` and ``solve`` never load the user interface.
Every ``TutorError`` ends as one line on stderr and its ``ExitStatus``: 0 ok, 1 a problem with a
lesson or a file, 2 a usage error, 3 Graphviz missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tutor.commands import error_line
from tutor.commands.arguments import Parser, whole, why_not_loaded
from tutor.errors import ExitStatus, TutorError

if TYPE_CHECKING:
    from tutor.commands.context import Context


def _add_common(parser: argparse.ArgumentParser, prefix: str) -> None:
    """--lessons and --data-dir, before the command (prefix "") or after it ("sub_")."""
    parser.add_argument(
        "--lessons",
        metavar="DIR",
        action="append",
        default=[],
        dest=f"{prefix}lessons",
        help="add a folder of lesson files (repeatable)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        dest=f"{prefix}data_dir",
        help="where progress is stored (default: $BACKPROP_TUTOR_DATA or the user data dir)",
    )


class _Version(argparse.Action):
    """``--version``: the version from the package metadata, looked up only when asked."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from tutor.version import version

        sys.stdout.write(f"{parser.prog} {version()}\n")  # on stdout, as argparse's own
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    p = Parser(
        prog="backprop-tutor",
        description="Learn backpropagation by doing it: type each node's gradient, get graded.",
    )
    _add_common(p, "")
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    common = Parser(add_help=False)
    _add_common(common, "sub_")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        """A command that also takes --lessons and --data-dir after its name."""
        return sub.add_parser(name, parents=[common], help=help)

    s = add("run", help="open a lesson in the tutor (no lesson: the lesson list)")
    s.add_argument("lesson", nargs="?", help="a lesson's name (see list) or a lesson file")
    s.add_argument("--seed", type=whole, help="work on randomized variant N")

    s = add("check", help="validate lesson files; print PATH:LINE:COL: error: ...")
    s.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="lesson files, folders or lesson names (default: the --lessons folders)",
    )

    s = add("solve", help="print the worked solution of a lesson")
    s.add_argument("lesson", help="a lesson's name (see list) or a lesson file")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument("--seed", type=whole, help="solve randomized variant N")

    s = add("grade", help="grade an answer at a node exactly as the tutor would")
    s.add_argument("lesson", help="a bundled lesson's name or a lesson file")
    s.add_argument("node", help="the node answered")
    s.add_argument(
        "answer", help="the answer as typed: a number or an expression (-2*3, 12*cos(36), f)"
    )
    s.add_argument("--seed", type=whole, help="grade in randomized variant N")
    s.add_argument("--json", action="store_true", help="machine-readable output")

    s = add("hints", help="print every hint tier for a node, in the tutor's order")
    s.add_argument("lesson", help="a bundled lesson's name or a lesson file")
    s.add_argument("node", help="the node asked")
    s.add_argument("--seed", type=whole, help="randomized variant N")
    s.add_argument("--json", action="store_true", help="machine-readable output")

    s = add("export", help="draw a lesson's graph with Graphviz")
    s.add_argument("lesson", help="a lesson's name (see list) or a lesson file")
    where = s.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="FILE", help="file to write")
    where.add_argument(
        "--steps",
        metavar="DIR",
        help="write the backward pass into DIR, one picture per step (step 0: the forward "
        "pass) and LESSON-steps.html, a page that steps through them",
    )
    s.add_argument(
        "--format",
        choices=("svg", "png", "pdf", "dot"),
        help="output format (default: from the file's extension)",
    )
    s.add_argument(
        "--state",
        choices=("blank", "solved"),
        help="blank: 'grad ?'; solved: every gradient filled in (default; not with --steps)",
    )
    s.add_argument("--seed", type=whole, help="draw randomized variant N")

    s = add(
        "quiz", help="a scored run through lessons, with fresh numbers where a lesson has ranges"
    )
    s.add_argument(
        "lessons_to_quiz",
        nargs="*",
        metavar="LESSON",
        help="lessons, course folders or course.yaml files (default: the course)",
    )
    s.add_argument(
        "--course",
        metavar="DIR",
        action="append",
        default=[],
        help="quiz the course in DIR, in course.yaml order (repeatable)",
    )
    s.add_argument("--seed", type=whole, help="the variant seed (default: a new one)")

    s = add("progress", help="print your saved progress")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="as JSON")
    g.add_argument("--csv", action="store_true", help="as CSV")

    s = add("reset", help="forget saved progress")
    s.add_argument("lesson", nargs="?", help="the lesson to forget")
    s.add_argument("--all", action="store_true", help="forget every lesson")
    s.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    s = add("new", help="write NAME.yaml, a commented lesson template")
    s.add_argument("name", help="the lesson's name (file NAME.yaml)")

    s = add("practice", help="endless generated problems by level, or your own --expr")
    s.add_argument("values", nargs="*", metavar="NAME=VALUE", help="input values for --expr")
    s.add_argument(
        "--level",
        type=whole,
        help="1-7: 1-5 scalar graphs, 6 tensors, 7 the blocks "
        "of GPT-2 and CS231n (default: chosen from your record)",
    )
    s.add_argument("--topic", help="a skill inside the level (e.g. tanh, fanout, softmax)")
    s.add_argument("--seed", type=whole, help="start at problem N of the level (0-99999)")
    s.add_argument("--code", help="one problem again, by its code (L3-48213)")
    s.add_argument("--expr", help='a lesson from your expression: --expr "tanh(w*x + b)" x=0.5 ...')
    s.add_argument(
        "--print", action="store_true", dest="print_only", help="print the lesson's YAML and exit"
    )

    s = add("review", help="review your weak spots (--list: what is due)")
    s.add_argument("--list", action="store_true", help="list the cards due now")
    s.add_argument("--json", action="store_true", help="with --list: as JSON")

    s = add("stats", help="your accuracy per skill, mistakes, pace and streak")
    s.add_argument("--json", action="store_true", help="as JSON")

    add("schema", help="print the JSON Schema of the lesson format")
    add("list", help="list the available lessons")
    return p


def _cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.check import main_check

    return main_check(ctx, args.paths)


def _cmd_solve(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.solve import main_solve

    return main_solve(ctx, args.lesson)


def _cmd_grade(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.grade import main_grade

    return main_grade(ctx, args.lesson, args.node, args.answer)


def _cmd_hints(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.grade import main_hints

    return main_hints(ctx, args.lesson, args.node)


def _cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.export import main_export

    if args.steps is not None:
        from tutor.commands.export import main_export_steps

        if args.state is not None:
            raise TutorError(
                "--state does not go with --steps: the steps go from blank to solved",
                ExitStatus.USAGE,
            )
        return main_export_steps(ctx, args.lesson, args.steps, fmt=args.format or "svg")
    state = args.state or "solved"
    return main_export(ctx, args.lesson, args.output, fmt=args.format, state=state)


def _cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.lessons import main_list

    return main_list(ctx)


def _cmd_run(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.run import main_run

    return main_run(ctx, args.lesson)


def _cmd_quiz(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.run import main_quiz

    return main_quiz(ctx, args.lessons_to_quiz + args.course)


def _cmd_progress(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.progress import main_progress

    return main_progress(ctx, as_csv=args.csv)


def _cmd_reset(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.progress import main_reset

    return main_reset(ctx, args.lesson, everything=args.all, yes=args.yes)


def _cmd_new(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.authoring import main_new

    return main_new(ctx, args.name)


def _cmd_schema(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.authoring import main_schema

    return main_schema(ctx)


def _cmd_practice(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.practice import main_practice

    return main_practice(
        ctx,
        level=args.level,
        topic=args.topic,
        code=args.code,
        expr=args.expr,
        values=args.values,
        print_only=args.print_only,
    )


def _cmd_review(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.review import main_review_list

    if args.json and not args.list:
        raise TutorError("--json goes with --list", ExitStatus.USAGE)
    if not args.list:
        from tutor.commands.practice import main_review

        return main_review(ctx)
    return main_review_list(ctx)


def _cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    from tutor.commands.review import main_stats

    return main_stats(ctx)


COMMANDS: dict[str, Callable[[Context, argparse.Namespace], int]] = {
    "check": _cmd_check,
    "solve": _cmd_solve,
    "grade": _cmd_grade,
    "hints": _cmd_hints,
    "export": _cmd_export,
    "list": _cmd_list,
    "run": _cmd_run,
    "quiz": _cmd_quiz,
    "progress": _cmd_progress,
    "reset": _cmd_reset,
    "new": _cmd_new,
    "schema": _cmd_schema,
    "practice": _cmd_practice,
    "review": _cmd_review,
    "stats": _cmd_stats,
}


def context_of(args: argparse.Namespace) -> Context:
    """The one resolved context of the parsed command line.

    Options count before or after the command; the data folder may come from
    ``$BACKPROP_TUTOR_DATA``.

    Raises:
        TutorError: a bad ``--lessons`` folder.

    """
    from tutor.commands import context

    return context.resolve(
        lessons=args.lessons + getattr(args, "sub_lessons", []),
        data_dir=getattr(args, "sub_data_dir", None) or args.data_dir,
        seed=getattr(args, "seed", None),
        as_json=getattr(args, "json", False),
        environ=os.environ,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from tutor.safe_text import SafeStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)  # no control byte of a file
    try:
        return _dispatch(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _dispatch(argv: list[str]) -> int:
    """Parse ``argv`` and run its command; every ``TutorError`` ends as one line."""
    args = _parser().parse_args(argv)
    command = args.command or "run"
    if args.command is None:
        args.lesson = None
    try:
        return COMMANDS[command](context_of(args), args)
    except TutorError as exc:
        from tutor.lesson.model import LessonError

        if isinstance(exc, LessonError):  # check's errors, one a line, as check prints them
            sys.stderr.write("".join(f"{line}\n" for line in exc.lines()))
        else:
            error_line(exc.one_line())
        return exc.status
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        error_line(str(exc.args[-1] if exc.args else exc))
        return ExitStatus.ERROR
    except ImportError as exc:
        if "numpy" not in f"{exc.name} {exc}".lower():
            raise
        error_line(f"cannot load NumPy, which tensor lessons need ({why_not_loaded(exc)})")
        return ExitStatus.ERROR
    except MemoryError:
        error_line("out of memory (is a memory limit set, as with ulimit -v?)")
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        return ExitStatus.OK
