"""The store never blocks the learner, and what it could not save is saved later (issue 18
item 6): writes go through a queue and a writer thread, retried in order while the file is
locked or the disk full; at quit what still waits goes to a recovery file that the next start
saves, once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time

from lesson_texts import type_answer
from textual.widgets import Static

from tutor.progress import writes as w
from tutor.progress.db import ProgressError
from tutor.progress.queue import WriteQueue
from tutor.progress.queued import QueuedStore
from tutor.progress.review import Answer
from tutor.progress.store import Store

LESSON = "micrograd-labels"
SIZE = (120, 36)


def answer_batch(node: str, at: float) -> list[w.Write]:
    """What the app saves for one wrong answer at ``node``: its log, its try, its record."""
    log = w.Log(Answer("lesson", LESSON, node, False, ()), at)
    try_ = w.Try(LESSON, "", node, None, at)
    record = w.Record(LESSON, "", node, "pending", 1, 0, 0.0, 0, at)
    return [log, try_, record]


class Flaky:
    """A saver that fails ``fails`` times (``reason``), then saves into a list."""

    def __init__(self, fails: int, reason: str = "busy") -> None:
        self.fails, self.reason = fails, reason
        self.saved: list[str] = []
        self.ids: set[str] = set()

    def save_once(self, batch_id, writes) -> bool:
        if self.fails > 0:
            self.fails -= 1
            raise ProgressError("database is locked", reason=self.reason)
        if batch_id in self.ids:
            return False
        self.ids.add(batch_id)
        self.saved += [x.node for x in writes if isinstance(x, w.Try)]
        return True


def until(check, seconds: float = 10.0) -> bool:
    """Wait until ``check()`` holds (polling), at most ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.02)
    return check()


def test_batches_wait_while_busy_and_are_saved_in_order():
    saver = Flaky(fails=4)
    queue = WriteQueue(lambda: saver)
    for i in range(5):
        queue.put(answer_batch(f"n{i}", i))
    assert until(lambda: queue.waiting().reason == "busy")
    line = queue.waiting().line()
    assert line.endswith("answers not saved yet: the progress file is locked by another "
                         "program; retrying")  # fmt: skip
    assert queue.drain(10)
    assert saver.saved == [f"n{i}" for i in range(5)]
    assert queue.waiting().line() == ""
    assert queue.close(1) == []


def test_one_answer_waiting_reads_as_one():
    queue = WriteQueue(lambda: Flaky(fails=10**6))
    queue.put(answer_batch("a", 0))
    assert until(lambda: queue.waiting().reason is not None)
    assert queue.waiting().line() == (
        "1 answer not saved yet: the progress file is locked by another program; retrying"
    )
    assert len(queue.close(0.1)) == 1


def test_a_full_disk_freed_later_saves_every_answer_of_the_outage_in_order(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data)
    writers: list[Store] = []

    def connect() -> Store:
        writer = store.writer(0.5)
        pages = writer._conn.execute("PRAGMA page_count").fetchone()[0]
        writer._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full
        writers.append(writer)
        return writer

    queued = QueuedStore(store, connect)
    for i in range(8):
        queued.save(answer_batch(f"n{i}", 1000.0 + i))
    assert until(lambda: queued.waiting().reason == "full")
    assert queued.waiting().line() == ("8 answers not saved yet: the disk is full; retrying")
    assert store.tries(LESSON) == []
    writers[0]._conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    assert queued.queue.drain(15)
    assert store.tries(LESSON) == [(f"n{i}", None) for i in range(8)]
    assert queued.waiting().line() == ""
    assert queued.close() is None


def test_what_waits_at_quit_goes_to_a_recovery_file_saved_once_at_the_next_start(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data)
    queued = QueuedStore(store, lambda: Flaky(fails=10**6))
    for i in range(3):
        queued.save(answer_batch(f"n{i}", 1000.0 + i))
    message = queued.close(0.2)
    assert message is not None and "3 answers not saved yet: kept in" in message
    files = list(data.glob("recovery-*.json"))
    assert len(files) == 1
    copy = tmp_path / "copy.json"
    shutil.copy(files[0], copy)
    entries = json.loads(files[0].read_text())["batches"]
    assert [e["writes"][1]["node"] for e in entries] == ["n0", "n1", "n2"]

    again = QueuedStore(Store.open(data))  # the next start: saved first, the file removed
    assert again.queue.drain(10)
    assert until(lambda: not list(data.glob("recovery-*.json")))
    assert again.store.tries(LESSON) == [("n0", None), ("n1", None), ("n2", None)]
    assert again.close() is None

    shutil.copy(copy, data / files[0].name)  # the same file again: counted once
    third = QueuedStore(Store.open(data))
    assert third.queue.drain(10)
    assert third.store.tries(LESSON) == [("n0", None), ("n1", None), ("n2", None)]
    third.close()
    assert not list(data.glob("recovery-*.json"))


def test_a_damaged_recovery_file_is_skipped_with_a_warning(tmp_path):
    data = tmp_path / "data"
    Store.open(data).close()
    good = answer_batch("n0", 5.0)
    entries = [
        {"id": "a" * 32, "writes": [w.to_json(x) for x in good]},
        {"id": "b" * 32, "writes": [{"kind": "try", "lesson": 3}]},
        "junk",
    ]
    (data / "recovery-1-1.json").write_text(json.dumps({"format": 1, "batches": entries}))
    store = Store.open(data)
    queued = QueuedStore(store)
    assert queued.queue.drain(10)
    assert store.tries(LESSON) == [("n0", None)]
    assert any("entry 2" in line for line in store.warnings)
    assert any("entry 3" in line for line in store.warnings)
    queued.close()


def test_the_progress_command_saves_a_recovery_file_first(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data)
    queued = QueuedStore(store, lambda: Flaky(fails=10**6))
    queued.save(answer_batch("n0", 1000.0))
    queued.save([w.Record(LESSON, "", "L", "right", 0, 0, 1.0, 0, 1001.0)])
    queued.close(0.1)
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "--data-dir", str(data), "progress", "--json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    row = next(r for r in json.loads(out.stdout) if r["lesson"] == LESSON)
    assert row["answered"] == 1
    assert not list(data.glob("recovery-*.json"))


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


async def test_a_lock_held_12_s_by_another_program_never_blocks_the_learner(
    app_for, tmp_path, monkeypatch
):
    writers: list[str] = []  # the thread of every transaction the store opens
    tx = Store._tx

    def recorded_tx(self):
        writers.append(threading.current_thread().name)
        return tx(self)

    monkeypatch.setattr(Store, "_tx", recorded_tx)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        queued = app.ctx.store
        assert isinstance(queued, QueuedStore)
        assert queued.queue.drain(10)  # the lesson's start is saved
        db = tmp_path / "data" / "progress.db"
        locker = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(db), "12"], stdout=subprocess.PIPE, text=True
        )
        assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
        s = app.screen.session
        writers.clear()
        for answer in ["1", "f", "4", "-2", "-2", "6"]:  # all but the last node
            await type_answer(pilot, answer)
        assert s.answered_count == 6  # each graded at once, while the lock is held:
        assert locker.poll() is None
        # no transaction was opened on the screen's thread (it waited 2 s for the lock each
        # time), only on the writer's
        assert writers and threading.main_thread().name not in writers
        await pilot.pause(0.6)
        status = app.screen.query_one("#save-status", Static)
        assert status.display
        assert str(status.render()) == (
            "6 answers not saved yet: the progress file is locked by another program; retrying"
        )
        assert locker.wait(30) == 0
        assert queued.queue.drain(15)
        await pilot.pause(0.6)
        assert not status.display
    with Store.open(tmp_path / "data") as store:
        assert set(store.answers(LESSON)) == {"L", "d", "f", "c", "e", "a"}


def test_the_lesson_list_counts_answers_still_waiting_in_the_queue(tmp_path):
    store = Store.open(tmp_path / "data")
    queued = QueuedStore(store, lambda: Flaky(fails=10**6))  # nothing is ever committed
    assert queued.lesson_progress(LESSON).status == "new"
    queued.start(LESSON, "", 7)
    queued.save([w.Record(LESSON, "", "L", "right", 0, 0, 1.0, 0, 1000.0)])
    queued.save(answer_batch("d", 1001.0))  # a wrong try: pending, not answered
    queued.save([w.Record(LESSON, "", "d", "right", 1, 0, 0.5, 0, 1002.0)])
    waiting = queued.lesson_progress(LESSON)
    assert (waiting.status, waiting.answered, waiting.total) == ("in progress", 2, 7)
    assert len(queued.answers(LESSON)) == waiting.answered  # one view of the answers
    assert store.lesson_progress(LESSON).status == "new"  # none of it is in the file
    queued.finish(LESSON, "", 1.5, 2.0)
    done = queued.lesson_progress(LESSON)
    assert (done.status, done.best_score) == ("done", 0.75)
    queued.restart(LESSON)
    assert queued.lesson_progress(LESSON).answered == 0
    queued.close(0.1)


def test_saved_and_waiting_answers_are_counted_together_once(tmp_path):
    store = Store.open(tmp_path / "data")
    store.save([w.Start(LESSON, "", 7, 999.0)])
    store.save([w.Record(LESSON, "", "L", "right", 0, 0, 1.0, 0, 1000.0)])
    queued = QueuedStore(store, lambda: Flaky(fails=10**6))
    queued.save([w.Record(LESSON, "", "L", "right", 0, 0, 1.0, 0, 1001.0)])  # the same node
    queued.save([w.Record(LESSON, "", "d", "right", 0, 0, 1.0, 0, 1002.0)])
    p = queued.lesson_progress(LESSON)
    assert (p.status, p.answered, p.total) == ("in progress", 2, 7)
    queued.close(0.1)


async def test_the_lesson_list_shows_an_answer_that_waits_for_a_locked_store(app_for, tmp_path):
    from tutor.app.screens.lesson_list import LessonListScreen

    app = app_for(None)
    app.ctx.store.queue.close(0.1)  # the writer of the real file, stopped
    app.ctx.store = QueuedStore(app.ctx.store.store, lambda: Flaky(fails=10**6))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonListScreen)
        index = next(i for i, e in enumerate(screen.entries) if e.path.stem == LESSON)
        app.open_lesson(index)
        await pilot.pause()
        await type_answer(pilot, "1")  # dL/dL, right: queued, never committed
        app.action_lessons()
        await pilot.pause()
        assert isinstance(app.screen, LessonListScreen)
        from textual.widgets import DataTable

        state = str(app.screen.query_one(DataTable).get_cell(str(index), "state"))
        assert state == "in progress 1/7", state
