"""The app saves and exits when its terminal goes away (issue 18 item 11): SIGHUP, EOF or
EIO on its input, whatever its parent. Each test runs the real app under a pseudo-terminal,
answers one question, then takes the terminal away; an app that does not exit within 10 s
(today's spun for ever) fails. How fast it exits (within a second) is measured by
``make bench`` (section ``reliab``), not here."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tutor.progress.store import Store

LESSON = "micrograd-labels"


def read_until(fd: int, needle: bytes, seconds: float = 30.0) -> bytes:
    """Read the terminal until ``needle`` shows (the screen drawn, an answer graded)."""
    seen = b""
    end = time.monotonic() + seconds
    while needle not in seen:
        left = end - time.monotonic()
        assert left > 0, seen[-400:]
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", HOME=str(home), COLUMNS="120", LINES="36")
    return env


def wait_exit(pid: int, seconds: float, fd: int | None = None) -> tuple[int | None, float]:
    """Wait for ``pid`` to exit, at most ``seconds``: (its status or None, time taken).

    With ``fd`` (the terminal, still open) what the app writes meanwhile is read, as a
    terminal would, so its last redraw never waits on a full terminal buffer.
    """
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, time.monotonic() - start
        if fd is not None and select.select([fd], [], [], 0.02)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                fd = None
        else:
            time.sleep(0.02)
    return None, time.monotonic() - start


def answered(data: Path) -> set[str]:
    with Store.open(data) as store:
        return set(store.answers(LESSON))


def start_on_pty(tmp_path: Path) -> tuple[int, int]:
    """The app on a lesson, in a pty whose controlling process it is: (pid, master fd)."""
    data = tmp_path / "data"
    argv = [sys.executable, "-m", "tutor", "--data-dir", str(data), "run", LESSON]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, its terminal the pty
        os.execvpe(argv[0], argv, env_for(tmp_path))
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    return pid, fd


def answer_first_question(fd: int) -> None:
    read_until(fd, b"Question")
    os.write(fd, b"1\r")
    read_until(fd, b"Correct")


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def test_closing_the_terminal_saves_and_exits_within_a_second(tmp_path):
    pid, fd = start_on_pty(tmp_path)
    try:
        answer_first_question(fd)
    finally:
        os.close(fd)  # the terminal goes away: SIGHUP, then EIO on input
    status, _took = wait_exit(pid, 10)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert status is not None, "the app kept running after its terminal closed"
    assert answered(tmp_path / "data") == {"L"}


def test_a_hangup_while_the_file_is_locked_keeps_the_answer_for_the_next_start(tmp_path):
    data = tmp_path / "data"
    Store.open(data).close()
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(data / "progress.db")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
    try:
        pid, fd = start_on_pty(tmp_path)
        try:
            answer_first_question(fd)
        finally:
            os.close(fd)
        status, _took = wait_exit(pid, 10)
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        assert status is not None
        assert len(list(data.glob("recovery-*.json"))) == 1
    finally:
        assert locker.stdin is not None
        locker.stdin.write("\n")
        locker.stdin.close()
        locker.wait(10)
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "--data-dir", str(data), "progress"],
        capture_output=True, text=True, timeout=60, env=env_for(tmp_path),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert answered(data) == {"L"}
    assert not list(data.glob("recovery-*.json"))


def test_sighup_alone_saves_and_exits(tmp_path):
    pid, fd = start_on_pty(tmp_path)
    try:
        answer_first_question(fd)
        os.kill(pid, signal.SIGHUP)
        status, _took = wait_exit(pid, 10, fd)
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert status is not None
    assert answered(tmp_path / "data") == {"L"}


def test_eio_on_input_without_sighup_exits_whatever_the_parent(tmp_path):
    """A terminal that is not the app's controlling one (its parent holds it, as make or a
    shell may): no SIGHUP comes, only EIO on input when it closes."""
    data = tmp_path / "data"
    master, slave = os.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    argv = [sys.executable, "-m", "tutor", "--data-dir", str(data), "run", LESSON]
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                            env=env_for(tmp_path), start_new_session=True)  # fmt: skip
    os.close(slave)
    try:
        answer_first_question(master)
    finally:
        os.close(master)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError("the app kept running after its input failed") from None
    assert answered(data) == {"L"}
