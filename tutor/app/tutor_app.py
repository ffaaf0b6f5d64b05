"""The Textual application: screens, lesson navigation, commands, pictures, quizzes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tutor.app import keys
from tutor.app.context import AppContext, QuizResult, write_queue
from tutor.app.fitting import break_paths, toast_width
from tutor.app.screens.lesson import LessonScreen
from tutor.errors import TutorError
from tutor.safe_text import one_line, visible

#: The folder of the data folder that ctrl+g saves pictures in.
PICTURES = "pictures"

if TYPE_CHECKING:
    from textual.driver import Driver

    from tutor.app.screens.lesson_list import LessonListScreen
    from tutor.graph.build import Graph


#: How often the status line looks at the write queue, while anything waits (seconds).
SAVING_POLL_S = 0.25


class TutorApp(App[int]):
    """backprop-tutor: backpropagate by hand, graded node by node."""

    CSS_PATH = "app.tcss"
    TITLE = "backprop-tutor"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.report = self.report_store_error
        self._reported: str | None = None
        self.closing_note: str | None = None
        """Said on the terminal after the app has left it (answers kept for later)."""

    def on_mount(self) -> None:
        """Open the starting lesson, or the lesson list when none was asked for."""
        from tutor.app.hangup import exit_on_signals

        exit_on_signals(self)  # SIGHUP (the terminal closed), SIGTERM: save and exit
        self._saving = self.set_interval(SAVING_POLL_S, self.show_saving, pause=True)
        store = write_queue(self.ctx.store)
        if store is not None:
            store.on_put = self._saving.resume
            if store.waiting().batches:  # a recovery file's answers
                self._saving.resume()
        if self.ctx.notice:
            self.notify(
                self.ctx.notice, title="Progress", severity="warning", timeout=10, markup=False
            )
        if self.ctx.start is not None:
            self.open_lesson(self.ctx.start)
        else:
            from tutor.app.screens.lesson_list import LessonListScreen

            self.push_screen(LessonListScreen())

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; on Linux, one whose input ends the app when the terminal goes."""
        from textual.drivers.linux_driver import LinuxDriver

        driver = super().get_driver_class()
        if driver is LinuxDriver:
            from tutor.app.hangup import HangupDriver

            return HangupDriver
        return driver

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (from any screen), with control characters made visible."""
        shown = break_paths(visible(message), toast_width(self.size.width))  # a path at a /
        super().notify(
            shown, title=one_line(title), severity=severity, timeout=timeout, markup=markup
        )

    def get_key_display(self, binding: Binding) -> str:
        """Footers write keys as the key bar and the help do: ``F1``, ``Esc`` (not ``f1``)."""
        if binding.key in keys.SPELLED and not binding.key_display:
            return keys.SPELLED[binding.key]
        shown = super().get_key_display(binding)
        return shown.upper() if re.fullmatch(r"f\d+", shown) else shown

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every lesson action in the command palette too."""
        yield from super().get_system_commands(screen)
        lesson = isinstance(screen, LessonScreen)
        for k in keys.KEYS:
            if k.title and k.action and (lesson or k.action == "app.help"):
                run = partial(self.run_action, k.action, screen)
                yield SystemCommand(k.title, f"{k.help[0].upper()}{k.help[1:]} ({k.shown})", run)

    # -- lessons ------------------------------------------------------------------------

    def lesson_screen(self) -> LessonScreen | None:
        """The lesson screen if it is showing (under any modal)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, LessonScreen):
                return screen
        return None

    def open_lesson(self, index: int) -> None:
        """Open lesson ``index`` (replacing an open lesson); say why if it cannot open."""
        try:
            session = self.ctx.session_for(index)
        except (TutorError, FileNotFoundError) as exc:
            message = exc.one_line() if isinstance(exc, TutorError) else str(exc)
            self.notify(message, title="Cannot open lesson", severity="error", markup=False)
            return
        screen = LessonScreen(session, index, self.ctx.view, self.ctx.rendered(index))
        if self.ctx.quiz:  # said from the first question, not only by the scores at the end
            # a lesson without ``randomize`` ranges keeps its own numbers: say so
            own = "" if session.graph.lesson.randomize else " (the lesson's own numbers)"
            screen.title = f"Quiz {index + 1} of {len(self.ctx.paths)}{own}: {screen.title}"
        while self.screen.is_modal or isinstance(self.screen, LessonScreen):
            self.pop_screen()
        self.push_screen(screen)
        if not session.complete:
            self.call_after_refresh(self.prepare_formulas, session.graph)

    def prepare_formulas(self, graph: Graph[Any]) -> None:
        """Build the other draws the formula check grades at, off the UI thread.

        On first use they cost a 2,000-node lesson three graph builds (~90-185 ms), which
        the first answer that names a node would otherwise wait for. Built already (the
        next practice problem's, while the end dialog was up): nothing to do, no thread.
        """
        from tutor.teach.formula_points import drawn, draws

        if not drawn(graph):
            work = partial(draws, graph)
            self.run_worker(work, thread=True, group="formula", exit_on_error=False)

    def quiz_refuses(self) -> bool:
        """In a quiz, say that it turns off the key pressed (lessons in order), and be True."""
        if self.ctx.quiz:
            self.notify(keys.quiz_off(), markup=False)
        return self.ctx.quiz

    def action_prev_lesson(self) -> None:
        """Open the previous lesson."""
        self._step(-1)

    def action_next_lesson(self) -> None:
        """Open the next lesson."""
        self._step(+1)

    def _step(self, delta: int) -> None:
        """Open the lesson ``delta`` places away, if there is one."""
        screen = self.lesson_screen()
        if screen is None or self.quiz_refuses():
            return
        target = screen.index + delta
        if 0 <= target < len(self.ctx.paths):
            self.open_lesson(target)
        else:
            self.notify("No more lessons that way.")

    def action_lessons(self) -> None:
        """Back to the lesson list."""
        if self.quiz_refuses():
            return
        from tutor.app.screens.lesson_list import LessonListScreen

        if not any(isinstance(s, LessonListScreen) for s in self.screen_stack):
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(LessonListScreen())  # started on a lesson: the list loads now
            return
        while not isinstance(self.screen, LessonListScreen):
            self.pop_screen()
        self.screen.refresh_states()

    def action_train(self) -> None:
        """The train view of the open lesson, or why not (said in its feedback)."""
        from tutor.app.screens.train import train_screen

        screen = self.lesson_screen()
        if screen is None:
            return
        made = train_screen(screen.session)
        if isinstance(made, str):
            screen.say(made, "yellow")
            return
        while self.screen is not screen:
            self.pop_screen()
        self.push_screen(made)

    def action_help(self) -> None:
        """Show the help screen."""
        from tutor.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            lesson = self.lesson_screen()
            self.push_screen(HelpScreen(lesson.session.graph.kind if lesson else None))

    def confirm_restart(self) -> None:
        """Ask before restarting the current lesson."""
        from tutor.app.screens.confirm import ConfirmScreen

        screen = self.lesson_screen()
        if screen is None or self.quiz_refuses():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.restart_lesson()

        self.push_screen(
            ConfirmScreen(f"Restart '{screen.lesson.title}'? Your answers here are cleared."),
            answered,
        )

    def restart_lesson(self) -> None:
        """Forget this attempt's answers and open the lesson afresh."""
        screen = self.lesson_screen()
        if screen is None:
            return
        self.ctx.restart(screen.index)
        self.open_lesson(screen.index)

    def on_lesson_list_screen_picked(self, event: LessonListScreen.Picked) -> None:
        """Open the lesson picked in the list (a handler by name: the list loads lazily)."""
        self.open_lesson(event.index)

    @on(LessonScreen.RestartAsked)
    def restart_asked(self) -> None:
        """The learner asked to restart the lesson: ask first."""
        self.confirm_restart()

    @on(LessonScreen.ViewChosen)
    def view_chosen(self, event: LessonScreen.ViewChosen) -> None:
        """Remember the tree or graph view for the next lesson screens."""
        self.ctx.view = event.view

    @on(LessonScreen.ExportAsked)
    def export_asked(self, event: LessonScreen.ExportAsked) -> None:
        """The learner asked for a picture (or for every step's), saved in ``pictures_dir``."""
        from tutor.app import pictures

        export = pictures.export_steps if event.steps else pictures.export_picture
        export(self, event.screen.session, self.pictures_dir())

    @on(LessonScreen.Failed)
    def grading_failed(self, event: LessonScreen.Failed) -> None:
        """Grading raised: write the details to the data folder's log, say where, go on."""
        from tutor.app.crash_log import log_internal_error

        if event.error is None:
            return
        path = log_internal_error(self.ctx.data_dir, event.what, event.error)
        where = f"details in {path}" if path is not None else "the details could not be saved"
        self.notify(f"internal error, not counted ({where})", title="Internal error",
                    severity="error", markup=False)  # fmt: skip

    @on(LessonScreen.Completed)
    def lesson_completed(self, event: LessonScreen.Completed) -> None:
        """The lesson is complete: save the score (once), then offer what comes next."""
        from tutor.app.screens.complete import CompleteScreen

        screen = event.screen
        if screen is not self.screen:
            return  # a dialog is up already, or the lesson was left meanwhile
        s = screen.session
        points, possible = s.score()
        first = not s.finished
        self.ctx.finish(screen.index, s)
        if first and self.ctx.quiz:
            self.ctx.results.append(
                QuizResult(
                    screen.lesson.name,
                    screen.lesson.title,
                    points,
                    possible,
                    s.tally.reveals,
                    s.tally.hints,
                )
            )
        self.before_summary()
        has_next = screen.index + 1 < len(self.ctx.paths)
        practice = self.ctx.source in ("practice", "review")
        summary = CompleteScreen(s, has_next, self.ctx.quiz, event.closing, practice)
        self.push_screen(summary, self._after_complete)

    def before_summary(self) -> None:
        """Called before the end-of-lesson dialog is built (practice draws its next problem)."""

    def _after_complete(self, choice: str | None) -> None:
        """Act on the choice made at the end of a lesson."""
        screen = self.lesson_screen()
        if screen is None or choice in (None, "stay"):
            if screen is not None:
                screen.say("The lesson stays open: Enter shows its summary again.", "cyan")
            return
        if choice == "next" and screen.index + 1 < len(self.ctx.paths):
            self.open_lesson(screen.index + 1)
        elif choice == "restart":
            self.restart_lesson()
        elif choice == "train":
            self.action_train()
        elif self.ctx.quiz:
            from tutor.app.screens.complete import QuizSummaryScreen

            self.push_screen(QuizSummaryScreen(self.ctx.results))
        else:
            self.action_lessons()

    def show_saving(self) -> None:
        """While answers wait in the write queue: the lesson screen's status line says so."""
        waiting = self.ctx.saving()
        line = waiting.line() if waiting is not None else ""
        screen = self.lesson_screen()
        if screen is not None and screen.is_mounted:
            screen.show_saving(line)
        if waiting is None or not waiting.batches:
            self._saving.pause()  # nothing waits: no timer runs while idle

    def on_unmount(self) -> None:
        """At exit: save what waits (briefly), the rest into a recovery file."""
        self.closing_note = self.ctx.close()

    def report_store_error(self, message: str) -> None:
        """Tell the learner that progress could not be saved (once per distinct failure)."""
        if message != self._reported:
            self._reported = message
            self.notify(message, title="Progress not saved", severity="error", markup=False)

    # -- pictures (tutor.app.pictures) ---------------------------------------------------

    def pictures_dir(self) -> Path:
        """Where ctrl+g saves pictures, as an absolute path.

        ``pictures/`` in the data folder (the current folder when there is none).
        """
        return ((self.ctx.data_dir or Path.cwd()) / PICTURES).absolute()
