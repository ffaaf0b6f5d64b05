from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor import cli
from tutor.commands.context import Context
from tutor.commands.progress import main_progress, main_reset
from tutor.errors import TutorError
from tutor.lesson.find import bundled_names
from tutor.progress.store import (
    DB_NAME,
    SCHEMA_VERSION,
    ProgressError,
    Store,
    data_path,
)
from tutor.session_events import NodeRecord

ROOT = Path(__file__).resolve().parents[1]
LESSON = "micrograd-labels"


class Clock:
    """A fake clock: every call is one second later."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path, clock=Clock())
    yield s
    s.close()


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{DB_NAME}.corrupt-*"))


# -- the store -------------------------------------------------------------------------


def test_new_store_is_versioned_and_in_wal_mode(tmp_path, store):
    assert store.notice is None
    assert store.path == tmp_path / DB_NAME
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_record_and_resume(tmp_path, store):
    store.start(LESSON, "", 7)
    store.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    store.record(LESSON, "", NodeRecord("d", "right", 2, 1, 0.55, 0))
    store.record(LESSON, "", NodeRecord("f", "revealed", 1, 3, 0.0, 0))
    store.close()
    again = Store.open(tmp_path)
    got = again.answers(LESSON)
    again.close()
    assert list(got) == ["L", "d", "f"]
    assert (got["d"].status, got["d"].attempts, got["d"].hints, got["d"].score) == (
        "right",
        2,
        1,
        0.55,
    )
    assert got["f"].status == "revealed"
    assert got["L"].answered_at < got["d"].answered_at


def test_an_answer_replaces_the_pending_record_but_is_never_replaced(store):
    store.record(LESSON, "", NodeRecord("a", "pending", 2, 1, 0.0, 0))
    store.record(LESSON, "", NodeRecord("a", "right", 3, 1, 0.7, 0))
    store.record(LESSON, "", NodeRecord("a", "given", 0, 0, 0.0, 0))
    store.record(LESSON, "", NodeRecord("a", "pending", 5, 0, 0.0, 0))
    got = store.answers(LESSON)
    assert len(got) == 1
    assert (got["a"].status, got["a"].attempts, got["a"].score) == ("right", 3, 0.7)


def test_unknown_status_is_refused(store):
    with pytest.raises(ValueError):
        store.record(LESSON, "", NodeRecord("a", "wrong", 0, 0, 0.0, 0))
    assert store.answers(LESSON) == {}


def test_variants_are_separate_attempts(store):
    store.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    store.record(LESSON, "seed=7", NodeRecord("L", "right", 1, 0, 0.9, 0))
    store.record(LESSON, "seed=7", NodeRecord("d", "right", 0, 0, 1.0, 0))
    assert list(store.answers(LESSON)) == ["L"]
    assert list(store.answers(LESSON, "seed=7")) == ["L", "d"]
    store.restart(LESSON, "seed=7")
    assert store.answers(LESSON, "seed=7") == {}
    assert list(store.answers(LESSON)) == ["L"]


def test_lesson_progress_goes_new_in_progress_done(store):
    assert store.lesson_progress(LESSON).status == "new"
    assert store.lesson_progress(LESSON).last_played is None
    store.start(LESSON, "", 7)
    p = store.lesson_progress(LESSON)
    assert (p.status, p.answered, p.total, p.best_score) == ("in progress", 0, 7, None)
    store.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    store.record(LESSON, "", NodeRecord("d", "right", 0, 1, 0.75, 0))
    p = store.lesson_progress(LESSON)
    assert (p.status, p.answered, p.total) == ("in progress", 2, 7)
    store.finish(LESSON, "", 5.25, 7)
    p = store.lesson_progress(LESSON)
    assert p.status == "done"
    assert p.best_score == pytest.approx(0.75)
    assert p.last_played is not None


def test_a_lesson_state_is_an_enum_with_the_strings_shown(store):
    from tutor.answer_status import LessonState
    from tutor.progress.sink import NullStore

    states = [store.lesson_progress(LESSON).status, NullStore().lesson_progress(LESSON).status]
    store.start(LESSON, "", 7)
    states.append(store.lesson_progress(LESSON).status)
    store.finish(LESSON, "", 7, 7)
    states.append(store.lesson_progress(LESSON).status)
    assert states == [LessonState.NEW, LessonState.NEW, LessonState.STARTED, LessonState.DONE]
    assert all(type(s) is LessonState for s in states)
    assert [str(s) for s in LessonState] == ["new", "in progress", "done", "broken"]


def test_finish_keeps_the_best_score(store):
    store.start(LESSON, "", 4)
    store.finish(LESSON, "", 3, 4)
    store.finish(LESSON, "seed=1", 1, 4)
    store.restart(LESSON)
    assert store.lesson_progress(LESSON).best_score == pytest.approx(0.75)
    store.finish(LESSON, "", 4, 4)
    assert store.lesson_progress(LESSON).best_score == pytest.approx(1.0)
    with pytest.raises(ValueError):
        store.finish(LESSON, "", 1, 0)


def test_restart_forgets_answers_but_not_results(store):
    store.start(LESSON, "", 3)
    for node in "abc":
        store.record(LESSON, "", NodeRecord(node, "right", 0, 0, 1.0, 0))
    store.finish(LESSON, "", 3, 3)
    store.restart(LESSON)
    p = store.lesson_progress(LESSON)
    assert store.answers(LESSON) == {}
    assert (p.status, p.answered, p.total, p.best_score) == ("done", 0, 3, 1.0)


def test_progress_prefers_the_lessons_own_numbers(store):
    store.start(LESSON, "", 7)
    store.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    store.start(LESSON, "seed=3", 7)
    store.record(LESSON, "seed=3", NodeRecord("L", "right", 0, 0, 1.0, 0))
    store.record(LESSON, "seed=3", NodeRecord("d", "right", 0, 0, 1.0, 0))
    assert store.lesson_progress(LESSON).answered == 1


def test_quiz_only_lesson_shows_its_latest_variant(store):
    store.start("quizzed", "seed=1", 5)
    store.record("quizzed", "seed=1", NodeRecord("x", "right", 0, 0, 1.0, 0))
    store.start("quizzed", "seed=2", 5)
    p = store.lesson_progress("quizzed")
    assert (p.answered, p.total) == (0, 5)


def test_summary_and_reset(store):
    store.record("one", "", NodeRecord("a", "right", 0, 0, 1.0, 0))
    store.record("one", "", NodeRecord("b", "right", 0, 0, 1.0, 0))
    store.finish("one", "", 2, 2)
    store.record("two", "", NodeRecord("a", "right", 0, 0, 1.0, 0))
    assert [p.lesson for p in store.summary()] == ["one", "two"]
    # one: 1 attempt row + 2 answers + 1 result
    assert store.reset("one") == 4
    assert [p.lesson for p in store.summary()] == ["two"]
    assert store.reset("missing") == 0
    assert store.reset(None) == 2
    assert store.summary() == []


OPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("record"),
            st.sampled_from(["one", "two"]),
            st.sampled_from(["", "seed=1"]),
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from(["right", "revealed", "given"]),
            st.integers(0, 5),
            st.integers(0, 4),
        ),
        st.tuples(
            st.just("restart"), st.sampled_from(["one", "two"]), st.sampled_from(["", "seed=1"])
        ),
        st.tuples(st.just("reset"), st.sampled_from(["one", "two", None])),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(OPS)
def test_store_matches_a_dictionary_model(ops):
    import tempfile

    from tutor.scoring import score

    model: dict[tuple[str, str], dict[str, tuple]] = {}
    with tempfile.TemporaryDirectory() as folder, Store.open(folder) as s:
        for op in ops:
            if op[0] == "record":
                _, lesson, variant, node, status, wrong, hints = op
                points = score(wrong, hints, status == "revealed")
                s.record(lesson, variant, NodeRecord(node, status, wrong, hints, points, 0))
                nodes = model.setdefault((lesson, variant), {})
                old = nodes.get(node)
                if old is None:
                    nodes[node] = (status, wrong, hints, points)
                elif old[0] == "pending":  # an answered node is never downgraded
                    nodes[node] = (status, max(wrong, old[1]), max(hints, old[2]), points)
            elif op[0] == "restart":
                s.restart(op[1], op[2])
                model.pop((op[1], op[2]), None)
            else:
                s.reset(op[1])
                model = {k: v for k, v in model.items() if op[1] is not None and k[0] != op[1]}
        for lesson in ("one", "two"):
            for variant in ("", "seed=1"):
                got = {
                    n: (r.status, r.attempts, r.hints, r.score)
                    for n, r in s.answers(lesson, variant).items()
                }
                assert got == model.get((lesson, variant), {})


# -- where the data lives --------------------------------------------------------------


def test_data_path_order(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_TUTOR_DATA", str(tmp_path / "env"))
    assert data_path(tmp_path / "arg") == tmp_path / "arg"
    assert data_path(None) == tmp_path / "env"
    monkeypatch.delenv("BACKPROP_TUTOR_DATA")
    assert data_path(None).name == "backprop-tutor"


def test_data_dir_is_created(tmp_path):
    with Store.open(tmp_path / "a" / "b") as s:
        s.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    assert (tmp_path / "a" / "b" / DB_NAME).is_file()


def test_data_dir_that_cannot_be_created_is_one_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ProgressError) as info:
        Store.open(blocker / "data")
    assert isinstance(info.value, TutorError)
    assert "cannot create the data folder" in str(info.value)
    code = cli.main(["--data-dir", str(blocker / "data"), "progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("backprop-tutor: error: cannot create the data folder")
    assert len(err.strip().splitlines()) == 1


# -- damaged files ---------------------------------------------------------------------


def _valid_db_bytes(tmp_path: Path) -> bytes:
    folder = tmp_path / "valid"
    with Store.open(folder) as s:
        for i in range(300):
            s.record(f"lesson{i % 5}", "", NodeRecord(f"node{i}", "right", 0, 0, 1.0, 0))
    return (folder / DB_NAME).read_bytes()


def _damage_random(path: Path, tmp_path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _damage_truncated(path: Path, tmp_path: Path) -> None:
    data = _valid_db_bytes(tmp_path)
    assert len(data) > 8192
    path.write_bytes(data[: len(data) // 2 + 100])


def _damage_header_only(path: Path, tmp_path: Path) -> None:
    path.write_bytes(_valid_db_bytes(tmp_path)[:50])


def _damage_directory(path: Path, tmp_path: Path) -> None:
    path.mkdir()
    (path / "something").write_text("x")


def _damage_wrong_schema(path: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()


def _damage_newer_version(path: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE attempts (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _damage_missing_column(path: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE attempts (lesson TEXT)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "damage",
    [
        _damage_random,
        _damage_truncated,
        _damage_header_only,
        _damage_directory,
        _damage_wrong_schema,
        _damage_missing_column,
    ],
    ids=lambda f: f.__name__.removeprefix("_damage_"),
)
def test_unusable_file_is_moved_aside(tmp_path, damage):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / DB_NAME
    damage(path, tmp_path)
    before = path.read_bytes() if path.is_file() else None
    with Store.open(folder) as s:
        found = backups(folder)
        assert len(found) == 1
        assert re.fullmatch(rf"{re.escape(DB_NAME)}\.corrupt-\d{{8}}-\d{{6}}", found[0].name)
        assert s.notice is not None and str(found[0]) in s.notice
        if before is not None:
            assert found[0].read_bytes() == before  # the old file is kept, untouched
        s.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
        assert list(s.answers(LESSON)) == ["L"]
    with Store.open(folder) as s:
        assert s.notice is None
        assert list(s.answers(LESSON)) == ["L"]


def test_empty_file_is_a_fine_new_database(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"")
    with Store.open(tmp_path) as s:
        assert s.notice is None
    assert backups(tmp_path) == []


def test_backups_in_the_same_second_are_numbered(tmp_path):
    names = set()
    for _ in range(3):
        (tmp_path / DB_NAME).write_bytes(b"garbage" * 100)
        with Store.open(tmp_path) as s:
            assert s.notice
    names = {p.name for p in backups(tmp_path)}
    assert len(names) == 3


#: Open a store whose file this process cannot read. Root reads any file, so as root the
#: child first gives up the capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)
#: with capset(2); it stays root, so it still reads its own (root's) files and folders.
UNREADABLE = textwrap.dedent(
    """
    import ctypes, json, os, sys
    from pathlib import Path
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, itself
        caps = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable: caps 0-31, 32-63
        assert libc.capget(header, caps) == 0, os.strerror(ctypes.get_errno())
        for i in range(3):
            caps[i] &= ~((1 << 1) | (1 << 2)) & 0xFFFFFFFF
        assert libc.capset(header, caps) == 0, os.strerror(ctypes.get_errno())
    from tutor.progress.store import Store
    folder, db, lesson = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    try:
        (folder / db).read_bytes()
        readable = True
    except PermissionError:
        readable = False
    with Store.open(folder) as s:
        got = {"readable": readable, "notice": s.notice, "answers": len(s.answers(lesson))}
    print(json.dumps(got))
    """
)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX file modes")
def test_unreadable_file_is_moved_aside(tmp_path):
    path = tmp_path / DB_NAME
    with Store.open(tmp_path) as s:
        s.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    path.chmod(0)
    try:
        child = _python(UNREADABLE, str(tmp_path), DB_NAME, LESSON)
        out, _ = child.communicate(timeout=60)
        assert child.returncode == 0, out
        got = json.loads(out)
        assert got["readable"] is False  # as root too: the test means what it says
        assert got["notice"] and "corrupt-" in got["notice"]
        assert got["answers"] == 0
    finally:
        for p in backups(tmp_path):
            p.chmod(0o600)


def test_cli_prints_the_notice_as_a_warning(tmp_path, capsys):
    (tmp_path / DB_NAME).write_bytes(os.urandom(2048))
    assert main_progress(Context(data_dir=tmp_path, json=True)) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("backprop-tutor: warning: progress file")
    assert "corrupt-" in captured.err
    json.loads(captured.out)


# -- several processes -----------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from tutor.progress.store import Store
    from tutor.session_events import NodeRecord
    folder, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store.open(folder)  # both create the file at once: one waits for the other
    print("open", flush=True)
    sys.stdin.readline()  # wait until both writers are open
    for i in range(count):
        store.record("shared", "", NodeRecord(f"{who}-{i}", "right", i % 3, i % 2, 1.0, 0))
    store.close()
    print("done", flush=True)
    """
)


def _python(*args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        **kw,
    )


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    writers = [_python(WRITER, str(tmp_path), who, "200") for who in ("p", "q")]
    for w in writers:
        assert w.stdout.readline().strip() == "open"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        out, _ = w.communicate(timeout=300)
        assert w.returncode == 0 and out.strip() == "done"
    with Store.open(tmp_path) as s:
        got = s.answers("shared")
    assert len(got) == 400
    assert {f"{who}-{i}" for who in "pq" for i in range(200)} == set(got)
    assert got["q-199"].attempts == 199 % 3


def test_two_threads_sharing_one_store(tmp_path):
    import threading

    with Store.open(tmp_path) as s:

        def write(who: str) -> None:
            for i in range(200):
                s.record("shared", "", NodeRecord(f"{who}-{i}", "right", 0, 0, 1.0, 0))

        threads = [threading.Thread(target=write, args=(w,)) for w in "ab"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(s.answers("shared")) == 400


KILLED = textwrap.dedent(
    """
    import sys, time
    from tutor.progress.store import Store
    from tutor.session_events import NodeRecord
    store = Store.open(sys.argv[1])
    store.start("micrograd-labels", "", 7)
    for node in ["L", "d", "f", "c"]:
        store.record("micrograd-labels", "", NodeRecord(node, "right", 1, 0, 0.9, 0))
    print("recorded", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_answers_survive_kill_9(tmp_path):
    child = _python(KILLED, str(tmp_path))
    try:
        assert child.stdout.readline().strip() == "recorded"
        assert (tmp_path / f"{DB_NAME}-wal").exists()  # the store was still open
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdin.close()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with Store.open(tmp_path) as s:
        assert s.notice is None
        got = s.answers(LESSON)
        p = s.lesson_progress(LESSON)
    assert list(got) == ["L", "d", "f", "c"]
    assert all(r.score == 0.9 and r.attempts == 1 for r in got.values())
    assert (p.status, p.answered, p.total) == ("in progress", 4, 7)


# -- the command line ------------------------------------------------------------------


def _played(folder: Path) -> None:
    with Store.open(folder) as s:
        s.start(LESSON, "", 7)
        s.record(LESSON, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
        s.record(LESSON, "", NodeRecord("d", "right", 0, 1, 0.75, 0))
        s.finish(LESSON, "", 6.0, 8.0)
        s.record("my-own", "", NodeRecord("x", "right", 0, 0, 1.0, 0))


def test_progress_json_shape(tmp_path, capsys):
    _played(tmp_path)
    assert cli.main(["--data-dir", str(tmp_path), "progress", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list)
    for row in rows:
        assert {"lesson", "status", "answered", "total", "best_score", "last_played"} <= set(row)
        assert row["status"] in ("new", "in progress", "done")
        assert isinstance(row["answered"], int) and isinstance(row["total"], int)
    by_name = {r["lesson"]: r for r in rows}
    played = by_name[LESSON]
    assert (played["status"], played["answered"], played["total"]) == ("done", 2, 7)
    assert played["best_score"] == pytest.approx(0.75)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", played["last_played"])
    assert by_name["my-own"]["status"] == "in progress"
    # every bundled lesson is listed, in course order, never-played ones as new
    names = [r["lesson"] for r in rows]
    assert names[: len(bundled_names())] == bundled_names()
    for name in bundled_names():
        if name != LESSON:
            assert by_name[name]["status"] == "new"
            assert by_name[name]["best_score"] is None and by_name[name]["last_played"] is None
    assert by_name["dlbook-sin"]["total"] == 5  # u5 u4 u3 u1 u2


def test_progress_csv_has_a_header(tmp_path, capsys):
    _played(tmp_path)
    assert main_progress(Context(data_dir=tmp_path), as_csv=True) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    row = next(r for r in rows if r["lesson"] == LESSON)
    assert (row["status"], row["answered"], row["total"], row["best_score"]) == (
        "done",
        "2",
        "7",
        "0.75",
    )
    assert next(r for r in rows if r["lesson"] == "dlbook-sin")["best_score"] == ""


def test_progress_table(tmp_path, capsys):
    _played(tmp_path)
    assert main_progress(Context(data_dir=tmp_path)) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if LESSON in ln)
    assert "done" in line and "2/7" in line and "75%" in line
    for name in bundled_names():
        assert name in out


class _Typed(io.StringIO):
    """What a person types at a terminal."""

    def isatty(self) -> bool:
        return True


def _reset(tmp_path, monkeypatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", _Typed(stdin))
    return cli.main(["--data-dir", str(tmp_path), "reset", *args])


@pytest.mark.parametrize("args", [[LESSON], ["--all"]])
def test_reset_without_a_terminal_needs_yes(tmp_path, monkeypatch, capsys, args):
    _played(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # echo y | backprop-tutor reset
    assert cli.main(["--data-dir", str(tmp_path), "reset", *args]) == 2
    err = capsys.readouterr().err
    assert "standard input is not a terminal: add --yes" in err
    assert "Forget" not in err
    assert _saved(tmp_path) == [LESSON, "my-own"]
    assert cli.main(["--data-dir", str(tmp_path), "reset", *args, "--yes"]) == 0
    assert _saved(tmp_path) == ([] if args == ["--all"] else ["my-own"])


def _saved(folder: Path) -> list[str]:
    with Store.open(folder) as s:
        return s.lessons()


def test_reset_asks_and_yes_forgets(tmp_path, monkeypatch, capsys):
    _played(tmp_path)
    assert _reset(tmp_path, monkeypatch, "y\n", LESSON) == 0
    captured = capsys.readouterr()
    assert f"Forget progress for {LESSON}? [y/N]" in captured.err
    assert "forgot progress" in captured.out
    assert _saved(tmp_path) == ["my-own"]


@pytest.mark.parametrize("answer", ["n\n", "\n", "maybe\n", ""])
def test_reset_anything_but_yes_keeps_progress(tmp_path, monkeypatch, capsys, answer):
    _played(tmp_path)
    assert _reset(tmp_path, monkeypatch, answer, LESSON) == 1
    err = capsys.readouterr().err
    assert "nothing was forgotten" in err
    assert err.strip().splitlines()[-1].startswith("Forget progress") or "error:" in err
    assert _saved(tmp_path) == [LESSON, "my-own"]


def test_reset_yes_flag_does_not_ask(tmp_path, monkeypatch, capsys):
    _played(tmp_path)
    assert _reset(tmp_path, monkeypatch, "", LESSON, "--yes") == 0
    assert "Forget" not in capsys.readouterr().err
    assert _saved(tmp_path) == ["my-own"]


def test_reset_all(tmp_path, monkeypatch, capsys):
    _played(tmp_path)
    assert _reset(tmp_path, monkeypatch, "yes\n", "--all") == 0
    assert "Forget progress for all lessons? [y/N]" in capsys.readouterr().err
    assert _saved(tmp_path) == []


def test_reset_usage_errors(tmp_path, monkeypatch, capsys):
    assert _reset(tmp_path, monkeypatch, "y\n") == 2
    assert "reset needs a LESSON or --all" in capsys.readouterr().err
    assert _reset(tmp_path, monkeypatch, "y\n", LESSON, "--all") == 2
    with pytest.raises(TutorError) as info:
        main_reset(Context(data_dir=tmp_path), None)
    assert info.value.status == 2


def test_reset_of_nothing_saved_says_so(tmp_path, monkeypatch, capsys):
    _played(tmp_path)
    assert _reset(tmp_path, monkeypatch, "", "micrograd-label") == 0
    out = capsys.readouterr().out
    assert "no saved progress" in out and "did you mean 'micrograd-labels'" in out
    assert _saved(tmp_path) == [LESSON, "my-own"]


def test_a_version_1_file_gains_the_checks_column_and_keeps_its_answers(tmp_path):
    conn = sqlite3.connect(tmp_path / DB_NAME)
    v1 = {
        "attempts": "lesson TEXT NOT NULL, variant TEXT NOT NULL, total INTEGER NOT NULL, "
        "started_at REAL NOT NULL, last_played REAL NOT NULL, PRIMARY KEY (lesson, variant)",
        "answers": "lesson TEXT NOT NULL, variant TEXT NOT NULL, node TEXT NOT NULL, "
        "status TEXT NOT NULL, attempts INTEGER NOT NULL, hints INTEGER NOT NULL, "
        "score REAL NOT NULL, answered_at REAL NOT NULL, PRIMARY KEY (lesson, variant, node)",
        "results": "id INTEGER PRIMARY KEY, lesson TEXT NOT NULL, variant TEXT NOT NULL, "
        "score REAL NOT NULL, max_score REAL NOT NULL, finished_at REAL NOT NULL",
    }
    for name, columns in v1.items():
        conn.execute(f"CREATE TABLE {name} ({columns})")
    conn.execute("INSERT INTO answers VALUES (?, '', 'L', 'right', 1, 2, 0.4, 1.0)", (LESSON,))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.notice is None and not backups(tmp_path)
        (record,) = store.answers(LESSON).values()
        assert (record.attempts, record.hints, record.checks) == (1, 2, 0)
        store.record(LESSON, "", NodeRecord("d", "pending", 0, 1, 0.0, 1))
        assert store.answers(LESSON)["d"].checks == 1
