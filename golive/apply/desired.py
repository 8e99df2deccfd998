"""What a revision asks of the platform: each tenant's values, read from git at that revision.

The tenant files are exported from the commit into a temporary directory, never
read from the work tree, and checked there by the engine like any config repo.
Only the tenants that changed since the applied commit are read again; the rest
are what the target's applied snapshot says, which was read from git when that
commit was applied.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from golive.core import regular_files
from golive.core.business_days import today
from golive.core.findings import Finding
from golive.core.layout import RULEBOOK_DIRS, TENANTS_DIR, is_tenant_id, tenant_path, tenants_of
from golive.core.platform_fields import FILES, Fields, State, complete, fields_of
from golive.core.redact import escape
from golive.core.yaml_loader import SafeLoader
from golive.engine.cache import CACHE_ENV
from golive.engine.run import check_repo
from golive.git import revisions, trees, work_tree
from golive.policies.settings import Settings, load_settings
from golive.targets import StoreView

# Past this many tenants, exporting the whole tenants/ tree is cheaper than naming each.
_EXPORT_ALL_ABOVE = 50


@dataclass(frozen=True)
class JudgedExport:
    """A revision's tenants as exported and checked: what can be read, and what blocks."""

    root: Path                        # the exported tree
    ids: tuple[str, ...]              # every tenant at the revision
    exported: frozenset[str] | None   # the tenants exported (None: all of them)
    blocking: tuple[Finding, ...]
    checked: int                      # how many tenants the engine checked
    blocked: frozenset[str] = frozenset()   # the tenants with blocking findings

    def covers(self, tenants: Collection[str] | None) -> bool:
        """Whether every tenant of ``tenants`` (None: all) was exported and checked."""
        if self.exported is None:
            return True
        return tenants is not None and set(tenants) <= self.exported

    def readable(self, tenant: str) -> bool:
        """Exported, and nothing blocks it: its files hold what their schemas say.

        A name that must be escaped to be shown (a control character in it) is never
        readable: its findings name it escaped, so ``blocked`` could not hold it.
        """
        return (self.exported is None or tenant in self.exported) and tenant not in self.blocked \
            and escape(tenant) == tenant


def tenant_ids(repo: Path, sha: str) -> tuple[str, ...]:
    """The tenants at ``sha``: entries under tenants/ not starting with '_' or '.' (not regular files).

    A symlink or gitlink there is listed too: the check reports it, so it is held, never skipped.
    """
    return tuple(n for n in trees.subentries(repo, sha, TENANTS_DIR) if not n.startswith(("_", ".")))


def changed_tenants(repo: Path, since: str | None, sha: str, ids: Iterable[str],
                    view: StoreView) -> set[str] | None:
    """The tenants whose files may differ from the applied snapshot; None when all may.

    All may when nothing was applied yet, or the applied commit is not in this clone.
    """
    if since is None or not revisions.has_commit(repo, since):
        return None
    paths = work_tree.changed_files(repo, since, sha)
    if any(p.split("/", 1)[0] in RULEBOOK_DIRS for p in paths):
        return None   # the checks changed: any tenant may be held, or released, by them
    changed = tenants_of(paths)
    # A tenant held at an earlier run is at a commit of its own: read and check it again.
    return changed | {t for t in ids if t not in view.applied or view.revisions.get(t, since) != since}


def export(repo: Path, sha: str, dest: Path, tenants: Collection[str] | None) -> frozenset[str] | None:
    """Export the checks and ``tenants`` (None: all) at ``sha``; the tenants exported, None for all."""
    if tenants is not None and len(tenants) > _EXPORT_ALL_ABOVE:
        tenants = None
    paths = [*RULEBOOK_DIRS, TENANTS_DIR] if tenants is None else \
        [*RULEBOOK_DIRS, *(tenant_path(t) for t in sorted(tenants))]
    trees.export(repo, sha, dest, paths)
    (dest / TENANTS_DIR).mkdir(exist_ok=True)
    return None if tenants is None else frozenset(tenants)


def judge(repo: Path, sha: str, ids: tuple[str, ...], dest: Path, tenants: Collection[str] | None,
          as_of: dt.date | None) -> JudgedExport:
    """Export ``tenants`` (None: all) at ``sha`` into ``dest`` and run the engine over them."""
    exported = export(repo, sha, dest, tenants)
    # Results cached in the export would go with it; a shared cache directory is worth using.
    result = check_repo(dest, (), as_of or today(), use_cache=CACHE_ENV in os.environ)
    result.raise_crashes()   # a tenant golive could not check is never applied: nothing is written
    blocking = tuple(f for f in result.findings if f.blocking)
    return JudgedExport(dest, ids, exported, blocking, len(result.tenants),
                   frozenset(f.tenant for f in blocking))


def _load(path: Path, max_bytes: int) -> Any:
    # Only a regular file, never through a symlink: what is written is what was checked.
    # The files read here have already passed their schemas: plain YAML, no positions needed.
    return yaml.load(regular_files.read_regular(path, max_bytes), Loader=SafeLoader)


def read_tenant(directory: Path, max_bytes: int = Settings.max_file_bytes) -> Fields | None:
    """The applied fields of one exported tenant; None when its files do not say them.

    ``max_bytes`` is the largest tenant file read (``loader.max_file_bytes``).
    """
    try:
        files = {name: _load(directory / name, max_bytes) for name in FILES}
    except (OSError, yaml.YAMLError):
        return None
    fields = fields_of(files)
    return fields if complete(fields) else None


def desired(checked: JudgedExport, changed: set[str] | None, view: StoreView) -> State:
    """Each readable tenant's values: read from the export when changed, else the snapshot."""
    out: State = {}
    max_bytes = load_settings(checked.root).max_file_bytes
    for tenant in checked.ids:
        if tenant in checked.blocked:
            continue
        if changed is not None and tenant not in changed and tenant in view.applied:
            out[tenant] = dict(view.applied[tenant])
        elif checked.readable(tenant):
            fields = read_tenant(checked.root / TENANTS_DIR / tenant, max_bytes)
            if fields is not None:
                out[tenant] = fields
    return out


def break_glass(checked: JudgedExport, tenant: str) -> bool:
    """Whether the exported ``tenant.yaml`` of ``tenant`` says ``status: read_only``.

    Read on its own, whatever else is wrong with the tenant (the break-glass path of
    the rollback plan); only a valid tenant id, a regular file and one YAML mapping
    count, so the value applied is always the one constant ``read_only``.
    """
    if not is_tenant_id(tenant) or not checked.covers((tenant,)):
        return False
    max_bytes = load_settings(checked.root).max_file_bytes
    try:
        data = _load(checked.root / TENANTS_DIR / tenant / "tenant.yaml", max_bytes)
    except (OSError, ValueError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and data.get("status") == "read_only"
