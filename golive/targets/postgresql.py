"""``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE``: a PostgreSQL config store (psycopg 3).

The URL is handed to libpq as it is, so its query parameters (``sslmode``,
``options`` ...) work; a password is never shown in a message, nor any piece of
it that libpq quotes from a malformed URL (:func:`~golive.targets._model.scrub`). An apply locks the
one row of ``golive_meta`` (``SELECT ... FOR UPDATE``): a second apply waits for it
(up to :data:`LOCK_WAIT_SECONDS`), then, at READ COMMITTED, reads what the first one
committed. Creating and upgrading the tables is serialised by a transaction-level
advisory lock, since there is no row to lock before the tables exist.
"""

from __future__ import annotations

import types
from typing import Any

from golive.targets._model import TargetError, scrub
from golive.targets._sql import LOCK_WAIT_SECONDS, Dialect, SqlTarget, one_line

CONNECT_TIMEOUT_SECONDS = 10
# The advisory lock key for schema upgrades: any constant, the same for every golive.
_MIGRATION_LOCK = 0x601_11FE


def _driver(display: str) -> types.ModuleType:
    try:
        import psycopg
    except ImportError:
        raise TargetError(f"target {display}: PostgreSQL targets need the psycopg package "
                          "(pip install 'psycopg[binary]')") from None
    return psycopg


def _dialect(errors: tuple[type[Exception], ...]) -> Dialect:
    return Dialect(
        param="%s",
        identity="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        begin_read="BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        begin_write="BEGIN ISOLATION LEVEL READ COMMITTED",
        lock_meta=" FOR UPDATE",
        lock_migration=f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})",
        # The catalog as a table, not to_regclass(): a cached name lookup may miss a table
        # that another session has just created.
        has_table="SELECT tablename FROM pg_catalog.pg_tables "
                  "WHERE schemaname = current_schema() AND tablename = %s",
        errors=errors,
    )


def _connect(psycopg: Any, url: str, display: str) -> Any:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                               application_name="golive")
    except psycopg.Error as exc:
        # libpq's words may quote the URL, or the piece of it that it could not parse.
        raise TargetError(f"target {display}: cannot connect: {scrub(one_line(exc), url)}") from None


def open_target(url: str, display: str, writable: bool = True) -> SqlTarget:
    """The database ``url`` names; ``writable``: its tables created or upgraded.

    Read-only, every transaction of the session is read-only (a read-only login works,
    and a bug in golive could not write either); tables are never created.
    """
    psycopg = _driver(display)
    conn = _connect(psycopg, url, display)
    target = SqlTarget(conn, _dialect((psycopg.Error,)), display, writable)
    try:
        with target.errors():
            target.execute(f"SET lock_timeout = '{LOCK_WAIT_SECONDS}s'")
            if not writable:
                target.execute("SET default_transaction_read_only = on")
        if writable:
            target.migrate()
    except BaseException:
        target.close()
        raise
    return target
