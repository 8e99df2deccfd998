"""The values that cross the target boundary: flat per-tenant fields, changes, views, batches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from golive._errors import GoliveError

# A tenant's values, flat: {"status": "active", "envelopes[availity/837P]": "P", ...}
Fields = dict[str, str]
State = dict[str, Fields]

TENANT_FIELDS = ("status", "phase", "modifier_rules_version")
ENVELOPES = "envelopes"


class TargetError(GoliveError):
    """The target cannot be used: a bad URL, unreachable, refused, or not a golive store."""


def envelope_field(partner: str, transaction: str) -> str:
    return f"{ENVELOPES}[{partner}/{transaction}]"


def split_envelope_field(field: str) -> tuple[str, str] | None:
    """``(partner, transaction)`` of an envelope field; None for a tenant-level field."""
    if not (field.startswith(f"{ENVELOPES}[") and field.endswith("]")):
        return None
    partner, _, transaction = field[len(ENVELOPES) + 1:-1].partition("/")
    return partner, transaction


def field_order(field: str) -> tuple[int, str]:
    """Sort key: the tenant-level fields in their usual order, then envelopes by key."""
    return (TENANT_FIELDS.index(field), "") if field in TENANT_FIELDS else (len(TENANT_FIELDS), field)


@dataclass(frozen=True)
class Change:
    """One field of one tenant going from ``old`` to ``new`` (None: absent)."""

    tenant: str
    field: str
    old: str | None
    new: str | None

    def sort_key(self) -> tuple[str, tuple[int, str]]:
        return self.tenant, field_order(self.field)


@dataclass(frozen=True)
class StoreView:
    """What a target holds: the applied commit, the live values and the applied snapshot."""

    revision: str | None
    live: State
    applied: State


@dataclass(frozen=True)
class Batch:
    """One apply's writes.

    ``changes`` are made to the live values, each with an audit row; ``snapshot``
    names the tenants whose applied snapshot becomes ``desired[tenant]``. ``desired``
    holds the full values of every tenant either touches.
    """

    revision: str
    author: str
    at: str                      # ISO 8601, UTC
    forced: bool
    changes: tuple[Change, ...]
    snapshot: tuple[str, ...]
    desired: Mapping[str, Fields]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    commit: str
    author: str
    at: str
    tenant: str
    field: str
    old: str | None
    new: str | None
    forced: bool


def redact(url: str) -> str:
    """``url`` with its password, if any, shown as ``***``."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))
    except ValueError:
        return url.split("@")[-1] if "@" in url else url
