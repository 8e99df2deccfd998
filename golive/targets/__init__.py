"""Targets: the platform's config store that ``golive apply`` writes, behind one protocol.

A target is named by a URL whose scheme picks the module that opens it, from an
explicit registry (:data:`SCHEMES`): ``sqlite:///path/to/platform.db`` or
``postgresql://user@host/db``. Every target stores the same things: per tenant
its ``status``, ``phase``, ``modifier_rules_version`` and each envelope's usage
indicator (the *live* values the platform reads), the values golive last wrote
(the *applied* snapshot, which drift is measured against), the applied commit,
and an audit row per changed field.

Values cross this boundary as flat strings per tenant, ``{field: value}``, with
the fields named by :data:`TENANT_FIELDS` and :func:`envelope_field`. Targets know
nothing of git, tenant files or policies.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from golive.core.layout import STATE_DIR
from golive.core.platform_fields import (
    ENVELOPES,
    TENANT_FIELDS,
    Fields,
    State,
    envelope_field,
    field_order,
    split_envelope_field,
)
from golive.targets import postgresql as postgresql
from golive.targets import sqlite as sqlite
from golive.targets._model import (
    BREAK_GLASS,
    CHANGE,
    HELD,
    PRUNE,
    VERIFY,
    AuditEntry,
    Batch,
    Change,
    Hold,
    Session,
    StoreView,
    Target,
    TargetError,
    redact,
)

__all__ = [
    "BREAK_GLASS",
    "CHANGE",
    "ENVELOPES",
    "HELD",
    "PRUNE",
    "SCHEMES",
    "TENANT_FIELDS",
    "VERIFY",
    "AuditEntry",
    "Batch",
    "Change",
    "Fields",
    "Hold",
    "Session",
    "State",
    "StoreView",
    "Target",
    "TargetError",
    "default_url",
    "envelope_field",
    "field_order",
    "open_target",
    "redact",
    "split_envelope_field",
]

Opener = Callable[[str, str, bool], Target]


# The registry: URL scheme -> the module function that opens such a target.
SCHEMES: dict[str, Opener] = {
    "sqlite": sqlite.open_target,
    "postgresql": postgresql.open_target,
    "postgres": postgresql.open_target,
}


def default_url(repo: Path) -> str:
    """The embedded store of a config repo: ``sqlite:///<repo>/.golive/platform.db``."""
    return f"sqlite:///{repo / STATE_DIR / 'platform.db'}"


def open_target(url: str, writable: bool = True) -> Target:
    """Open the target ``url`` names: ``writable``, creating or upgrading its tables when needed.

    Read-only (``plan``, ``state``, ``drift``, ``history``), nothing is created, upgraded
    or written; a store at an older version is a :class:`TargetError` naming the fix.
    """
    display = redact(url)
    scheme = url.partition(":")[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        raise TargetError(f"target {display}: unknown kind of target; use sqlite:///PATH or "
                          "postgresql://USER@HOST/DATABASE")
    return SCHEMES[scheme](url, display, writable)
