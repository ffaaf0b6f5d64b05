"""Lessons ``check`` found clean, remembered by content in the data folder.

``check`` runs at every open (``tutor.authoring.gate``); for a lesson with ``randomize``
ranges that is a hundred variant builds (neuron-tanh: ~50 ms of a ~700 ms launch). A
clean verdict is remembered under a key made of the lesson file's bytes and a stamp of the
tutor's own code (every module's size and mtime), so a changed lesson, a new version or an
edited op table is checked again. Only clean verdicts are kept: a lesson with errors is
checked (and refused) every time.

The file (``DATA/cache/checked.json``) is untrusted input: one larger than ``MAX_BYTES``,
not JSON, of another format or tutor, or holding anything but hex keys is ignored (and
replaced on the next write); at most ``MAX_KEYS`` keys are kept, the newest. Writes go to
a temporary file moved into place, and any failure to write is silent (a cache).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path

#: The cache file's format; a file of any other is ignored.
FORMAT = 1
#: A cache file larger than this is not read.
MAX_BYTES = 64 * 1024
#: Keys kept (the newest); with 64-hex keys the file stays under ``MAX_BYTES``.
MAX_KEYS = 500
#: A key: a SHA-256 in hex.
KEY = re.compile(r"[0-9a-f]{64}")


@functools.cache
def code_stamp() -> str:
    """A digest of the tutor's modules (path, size, mtime): any edit changes it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    lines: list[str] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    folders.append(entry.path)
            elif entry.name.endswith((".py", ".json")):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                lines.append(f"{entry.path[len(root) :]}:{st.st_size}:{st.st_mtime_ns}")
    lines.sort()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def key_of(source: str) -> str:
    """The key of a lesson file's text under this tutor's code."""
    return hashlib.sha256(f"{code_stamp()}\n{source}".encode("utf-8", "surrogatepass")).hexdigest()


class CheckCache:
    """The clean verdicts kept in one file (read once, written on each new key)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        """The cache file."""
        self._keys: list[str] | None = None

    def keys(self) -> list[str]:
        """The keys in the file (oldest first); nothing when it is missing or not valid."""
        if self._keys is None:
            self._keys = _read(self.path)
        return self._keys

    def known(self, key: str) -> bool:
        """Whether ``key``'s lesson was found clean before."""
        return key in self.keys()

    def add(self, key: str) -> None:
        """Remember ``key`` as clean (written at once; a failure to write is ignored)."""
        keys = [k for k in self.keys() if k != key] + [key]
        self._keys = keys[-MAX_KEYS:]
        _write(self.path, self._keys)


def _read(path: Path) -> list[str]:
    """The valid keys of the cache file at ``path`` ([] for anything else)."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError:
        return []
    if len(raw) > MAX_BYTES:
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return []
    keys = data.get("clean")
    if not isinstance(keys, list) or len(keys) > MAX_KEYS:
        return []
    if not all(isinstance(k, str) and KEY.fullmatch(k) for k in keys):
        return []
    return keys


def _write(path: Path, keys: list[str]) -> None:
    """Write ``keys`` to ``path`` through a temporary file (silently, on any failure)."""
    text = json.dumps({"format": FORMAT, "clean": keys}, indent=0)
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".checked-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(text)
            os.replace(tmp, path)  # replaces a link at path, never writes through it
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
