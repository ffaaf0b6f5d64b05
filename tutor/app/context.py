"""What the app is given: the lessons, the progress store, the seed and the quiz plan.

Built once by ``tutor.app.factory.make_app`` (shared by the CLI and the tests) and handed to the
App ready; the App only shows what this and the session compute.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.app.recording import SessionFeed, StoreRecorder
from tutor.authoring.catalog import Entry, entry_for
from tutor.authoring.gate import load_checked
from tutor.errors import TutorError
from tutor.graph.build import Graph
from tutor.lesson.cache_file import cache_path
from tutor.lesson.course import course_key, legacy_key
from tutor.lesson.find import LessonError, bundled_dir, loads
from tutor.lesson.model import Lesson
from tutor.lesson.yaml_load import kept_in
from tutor.lesson.yamlpos import Pos, Problem
from tutor.progress.sink import NullStore, ProgressSink
from tutor.session import Session
from tutor.session_results import typed_answers

if TYPE_CHECKING:
    from tutor.authoring.check_cache import CheckCache
    from tutor.lesson.render_cache import RenderCache
    from tutor.progress.queue import Waiting
    from tutor.progress.queued import QueuedStore


@dataclass(slots=True)
class QuizResult:
    """One lesson's result in a quiz."""

    name: str
    """The lesson's name."""
    title: str
    """The lesson's title."""
    points: float
    """Points earned."""
    possible: float
    """Points possible (one per asked node)."""
    reveals: int = 0
    """Answers revealed."""
    hints: int = 0
    """Hint tiers taken."""


def write_queue(store: ProgressSink) -> QueuedStore | None:
    """``store`` if it writes through the write queue, else None.

    The queue's module (with the recovery file's) is imported only for such a store, which
    ``open_store`` has imported already: with progress off, neither loads.
    """
    if isinstance(store, NullStore):
        return None
    from tutor.progress.queued import QueuedStore

    return store if isinstance(store, QueuedStore) else None


@dataclass(slots=True)
class AppContext:
    """Everything the App needs, ready to use."""

    paths: list[Path]
    """Lesson files in course order (bundled, then instructors' folders)."""
    start: int | None = None
    """Index in ``paths`` of the lesson to open first, or None for the lesson list."""
    store: ProgressSink = field(default_factory=NullStore)
    """The progress store (``tutor.progress.store.Store``), or a ``NullStore`` to keep nothing."""
    seed: int | None = None
    """Variant seed for randomized lessons (None: the lessons' own numbers)."""
    lesson_dirs: list[str] = field(default_factory=list)
    """Extra lesson folders (for the list's title)."""
    quiz: bool = False
    """A scored quiz through every path in order."""
    results: list[QuizResult] = field(default_factory=list)
    """Quiz results so far."""
    notice: str | None = None
    """A message to show once at start (e.g. a corrupt progress file was moved aside)."""
    prepared: dict[int, Graph[Any]] = field(default_factory=dict)
    """Graphs built ahead (by ``make_app``, to fail before the app starts), used once."""
    source: str = "lesson"
    """Where answers come from, for the review and the stats: lesson, quiz, practice, review."""
    keys: dict[Path, str] = field(default_factory=dict)
    """Fixed progress keys of lessons that live in memory (practice problems)."""
    texts: dict[Path, str] = field(default_factory=dict)
    """Lessons that live in memory (practice problems): YAML by the stand-in path in
    ``paths`` that names them, which is never read nor written."""
    adopted: set[str] = field(default_factory=set)
    """Progress keys whose older form was already taken over (``Store.adopt``)."""
    checked: dict[Path, tuple[tuple[int, int], Lesson]] = field(default_factory=dict)
    """Lessons read and checked already, with their file's (mtime, size) when read: a
    lesson reopened (ctrl+b, ctrl+f) is not read and checked again unless it changed."""
    data_dir: Path | None = None
    """The data folder, where ``errors.log`` goes (``tutor.app.crash_log``); None: nowhere."""
    report: Callable[[str], None] | None = None
    """Told about a failure to save progress (the app shows it to the learner)."""
    view: str = "tree"
    """The lesson screen's graph view, ``tree`` or ``graph``: the learner's last choice."""
    verdicts: CheckCache | None = None
    """Lessons ``check`` found clean, kept in the data folder (made at the first open)."""

    def saving(self) -> Waiting | None:
        """What waits in the write queue (None: progress is not written through one)."""
        queued = write_queue(self.store)
        return queued.waiting() if queued is not None else None

    def close(self) -> str | None:
        """At quit: save what waits (briefly), keep the rest in a recovery file.

        Returns a line to print once the app has left the screen, or None.
        """
        queued = write_queue(self.store)
        if queued is not None:
            self.store = queued.store  # reads go on; nothing is written after this
            return queued.close()
        return None

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Run store calls whose failure is reported, never raised: the lesson goes on."""
        try:
            yield
        except TutorError as exc:  # the store raises ProgressError, a TutorError
            if self.report is not None:
                self.report(str(exc))

    def key_for(self, index: int) -> str:
        """The progress key of lesson ``index`` (``tutor.lesson.course.course_key``).

        Two lessons with the same file name (a bundled one and an instructor's copy, or two
        folders with the same base name) thus never share saved answers.
        """
        path = self.paths[index]
        if path in self.keys:
            return self.keys[path]
        key = course_key(path, bundled_dir())
        if key != path.stem and key not in self.adopted:
            self.adopted.add(key)
            with self.guard():
                self.store.adopt(legacy_key(path), key)  # progress saved by older versions
        return key

    @property
    def variant_key(self) -> str:
        """How progress tells variants apart: ``""`` or ``seed=N``."""
        return "" if self.seed is None else f"seed={self.seed}"

    def prepare(self, index: int) -> None:
        """Build lesson ``index`` now (so it fails early, in one line) and keep it for later.

        Raises:
            LessonError, GraphError, FileNotFoundError: the lesson cannot be opened.

        """
        self.prepared[index] = self._graph_for(index)

    def _graph_for(self, index: int) -> Graph[Any]:
        """The computed graph of lesson ``index`` (this context's variant)."""
        if index in self.prepared:
            return self.prepared.pop(index)
        lesson = self._lesson(index)
        from tutor.teach.quiz import variant  # the catalogue, for a quiz's redraws only

        graph = variant(lesson, self.seed)
        if not graph.order:
            data = lesson.doc.data if lesson.doc is not None else None
            where = lesson.key_pos("ask") if "ask" in (data or {}) else Pos(1, 1)
            message = "this lesson asks no gradient: nothing for the learner to answer"
            raise LessonError([Problem(where, message)], lesson.path)
        return graph

    def _lesson(self, index: int) -> Lesson:
        """Lesson ``index``, read from its file or, for one in memory, from its text.

        Raises:
            LessonError, FileNotFoundError: the lesson cannot be read, or ``check``
                finds errors in it (``tutor.authoring.gate``).

        """
        path = self.paths[index]
        if path in self.texts:  # made by the tutor (practice), from checked drafts
            return loads(self.texts[path], name=path.stem, path=str(path))
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None  # load_checked says what is wrong
        cached = self.checked.get(path)
        if stamp is not None and cached is not None and cached[0] == stamp:
            return cached[1]  # the same file, checked already: going back is instant
        verdicts = cache_path(self.data_dir, "checked.json")
        if self.verdicts is None and verdicts is not None:
            from tutor.authoring.check_cache import CheckCache

            self.verdicts = CheckCache(verdicts)
        with kept_in(cache_path(self.data_dir, "docs")):  # a file read before: no PyYAML
            lesson = load_checked(path, cache=self.verdicts)  # check errors: it opens nowhere
        if stamp is not None:
            self.checked[path] = (stamp, lesson)
        return lesson

    def rendered(self, index: int) -> RenderCache | None:
        """Where lesson ``index``'s description is kept rendered (``tutor.lesson.render_cache``).

        None without a data folder, and for a lesson made in memory (a practice problem:
        each is new, and would only push real lessons out of the cache).
        """
        folder = cache_path(self.data_dir, "rendered")
        if folder is None or self.paths[index] in self.texts:
            return None
        from tutor.lesson.render_cache import RenderCache

        return RenderCache(folder)

    def entry(self, index: int) -> Entry:
        """Lesson ``index`` as the lesson list shows it (``tutor.authoring.catalog.Entry``)."""
        path = self.paths[index]
        text = self.texts.get(path)  # a practice problem's, in memory: each is new, never kept
        with kept_in(cache_path(self.data_dir, "docs") if text is None else None):
            return entry_for(path, text)

    def session_for(self, index: int) -> Session:
        """A session on lesson ``index``: built, resumed from the store, recording to it.

        Its observer is a ``SessionFeed``: each event is saved, then shown by the screen
        that follows it (``tutor.app.recording.follow``).

        Raises:
            LessonError, GraphError, FileNotFoundError: the lesson cannot be opened.

        """
        graph = self._graph_for(index)
        key, name = self.variant_key, self.key_for(index)
        with self.guard():
            self.store.start(name, key, len(graph.order))
        recorder = StoreRecorder(self.store, name, key, graph, self.source, self.guard)
        session = Session(graph, SessionFeed(recorder))
        saved: Mapping[str, object] = {}
        tries: list[tuple[str, str | None]] = []
        typed: Mapping[str, str] = {}
        if not self.quiz:
            with self.guard():
                saved = self.store.answers(name, key)
                tries = self.store.tries(name, key)
                typed = self.store.typed(name, key)
        session.restore(saved)
        session.answers.update(typed_answers(session.status, typed))
        session.mistakes = list(tries)
        return session

    def finish(self, index: int, session: Session) -> None:
        """Keep the result of lesson ``index``, the first time its session finishes."""
        points, possible = session.score()
        if session.finish() and possible > 0:
            with self.guard():
                self.store.finish(self.key_for(index), self.variant_key, points, possible)

    def restart(self, index: int) -> None:
        """Forget this attempt's answers of lesson ``index``."""
        with self.guard():
            self.store.restart(self.key_for(index), self.variant_key)

    def index_of(self, path: Path) -> int:
        """Index of ``path`` in ``paths``, adding it when it is not there."""
        resolved = path.resolve()
        for i, p in enumerate(self.paths):
            if p.resolve() == resolved:
                return i
        self.paths.append(path)
        return len(self.paths) - 1
