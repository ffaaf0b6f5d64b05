"""The data folder's caches: keys made of a text and the tutor's code, files read as untrusted.

Three caches share these: the clean verdicts of ``check`` (``tutor.authoring.check_cache``),
the lesson and course files as read (``tutor.lesson.doc_cache``) and the rendered
descriptions (``tutor.lesson.render_cache``). A cache file is read with a
size limit and parsed as JSON, and anything unexpected reads as nothing; it is written
through a temporary file moved into place (never through a link at its path), and any
failure to write is silent: a cache is never needed.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:  # CPython's own SHA-256: hashlib loads OpenSSL first (~2 ms of every launch)
        from _sha256 import sha256
    except ImportError:  # another build or Python: the same digest, through hashlib
        from hashlib import sha256


#: The caches, each at ``DATA/cache/NAME``: the lesson and course files as read, the
#: rendered descriptions, and the clean verdicts of ``check``.
Cache = Literal["docs", "rendered", "checked.json"]


def cache_path(data_dir: Path | None, name: Cache) -> Path | None:
    """``DATA/cache/NAME``: where one of the caches is kept; None without a data folder."""
    return None if data_dir is None else data_dir / "cache" / name


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
    return sha256("\n".join(lines).encode()).hexdigest()


def key_of(source: str) -> str:
    """The key of a text (a lesson file's, a description's) under this tutor's code."""
    return sha256(f"{code_stamp()}\n{source}".encode("utf-8", "surrogatepass")).hexdigest()


def read_json(path: Path, max_bytes: int) -> Any:
    """The JSON value in the file at ``path``; None when it is missing, larger, or not JSON."""
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)
    except OSError:
        return None
    if len(raw) > max_bytes:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
        return None


def write_json(path: Path, data: Any, most: int | None = None) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file (silently, on any failure).

    Nothing is written when the JSON is longer than ``most`` characters.
    """
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    if most is not None and len(text) > most:
        return
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(text)
            os.replace(tmp, path)  # replaces a link at path, never writes through it
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


#: A cache file's name in a folder of them (``KEY.json``): a SHA-256 in hex.
KEYED = re.compile(r"[0-9a-f]{64}\.json")


def prune(folder: Path, most: int) -> None:
    """Remove the oldest ``KEY.json`` files in ``folder`` past ``most`` (silently, on failure)."""
    try:
        entries = [e for e in os.scandir(folder) if KEYED.fullmatch(e.name)]
        if len(entries) <= most:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
        for entry in entries[: len(entries) - most]:
            os.unlink(entry.path)
    except OSError:
        pass
