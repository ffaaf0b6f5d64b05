"""The app on a stream of lessons: endless practice, an expression, a ``Value`` graph.

``make_practice_app`` takes an iterator of ``(name, lesson text)``. Each lesson lives in
memory (``AppContext.texts``; no file is written), under the stand-in path
``<practice>/NAME.yaml``, and is read by the same reader and shown by the same screens as
any lesson file; its progress is kept as ``practice/NAME``. When one is finished, the next
is drawn from the iterator. The ``TutorApp`` itself is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tutor.app.context import AppContext
from tutor.app.factory import open_store
from tutor.app.tutor_app import TutorApp
from tutor.errors import TutorError

#: Progress keys of streamed lessons are ``practice/NAME``.
FOLDER = "practice"
#: Where a streamed lesson says it is from (its messages' ``PATH:LINE:COL``): no real folder.
STAND_IN = Path("<practice>")


class PracticeApp(TutorApp):
    """``TutorApp`` whose next lesson comes from an iterator, drawn when it is needed."""

    def __init__(self, ctx: AppContext, source: Iterator[tuple[str, str]]) -> None:
        super().__init__(ctx)
        self.source = source

    def draw(self) -> bool:
        """Append the next lesson of the stream to the context's paths; False when it ended."""
        item = next(self.source, None)
        if item is None:
            return False
        name, text = item
        path = STAND_IN / f"{name}.yaml"
        self.ctx.texts[path] = text  # in memory, never a file
        self.ctx.paths.append(path)
        self.ctx.keys[path] = f"{FOLDER}/{name}"
        return True

    def _ensure_next(self) -> None:
        """Draw the next lesson when the open one is the last drawn."""
        screen = self.lesson_screen()
        if screen is not None and screen.index + 1 == len(self.ctx.paths):
            self.draw()

    def before_summary(self) -> None:
        """Draw the next problem first, so the end-of-lesson dialog offers it.

        Its graph and the formula check's draws are built while the dialog is up (the
        learner reads it): ``n`` then only opens the screen.
        """
        self._ensure_next()
        self.call_later(self._prepare_next)

    def _prepare_next(self) -> None:
        """Build the next problem's graph now, and its formula draws off the UI thread."""
        screen = self.lesson_screen()
        if screen is None:
            return
        following = screen.index + 1
        if following >= len(self.ctx.paths) or following in self.ctx.prepared:
            return
        try:
            self.ctx.prepare(following)
        except (TutorError, FileNotFoundError):
            return  # opening it says why, in one line
        self.prepare_formulas(self.ctx.prepared[following])

    def action_next_lesson(self) -> None:
        """ctrl+f: the next problem, drawn if need be."""
        self._ensure_next()
        super().action_next_lesson()


def make_practice_app(
    source: Iterator[tuple[str, str]],
    *,
    data_dir: str | Path | None = None,
    keep_progress: bool = True,
    source_kind: str = "practice",
) -> PracticeApp:
    """Build the app on the first lesson of ``source`` (``(name, YAML text)`` pairs).

    Raises:
        LessonError, GraphError: the first lesson cannot be opened (before the app starts).
        TutorError: the source is empty.

    """
    from tutor.progress.db import data_path

    store = open_store(data_dir, keep_progress)
    notice = getattr(store, "notice", None)
    ctx = AppContext(
        [], 0, store, None, [], notice=notice, source=source_kind, data_dir=data_path(data_dir)
    )
    app = PracticeApp(ctx, source)
    if not app.draw():
        raise TutorError("nothing to practise")
    ctx.prepare(0)
    return app
