"""Which modifier rule version a ``mass-scrub-failures`` rollback goes back to, or why none.

The runbook's action is "revert the active modifier rule version". The version
to go back to is the one active before the current one on HEAD's first-parent
history (newest first), skipping every version that

- is the current one,
- an earlier scrub-failure rollback moved away from (its record's ``from``): the
  version that caused an earlier wave is never reinstated, or
- is not approved in modifier-rules.yaml (``approved_by`` and ``approved_on``), or,
  when a target is given, was never applied there.

When no version is left, the rollback is refused with the list of versions, when
each was active, and why each is out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from golive.core.errors import UsageError
from golive.core.layout import tenant_path
from golive.core.rollback_records import left_versions
from golive.core.yaml_loader import load_bytes
from golive.git import revisions, trees

FILE = "modifier-rules.yaml"


@dataclass(frozen=True)
class Activation:
    version: str
    since: dt.date      # the day the commit that made it active was committed


def _version(root: Path, rev: str, path: str) -> str | None:
    raw = trees.read_file(root, rev, path)
    doc = load_bytes(raw) if raw is not None else None
    data = doc.data if doc is not None and not isinstance(doc, list) else None
    value = data.get("active_version") if isinstance(data, dict) else None
    return None if value is None else str(value)


def activations(root: Path, tenant: str) -> list[Activation]:
    """Each time the tenant's ``active_version`` changed on HEAD's first-parent line, newest first."""
    path = tenant_path(tenant, FILE)
    out = []
    for sha in revisions.file_history(root, "HEAD", path, limit=1000, first_parent=True):
        info = revisions.commit_info(root, sha)
        after = _version(root, sha, path)
        before = _version(root, info.parents[0], path) if info.parents else None
        if after is not None and after != before:
            out.append(Activation(after, revisions.commit_date(root, sha)))
    return out


def _approved(rules: Mapping[str, Any]) -> set[str]:
    versions = rules.get("versions")
    return {str(v.get("version")) for v in (versions if isinstance(versions, list) else [])
            if isinstance(v, dict) and v.get("approved_by") and v.get("approved_on")}


def previous(root: Path, tenant: str, tenant_data: Mapping[str, Any], rules: Mapping[str, Any],
             applied: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """``(current version, the version to go back to)``; :class:`UsageError` with the list when none.

    ``applied`` says whether a version was ever applied on the target (None: no target given).
    """
    if rules.get("active_version") is None:
        raise UsageError(f"{tenant_path(tenant, FILE)} has no active_version; nothing to roll back")
    current = str(rules["active_version"])
    left, approved = left_versions(tenant_data), _approved(rules)
    history = activations(root, tenant)
    for step in history:
        if step.version != current and step.version not in left and step.version in approved \
                and (applied is None or applied(step.version)):
            return current, step.version
    raise UsageError(f"no version to roll {tenant}'s modifier rules back to from v{current}; "
                     f"{_listing(rules, history, current, left, approved, applied)}. Activate a fixed, "
                     "approved version in a pull request, or set the tenant read-only "
                     f"(golive rollback {tenant} --trigger catastrophic-config-error)")


def _listing(rules: Mapping[str, Any], history: list[Activation], current: str, left: set[str],
             approved: set[str], applied: Callable[[str], bool] | None) -> str:
    versions = rules.get("versions")
    listed = [str(v.get("version")) for v in (versions if isinstance(versions, list) else [])
              if isinstance(v, dict)]
    listed += [a.version for a in history if a.version not in listed]
    parts = []
    for version in sorted(set(listed), key=lambda v: (len(v), v), reverse=True):
        since = sorted({a.since.isoformat() for a in history if a.version == version})
        why = ("active now" if version == current else
               "left by an earlier rollback" if version in left else
               "not approved" if version not in approved else
               "" if not since else
               "never applied on the target" if applied is not None and not applied(version) else "")
        when = f"active since {', '.join(since)}" if since else "never active"
        parts.append(f"v{version} ({when}{'; ' + why if why else ''})")
    return "versions: " + ", ".join(parts)
