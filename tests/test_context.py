"""One resolved context for every command: ``--lessons``, the data folder, the seed, JSON.

Each command is run with a lesson that only a ``--lessons`` folder holds, so a command that
ignored the folders would fail to find it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lesson_texts import run_cli

from tutor.commands import context
from tutor.commands.context import Context
from tutor.errors import ExitStatus
from tutor.lesson.course import course_key
from tutor.lesson.find import bundled_dir
from tutor.progress.db import ENV_VAR
from tutor.progress.store import Store
from tutor.session_events import NodeRecord

MINE = "title: Mine\ninputs: {a: 2.0, b: -3.0}\ngraph:\n  - c = a * b\n  - L = c + a\n"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A --lessons folder with lesson ``mine`` (no bundled lesson has that name)."""
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "mine.yaml").write_text(MINE)
    (folder / "other.yaml").write_text(MINE.replace("Mine", "Other"))
    monkeypatch.chdir(tmp_path)  # ./mine.yaml is not there either
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "data"))
    return folder


def test_grade_finds_the_lesson_in_the_lessons_folder(course, capsys):
    code, out, err = run_cli(capsys, "--lessons", str(course), "grade", "mine", "a", "-2", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert (result["node"], result["correct"], result["expected"]) == ("a", True, -2.0)
    code, out, _ = run_cli(capsys, "grade", "mine", "c", "1", "--lessons", str(course))
    assert code == 0 and out.startswith("dL/dc = 1: right")


def test_hints_find_the_lesson_in_the_lessons_folder(course, capsys):
    code, out, err = run_cli(capsys, "--lessons", str(course), "hints", "mine", "c", "--json")
    assert (code, err) == (0, "")
    tiers = json.loads(out)
    assert [t["tier"] for t in tiers][:2] == ["pattern", "local"]
    assert "L = c + a" in tiers[1]["text"]


def test_progress_lists_a_lessons_course_s_unplayed_lessons(course, capsys):
    code, out, _ = run_cli(capsys, "--lessons", str(course), "progress", "--json")
    assert code == 0
    rows = {r["lesson"]: r for r in json.loads(out)}
    key = course_key(course / "mine.yaml", bundled_dir())
    assert key == f"{course.resolve().as_posix()}/mine"
    assert (rows[key]["status"], rows[key]["answered"], rows[key]["total"]) == ("new", 0, 4)
    assert course_key(course / "other.yaml", bundled_dir()) in rows
    assert "micrograd-labels" in rows  # the bundled course still comes first
    assert list(rows).index("micrograd-labels") < list(rows).index(key)
    code, out, _ = run_cli(capsys, "progress", "--json")
    assert key not in {r["lesson"] for r in json.loads(out)}  # not without --lessons


def test_reset_finds_a_lessons_folder_lesson_by_name(course, tmp_path, capsys):
    key = course_key(course / "mine.yaml", bundled_dir())
    with Store.open(tmp_path / "data") as store:
        store.start(key, "", 4)
        store.record(key, "", NodeRecord("L", "right", 0, 0, 1.0, 0))
    code, out, _ = run_cli(capsys, "--lessons", str(course), "reset", "mine", "--yes")
    assert code == 0 and out.startswith(f"forgot progress for {key} (")
    with Store.open(tmp_path / "data") as store:
        assert key not in store.lessons()


def test_check_finds_lessons_by_name_and_checks_the_lessons_folders(course, capsys):
    (course / "broken.yaml").write_text("title: B\ninputs: {a: 1}\ngraph:\n  - b = a +\n")
    code, out, _ = run_cli(capsys, "--lessons", str(course), "check", "mine")
    assert (code, out) == (0, "1 file checked, no problems\n")
    code, out, err = run_cli(capsys, "--lessons", str(course), "check")
    assert code == 1 and out.startswith(f"{course / 'broken.yaml'}:4:")
    assert err == "1 error in 1 of 3 files\n"
    code, _, err = run_cli(capsys, "check")
    assert code == ExitStatus.USAGE and err.count("\n") == 1 and "--lessons DIR" in err
    code, out, _ = run_cli(capsys, "check", "micrograd-labels")  # a bundled lesson by name
    assert (code, out) == (0, "1 file checked, no problems\n")


#: Every command that opens a lesson by name, with the rest of its command line.
OPENERS = {
    "solve": ["solve", "mine", "--json"],
    "export": ["export", "mine", "-o", "g.dot"],
    "grade": ["grade", "mine", "L", "1"],
    "hints": ["hints", "mine", "L"],
    "check": ["check", "mine"],
    "list": ["list"],
    "run": ["run", "mine"],
    "quiz": ["quiz", "mine"],
}


@pytest.mark.parametrize("command", sorted(OPENERS))
@pytest.mark.parametrize("where", ["before", "after"])
def test_every_command_finds_lessons_in_the_lessons_folders(course, capsys, command, where):
    rest = OPENERS[command]
    flag = ["--lessons", str(course)]
    argv = flag + rest if where == "before" else rest[:1] + flag + rest[1:]
    code, out, err = run_cli(capsys, *argv)
    if command in ("run", "quiz"):  # built, then refused: no terminal in a test
        assert code == ExitStatus.USAGE and "needs a terminal" in err
    else:
        assert (code, err) == (0, ""), err
    if command == "list":
        assert "# course" in out and "Mine" in out
    code, out, err = run_cli(capsys, *rest)  # without the folder: not found
    if command == "list":
        assert code == 0 and "Mine" not in out
    elif command == "check":
        assert code == ExitStatus.ERROR and out == "mine: error: no such file\n"
    else:
        assert code == ExitStatus.ERROR and "no lesson named 'mine'" in err


@pytest.mark.parametrize(
    "argv",
    [["stats"], ["review", "--list"], ["progress"], ["list"], ["solve", "micrograd-labels"]],
)
def test_a_bad_lessons_folder_is_one_line_for_every_command(tmp_path, capsys, argv):
    code, out, err = run_cli(capsys, "--lessons", str(tmp_path / "nope"), *argv)
    assert code == ExitStatus.ERROR and out == ""
    assert err == f"backprop-tutor: error: --lessons {tmp_path / 'nope'}: no such folder\n"


def test_the_context_is_resolved_once_from_flags_then_the_environment(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "x.yaml").write_text(MINE)
    env = {context.DATA_ENV: str(tmp_path / "env")}
    ctx = context.resolve([str(folder)], None, 7, True, env)
    assert ctx == Context((folder,), tmp_path / "env", 7, True)
    assert context.resolve([], str(tmp_path / "flag"), None, False, env).data_dir == (
        tmp_path / "flag"
    )
    assert context.resolve([], None, None, False, {}).data_dir is None  # the user's folder
    assert context.DATA_ENV == ENV_VAR  # the store's variable


def test_the_data_dir_reaches_practice_review_and_stats(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    data = tmp_path / "data"
    code, out, _ = run_cli(capsys, "stats", "--json", "--data-dir", str(data))
    assert code == 0 and json.loads(out)["answers"] == 0
    assert (data / "progress.db").is_file()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    code, out, _ = run_cli(capsys, "review", "--list", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert (tmp_path / "env" / "progress.db").is_file()
    code, out, _ = run_cli(capsys, "practice", "--level", "2", "--seed", "5", "--print")
    assert code == 0 and "L2-5" in out  # the seed is the context's
