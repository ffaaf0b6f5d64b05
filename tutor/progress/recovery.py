"""The recovery file: what the app could not save before it quit, saved at the next start.

When the app quits while batches still wait in the write queue (the progress file locked,
the disk full), they are written as JSON to ``recovery-<time>-<pid>.json`` in the data
folder, a new file each time, so two copies of the app never overwrite each other's. The
next app (or progress command) reads every such file, validated entry by entry (a bad one is
skipped with a warning, never trusted), saves the batches in their order, and removes the
files once all of them are saved. A batch is saved with its id (``Store.save_once``), so a
file read twice, or a batch that was committed as the app quit, counts once.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.progress import writes as w
from tutor.progress.db import ProgressError
from tutor.progress.queue import Batch

if TYPE_CHECKING:
    from tutor.progress.store import Store

PREFIX = "recovery-"
FORMAT = 1
#: A recovery file larger than this is not read (it cannot be ours: ours hold minutes of work).
MAX_BYTES = 20_000_000


@dataclass(slots=True)
class Found:
    """The recovery files of a data folder and the batches they hold, in order."""

    batches: list[Batch] = field(default_factory=list)
    """Every valid batch, oldest file first."""
    files: list[Path] = field(default_factory=list)
    """The files read (removed once their batches are saved)."""
    warnings: list[str] = field(default_factory=list)
    """One line per entry or file skipped."""


def write(folder: Path, batches: Sequence[Batch]) -> Path:
    """Write ``batches`` to a new recovery file in ``folder``; return its path.

    Raises:
        OSError: it cannot be written (the disk is full, the folder read-only).

    """
    data = {
        "format": FORMAT,
        "batches": [
            {"id": b.id, "writes": [w.to_json(write) for write in b.writes]} for b in batches
        ],
    }
    path = folder / f"{PREFIX}{time.time_ns()}-{os.getpid()}.json"
    part = path.with_suffix(".part")
    try:
        with open(part, "w", encoding="utf-8") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
        raise
    return path


def read(folder: Path) -> Found:
    """Every recovery file in ``folder``, oldest first, validated."""
    found = Found()
    try:
        paths = sorted(folder.glob(f"{PREFIX}*.json"), key=_order)
    except OSError:
        return found
    for path in paths:
        try:
            if not path.is_file() or path.stat().st_size > MAX_BYTES:
                raise ValueError("not a regular file of at most 20 MB")
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            found.warnings.append(f"skipped the recovery file {path}: {str(exc)[:80]}")
            continue
        found.files.append(path)
        entries = data.get("batches") if isinstance(data, dict) else None
        if not isinstance(entries, list) or data.get("format") != FORMAT:
            found.warnings.append(f"skipped the recovery file {path}: not one of ours")
            continue
        for n, entry in enumerate(entries, 1):
            try:
                found.batches.append(_batch(entry))
            except w.BadWrite as exc:
                found.warnings.append(f"skipped entry {n} of the recovery file {path}: {exc}")
    return found


def _order(path: Path) -> tuple[int, str]:
    """Oldest first: by the time in the file's name."""
    stamp = path.name[len(PREFIX) :].split("-")[0]
    return (int(stamp) if stamp.isdigit() else 0, path.name)


def _batch(entry: object) -> Batch:
    """A batch from its JSON entry."""
    if not isinstance(entry, dict):
        raise w.BadWrite("not a batch")
    batch_id, writes = entry.get("id"), entry.get("writes")
    if not isinstance(batch_id, str) or not (0 < len(batch_id) <= 64):
        raise w.BadWrite("bad id")
    if not isinstance(writes, list) or not writes:
        raise w.BadWrite("no writes")
    return Batch(batch_id, tuple(w.from_json(x) for x in writes))


def remove(files: Sequence[Path]) -> None:
    """Remove recovery files whose batches are saved (or written to a newer file)."""
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def save_into(store: Store, folder: Path) -> list[str]:
    """Save the recovery files' batches now (the commands); return warnings.

    A batch that cannot be saved yet (the file locked) leaves every file for later.
    """
    found = read(folder)
    try:
        for batch in found.batches:
            store.save_once(batch.id, batch.writes)
    except ProgressError as exc:
        return [*found.warnings, f"the recovery file's answers are not saved yet: {exc}"]
    remove(found.files)
    return found.warnings
