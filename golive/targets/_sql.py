"""The SQL both targets share; each dialect supplies its connection, locks and error types.

Transactions are explicit statements on a connection in autocommit mode, so the
same code drives SQLite and PostgreSQL. Every write of an apply is one batched
statement per table (``executemany``), never a round trip per field.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from golive.core.platform_fields import TENANT_FIELDS, State, envelope_field, split_envelope_field
from golive.targets import _migrations
from golive.targets._model import HELD, PRUNE, AuditEntry, Batch, StoreView, TargetError

# How long an apply waits for another one holding the store, in seconds.
LOCK_WAIT_SECONDS = 120


@dataclass(frozen=True)
class Dialect:
    param: str                       # the driver's placeholder, written "?" in the SQL below
    identity: str                    # an auto-numbered primary key column
    begin_read: str                  # a consistent read-only snapshot
    begin_write: str                 # a transaction that will write
    lock_meta: str                   # appended to the SELECT of the meta row to lock it
    lock_migration: str | None       # run after begin_write to serialise schema upgrades
    has_table: str                   # one parameter, the table name; a row when it exists
    errors: tuple[type[Exception], ...]


_UPSERT_TENANT = (
    "INSERT INTO tenants (tenant, status, phase, modifier_rules_version) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (tenant) DO UPDATE SET status = excluded.status, phase = excluded.phase, "
    "modifier_rules_version = excluded.modifier_rules_version")
_UPSERT_ENVELOPE = (
    "INSERT INTO envelopes (tenant, partner, transaction_set, usage_indicator) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (tenant, partner, transaction_set) DO UPDATE SET usage_indicator = excluded.usage_indicator")
_DELETE_ENVELOPE = "DELETE FROM envelopes WHERE tenant = ? AND partner = ? AND transaction_set = ?"
_DELETE_APPLIED = "DELETE FROM golive_applied WHERE tenant = ?"
_INSERT_APPLIED = "INSERT INTO golive_applied (tenant, field, value) VALUES (?, ?, ?)"
_INSERT_AUDIT = (
    "INSERT INTO golive_audit (commit_sha, author, applied_at, tenant, field, old_value, new_value, forced, "
    "applied_by, event, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_HISTORY = ("SELECT id, commit_sha, author, applied_at, tenant, field, old_value, new_value, forced, "
            "applied_by, event, detail FROM golive_audit")
_UPSERT_REVISION = (
    "INSERT INTO golive_tenants (tenant, revision, gone) VALUES (?, ?, 0) "
    "ON CONFLICT (tenant) DO UPDATE SET revision = excluded.revision, gone = 0")
_MARK_GONE = (
    "INSERT INTO golive_tenants (tenant, revision, gone) VALUES (?, NULL, 1) "
    "ON CONFLICT (tenant) DO UPDATE SET gone = 1")
_PRUNE = tuple(f"DELETE FROM {table} WHERE tenant = ?"
               for table in ("envelopes", "tenants", "golive_applied", "golive_tenants"))


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split("\n")[0].split())
    return text or type(exc).__name__


class SqlTarget:
    """A target over a DB-API connection (autocommit mode) in one :class:`Dialect`."""

    def __init__(self, conn: Any, dialect: Dialect, display: str, writable: bool = True) -> None:
        self.conn = conn
        self.dialect = dialect
        self.display = display
        self.writable = writable

    # -- plumbing -------------------------------------------------------------
    @contextmanager
    def errors(self) -> Iterator[None]:
        """Driver errors become one line naming the target (its password hidden)."""
        try:
            yield
        except self.dialect.errors as exc:
            raise TargetError(f"target {self.display}: {one_line(exc)}") from None

    def execute(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.cursor()
        try:
            if params:
                cur.execute(sql.replace("?", self.dialect.param), tuple(params))
            else:  # no parameters: the driver leaves the text alone
                cur.execute(sql)
            return list(cur.fetchall()) if cur.description is not None else []
        finally:
            cur.close()

    def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if not rows:
            return
        cur = self.conn.cursor()
        try:
            cur.executemany(sql.replace("?", self.dialect.param), [tuple(r) for r in rows])
        finally:
            cur.close()

    @contextmanager
    def transaction(self, begin: str, *then: str) -> Iterator[None]:
        with self.errors():
            self.execute(begin)
            try:
                for sql in then:
                    self.execute(sql)
                yield
            except BaseException:
                self._rollback()
                raise
            self.execute("COMMIT")

    def _rollback(self) -> None:
        with suppress(*self.dialect.errors):  # a lost connection: the server drops the transaction
            self.execute("ROLLBACK")

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int | None:
        rows = self.execute(self.dialect.has_table, ("golive_schema",))
        if not rows or rows[0][0] is None:
            return None
        return int(self.execute("SELECT version FROM golive_schema")[0][0])

    def usable_version(self) -> int | None:
        """The tables' version, None when there are none yet; a :class:`TargetError` unless current.

        A read-only command never upgrades a store, so an older one is refused with the fix.
        """
        version = self.schema_version()
        if version is None or version == _migrations.CURRENT:
            return version
        if version > _migrations.CURRENT:
            raise TargetError(
                f"target {self.display}: its tables are version {version}, newer than this golive "
                f"knows ({_migrations.CURRENT}); upgrade golive")
        raise TargetError(
            f"target {self.display}: its tables are version {version}, older than this golive's "
            f"({_migrations.CURRENT}); golive apply upgrades them (read-only commands never write)")

    def migrate(self) -> None:
        """Create the tables, or upgrade them to the current version, once, whoever else is trying."""
        with self.errors():
            version = self.schema_version()
        if version == _migrations.CURRENT:
            return
        extra = (self.dialect.lock_migration,) if self.dialect.lock_migration else ()
        with self.transaction(self.dialect.begin_write, *extra):
            version = self.schema_version() or 0   # again, now that we hold the lock
            if version > _migrations.CURRENT:
                raise TargetError(
                    f"target {self.display}: its tables are version {version}, newer than this golive "
                    f"knows ({_migrations.CURRENT}); upgrade golive")
            for step in range(version + 1, _migrations.CURRENT + 1):
                for sql in _migrations.statements(step, self.dialect.identity):
                    self.execute(sql)

    # -- reading --------------------------------------------------------------
    def read_values(self, revision: str | None) -> StoreView:
        live: State = {}
        for tenant, status, phase, version in self.execute(
                "SELECT tenant, status, phase, modifier_rules_version FROM tenants"):
            fields = live.setdefault(tenant, {})
            fields.update(status=status, phase=phase)
            if version is not None:
                fields["modifier_rules_version"] = str(version)
        for tenant, partner, transaction, value in self.execute(
                "SELECT tenant, partner, transaction_set, usage_indicator FROM envelopes"):
            live.setdefault(tenant, {})[envelope_field(partner, transaction)] = value
        applied: State = {}
        for tenant, field, value in self.execute("SELECT tenant, field, value FROM golive_applied"):
            applied.setdefault(tenant, {})[field] = value
        revisions: dict[str, str | None] = {}
        gone = set()
        for tenant, rev, is_gone in self.execute("SELECT tenant, revision, gone FROM golive_tenants"):
            revisions[tenant] = rev
            if is_gone:
                gone.add(tenant)
        return StoreView(revision, live, applied, revisions, frozenset(gone))

    def revision(self, lock: bool) -> str | None:
        sql = "SELECT revision FROM golive_meta WHERE id = 1" + (self.dialect.lock_meta if lock else "")
        rows = self.execute(sql)
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def read(self) -> StoreView:
        """What the store holds; a store with no tables yet holds nothing (nothing applied yet)."""
        with self.transaction(self.dialect.begin_read):
            if self.usable_version() is None:
                return StoreView(None, {}, {})
            return self.read_values(self.revision(lock=False))

    def history(self, tenant: str | None = None) -> list[AuditEntry]:
        with self.transaction(self.dialect.begin_read):
            if self.usable_version() is None:
                return []
            rows = (self.execute(f"{_HISTORY} WHERE tenant = ? ORDER BY id", (tenant,)) if tenant
                    else self.execute(f"{_HISTORY} ORDER BY id"))
        return [AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9], r[10],
                           r[11]) for r in rows]

    # -- writing --------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[SqlSession]:
        if not self.writable:
            raise TargetError(f"target {self.display}: opened read-only")
        with self.transaction(self.dialect.begin_write):
            yield SqlSession(self)

    def write(self, batch: Batch) -> None:
        tenant_rows, upserts, deletes = [], [], []
        edits = [c for c in batch.changes if c.kind != PRUNE]
        for name in sorted({c.tenant for c in edits if c.field in TENANT_FIELDS}):
            fields = batch.desired[name]
            version = fields.get("modifier_rules_version")
            tenant_rows.append((name, fields["status"], fields["phase"],
                                int(version) if version is not None else None))
        for c in edits:
            envelope = split_envelope_field(c.field)
            if envelope is None:
                continue
            if c.new is None:
                deletes.append((c.tenant, *envelope))
            else:
                upserts.append((c.tenant, *envelope, c.new))
        self.execute_many(_UPSERT_TENANT, tenant_rows)
        self.execute_many(_UPSERT_ENVELOPE, upserts)
        self.execute_many(_DELETE_ENVELOPE, deletes)
        self.execute_many(_DELETE_APPLIED, [(t,) for t in batch.snapshot])
        self.execute_many(_INSERT_APPLIED, [(t, field, value) for t, fields in sorted(batch.snapshot.items())
                                            for field, value in sorted(fields.items())])
        self.execute_many(_UPSERT_REVISION, [(t, batch.revision) for t in batch.applied])
        self.execute_many(_MARK_GONE, [(t,) for t in batch.gone])
        for sql in _PRUNE:
            self.execute_many(sql, [(t,) for t in batch.pruned])
        forced = int(batch.forced)
        self.execute_many(_INSERT_AUDIT, [
            *((batch.revision, batch.author, batch.at, c.tenant, c.field, c.old, c.new, forced,
               batch.applied_by, c.kind, None) for c in batch.changes),
            *((batch.revision, batch.author, batch.at, h.tenant, "", h.revision, None, forced,
               batch.applied_by, HELD, h.detail) for h in batch.holds)])
        self.execute("UPDATE golive_meta SET revision = ?, applied_at = ? WHERE id = 1",
                     (batch.revision, batch.at))

    def audit(self, batch: Batch) -> None:
        """Only the audit rows of ``batch``, in a transaction of their own (a failed verification)."""
        with self.transaction(self.dialect.begin_write):
            self.execute_many(_INSERT_AUDIT, [
                (batch.revision, batch.author, batch.at, c.tenant, c.field, c.old, c.new, int(batch.forced),
                 batch.applied_by, c.kind, None) for c in batch.changes])

    def close(self) -> None:
        with suppress(*self.dialect.errors):
            self.conn.close()


class SqlSession:
    """The apply lock is taken by reading the meta row; it is held until the transaction ends."""

    def __init__(self, target: SqlTarget) -> None:
        self.target = target

    def read(self) -> StoreView:
        with self.target.errors():
            return self.target.read_values(self.target.revision(lock=True))

    def write(self, batch: Batch) -> None:
        with self.target.errors():
            self.target.write(batch)
