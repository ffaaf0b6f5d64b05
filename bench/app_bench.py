"""App benchmarks: launch against Textual skeletons, and answering at 10 vs 2,000 nodes.

The launch is measured against two apps with no tutor code: a one-Static app, and a
skeleton of the lesson screen (Header, a Tree of 7 rows, a DataTable of 7 rows, a Static,
an Input, a RichLog, a scrolled Static and a one-line key bar): Textual's own cost to
draw the same widgets, the floor the first screen is measured against (issue 19).

Used by ``bench/run.py`` (sections ``app`` and ``answer``); also runnable alone.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAUNCH = {
    "minimal Textual app": """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("hello")
async def leave(pilot):
    await pilot.pause()
    pilot.app.exit()
Minimal().run(headless=True, size=(120, 36), auto_pilot=leave)
""",
    "skeleton of the lesson screen": """
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Input, RichLog, Static, Tree
class Skeleton(App):
    # The lesson screen's widgets, with no tutor code: Textual's own cost to draw them.
    CSS = (
        "#left { width: 3fr; } #right { width: 2fr; } Tree { height: 1fr; }"
        " DataTable { height: 1fr; } RichLog { height: 1fr; } VerticalScroll { height: 8; }"
        " #keys { height: 1; dock: bottom; }"
    )
    def compose(self):
        yield Header()
        with Horizontal():
            with Vertical(id="left"):
                tree = Tree("L = d * f")
                node = tree.root
                for name in ("d = e + c", "e = a * b", "a", "b", "c", "f"):
                    node = node.add(name, expand=True)
                tree.root.expand()
                yield tree
                yield DataTable()
            with Vertical(id="right"):
                yield Static("Question: dL/dL = ?")
                yield Input(placeholder="your answer, e.g. -2*3, f, 12*cos(36)")
                yield RichLog()
                with VerticalScroll():
                    yield Static("About this lesson. " * 40)
        yield Static("^t Hint  ^r Reveal  F1 Help  ^q Quit", id="keys")
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("V", "C", "op", "dC/dV", "values", "term", "G")
        for i in range(7):
            table.add_row("a", "e", "a * b", "b", "a = 2, b = -3", "-2 * -3 = 6", "6")
async def leave(pilot):
    await pilot.pause()
    pilot.app.exit()
Skeleton().run(headless=True, size=(120, 36), auto_pilot=leave)
""",
    "backprop-tutor run micrograd-labels": """
from tutor.app.factory import make_app
import gc
gc.freeze()  # as ``run`` does on a terminal (tutor.commands.run.freeze_imported)
async def leave(pilot):
    await pilot.pause()
    pilot.app.exit()
app = make_app("micrograd-labels", keep_progress=False)
app.run(headless=True, size=(120, 36), auto_pilot=leave)
""",
}

#: The tutor's first launch on a new data folder: nothing kept yet (the lesson is checked, its
#: YAML parsed, its description rendered, and each is kept for the next launch).
LAUNCH["backprop-tutor run micrograd-labels, new data folder"] = LAUNCH[
    "backprop-tutor run micrograd-labels"
].replace(
    'make_app("micrograd-labels", keep_progress=False)',
    'make_app("micrograd-labels", keep_progress=False, data_dir=__import__("tempfile").mkdtemp())',
)

#: The skeleton with the freeze the tutor's run command makes after its imports: like for like.
LAUNCH["skeleton, with gc.freeze() after its imports"] = LAUNCH[
    "skeleton of the lesson screen"
].replace("class Skeleton(App):", "import gc\ngc.freeze()\nclass Skeleton(App):", 1)

#: The app on a lesson file (``sys.argv[1]``), e.g. a 5,000-node synthetic lesson.
LAUNCH_FILE = """
import sys
from tutor.app.factory import make_app
import gc
gc.freeze()  # as ``run`` does on a terminal (tutor.commands.run.freeze_imported)
async def leave(pilot):
    await pilot.pause()
    pilot.app.exit()
app = make_app(sys.argv[1], keep_progress=False)
app.run(headless=True, size=(120, 36), auto_pilot=leave)
"""


#: Run before each app: says when the first frame of a screen with widgets is written
#: (``PAINT`` and the wall-clock time), so the launch is also measured to its first paint.
#: A screen holds two system widgets (toasts, tooltip) of its own.
FIRST_PAINT = """
import time
from textual.app import App as _App
_display = _App._display
def _first_paint(self, screen, renderable):
    if renderable is not None and not _App.__dict__.get("_painted") and len(screen.children) > 2:
        _App._painted = True
        print("PAINT", time.time(), flush=True)
    return _display(self, screen, renderable)
_App._display = _first_paint
"""


def launch_times(
    runs: int, big: int | None = None, paints: dict[str, float] | None = None
) -> dict[str, float]:
    """Median whole-process seconds from start to first screen and exit, for each app.

    With ``big``, also the app on a ``big``-node synthetic lesson (key ``big``). With
    ``paints``, it is filled with each app's median seconds from start to its first frame
    (the lesson screen drawn once, before its widgets' after-paint work settles).
    """
    commands = {name: [sys.executable, "-c", FIRST_PAINT + code] for name, code in LAUNCH.items()}
    if big:
        from bench.lessons import synthetic_lesson

        path = Path(tempfile.mkdtemp()) / f"big{big}.yaml"
        path.write_text(synthetic_lesson(big))
        commands["big"] = [sys.executable, "-c", LAUNCH_FILE, str(path)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    painted: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the file cache
        subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=True)
    for _ in range(runs):
        for name, argv in commands.items():  # interleaved, so load affects all alike
            started, t0 = time.time(), time.perf_counter()
            done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - t0)
            for line in done.stdout.decode(errors="replace").splitlines():
                if line.startswith("PAINT "):
                    painted[name].append(float(line.split()[1]) - started)
    if paints is not None:
        paints.update({name: statistics.median(ts) for name, ts in painted.items() if ts})
    return {name: statistics.median(ts) for name, ts in times.items()}


async def _answer_times(lesson_text: str, answers: int) -> list[float]:
    """Seconds per right answer, from Enter to the screen settled, in a headless app."""
    from textual.widgets import Input

    from tutor.app.factory import make_app

    folder = Path(tempfile.mkdtemp())
    path = folder / "big.yaml"
    path.write_text(lesson_text)
    app = make_app(path, keep_progress=False)
    times = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#answer", Input)
        for _ in range(answers):
            s = screen.session
            box.value = repr(s.graph.nodes[s.current].grad)
            t0 = time.perf_counter()
            await box.action_submit()
            await pilot.pause()
            times.append(time.perf_counter() - t0)
    return times


def answer_time(lesson_text: str, answers: int = 9) -> float:
    """Median seconds per answer on ``lesson_text``."""
    return statistics.median(asyncio.run(_answer_times(lesson_text, answers)))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from bench.lessons import synthetic_lesson

    print(launch_times(3))
    for n in (10, 2000):
        print(n, answer_time(synthetic_lesson(n)))


async def _next_problem_times(level: int, rounds: int) -> list[tuple[float, float]]:
    """Per finished problem: (last Enter -> end dialog, ``n`` -> next problem settled).

    The first span includes drawing the next problem (``PracticeApp`` draws it when a
    lesson is done, so the dialog can offer it); the second is opening it.
    """
    from textual.widgets import Input

    from tutor.app.practice import make_practice_app
    from tutor.commands.practice import practice_source

    app = make_practice_app(practice_source(level, None, 1000, None), keep_progress=False)
    spans = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            screen = app.screen
            box = screen.query_one("#answer", Input)
            s = screen.session
            while True:
                box.value = repr(s.graph.nodes[s.current].grad)
                t0 = time.perf_counter()
                await box.action_submit()
                await pilot.pause()
                if s.current is None:
                    break
            done = time.perf_counter() - t0
            t1 = time.perf_counter()
            await pilot.press("n")
            await pilot.pause()
            spans.append((done, time.perf_counter() - t1))
            assert app.screen is not screen
    return spans


def next_problem_time(level: int = 5, rounds: int = 9) -> tuple[float, float]:
    """Median seconds (finishing incl. drawing the next, opening it) over ``rounds`` problems."""
    spans = asyncio.run(_next_problem_times(level, rounds))
    return statistics.median(a for a, _ in spans), statistics.median(b for _, b in spans)


async def _next_lesson_times(rounds: int) -> list[float]:
    """Baseline: ctrl+f to the next bundled lesson, until its screen is settled."""
    from tutor.app.factory import make_app

    app = make_app("add-multiply-gates", keep_progress=False)
    times = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for i in range(rounds):
            t0 = time.perf_counter()
            await pilot.press("ctrl+b" if i % 2 else "ctrl+f")
            await pilot.pause()
            times.append(time.perf_counter() - t0)
    return times


def next_lesson_time(rounds: int = 9) -> float:
    """Median seconds to open the next (or previous) bundled lesson with ctrl+f / ctrl+b."""
    return statistics.median(asyncio.run(_next_lesson_times(rounds)))
