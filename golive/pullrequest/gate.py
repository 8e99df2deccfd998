"""Pull-request mode (``golive validate --base REF``): judge a change against its merge base.

- Only tenants whose files differ between the merge base and the work tree are
  checked, or every tenant when the checks changed (``schemas/``, ``policies/``,
  golive's own code or ``pyproject.toml``).
- The schemas and settings come from the merge base, so a pull request cannot
  weaken the checks that judge it. Changed checks are check-loaded and flagged
  for review (:mod:`golive.pullrequest.rulebook_changes`), and every tenant is also checked by
  the head's checks: a tenant that would get a new blocking finding once they
  merge is a blocking ``GL-CHECKS-IMPACT`` (:mod:`golive.pullrequest.impact`).
- A finding is ``new: false`` only when the base, checked the same way, has it.
- Transition rules compare each tenant with its base state (:mod:`golive.pullrequest.transitions`).
- Two exemptions never block, and their findings say so (``allowed_by``): a
  break-glass change (only ``status: read_only``, with its rollback record) and a pure revert (the tenant's
  whole directory equals its state at an earlier commit of the base's
  first-parent history; deleting, renaming or moving a file is no revert).
- Waivers count only when the base has them or the pull request changes nothing
  else of the tenant (:mod:`golive.engine.waivers`).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from golive.core.findings import (
    ALLOWED_BREAK_GLASS,
    ALLOWED_PURE_REVERT,
    Finding,
    Result,
    TenantReport,
    sort_findings,
)
from golive.core.layout import RULEBOOK_DIRS, SCHEMAS_DIR, tenant_path, tenants_of
from golive.core.yaml_document import mapping
from golive.engine import waivers
from golive.engine.assess import Assessment, assess
from golive.engine.rulebook import Rulebook
from golive.engine.run import select, tenant_dirs
from golive.engine.shard import Shard
from golive.engine.waivers import WAIVERS_FILE
from golive.git import revisions, trees, work_tree
from golive.git.object_ids import tree_id
from golive.pullrequest import impact, transitions
from golive.pullrequest.rulebook_changes import CODE_PATHS, DATA_PATHS, review, touches


def _key(f: Finding) -> tuple[str, str, str, str, str, str, bool]:
    """What makes two findings the same: a warning that became an error, or a finding whose
    waiver is gone, is a new finding (lines are left out: edits move them)."""
    return (f.rule, f.checklist, f.file, f.path, f.message, f.severity.value, f.waived)


def _break_glass(changed: Sequence[str], rel: str, base: Assessment, head: Assessment) -> bool:
    """Only tenant.yaml changed: its ``status``, to ``read_only``, and records appended to its
    ``rollbacks`` (the record of that rollback)."""
    if list(changed) != [f"{rel}/tenant.yaml"]:
        return False
    before = mapping(base.loaded.docs.get("tenant.yaml"))
    after = mapping(head.loaded.docs.get("tenant.yaml"))

    def rest(data: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in data.items() if k not in ("status", "rollbacks")}

    old, new = before.get("rollbacks") or [], after.get("rollbacks") or []
    appended = isinstance(old, list) and isinstance(new, list) and new[:len(old)] == old
    return bool(before) and after.get("status") == "read_only" and rest(after) == rest(before) \
        and appended


# How many pure reverts back a state's acceptance is traced before it is refused.
_TRACE_LIMIT = 16


def _pure_revert(change: _Change, rel: str) -> str | None:
    """The commit whose state of the tenant directory the head returns to, if the gate accepted it."""
    now = tree_id(change.root / rel)
    if now is None:
        return None
    commit = revisions.path_states(change.repo, change.merge_base, rel).get(now)
    if commit is None or not _accepted(change, commit, rel):
        return None
    return commit


def _accepted(change: _Change, commit: str, rel: str) -> bool:
    """Whether the tenant's state at ``commit`` is one the gate let onto the mainline.

    A state main held is a safe harbour only if it got there through the gate:
    judged as a pull request of its own against the commit's first parent (by that
    parent's checks, on the day of the commit or ``as_of`` if earlier), it blocks
    nothing. A commit no pull
    request was judged at (one of several commits rebased onto the mainline, a
    commit pushed past the gate) does not count, nor do waivers it brought along.
    """
    key = (commit, rel)
    if key not in change.accepted:
        change.accepted[key] = False   # while it is traced: a cycle accepts nothing
        if change.depth < _TRACE_LIMIT:
            change.accepted[key] = _judged_clean(change, commit, rel)
    return change.accepted[key]


def _judged_clean(change: _Change, commit: str, rel: str) -> bool:
    info = revisions.commit_info(change.repo, commit)
    parent = info.parents[0] if info.parents else None
    with tempfile.TemporaryDirectory(prefix="golive-state-") as tmp:
        head_root, base_root = Path(tmp) / "head", Path(tmp) / "base"
        head_root.mkdir()
        base_root.mkdir()
        paths = [*RULEBOOK_DIRS, rel]
        trees.export(change.repo, commit, head_root, paths)
        if parent is not None:
            trees.export(change.repo, parent, base_root, paths)
            changed = work_tree.changed_files(change.repo, parent, commit)
        else:
            changed = [rel + "/"]
        rulebook = Rulebook.from_repo(base_root if (base_root / SCHEMAS_DIR).is_dir() else head_root)
        then = dataclasses.replace(change, root=head_root, base_root=base_root, merge_base=parent or "",
                                   changed=tuple(changed), rulebook=rulebook,
                                   as_of=min(change.as_of, revisions.commit_date(change.repo, commit)),
                                   depth=change.depth + 1)
        if parent is None:
            then = dataclasses.replace(then, merge_base=commit)
        report = _judge(then, head_root / rel)
    return not any(f.blocking for f in report.findings)


def _mark(head: TenantReport, base: TenantReport | None, allowed_by: str = "",
          reverts_to: str = "") -> list[Finding]:
    """Head's findings, ``new: false`` where the base has the same one, the rest allowed if exempt."""
    seen = collections.Counter(_key(f) for f in base.findings) if base is not None else collections.Counter()
    marked = []
    for f in head.findings:
        if seen[_key(f)] > 0:
            seen[_key(f)] -= 1
            f = dataclasses.replace(f, new=False)
        elif allowed_by:
            f = dataclasses.replace(f, allowed_by=allowed_by, reverts_to=reverts_to)
        marked.append(f)
    return marked


@dataclasses.dataclass(frozen=True)
class _Change:
    """One change judged: the head's files, the base's, and what differs between them."""

    repo: Path                   # the git repository
    root: Path                   # the head's files: the work tree, or an exported commit
    base_root: Path              # the base's files, exported
    merge_base: str
    changed: tuple[str, ...]     # repo-relative paths changed since the merge base
    rulebook: Rulebook
    as_of: dt.date
    # Pure-revert targets already traced, shared by every change of one run.
    accepted: dict[tuple[str, str], bool] = dataclasses.field(default_factory=dict)
    depth: int = 0

    def files_of(self, rel: str) -> list[str]:
        return [p for p in self.changed if p.startswith(f"{rel}/")]


def _review(change: _Change, rel: str, base: Assessment) -> waivers.Review:
    entries = base.loaded.valid.get(WAIVERS_FILE, {}).get("waivers", [])
    others = [p for p in change.files_of(rel) if p != f"{rel}/{WAIVERS_FILE}"]
    return waivers.Review(tuple(entries), bool(others))


def _judge(change: _Change, tenant_dir: Path) -> TenantReport:
    rel = tenant_dir.relative_to(change.root).as_posix()
    base_dir = change.base_root / rel
    if not base_dir.is_dir():
        # A new tenant: everything about it is new, and its waivers are as new as it is.
        review = waivers.Review((), others_changed=True)
        new = assess(change.root, tenant_dir, change.rulebook, change.as_of, review)
        found = transitions.new_tenant(new.report.tenant, rel, new.loaded.docs)
        return dataclasses.replace(new.report, findings=sort_findings([*new.report.findings, *found])) \
            if found else new.report
    base = assess(change.base_root, base_dir, change.rulebook, change.as_of)
    head = assess(change.root, tenant_dir, change.rulebook, change.as_of,
                          _review(change, rel, base))
    found = transitions.check(head.report.tenant, rel, base.loaded.docs, head.loaded.docs)
    # Neither exemption is a way around the rollback records: they only grow (a rollback is
    # undone by resolving it, never by going back to a state main held before it), and a record
    # added, break-glass or not, must say what its change did.
    records = [f for f in found if f.rule == transitions.RULE_ROLLBACKS]
    files = change.files_of(rel)
    if files:
        commit = _pure_revert(change, rel)
        if commit is not None:
            marked = _mark(head.report, base.report, ALLOWED_PURE_REVERT, commit) + records
            return dataclasses.replace(head.report, findings=sort_findings(marked))
        if _break_glass(files, rel, base, head):
            marked = _mark(head.report, base.report, ALLOWED_BREAK_GLASS) + records
            return dataclasses.replace(head.report, findings=sort_findings(marked))
    marked = _mark(head.report, base.report) + found
    return dataclasses.replace(head.report, findings=sort_findings(marked))


def _removed(change: _Change, tenant: str) -> TenantReport | None:
    """The report of a tenant the pull request deletes, when deleting it is a finding."""
    rel = tenant_path(tenant)
    base_dir = change.base_root / rel
    if not base_dir.is_dir():
        return None
    base = assess(change.base_root, base_dir, change.rulebook, change.as_of)
    found = transitions.removed(tenant, rel, base.loaded.docs)
    if not found:
        return None
    return dataclasses.replace(base.report, findings=sort_findings(found), hypercare=())


def validate(root: Path, paths: Sequence[str | Path], as_of: dt.date, base_ref: str, *,
             head_code: bool = True, shard: Shard | None = None) -> Result:
    """Check what changed since the merge base of ``base_ref`` and HEAD, by the base's checks.

    ``head_code=False`` never runs golive's code from the work tree: a change to it
    is only flagged for review, and the impact of changed schemas and settings is
    previewed by the installed golive. ``shard`` keeps only the tenants of that
    shard, in the judging and in the impact preview.
    """
    merge_base = revisions.merge_base(root, base_ref)
    changed = work_tree.changed_files(root, merge_base)
    data_changed = touches(changed, DATA_PATHS)
    code_changed = touches(changed, CODE_PATHS) and impact.has_own_code(root)
    dirs = select(root, paths)
    touched = tenants_of(changed)
    if not (data_changed or code_changed):
        dirs = [d for d in dirs if d.name in touched]
    present = {d.name for d in tenant_dirs(root)}
    wanted = {d.name for d in select(root, paths)} if paths else None
    gone = sorted(t for t in touched - present if wanted is None or t in wanted)
    if shard is not None:
        dirs = [d for d in dirs if shard.holds(d.name)]
        gone = [t for t in gone if shard.holds(t)]
    with tempfile.TemporaryDirectory(prefix="golive-base-") as tmp:
        base_root = Path(tmp)
        tenant_paths = [tenant_path(name) for name in sorted({d.name for d in dirs} | set(gone))]
        trees.export(root, merge_base, base_root, [*RULEBOOK_DIRS, *tenant_paths])
        # A base without schemas (the pull request that adds golive) is judged by its own.
        has_rulebook = (base_root / SCHEMAS_DIR).is_dir()
        rulebook = Rulebook.from_repo(base_root if has_rulebook else root)
        change = _Change(root, root, base_root, merge_base, tuple(changed), rulebook, as_of)
        reports = [_judge(change, d) for d in dirs]
        reports += [r for r in (_removed(change, t) for t in gone) if r is not None]
    reports.sort(key=lambda r: r.tenant)
    found = list(review(root, changed))
    run_code = code_changed and head_code
    if (data_changed or run_code) and not any(f.blocking for f in found):
        found += impact.preview(root, reports, as_of, run_code=run_code, shard=shard)
    return Result(tuple(reports), tuple(sort_findings(found)))
