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

import re
from pathlib import Path

from tutor.lesson.cache_file import code_stamp, key_of, read_json, write_json

__all__ = ["FORMAT", "KEY", "MAX_BYTES", "MAX_KEYS", "CheckCache", "code_stamp", "key_of"]

#: The cache file's format; a file of any other is ignored.
FORMAT = 1
#: A cache file larger than this is not read.
MAX_BYTES = 64 * 1024
#: Keys kept (the newest); with 64-hex keys the file stays under ``MAX_BYTES``.
MAX_KEYS = 500
#: A key: a SHA-256 in hex.
KEY = re.compile(r"[0-9a-f]{64}")


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
    data = read_json(path, MAX_BYTES)
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
    write_json(path, {"format": FORMAT, "clean": keys})
