"""Section ``reliab``: the app leaving a closed terminal, and saving off the screen's thread.

- exit: the real app on a pseudo-terminal answers one question, then the terminal is closed
  (SIGHUP, then EIO on its input, as when tmux or ssh goes away); the time until the process
  has exited, its answer saved. Budget: 1 s.
- save: what one answer's save costs the screen's thread, through the write queue
  (``QueuedStore.save``) against a direct commit (``Store.save``), interleaved; and the time
  from the queue's put to the commit.
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _read_until(fd: int, needle: bytes, seconds: float = 60.0) -> None:
    seen, end = b"", time.monotonic() + seconds
    while needle not in seen and time.monotonic() < end:
        if select.select([fd], [], [], 0.5)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            seen += chunk


def exit_after_hangup() -> float:
    """Seconds from closing the app's terminal to the app's exit."""
    import fcntl
    import struct
    import termios

    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "tutor", "--data-dir", f"{tmp}/data", "run",
                "micrograd-labels"]  # fmt: skip
        env = {**os.environ, "TERM": "xterm-256color", "HOME": tmp}
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        _read_until(fd, b"Question")
        os.write(fd, b"1\r")
        _read_until(fd, b"Correct")
        start = time.monotonic()
        os.close(fd)
        while not os.waitpid(pid, os.WNOHANG)[0]:
            if time.monotonic() - start > 30:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                return float("inf")
            time.sleep(0.005)
        return time.monotonic() - start


def save_times(runs: int) -> tuple[float, float, float]:
    """Medians (s): a direct commit, a queued save on the caller's thread, put to commit."""
    from tutor.progress import writes as w
    from tutor.progress.queued import QueuedStore
    from tutor.progress.review import Answer
    from tutor.progress.store import Store

    def batch(i: int) -> list[w.Write]:
        at = 1000.0 + i
        return [w.Log(Answer("lesson", "bench", f"n{i}", False, ()), at),
                w.Try("bench", "", f"n{i}", None, at),
                w.Record("bench", "", f"n{i}", "pending", 1, 0, 0.0, 0, at)]  # fmt: skip

    direct, queued_t, commit = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data")
        queued = QueuedStore(Store.open(Path(tmp) / "data"))
        for i in range(runs):
            t = time.perf_counter()
            store.save(batch(2 * i))
            direct.append(time.perf_counter() - t)
            saved = queued.queue.saved
            t = time.perf_counter()
            queued.save(batch(2 * i + 1))
            queued_t.append(time.perf_counter() - t)
            while queued.queue.saved == saved:
                time.sleep(0.0001)
            commit.append(time.perf_counter() - t)
        queued.close()
        store.close()
    return statistics.median(direct), statistics.median(queued_t), statistics.median(commit)
