"""Pull-request mode (``golive validate --base REF``): judge a change against its merge base.

- Only tenants whose files differ between the merge base and the work tree are
  checked, or every tenant when ``schemas/`` or ``policies/`` changed.
- The schemas and settings come from the merge base, so a pull request cannot
  weaken the checks that judge it; changed ones are check-loaded and flagged
  for a maintainer's review (:mod:`golive._checks_review`).
- A finding the base revision already had is ``new: false`` and does not block.
- Transition rules compare each tenant with its base state (:mod:`golive._transitions`).
- A break-glass change (only ``status: read_only``) and a pure revert (every
  changed file goes back to a version it had) never block: their findings are
  reported as not new.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from golive import _engine, _git, _transitions
from golive._blob import work_tree_ids
from golive._checks_review import review
from golive._document import mapping
from golive._engine import TENANTS_DIR, Assessment, Checks
from golive._findings import Finding, Result, TenantReport, sort_findings
from golive._schema import SCHEMA_DIR
from golive._settings import SETTINGS_FILE

CHECK_DIRS = (SCHEMA_DIR, SETTINGS_FILE.split("/")[0])


def _key(f: Finding) -> tuple[str, str, str, str, str]:
    return (f.rule, f.checklist, f.file, f.path, f.message)


class _TenantChange:
    """How one tenant's files differ between the merge base and the work tree."""

    def __init__(self, root: Path, base: str, rel: str) -> None:
        self.root, self.base, self.rel = root, base, rel
        self.before = _git.tree_entries(root, base, rel)
        self.after = work_tree_ids(root, rel)
        self.changed = sorted(p for p in self.before.keys() | self.after.keys()
                              if self.before.get(p) != self.after.get(p))
        self._reverted: dict[str, bool] = {}

    def reverted(self, file: str) -> bool:
        """Whether ``file`` (tenant-relative) changed back to a version it had before the base's."""
        path = f"{self.rel}/{file}"
        if path not in self.changed:
            return False
        if path not in self._reverted:
            # The file differs from the base, so a version it had in the base's history
            # is an earlier one; a removed file reverts its addition.
            versions = _git.path_versions(self.root, self.base, path)
            now = self.after.get(path)
            self._reverted[path] = bool(versions) and (now is None or now in versions)
        return self._reverted[path]

    def pure_revert(self) -> bool:
        prefix = f"{self.rel}/"
        return bool(self.changed) and all(self.reverted(p.removeprefix(prefix)) for p in self.changed)


def _break_glass(change: _TenantChange, base: Assessment, head: Assessment) -> bool:
    """Only tenant.yaml changed, and only its ``status``, to ``read_only``."""
    if change.changed != [f"{change.rel}/tenant.yaml"]:
        return False
    before = mapping(base.loaded.docs.get("tenant.yaml"))
    after = mapping(head.loaded.docs.get("tenant.yaml"))

    def rest(data: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in data.items() if k != "status"}

    return bool(before) and after.get("status") == "read_only" and rest(after) == rest(before)


def _judge(root: Path, base_root: Path, merge_base: str, tenant_dir: Path, checks: Checks,
           as_of: dt.date) -> TenantReport:
    head = _engine.assess(root, tenant_dir, checks, as_of)
    rel = tenant_dir.relative_to(root).as_posix()
    base_dir = base_root / rel
    if not base_dir.is_dir():
        return head.report  # a new tenant: everything about it is new
    base = _engine.assess(base_root, base_dir, checks, as_of)
    change = _TenantChange(root, merge_base, rel)
    if change.pure_revert() or _break_glass(change, base, head):
        old = [dataclasses.replace(f, new=False) for f in head.report.findings]
        return dataclasses.replace(head.report, findings=sort_findings(old))
    seen = collections.Counter(_key(f) for f in base.report.findings)
    marked = []
    for f in head.report.findings:
        if seen[_key(f)] > 0:
            seen[_key(f)] -= 1
            f = dataclasses.replace(f, new=False)
        marked.append(f)
    marked += _transitions.check(head.report.tenant, rel, base.loaded.docs, head.loaded.docs,
                                 change.reverted)
    return dataclasses.replace(head.report, findings=sort_findings(marked))


def _changed_tenants(changed: Sequence[str]) -> set[str]:
    return {p.split("/")[1] for p in changed if p.startswith(f"{TENANTS_DIR}/")}   # a linked dir too


def validate(root: Path, paths: Sequence[str | Path], as_of: dt.date, base_ref: str) -> Result:
    """Check what changed since the merge base of ``base_ref`` and HEAD, by the base's checks."""
    merge_base = _git.merge_base(root, base_ref)
    changed = _git.changed_files(root, merge_base)
    checks_changed = any(p.startswith(tuple(f"{d}/" for d in CHECK_DIRS)) for p in changed)
    dirs = _engine.select(root, paths)
    if not checks_changed:
        touched = _changed_tenants(changed)
        dirs = [d for d in dirs if d.name in touched]
    with tempfile.TemporaryDirectory(prefix="golive-base-") as tmp:
        base_root = Path(tmp)
        _git.export(root, merge_base, base_root,
                    [*CHECK_DIRS, *(d.relative_to(root).as_posix() for d in dirs)])
        # A base without schemas (the pull request that adds golive) is judged by its own.
        checks = Checks.from_repo(base_root if (base_root / SCHEMA_DIR).is_dir() else root)
        reports = tuple(_judge(root, base_root, merge_base, d, checks, as_of) for d in dirs)
    return Result(reports, tuple(review(root, changed)) if checks_changed else ())
