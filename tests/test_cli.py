"""The command line as a user meets it: exit codes, one-line errors, option placement."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tutor import cli


def test_options_work_before_and_after_the_command(tmp_path):
    p = cli._parser()
    before = p.parse_args(["--data-dir", "D", "--lessons", "a", "quiz", "--lessons", "b"])
    after = p.parse_args(["run", "x", "--data-dir", "E"])
    assert (before.data_dir, before.lessons, before.sub_lessons) == ("D", ["a"], ["b"])
    assert after.sub_data_dir == "E"


def test_progress_data_dir_after_the_command(tmp_path, capsys):
    assert cli.main(["progress", "--json", "--data-dir", str(tmp_path)]) == 0
    assert (tmp_path / "progress.db").exists()


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["solve", "no-such-lesson"], 1, "no lesson named 'no-such-lesson'"),
        (["run", "micrograd-label"], 1, "did you mean 'micrograd-labels'"),
        (["quiz", "nope.yaml"], 1, "nope.yaml"),
        (["export", "micrograd-labels", "-o", "x.weird"], 2, "x.weird"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(argv, code, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == code
    err = capsys.readouterr().err
    assert words in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_run_refuses_a_broken_lesson_before_starting_the_app(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Bad\ninputs: {a: 0}\ngraph:\n  - b = log(a)\n")
    assert cli.main(["run", str(bad), "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{bad}:4:5: error:") and "log" in err and "'b'" in err  # check's line


def test_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2


def test_python_dash_m_tutor_runs_the_cli():
    proc = subprocess.run(
        [sys.executable, "-m", "tutor", "solve", "micrograd-labels", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["order"] == ["L", "d", "f", "c", "e", "a", "b"]


def test_a_local_lesson_can_be_named_without_yaml(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "my-lesson"]) == 0
    assert cli.main(["solve", "my-lesson", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["lesson"] == "my-lesson"


def _without_terminal(argv, tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE):
    """Run ``python -m tutor argv`` with the given streams; a hang fails by timeout."""
    env = dict(os.environ, HOME=str(tmp_path), BACKPROP_TUTOR_DATA=str(tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-m", "tutor", *argv],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize("argv", [["quiz", "micrograd-labels"], ["run", "micrograd-labels"], []])
def test_app_commands_without_a_terminal_exit_at_once(argv, tmp_path):
    proc = _without_terminal(argv, tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert proc.stdout == b""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("backprop-tutor: error:") and "terminal" in err


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("tty_side", ["stdin", "stdout"])
def test_one_terminal_is_not_enough(tty_side, tmp_path):
    main_fd, side_fd = os.openpty()
    try:
        streams = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE}
        streams[tty_side] = side_fd
        proc = _without_terminal(["quiz", "micrograd-labels"], tmp_path, **streams)
    finally:
        os.close(side_fd)
        os.close(main_fd)
    assert proc.returncode == 2, proc.stderr.decode()
    assert "terminal" in proc.stderr.decode()
