"""The store's tables, version by version; golive creates and upgrades them itself.

``golive_schema`` holds the version. A new store is made by running every step
from version 1, so the upgrade path is the one every store takes. ``{identity}``
stands for the dialect's auto-numbered primary key column.
"""

from __future__ import annotations

from golive.core.platform_fields import ENVELOPES

CURRENT = 3

_ENVELOPE_FIELD_SQL = f"'{ENVELOPES}[' || partner || '/' || transaction_set || ']'"

STEPS: dict[int, tuple[str, ...]] = {
    # Version 1: the live values, the applied commit and the audit trail.
    1: (
        "CREATE TABLE golive_schema (version INTEGER NOT NULL)",
        "INSERT INTO golive_schema (version) VALUES (0)",
        "CREATE TABLE golive_meta (id INTEGER PRIMARY KEY CHECK (id = 1), revision TEXT, applied_at TEXT)",
        "INSERT INTO golive_meta (id) VALUES (1)",
        "CREATE TABLE tenants (tenant TEXT PRIMARY KEY, status TEXT NOT NULL, phase TEXT NOT NULL, "
        "modifier_rules_version INTEGER)",
        "CREATE TABLE envelopes (tenant TEXT NOT NULL, partner TEXT NOT NULL, "
        "transaction_set TEXT NOT NULL, usage_indicator TEXT NOT NULL, "
        "PRIMARY KEY (tenant, partner, transaction_set))",
        "CREATE TABLE golive_audit (id {identity}, commit_sha TEXT NOT NULL, author TEXT NOT NULL, "
        "applied_at TEXT NOT NULL, tenant TEXT NOT NULL, field TEXT NOT NULL, "
        "old_value TEXT, new_value TEXT)",
    ),
    # Version 2: the applied snapshot (so drift is measured against what golive wrote,
    # not recomputed from git), forced applies marked in the audit trail, and an index
    # for one tenant's history.
    2: (
        "CREATE TABLE golive_applied (tenant TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, "
        "PRIMARY KEY (tenant, field))",
        # A version-1 store kept no snapshot: what it holds at the upgrade is taken as applied.
        "INSERT INTO golive_applied (tenant, field, value) SELECT tenant, 'status', status FROM tenants",
        "INSERT INTO golive_applied (tenant, field, value) SELECT tenant, 'phase', phase FROM tenants",
        "INSERT INTO golive_applied (tenant, field, value) "
        "SELECT tenant, 'modifier_rules_version', CAST(modifier_rules_version AS TEXT) FROM tenants "
        "WHERE modifier_rules_version IS NOT NULL",
        f"INSERT INTO golive_applied (tenant, field, value) "
        f"SELECT tenant, {_ENVELOPE_FIELD_SQL}, usage_indicator FROM envelopes",
        "ALTER TABLE golive_audit ADD COLUMN forced INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX golive_audit_tenant ON golive_audit (tenant, id)",
    ),
    # Version 3: sync per tenant. Each managed tenant's applied commit (a held tenant
    # stays at its own), whether git still has it, and in the audit trail who ran the
    # apply, what kind of event a row is (a change, break-glass, a hold, a prune, a
    # failed verification) and why.
    3: (
        "CREATE TABLE golive_tenants (tenant TEXT PRIMARY KEY, revision TEXT, "
        "gone INTEGER NOT NULL DEFAULT 0)",
        # Until now every apply applied every tenant: each was at the last run's commit.
        "INSERT INTO golive_tenants (tenant, revision) "
        "SELECT DISTINCT a.tenant, m.revision FROM golive_applied a, golive_meta m",
        "ALTER TABLE golive_audit ADD COLUMN applied_by TEXT",
        "ALTER TABLE golive_audit ADD COLUMN event TEXT NOT NULL DEFAULT 'change'",
        "ALTER TABLE golive_audit ADD COLUMN detail TEXT",
    ),
}


def statements(version: int, identity: str) -> list[str]:
    """The statements that take a store from ``version - 1`` to ``version``, then record it."""
    sql = [s.replace("{identity}", identity) for s in STEPS[version]]
    return [*sql, f"UPDATE golive_schema SET version = {version}"]
