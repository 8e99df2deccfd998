"""Rolling a tenant back: the rollback plan of runbook 2.12 as one branch and a pull request.

Two triggers are reverts: ``mass-scrub-failures`` reverts the commit that last
changed the tenant's modifier ``active_version``, ``mass-envelope-rejections``
the commit that last flipped one of its envelopes to ``P``. That commit is found
on the first-parent line of HEAD, so a branch merged with a merge commit is
found as that merge (and reverted against its first parent); squash merges and
plain commits are ordinary commits. Only the tenant's own files are reverted:
whatever else the commit changed is put back as HEAD has it, and reported.

The other two set ``status: read_only`` in tenant.yaml, editing only that value.
Nothing here prints; :func:`rollback` returns a :class:`Rollback`, whose text
from git and the tenant's files (commit summary and author, paths, values) is
masked for output by :mod:`golive.core.redact`; :mod:`golive.reporters.rollback`
writes it, and its pull request's body.

- :mod:`~golive.rollback.triggers`: the runbook's rollback table, one entry a trigger;
- :mod:`~golive.rollback.proposal`: the pull request's title and what apply will change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from golive.core import regular_files
from golive.core.errors import UsageError
from golive.core.layout import tenant_path
from golive.core.redact import text
from golive.core.yaml_edit import Change, edit
from golive.core.yaml_loader import load_bytes
from golive.git import revisions, trees, work_tree
from golive.git.branch import NewBranch
from golive.rollback.proposal import (
    FieldChange,
    changes_between,
    read_head,
    read_work_tree,
    title,
    value_diff,
)
from golive.rollback.triggers import TRIGGERS, Trigger

MARKER = "Golive-Rollback"   # commit trailer naming the tenant and trigger a rollback was for


@dataclass(frozen=True)
class Rollback:
    """What :func:`rollback` did: the branch, the commit, and the pull request to open."""

    tenant: str
    trigger: Trigger
    branch: str
    commit: str | None                 # None with --no-commit (changes staged) or on a conflict
    reverted: revisions.CommitInfo | None   # the commit reverted (revert triggers only)
    merge: bool                        # ``reverted`` is a merge, reverted against its first parent
    left_alone: tuple[str, ...]        # paths the reverted commit changed outside the tenant
    also_reverted: tuple[str, ...]     # the tenant's other values it changed, reverted with it
    changes: tuple[FieldChange, ...]   # what ``golive apply`` will change
    conflicts: tuple[str, ...] = ()    # files that did not revert cleanly: nothing was done
    title: str = ""                    # of the commit and the pull request (none on a conflict)


class _Conflict(Exception):
    def __init__(self, paths: list[str]) -> None:
        self.paths = paths


def _data(root: Path, rev: str, path: str) -> Any:
    raw = trees.read_file(root, rev, path)
    if raw is None:
        return None
    doc = load_bytes(raw)
    return None if isinstance(doc, list) else doc.data


def find_commit(root: Path, tenant: str, trigger: Trigger) -> revisions.CommitInfo:
    """The newest first-parent commit of HEAD whose change to the tenant's file ``trigger`` targets."""
    assert trigger.file is not None and trigger.changed is not None
    path = tenant_path(tenant, trigger.file)
    for sha in revisions.file_history(root, "HEAD", path, limit=1000, first_parent=True):
        info = revisions.commit_info(root, sha)
        if not info.parents:
            continue
        before, after = _data(root, info.parents[0], path), _data(root, sha, path)
        # A commit that created or deleted the file, or where it does not load, flipped nothing.
        if before is None or after is None or not trigger.changed(before, after):
            continue
        if f"{MARKER}: {tenant} {trigger.name}" in info.message:
            raise UsageError(f"{tenant} is already rolled back for {trigger.name} by {sha[:12]} "
                             f"({info.summary!r}); nothing newer to revert")
        return info
    raise UsageError(f"nothing to revert: no commit on HEAD's first-parent history {trigger.what} "
                     f"in {path}")


def _also_reverted(root: Path, tenant: str, trigger: Trigger, info: revisions.CommitInfo,
                   paths: list[str]) -> tuple[str, ...]:
    """The tenant's values (or files) the reverted commit changed besides the trigger's own."""
    prefix = tenant_path(tenant) + "/"
    out = []
    for path in paths:
        name = path.removeprefix(prefix)
        before, after = _data(root, info.parents[0], path), _data(root, info.sha, path)
        if before is None or after is None:
            out.append(f"{name} (the whole file)")
            continue
        fields = [f for f in value_diff(before, after) if not (name == trigger.file and trigger.own(f))]
        if fields:
            out.append(f"{name}: {', '.join(fields)}")
    return tuple(out)


def _revert(branch: NewBranch, tenant: str, info: revisions.CommitInfo, outside: list[str]) -> None:
    unmerged = branch.revert(info.sha, 1 if len(info.parents) > 1 else None)
    branch.restore("HEAD", outside)  # other tenants' files, conflicting or not, stay as HEAD has them
    unmerged = branch.unmerged() if unmerged else []
    if unmerged:
        raise _Conflict(unmerged)
    branch.end_revert()
    if not branch.staged():
        raise UsageError(f"reverting {info.sha[:12]} changes nothing in {tenant_path(tenant)}/ any more: "
                         "later commits already undid it")


def _read_only(branch: NewBranch, root: Path, tenant: str) -> None:
    rel = tenant_path(tenant, "tenant.yaml")
    raw = regular_files.read_to_edit(root / rel, rel)
    doc = load_bytes(raw)
    if not isinstance(doc, list) and isinstance(doc.data, dict) and doc.data.get("status") == "read_only":
        raise UsageError(f"{tenant} already has status: read_only; nothing to roll back")
    (root / rel).write_bytes(edit(raw, [Change(("status",), "read_only")]))
    branch.stage([rel])


def _message(tenant: str, trigger: Trigger, info: revisions.CommitInfo | None,
             left_alone: tuple[str, ...]) -> str:
    lines = [title(tenant, trigger), ""]
    if info is not None:
        lines += [f'Revert "{info.summary}" for {tenant_path(tenant)}/ only.', "",
                  f"This reverts commit {info.sha}."]
        if left_alone:
            lines += ["", "Left alone (not this tenant's):", *(f"  {p}" for p in left_alone)]
    else:
        lines.append("Set status: read_only (runbook 2.12, rollback plan).")
    return "\n".join([*lines, "", f"{MARKER}: {tenant} {trigger.name}"]) + "\n"


def rollback(root: Path, tenant: str, trigger_name: str, branch: str | None = None,
             commit: bool = True) -> Rollback:
    """Make the rollback branch of ``tenant`` for ``trigger_name`` and describe its pull request.

    Raises :class:`UsageError` (nothing touched) on a dirty work tree, an unknown
    tenant or trigger, an existing branch, or nothing to revert. A revert that
    conflicts in the tenant's files returns a :class:`Rollback` with
    ``conflicts`` set, after putting the work tree and branches back as they were.
    """
    trigger = TRIGGERS.get(trigger_name)
    if trigger is None:
        raise UsageError(f"unknown trigger {trigger_name!r}; one of: {', '.join(TRIGGERS)}")
    if work_tree.is_dirty(root):
        raise UsageError("the work tree has uncommitted changes or untracked files; commit or "
                         "stash them first (git status shows them)")
    if trees.read_file(root, "HEAD", tenant_path(tenant, "tenant.yaml")) is None:
        raise UsageError(f"no tenant {tenant!r} at HEAD (no {tenant_path(tenant, 'tenant.yaml')})")
    name = branch or f"rollback/{tenant}/{trigger.name}"
    info: revisions.CommitInfo | None = None
    left_alone: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    if trigger.file is not None:
        info = find_commit(root, tenant, trigger)
        changed = work_tree.changed_files(root, info.parents[0], info.sha)
        inside = [p for p in changed if p.startswith(tenant_path(tenant) + "/")]
        left_alone = tuple(p for p in changed if p not in inside)
        also = _also_reverted(root, tenant, trigger, info, inside)
    made: str | None = None
    try:
        with NewBranch(root, name, "pass --branch NAME") as new:
            if info is not None:
                _revert(new, tenant, info, list(left_alone))
            else:
                _read_only(new, root, tenant)
            changes = changes_between(read_head(root), read_work_tree(root), tenant)
            if commit:
                made = new.commit(_message(tenant, trigger, info, left_alone))
    except _Conflict as conflict:
        return _shown(Rollback(tenant, trigger, name, None, info, _is_merge(info), left_alone, also, (),
                               tuple(conflict.paths)))
    return _shown(Rollback(tenant, trigger, name, made, info, _is_merge(info), left_alone, also,
                           tuple(changes), title=title(tenant, trigger)))


def _shown(r: Rollback) -> Rollback:
    """``r`` as it is shown: what it took from git, the tenant's files and the command line
    (the tenant, ``--branch``) masked (golive.core.redact)."""
    info = r.reverted and replace(r.reverted, summary=text(r.reverted.summary),
                                  author=text(r.reverted.author), email=text(r.reverted.email))
    return replace(r, tenant=text(r.tenant), branch=text(r.branch), title=text(r.title) if r.title else "",
                   reverted=info, left_alone=tuple(map(text, r.left_alone)),
                   also_reverted=tuple(map(text, r.also_reverted)),
                   conflicts=tuple(map(text, r.conflicts)),
                   changes=tuple(FieldChange(text(c.field), text(c.before), text(c.after))
                                 for c in r.changes))


def _is_merge(info: revisions.CommitInfo | None) -> bool:
    return info is not None and len(info.parents) > 1

