"""``backprop-tutor practice``: generated problems, your own expression, and ``tutor.study``."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from tutor.authoring.writer import ExprInputError
from tutor.commands.context import Context
from tutor.commands.run import _require_terminal, freeze_imported
from tutor.errors import ExitStatus, TutorError


def _usage(message: str) -> TutorError:
    return TutorError(message, ExitStatus.USAGE)


def practice_source(
    level: int | None, topic: str | None, seed: int | None, code: str | None
) -> Iterator[tuple[str, str]]:
    """The problems the options ask for, as ``(code, YAML text)``; checks them first.

    Raises:
        TutorError: options that contradict each other, a bad level, topic, seed or code.

    """
    from tutor.practice import problems as practice

    if code is not None:
        if seed is not None:
            raise _usage("--code gives the seed already: use --code or --seed, not both")
        code_level, seed = practice.parse_code(code)
        if level is not None and level != code_level:
            raise _usage(f"--code {code} is a level {code_level} problem, not level {level}")
        level = code_level
        if topic is not None and topic != practice.topic_of(level, seed):
            raise _usage(f"--code {code} practises {practice.topic_of(level, seed)}, not {topic}")
    if level is None:
        level = 1 if topic is None else practice.level_of(topic)
    practice.check_level(level)
    if topic is not None:
        practice.check_topic(level, topic)
    if seed is not None:
        practice.check_seed(seed)
    return ((p.code, p.text) for p in practice.problems(level, topic, seed))


def with_reason(text: str, reason: str) -> str:
    """A generated lesson whose description starts with why it was chosen."""
    import yaml

    data = yaml.safe_load(text)
    lead = f"**Why this problem**: {reason}."
    data["description"] = f"{lead}\n\n{data.get('description', '')}".strip()
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def adaptive_source(data_dir: str | Path | None) -> Iterator[tuple[str, str]]:
    """Endless problems chosen from the learner's record (``Store.plan``), each saying why."""
    from tutor.commands.progress import _open_for_cli
    from tutor.practice import problems as practice

    with _open_for_cli(data_dir, notice=False) as store:  # a recovery file saved first
        while True:
            target = store.plan()
            problem = next(practice.problems(target.level, target.topic))
            yield problem.code, with_reason(problem.text, target.reason)


def review_source(data_dir: str | Path | None) -> Iterator[tuple[str, str]]:
    """One fresh problem per review card due now, aimed at its skill, each saying why."""
    from tutor.commands.progress import _open_for_cli
    from tutor.practice import problems as practice
    from tutor.progress.review import target_for

    with _open_for_cli(data_dir, notice=False) as store:  # a recovery file saved first
        cards = store.due_cards()
    for card in cards:
        target = target_for(card)
        problem = next(practice.problems(target.level, target.topic))
        yield problem.code, with_reason(problem.text, f"a review, since {target.reason}")


def _named(prefix: str, text: str) -> tuple[str, str]:
    """A lesson text with a stable name (so its saved progress is its own)."""
    return f"{prefix}-{zlib.crc32(text.encode()):08x}", text


def _open(
    source: Iterator[tuple[str, str]],
    data_dir: str | Path | None,
    keep_progress: bool = True,
    kind: str = "practice",
) -> int:
    """Run the practice app on ``source``; return its exit code."""
    from tutor.app.practice import make_practice_app

    if keep_progress:
        from tutor.commands.progress import save_recovered

        save_recovered(data_dir)  # before the app's store and the first problem's plan

    freeze_imported()
    app = make_practice_app(
        source, data_dir=data_dir, keep_progress=keep_progress, source_kind=kind
    )
    app.run()
    from tutor.progress.queued import report

    report(app.closing_note)  # answers kept for later, once the screen is back
    return app.return_code or 0


def main_practice(
    ctx: Context,
    *,
    level: int | None = None,
    topic: str | None = None,
    code: str | None = None,
    expr: str | None = None,
    values: Sequence[str] = (),
    print_only: bool = False,
) -> int:
    """``practice``: endless generated problems, or one lesson from ``--expr``.

    ``ctx.seed`` is the level's first problem; progress goes to ``ctx.data_dir``. With
    ``print_only`` the (first) lesson's YAML goes to stdout and nothing opens. An ``--expr``
    problem is printed as ``check`` prints one (``<expr>:1:COL: error: ...``).
    """
    seed, data_dir = ctx.seed, ctx.data_dir
    if expr is None:
        if values:
            raise _usage(f"{values[0]}: NAME=VALUE arguments go with --expr")
        adaptive = all(v is None for v in (level, topic, seed, code))
        source = (
            adaptive_source(data_dir) if adaptive else practice_source(level, topic, seed, code)
        )
    else:
        if any(v is not None for v in (level, topic, seed, code)):
            raise _usage("--expr makes its own lesson: drop --level, --topic, --seed and --code")
        from tutor.authoring.writer import from_expr, parse_values

        try:
            text = from_expr(expr, parse_values(values))
        except ExprInputError as exc:
            print(exc.one_line(), file=sys.stderr)
            return exc.status
        source = iter([_named("expr", text)])
    if print_only:
        sys.stdout.write(next(source)[1])
        return 0
    _require_terminal()
    return _open(source, data_dir)


def study(value: object, *, data_dir: str | Path | None = None, keep_progress: bool = True) -> int:
    """Open the tutor on the graph ending at ``value`` (a ``tutor.Value``): ``tutor.study(L)``."""
    from tutor.authoring.writer import from_value

    return _open(iter([_named("graph", from_value(value))]), data_dir, keep_progress)


def main_review(ctx: Context) -> int:
    """``review``: the app on one fresh problem per due card; says so when nothing is due."""
    data_dir = ctx.data_dir
    source = review_source(data_dir)
    first = next(source, None)
    if first is None:
        print("nothing is due for review; practise something new: backprop-tutor practice")
        return 0
    import itertools

    _require_terminal()
    return _open(itertools.chain([first], source), data_dir, kind="review")
