"""No fault loses an answer: two apps, one transaction, newer files, read-only folders, damage.

Issue 18, items 4, 5, 7, 8 and 9.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tutor import cli
from tutor.app.context import AppContext
from tutor.lesson.find import resolve
from tutor.progress.store import DB_NAME, SCHEMA_VERSION, ProgressError, Store
from tutor.session import Session
from tutor.session_events import NodeRecord

LESSON = "micrograd-labels"


def context(data: Path) -> AppContext:
    """An app context on the lesson, saving to ``data`` (what ``make_app`` builds)."""
    return AppContext([resolve(LESSON)], 0, Store.open(data))


def right(session: Session) -> None:
    """Answer the current node right."""
    s = session
    assert s.current is not None
    outcome = s.submit(repr(s.graph.nodes[s.current].grad))
    assert outcome.kind == "right", outcome.message


# -- 4: two apps on one lesson -----------------------------------------------------------


def test_a_wrong_try_in_a_second_app_never_downgrades_a_right_answer(tmp_path):
    a, b = context(tmp_path), context(tmp_path)
    in_a, in_b = a.session_for(0), b.session_for(0)  # both open the lesson at once
    first = in_a.current
    for _ in range(4):
        right(in_a)
    assert in_b.current == first  # B still asks A's first node
    assert in_b.submit("12345").kind == "wrong"
    again = context(tmp_path)
    reopened = again.session_for(0)
    assert reopened.answered_count == 4
    progress = again.store.lesson_progress(again.key_for(0))
    assert (progress.answered, progress.total) == (4, 7)
    stats = again.store.stats()
    assert (stats.answers, stats.correct) == (5, 4)  # the events agree with the counts
    for ctx in (a, b, again):
        ctx.store.close()  # type: ignore[attr-defined]


def test_both_apps_answers_show_together(tmp_path):
    a, b = context(tmp_path), context(tmp_path)
    in_a, in_b = a.session_for(0), b.session_for(0)
    right(in_a)  # L, in A
    right(in_b)  # L again, in B: A's answer stays
    right(in_b)  # the next node, in B only
    reopened = context(tmp_path).session_for(0)
    assert reopened.answered_count == 2


# -- 5: one transaction per answer --------------------------------------------------------


def test_each_answer_is_saved_in_one_transaction(tmp_path):
    ctx = context(tmp_path)
    session = ctx.session_for(0)
    store = ctx.store
    assert isinstance(store, Store)
    begun: list[str] = []
    store._conn.set_trace_callback(
        lambda sql: begun.append(sql) if sql.startswith("BEGIN") else None
    )
    assert session.submit("12345").kind == "wrong"  # an event, a wrong try, a pending record
    assert len(begun) == 1
    right(session)  # an event and the node's record
    assert len(begun) == 2


def test_a_batch_that_fails_saves_nothing_of_it(tmp_path):
    from tutor.progress import writes as w
    from tutor.progress.review import Answer

    with Store.open(tmp_path) as store:
        event = w.Log(Answer("lesson", LESSON, "L", True, ()), 1_700_000_000.0)
        broken = w.Record(LESSON, "", "L", "right", 0, 0, 1.0, 0, float("nan"))
        store._conn.execute(
            "CREATE TRIGGER no BEFORE INSERT ON answers BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
        with pytest.raises(ProgressError):
            store.save([event, broken])
        assert store.stats().answers == 0 and store.answers(LESSON) == {}


def test_a_failed_commit_says_why_not_cannot_rollback(tmp_path):
    with Store.open(tmp_path) as store:
        store._conn.execute(
            f"PRAGMA max_page_count = {store._conn.execute('PRAGMA page_count').fetchone()[0]}"
        )
        with pytest.raises(ProgressError) as info:
            for i in range(200):
                store.record(LESSON, "", NodeRecord(f"n{i}" * 50, "right", 0, 0, 1.0, 0))
        assert "full" in str(info.value) and "rollback" not in str(info.value)
        assert info.value.reason == "full"


# -- 7: a file from a newer version ------------------------------------------------------


def newer_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_NAME
    with Store.open(folder) as store:
        store.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


def test_a_newer_progress_file_is_refused_and_left_in_place(tmp_path):
    path = newer_file(tmp_path)
    before = path.read_bytes()
    with pytest.raises(ProgressError) as info:
        Store.open(tmp_path)
    message = info.value.one_line()
    assert f"schema version {SCHEMA_VERSION + 1}" in message and f"{SCHEMA_VERSION}" in message
    assert info.value.status == 2
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]  # nothing moved aside


@pytest.mark.parametrize(
    "args",
    [["progress"], ["stats"], ["review", "--list"], ["reset", "--all", "--yes"], ["run", LESSON]],
    ids=lambda a: a[0],
)
def test_every_command_refuses_a_newer_file_in_one_line(tmp_path, capsys, args):
    path = newer_file(tmp_path)
    assert cli.main(["--data-dir", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"schema version {SCHEMA_VERSION + 1}" in err[0], err
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


# -- 8: a read-only data folder ------------------------------------------------------------


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only, even for root (the immutable flag; mode bits otherwise)."""
    folder.chmod(0o555)
    flagged = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        yield
    finally:
        if flagged:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_read_only_data_folder_is_read_with_a_notice(tmp_path, capsys):
    with Store.open(tmp_path) as store:
        store.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
        store.start(LESSON, "", 7)
    before = sorted(p.name for p in tmp_path.iterdir())
    with read_only(tmp_path):
        with Store.open(tmp_path) as store:
            assert store.read_only
            assert store.notice is not None and "nothing will be saved" in store.notice
            assert list(store.answers(LESSON)) == ["L"]
            with pytest.raises(ProgressError) as info:
                store.record(LESSON, "", NodeRecord("d", "right", 0, 0, 1.0, 0))
            assert info.value.reason == "readonly"
        assert cli.main(["--data-dir", str(tmp_path), "progress", "--json"]) == 0
        out, err = capsys.readouterr()
        row = next(r for r in json.loads(out) if r["lesson"] == LESSON)
        assert row["answered"] == 1
        assert "nothing will be saved" in err and "cannot move" not in err
        assert cli.main(["--data-dir", str(tmp_path), "stats"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_data_folder_that_may_not_be_created_is_empty_with_a_notice(tmp_path):
    with read_only(tmp_path):
        with Store.open(tmp_path / "data") as store:
            assert store.read_only and store.lessons() == []
            assert store.notice is not None and "nothing will be saved" in store.notice


# -- 9: tampered but well-formed values ----------------------------------------------------


def tamper(folder: Path, sql: str) -> None:
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute(sql)
    conn.commit()
    conn.close()


def played(folder: Path) -> None:
    from tutor.progress.review import Answer
    from tutor.skills import Skill

    with Store.open(folder) as store:
        store.start(LESSON, "", 7)
        store.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
        store.record(LESSON, "", NodeRecord("d", "right", 0, 0, 1.0, 0))
        store.log_answer(Answer("lesson", LESSON, "L", True, (Skill.MUL,), seconds=3.0))
        store.log_answer(Answer("lesson", LESSON, "d", False, (Skill.ADD,), seconds=5.0))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE attempts SET last_played = 1e300",
        "UPDATE answers SET answered_at = 'notadate' WHERE node = 'd'",
        "UPDATE events SET at = 'notadate' WHERE node = 'd'",
        "UPDATE events SET seconds = 'slow' WHERE node = 'd'",
        "UPDATE answers SET status = 'wrong' WHERE node = 'd'",
        "UPDATE cards SET due = 'soon', fsrs = '{' WHERE card = 'skill:add'",
        "INSERT INTO results (lesson, variant, score, max_score, finished_at) "
        "VALUES ('micrograd-labels', '', 'x', 0, 1)",
    ],
)
def test_a_damaged_row_is_skipped_with_one_warning(tmp_path, capsys, sql):
    played(tmp_path)
    tamper(tmp_path, sql)
    for args in (["progress"], ["progress", "--json"], ["stats"], ["stats", "--json"]):
        assert cli.main(["--data-dir", str(tmp_path), *args]) == 0, args
        out, err = capsys.readouterr()
        assert "Traceback" not in err
    with Store.open(tmp_path) as store:
        store.lesson_progress(LESSON), store.stats(), store.answers(LESSON), store.due_cards()
        store.plan(), store.tries(LESSON)
        if "attempts" in sql or "answers" in sql or "events" in sql or "results" in sql:
            assert len(store.warnings) == 1, store.warnings
            assert "skipped a damaged row" in store.warnings[0]
    played(tmp_path)  # and answers can still be saved over it
