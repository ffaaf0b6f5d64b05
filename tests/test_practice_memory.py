"""Practice lessons live in memory: a practice run writes nothing outside the data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter, so that its audit hook ends with it. The hook notes every
# path opened for writing or created, moved or removed, and every database connected to.
SCRIPT = textwrap.dedent(
    """
    import asyncio, json, os, sys

    WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    CHANGES = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.symlink",
               "os.link", "os.truncate", "shutil.rmtree", "shutil.copyfile", "shutil.move"}
    written = []

    def hook(event, args):
        if event == "open" and not isinstance(args[0], int) and args[2] & WRITE:
            written.append((event, os.fspath(args[0])))
        elif event in CHANGES or event == "sqlite3.connect":
            written.append((event, os.fspath(args[0])))

    from textual.widgets import Input

    from tutor.app.practice import make_practice_app
    from tutor.commands.practice import practice_source, study
    from tutor.scalar.engine import Value

    DATA = sys.argv[1]

    async def answer_all(screen, pilot):
        box = screen.query_one("#answer", Input)
        while screen.session.current is not None:
            box.value = repr(screen.session.graph.nodes[screen.session.current].grad)
            await box.action_submit()
            await pilot.pause()

    async def main():
        app = make_practice_app(practice_source(2, None, 100, None), data_dir=DATA)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await answer_all(app.screen, pilot)
            await pilot.press("n")  # the next problem, drawn now
            await pilot.pause()
            await pilot.press("ctrl+f")  # and the one after
            await pilot.pause()
            await pilot.press("ctrl+l")  # the list of the problems drawn so far
            await pilot.pause()
            listed = [e.title for e in app.screen.entries]
            await pilot.press("enter")  # the first again, from the list
            await pilot.pause()
            title = app.screen.title
        return listed, title, [app.ctx.key_for(i) for i in range(len(app.ctx.paths))]

    sys.addaudithook(hook)
    listed, title, keys = asyncio.run(main())
    print(json.dumps({"written": written, "listed": listed, "title": title, "keys": keys}))
    """
)


def test_a_practice_run_writes_nothing_outside_the_data_folder(tmp_path):
    data, home, tmp, cwd = (tmp_path / name for name in ("data", "home", "tmp", "cwd"))
    for folder in (home, tmp, cwd):
        folder.mkdir()
    env = dict(os.environ, HOME=str(home), TMPDIR=str(tmp), XDG_CACHE_HOME=str(home / "cache"))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["written"], "the hook saw nothing: it is not watching"  # the store, at least
    outside = [
        (event, path)
        for event, path in report["written"]
        if not Path(path).resolve().is_relative_to(data.resolve())
    ]
    assert outside == [], outside
    for folder in (home, tmp, cwd):
        assert list(folder.iterdir()) == []
    # the problems drawn are listed and open again from memory, as lesson files would
    assert [t.split(":")[0] for t in report["listed"]] == ["Practice, level 2"] * 3
    assert report["title"] == report["listed"][0]
    assert report["keys"] == ["practice/L2-100", "practice/L2-101", "practice/L2-102"]


def test_a_lesson_in_memory_is_listed_from_its_text_never_read_from_its_path(tmp_path):
    from tutor.app.context import AppContext
    from tutor.app.practice import STAND_IN
    from tutor.authoring.catalog import entry_for

    good = "title: Mine\ninputs: {a: 2.0}\ngraph:\n  - L = a * a\n"
    path = STAND_IN / "mine.yaml"
    entry = entry_for(path, good)
    assert (entry.title, entry.size, entry.error) == ("Mine", 2, None)
    broken = entry_for(path, "title: [\n")
    assert broken.error is not None and broken.error.startswith("<practice>/mine.yaml:")
    ctx = AppContext([path], texts={path: good})
    assert ctx.session_for(0).graph.lesson.title == "Mine"
    assert ctx.entry(0).title == "Mine"
