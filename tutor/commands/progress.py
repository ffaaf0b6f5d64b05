"""``backprop-tutor progress`` and ``backprop-tutor reset``: the progress store's commands."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from tutor.commands import error_line
from tutor.commands.context import Context
from tutor.errors import ExitStatus, TutorError
from tutor.messages import did_you_mean
from tutor.progress.records import LessonProgress
from tutor.progress.store import Store
from tutor.safe_text import one_line

# -- the command line ---------------------------------------------------------------------


def _course_totals(lesson_dirs: Sequence[Path]) -> dict[str, int]:
    """Progress key -> nodes asked of every lesson of the courses, in course order.

    The courses are the bundled one, then each ``--lessons`` folder's; a lesson that does
    not build counts 0 nodes. Keys are the app's (``tutor.lesson.course.course_key``).
    """
    from tutor.authoring.catalog import lesson_paths
    from tutor.graph.build import build
    from tutor.lesson.course import course_key
    from tutor.lesson.find import bundled_dir, load

    bundled = bundled_dir()
    totals = {}
    for path in lesson_paths(lesson_dirs):
        key = course_key(path, bundled)
        try:
            totals[key] = len(build(load(path)).order)
        except Exception:  # noqa: BLE001 - a broken lesson is still listed
            totals[key] = 0
    return totals


def progress_rows(store: Store, lesson_dirs: Sequence[Path] = ()) -> list[LessonProgress]:
    """The courses' lessons in course order (never played ones as ``new``), then the others.

    The courses are the bundled one and each of ``lesson_dirs``' (``--lessons``); the others
    are lessons with saved progress that no course lists, by name.
    """
    totals = _course_totals(lesson_dirs)
    rows = []
    for name, total in totals.items():
        row = store.lesson_progress(name)
        if row.total == 0:
            row.total = max(total, row.answered)
        rows.append(row)
    rows += [store.lesson_progress(name) for name in store.lessons() if name not in totals]
    return rows


def _when(t: float | None, iso: bool) -> str | None:
    """Format a timestamp as local ISO 8601 (``iso``) or ``YYYY-mm-dd HH:MM``; never: None/-."""
    if t is None:
        return None if iso else "-"
    import datetime

    moment = datetime.datetime.fromtimestamp(t).astimezone()
    return moment.isoformat(timespec="seconds") if iso else moment.strftime("%Y-%m-%d %H:%M")


@contextlib.contextmanager
def _open_for_cli(data_dir: str | Path | None, notice: bool = True) -> Iterator[Store]:
    """The store, its notice (a moved-aside file, a read-only folder) warned of on stderr.

    Every command that opens the store opens it here (``progress``, ``stats``, ``review``,
    ``practice``), so what the app left in a recovery file is saved first, before anything
    is read. ``notice``: False where the app opened next says the notice itself. Closed
    after the block, and each damaged row its reads skipped is warned of then.
    """
    store = Store.open(data_dir)
    if store.notice and notice:
        print(f"backprop-tutor: warning: {store.notice}", file=sys.stderr)
    if not store.read_only:
        from tutor.progress.recovery import save_into

        for line in save_into(store, store.path.parent):  # what the app could not save
            print(f"backprop-tutor: warning: {line}", file=sys.stderr)
    try:
        yield store
    finally:
        store.close()
        for line in store.warnings:
            print(f"backprop-tutor: warning: {line}", file=sys.stderr)


def save_recovered(data_dir: str | Path | None) -> None:
    """Save what the app left in a recovery file now, before the app opens the store.

    The app's store saves recovery files too, through its writer thread; saved here first,
    they are saved once, and what the app reads at its start (the next problem's plan)
    already holds them. A store that is locked leaves them to the app.
    """
    with _open_for_cli(data_dir, notice=False):
        pass


def main_progress(ctx: Context, as_csv: bool = False) -> int:
    """Print saved progress: a table, ``--json`` (a list of objects) or ``--csv`` (a header).

    Every lesson of the bundled course and of the ``--lessons`` folders is listed, played or
    not, then any other lesson with saved progress.
    """
    as_json = ctx.json
    with _open_for_cli(ctx.data_dir) as store:
        rows = progress_rows(store, ctx.lesson_dirs)
        counts = {r.lesson: store.mistake_counts(r.lesson) for r in rows} if as_json else {}
    fields = ("lesson", "status", "answered", "total", "best_score", "last_played")
    records: list[dict[str, object]] = [
        {
            "lesson": r.lesson,
            "status": r.status,
            "answered": r.answered,
            "total": r.total,
            "best_score": r.best_score,
            "last_played": _when(r.last_played, iso=True),
        }
        for r in rows
    ]
    for record, r in zip(records, rows, strict=True) if as_json else ():
        record["mistakes"] = counts[r.lesson]  # wrong tries by mistake code
    if as_json:
        import json

        print(json.dumps(records, indent=2))
    elif as_csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in rec.items()} for rec in records)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="Progress")
        width = max((len(r.lesson) for r in rows), default=6)
        table.add_column("lesson", min_width=width, no_wrap=True)
        for column in ("status", "answered", "best score", "last played"):
            table.add_column(
                column, justify="right" if column in ("answered", "best score") else "left"
            )
        for r in rows:
            best = "-" if r.best_score is None else f"{r.best_score:.0%}"
            table.add_row(
                one_line(r.lesson),
                r.status,
                f"{r.answered}/{r.total}",
                best,
                _when(r.last_played, iso=False),
            )
        Console().print(table)
    return 0


def _on_a_terminal() -> bool:
    """Whether standard input is a terminal (so a person can answer a question)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def _confirm(question: str) -> bool | None:
    """Ask ``question [y/N]`` on stderr and read stdin: True yes, False no, None no answer (EOF)."""
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        print(file=sys.stderr)
        return None
    return line.strip().lower() in ("y", "yes")


def _saved_key(ctx: Context, lesson: str, saved: list[str]) -> str:
    """The progress key ``lesson`` means: itself when saved, else its lesson file's key.

    The file is found as every command finds one (``--lessons`` folders first) and keyed as
    the app keys it (``tutor.lesson.course.course_key``).
    """
    if lesson in saved:
        return lesson
    from tutor.lesson.course import course_key
    from tutor.lesson.find import bundled_dir, resolve

    try:
        key = course_key(resolve(lesson, ctx.lesson_dirs), bundled_dir())
    except (TutorError, OSError):
        return lesson
    return key if key in saved else lesson


def main_reset(
    ctx: Context, lesson: str | None, everything: bool = False, yes: bool = False
) -> int:
    """Forget the progress of one lesson or (``everything``) of all, after asking unless ``yes``.

    ``lesson`` is a saved progress key (as ``progress`` lists them) or a lesson's name or
    file, found as every command finds one (``--lessons`` folders first).

    Raises:
        TutorError: neither or both of a lesson and ``--all`` (usage, exit 2).

    """
    if bool(lesson) == bool(everything):
        raise TutorError("reset needs a LESSON or --all (one of them)", ExitStatus.USAGE)
    with _open_for_cli(ctx.data_dir) as store:
        saved = store.lessons()
        if lesson:
            lesson = _saved_key(ctx, lesson, saved)
        what = "all lessons" if everything else str(lesson)
        if (everything and not saved) or (lesson and lesson not in saved):
            hint = did_you_mean(str(lesson), saved) if lesson else ""
            print(f"no saved progress for {what}{hint}; nothing to forget")
            return 0
        if not yes:
            if not _on_a_terminal():
                raise TutorError(
                    f"reset asks before it forgets {what}, and standard input is not a "
                    "terminal: add --yes to forget without asking",
                    ExitStatus.USAGE,
                )
            answer = _confirm(f"Forget progress for {what}?")
            if not answer:
                why = "no answer" if answer is None else "not confirmed"
                error_line(f"{why}; nothing was forgotten (use --yes to skip the question)")
                return ExitStatus.ERROR
        removed = store.reset(None if everything else lesson)
    print(f"forgot progress for {what} ({removed} saved records)")
    return 0
