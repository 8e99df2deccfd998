"""``sqlite:///PATH``: the embedded store, one file, made on first use.

As with SQLAlchemy, what follows ``sqlite:///`` is the path: relative to the
current directory, or absolute with a fourth slash (``sqlite:////srv/platform.db``).
An apply begins with ``BEGIN IMMEDIATE``, which takes SQLite's writer lock at once:
a second apply waits for it (up to :data:`LOCK_WAIT_SECONDS`), then reads what the
first one committed. Write-ahead logging lets ``state`` and ``drift`` read meanwhile.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from golive.targets._model import Absent, Target, TargetError, redact
from golive.targets._sql import LOCK_WAIT_SECONDS, Dialect, SqlTarget, one_line

PREFIX = "sqlite:///"

DIALECT = Dialect(
    param="?",
    identity="INTEGER PRIMARY KEY AUTOINCREMENT",
    begin_read="BEGIN DEFERRED",
    begin_write="BEGIN IMMEDIATE",
    lock_meta="",              # BEGIN IMMEDIATE already holds the only writer lock
    lock_migration=None,
    has_table="SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
    errors=(sqlite3.Error,),
)


def path_of(url: str) -> Path:
    """The database file ``url`` names; a :class:`TargetError` when it names none."""
    if not url.startswith(PREFIX) or url == PREFIX or "?" in url:
        raise TargetError(f"target {redact(url)}: a SQLite target is sqlite:///PATH (three slashes, "
                          "then the file; four for an absolute path)")
    if "\x00" in url:
        raise TargetError(f"target {redact(url)}: a file name cannot hold a NUL character")
    return Path(url[len(PREFIX):])


def _write_ahead_log(target: SqlTarget) -> None:
    """Turn on write-ahead logging, waiting out other golives that open the file at this moment.

    Changing the journal mode needs the file to itself, and SQLite answers "database
    is locked" at once, without its busy handler, while another connection holds it.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            target.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.Error as exc:   # not a database, unreadable, or locked for now
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise TargetError(f"target {target.display}: {one_line(exc)}") from None
            time.sleep(0.02)


def _read_only(path: Path, display: str) -> SqlTarget:
    """``path`` opened with ``mode=ro``: SQLite writes nothing to it, whatever golive asks.

    In write-ahead-log mode a reader needs the ``-shm`` index beside the file; where
    it cannot be made (a read-only file system, after the last writer removed it),
    the file is read as ``immutable``: nothing can change it there anyway.
    """
    uri = path.absolute().as_uri()
    modes = ["mode=ro", "mode=ro&immutable=1"]
    if not _may_write(path) and not _log_holds_anything(path):
        # A file this process may not write: a reader would leave a ``-shm`` index and
        # an empty ``-wal`` beside it, owned and moded like the file, which a later
        # writer could not open. With nothing in the log, read the file as it is.
        modes = modes[1:]
    for mode in modes:
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=LOCK_WAIT_SECONDS,
                                   isolation_level=None)
        except sqlite3.Error as exc:
            raise TargetError(f"target {display}: cannot open {path}: {one_line(exc)}") from None
        target = SqlTarget(conn, DIALECT, display, writable=False)
        try:
            target.execute("SELECT count(*) FROM sqlite_master")
            return target
        except sqlite3.Error as exc:
            target.close()
            # No room for the -shm index: a read-only file system ("unable to open") or a
            # directory this process may not write ("attempt to write a readonly database").
            if not any(why in str(exc) for why in ("unable to open", "readonly database")) \
                    or "immutable" in mode:
                raise TargetError(f"target {display}: {one_line(exc)}") from None
    raise AssertionError("unreachable")


def _may_write(path: Path) -> bool:
    """Whether this process may open ``path`` for writing (asked of the kernel, which also
    weighs capabilities; nothing is written)."""
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError:
        return False
    return True


def _log_holds_anything(path: Path) -> bool:
    """Whether the write-ahead log beside ``path`` holds changes not yet in the file."""
    try:
        return (path.parent / f"{path.name}-wal").stat().st_size > 0
    except OSError:
        return False


def open_target(url: str, display: str, writable: bool = True) -> Target:
    """The store ``url`` names. ``writable``: made on first use, its tables created or upgraded.

    Read-only, nothing is ever created or written: a file that does not exist yet is
    an empty store (nothing applied yet).
    """
    path = path_of(url)
    if path.is_dir():
        raise TargetError(f"target {display}: {path} is a directory, not a database file")
    if not writable:
        return _read_only(path, display) if path.exists() else Absent(display)
    try:
        conn = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS, isolation_level=None)
    except sqlite3.Error as exc:
        raise TargetError(f"target {display}: cannot open {path}: {one_line(exc)}") from None
    target = SqlTarget(conn, DIALECT, display)
    try:
        _write_ahead_log(target)
        target.migrate()
    except BaseException:
        target.close()
        raise
    return target
