"""``export -o`` writes only to a regular file or a new path (issue 18 item 10): a symbolic
link, a FIFO, a folder or a hard-linked file is refused in one line and left as it was;
``-o -`` writes the picture to standard output."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tutor.cli import main


def refused(args, capsys) -> str:
    """Run ``export`` expecting a one-line refusal; return the line."""
    assert main(["export", "micrograd-labels", "-o", *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("backprop-tutor: error: refusing to write")
    return err


def test_a_symbolic_link_is_refused_and_stays_a_link(tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "g.dot"
    link.symlink_to(target)
    assert "a symbolic link" in refused([str(link)], capsys)
    assert link.is_symlink()
    assert target.read_text() == "keep me"


def test_a_dangling_symbolic_link_is_refused(tmp_path, capsys):
    link = tmp_path / "g.dot"
    link.symlink_to(tmp_path / "nowhere")
    assert "a symbolic link" in refused([str(link)], capsys)
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "g.dot"
    os.mkfifo(fifo)
    assert "FIFO" in refused([str(fifo)], capsys)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_hard_linked_file_is_refused_and_both_names_keep_it(tmp_path, capsys):
    first = tmp_path / "first.dot"
    first.write_text("keep me")
    second = tmp_path / "g.dot"
    os.link(first, second)
    assert "2 hard links" in refused([str(second)], capsys)
    assert os.stat(second).st_ino == os.stat(first).st_ino
    assert second.read_text() == "keep me"


def test_a_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "g.dot"
    folder.mkdir()
    assert "a folder" in refused([str(folder)], capsys)
    assert folder.is_dir()


@pytest.mark.parametrize("exists", [False, True])
def test_a_regular_file_or_a_new_path_is_written(tmp_path, capsys, exists):
    out = tmp_path / "g.dot"
    if exists:
        out.write_text("old")
    assert main(["export", "micrograd-labels", "-o", str(out)]) == 0
    assert out.read_text().startswith("digraph")
    assert stat.S_ISREG(os.lstat(out).st_mode) and os.lstat(out).st_nlink == 1


def test_dash_writes_the_picture_to_standard_output(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "tutor", "export", "micrograd-labels", "-o", "-", "--format",
         "dot"],
        capture_output=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"digraph")
    assert proc.stdout.rstrip().endswith(b"}")
    assert not (tmp_path / "-").exists()
    assert proc.stderr == b""


def test_dash_without_a_format_asks_for_one(tmp_path, capsys):
    assert main(["export", "micrograd-labels", "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--format" in err and "standard output" in err
