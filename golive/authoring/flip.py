"""Flipping a tenant live (``golive flip``) on its own branch.

:func:`flip` sets the values the flip changes (every envelope to ``P``,
``status: active``, ``phase: live``, ``golive_date``) by editing them in place
(the scaffold's ``# golive_date: YYYY-MM-DD`` placeholder line goes when the date is set),
closes each open rollback record whose fields that restores (``resolved_on``: today),
commits them on ``golive/<id>`` and reports what the checklist still misses.
Nothing here prints; :mod:`golive.reporters.authoring` writes the result and the
pull request's body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from golive.authoring.scaffold import check_id
from golive.core import regular_files
from golive.core.business_days import today
from golive.core.checklist import CHECKLIST
from golive.core.errors import UsageError
from golive.core.findings import MISSING
from golive.core.layout import tenant_path
from golive.core.platform_fields import envelopes, fields_of
from golive.core.redact import optional
from golive.core.redact import text as shown
from golive.core.rollback_records import closing, open_records
from golive.core.yaml_edit import Change, EditError, edit
from golive.core.yaml_loader import load_bytes
from golive.engine.run import check_repo
from golive.git import work_tree
from golive.git.branch import NewBranch


@dataclass(frozen=True)
class ValueEdit:
    """One value the flip set in ``file`` (tenant-relative), from ``before`` (None: added)."""

    file: str
    field: str
    before: str | None
    after: str


@dataclass(frozen=True)
class Flip:
    tenant: str
    branch: str
    date: str
    commit: str
    edits: tuple[ValueEdit, ...]
    missing: tuple[str, ...]          # checklist keys golive status shows missing after the flip
    title: str                        # of the commit and the pull request


def _load(root: Path, rel: str) -> Any:
    raw = regular_files.read_to_edit(root / rel, rel)
    doc = load_bytes(raw)
    if isinstance(doc, list) or not isinstance(doc.data, dict):
        raise UsageError(f"{rel} does not load; fix it first (golive validate says why)")
    return doc.data


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# The scaffold's commented-out golive_date (templates/new/tenant.yaml.j2), gone once the date is set.
_PLACEHOLDER = re.compile(rb"^#[ \t]*golive_date:[ \t]*YYYY-MM-DD\b[^\n]*\n", re.MULTILINE)

_Planned = list[tuple[str, str | None, Change]]   # (field label, value before, the change)


def _flip_changes(tenant_data: dict[str, Any], edi_data: dict[str, Any], date: str) -> dict[str, _Planned]:
    """Per file, the flip's changes, only for values not flipped yet."""
    edi: _Planned = [(field, _text(usage), Change(path, "P"))
                     for field, path, usage in envelopes(edi_data) if usage != "P"]
    wanted = {"status": "active", "phase": "live", "golive_date": date}
    tenant: _Planned = [
        (key, _text(tenant_data.get(key)),
         Change((key,), value, after="phase" if key == "golive_date" else None))
        for key, value in wanted.items() if _text(tenant_data.get(key)) != value]
    return {"tenant.yaml": tenant, "edi.yaml": edi}


def _closing(tenant_data: dict[str, Any], edi_data: dict[str, Any], planned: dict[str, _Planned],
             day: str) -> _Planned:
    """The open rollback records the flip restores every field of (envelopes back to ``P``,
    ``status: active``), closed on ``day``."""
    after = fields_of({"tenant.yaml": tenant_data, "edi.yaml": edi_data})
    after.update({field: str(c.value) for field, _, c in planned["edi.yaml"]})
    after.update({key: str(c.value) for key, _, c in planned["tenant.yaml"]})
    return [(f"rollbacks[{r.index}].resolved_on", None, closing(r, day))
            for r in open_records(tenant_data) if all(after.get(c.field) == c.before for c in r.changed)]


def flip(root: Path, tenant: str, date: dt.date | None = None,
         as_of: dt.date | None = None) -> Flip:
    """Flip ``tenant`` live on a new branch ``golive/<tenant>`` and commit it.

    Raises :class:`UsageError` (nothing touched) on a dirty work tree, an existing
    branch, an unknown tenant, a tenant already live on that date or in bau, or
    files that do not load. ``as_of`` is today for the checklist (default: today).
    """
    check_id(tenant)
    if work_tree.is_dirty(root):
        raise UsageError("the work tree has uncommitted changes or untracked files; commit or "
                         "stash them first (git status shows them)")
    base = tenant_path(tenant)
    if not (root / base / "tenant.yaml").is_file():
        raise UsageError(f"no tenant {tenant!r} (no {base}/tenant.yaml)")
    day = (date or today()).isoformat()
    data = {f: _load(root, f"{base}/{f}") for f in ("tenant.yaml", "edi.yaml")}
    if data["tenant.yaml"].get("phase") == "bau":
        raise UsageError(f"{tenant} is in phase bau, past live; there is nothing to flip")
    changes = _flip_changes(data["tenant.yaml"], data["edi.yaml"], day)
    changes["tenant.yaml"] += _closing(data["tenant.yaml"], data["edi.yaml"], changes, today().isoformat())
    if not any(changes.values()):
        raise UsageError(f"{tenant} is already live on {day}, every envelope in P; nothing to flip")
    # What the pull request shows of the tenant's values (partner ids, values before) is masked.
    edits = tuple(ValueEdit(f, shown(label), optional(before), str(c.value))
                  for f, planned in changes.items() for label, before, c in planned)
    branch, title = f"golive/{tenant}", f"Flip {tenant} live on {day}"
    with NewBranch(root, branch) as new:
        for file, planned in changes.items():
            if planned:
                path = root / base / file
                try:
                    out = edit(path.read_bytes(), [c for _, _, c in planned])
                    if file == "tenant.yaml" and any(c.path == ("golive_date",) for _, _, c in planned):
                        out = _PLACEHOLDER.sub(b"", out)
                    path.write_bytes(out)
                except EditError as exc:
                    raise UsageError(f"{base}/{file}: {exc}") from None
        new.stage([f"{base}/{f}" for f, planned in changes.items() if planned])
        sha = new.commit(title + "\n")
    report = check_repo(root, [tenant], as_of or today()).tenants[0]
    missing = tuple(k for k in CHECKLIST if report.checklist.get(k) == MISSING)
    return Flip(shown(tenant), shown(branch), day, sha, edits, missing, shown(title))   # echoed: masked
