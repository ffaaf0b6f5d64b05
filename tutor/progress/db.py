"""The progress file itself: where it lives, opening it, checking it, moving a bad one aside.

``tutor.progress.store.Store`` uses these; nothing here knows about lessons or answers beyond
the table layout.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from tutor.errors import ExitStatus, TutorError

APP_NAME = "backprop-tutor"
ENV_VAR = "BACKPROP_TUTOR_DATA"
DB_NAME = "progress.db"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 2.0
#: How long opening waits while another program prepares the same file (creates its schema,
#: migrates it, switches it to WAL): a one-time step, so it may wait longer than a write.
PREPARE_TIMEOUT_S = 15.0
#: The review's tables (``tutor.progress.review.TABLES``), created with the others.
REVIEW_TABLES = ("events", "cards")

TABLES = {
    "attempts": "lesson TEXT NOT NULL, variant TEXT NOT NULL, total INTEGER NOT NULL, "
    "started_at REAL NOT NULL, last_played REAL NOT NULL, PRIMARY KEY (lesson, variant)",
    "answers": "lesson TEXT NOT NULL, variant TEXT NOT NULL, node TEXT NOT NULL, "
    "status TEXT NOT NULL, attempts INTEGER NOT NULL, hints INTEGER NOT NULL, "
    "score REAL NOT NULL, answered_at REAL NOT NULL, checks INTEGER NOT NULL DEFAULT 0, "
    "PRIMARY KEY (lesson, variant, node)",
    "results": "id INTEGER PRIMARY KEY, lesson TEXT NOT NULL, variant TEXT NOT NULL, "
    "score REAL NOT NULL, max_score REAL NOT NULL, finished_at REAL NOT NULL",
    "tries": "lesson TEXT NOT NULL, variant TEXT NOT NULL, node TEXT NOT NULL, "
    "mistake TEXT, tried_at REAL NOT NULL",
    "typed": "lesson TEXT NOT NULL, variant TEXT NOT NULL, node TEXT NOT NULL, "
    "text TEXT NOT NULL, typed_at REAL NOT NULL, PRIMARY KEY (lesson, variant, node)",
}
#: Tables added after files of this version shipped: created when missing, so an older
#: file stays readable (and keeps its answers) instead of being moved aside.
ADDED = ("tries", "typed")
#: How a file of version N reaches SCHEMA_VERSION: MIGRATIONS[N:] in order (index 0 unused).
#: Version 2 keeps numeric checks apart from hint tiers, so reopening neither charges a
#: check twice nor skips a hint tier.
MIGRATIONS = ("", "ALTER TABLE answers ADD COLUMN checks INTEGER NOT NULL DEFAULT 0")
#: Each table's column names, read off its definition above.
_COLUMNS = {
    table: [column.split()[0] for column in spec.split(", PRIMARY KEY")[0].split(", ")]
    for table, spec in TABLES.items()
}


class ProgressError(TutorError):
    """The progress store cannot be used (its folder cannot be created, disk errors)."""

    reason: str = "other"
    """Why, for retrying: ``busy`` (another program holds the lock), ``full`` (no space),
    ``readonly`` (nothing can be written there) or ``other``."""

    def __init__(self, message: str, status: ExitStatus | None = None, reason: str = "other"):
        super().__init__(message, status)
        self.reason = reason


class Unusable(Exception):
    """The database file is not a usable progress database."""


#: SQLite's error names by what they mean for retrying a write.
_REASONS = {
    "SQLITE_BUSY": "busy",
    "SQLITE_LOCKED": "busy",
    "SQLITE_FULL": "full",
    "SQLITE_READONLY": "readonly",
    "SQLITE_CANTOPEN": "readonly",
    "SQLITE_PERM": "readonly",
}


def reason_of(exc: sqlite3.Error) -> str:
    """``busy``, ``full``, ``readonly`` or ``other``: why a statement failed."""
    name = "_".join(str(getattr(exc, "sqlite_errorname", "")).split("_")[:2])
    if "full" in str(exc) or "No space" in str(exc):
        return "full"
    return _REASONS.get(name, "other")


def data_path(data_dir: str | Path | None = None) -> Path:
    """Return the data folder: ``data_dir``, else ``$BACKPROP_TUTOR_DATA``, else the user's."""
    if data_dir:
        return Path(data_dir).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (tried, not guessed: root, ACLs, mounts)."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".write-test-"):
            return True
    except OSError:
        return False


def newer(path: Path, version: int) -> ProgressError:
    """The one-line refusal of a file written by a newer version (exit 2; the file stays)."""
    return ProgressError(
        f"progress file {path} has schema version {version}, newer than this program's "
        f"{SCHEMA_VERSION}: upgrade backprop-tutor to use it (the file is left as it is)",
        ExitStatus.USAGE,
    )


def connect(path: Path, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """Open ``path`` and make sure it is (or becomes) a progress database of this version.

    Only a file that needs changing (new, older, missing a table) is written to, so a file
    of this version opens even while another program holds its write lock.

    Raises:
        Unusable: not a progress database (moved aside by the caller).
        ProgressError: a newer version's file (``newer``); busy; cannot be opened for writing
            (``reason`` ``readonly``: the caller may open it read-only).

    """
    if path.exists() and not path.is_file():
        raise Unusable("it is not a regular file")
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise ProgressError(str(exc), reason="readonly") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(max(timeout, PREPARE_TIMEOUT_S) * 1000)}")
        if not _current(conn, path):
            conn.execute("BEGIN IMMEDIATE")  # check again, under the lock, before changing it
            try:
                prepare(conn, path)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    except sqlite3.Error as exc:
        conn.close()
        why = reason_of(exc)
        if why == "busy":
            raise ProgressError(
                f"progress file {path} is busy (locked by another program)", reason="busy"
            ) from None
        if why in ("readonly", "full"):
            raise ProgressError(str(exc), reason=why) from None
        raise Unusable(str(exc)) from None
    except (Unusable, ProgressError):
        conn.close()
        raise
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` for reading only, in a folder where nothing can be written.

    Raises:
        Unusable: not a progress database of this version or an older one.
        ProgressError: a newer version's file.

    """
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raise Unusable(str(exc)) from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise newer(path, version)
    if version < 1:
        conn.close()
        raise Unusable(f"schema version {version}, this program uses {SCHEMA_VERSION}")
    return conn


def empty_read_only() -> sqlite3.Connection:
    """An empty progress database in memory (a read-only folder without a progress file)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    prepare(conn, Path(":memory:"))
    return conn


def _current(conn: sqlite3.Connection, path: Path) -> bool:
    """Whether the file needs no change: this version, with every table (read only)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise newer(path, version)
    if version != SCHEMA_VERSION:
        return False
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return set(TABLES) <= tables and set(REVIEW_TABLES) <= tables


def prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Create the schema in an empty database, or check an existing one (inside a transaction)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and not tables:
        for name, columns in TABLES.items():
            conn.execute(f"CREATE TABLE {name} ({columns})")
        conn.execute("CREATE INDEX results_lesson ON results (lesson)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        _review_tables(conn)
        return
    if version > SCHEMA_VERSION:
        raise newer(path, version)
    if 1 <= version < SCHEMA_VERSION:
        for step in MIGRATIONS[version:]:  # on someone else's tables this fails: Unusable
            conn.execute(step)
        version = SCHEMA_VERSION
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if version != SCHEMA_VERSION:
        raise Unusable(f"schema version {version}, this program uses {SCHEMA_VERSION}")
    for name, wanted in _COLUMNS.items():
        found = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        if not found and name in ADDED:
            conn.execute(f"CREATE TABLE {name} ({TABLES[name]})")
            continue
        if found != wanted:
            raise Unusable(f"table {name!r} is missing or has other columns")
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise Unusable(f"integrity check failed: {check}")
    _review_tables(conn)


def _review_tables(conn: sqlite3.Connection) -> None:
    """Create the review's tables when missing (older files lack them)."""
    from tutor.progress.review import ensure_tables

    ensure_tables(conn)


def move_aside(path: Path) -> Path | None:
    """Rename ``path`` (and its WAL files) to ``path.corrupt-STAMP[-N]``; return the new path.

    Returns None when the file is gone already (another copy of the tutor moved it).
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.rename(backup)
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                extra.rename(backup.with_name(backup.name + suffix))
    except FileNotFoundError:
        return None  # another copy of the tutor moved it first
    except OSError as exc:
        raise ProgressError(
            f"cannot move the unreadable progress file {path} aside: {exc.strerror}"
        ) from None
    return backup
