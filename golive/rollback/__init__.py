"""Rolling a tenant back: the rollback plan of runbook 2.12 as one branch and a pull request.

Each trigger changes exactly its own platform fields, as a normal commit on a new
branch (:mod:`~golive.rollback.triggers`): ``mass-envelope-rejections`` the tenant's
``P`` envelopes to ``T`` (narrowed by partner and transaction),
``mass-scrub-failures`` ``active_version`` to the approved version before it
(:mod:`~golive.rollback.versions`), the other two ``status: read_only``. Values are
edited in place (:mod:`golive.core.yaml_edit`), so the diff shows only them, and
the same commit appends the rollback's record to tenant.yaml's ``rollbacks:``
(:mod:`~golive.rollback.records`). :func:`resolve` restores what the open records
changed and closes them. ``git revert`` of a merged change stays the other way to
roll back: the gate accepts it as a pure revert.

Nothing here prints; :func:`rollback` and :func:`resolve` return a :class:`Rollback`,
whose text from the tenant's files is masked for output by :mod:`golive.core.redact`;
:mod:`golive.reporters.rollback` writes it, and its pull request's body.

- :mod:`~golive.rollback.triggers`: the runbook's rollback table, one entry a trigger;
- :mod:`~golive.rollback.proposal`: the pull request's title and what apply will change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from golive.core import regular_files
from golive.core.business_days import today
from golive.core.errors import UsageError
from golive.core.layout import tenant_path
from golive.core.platform_fields import envelopes, split_envelope_field
from golive.core.redact import text
from golive.core.rollback_records import FieldChanged, closing, location, open_records
from golive.core.yaml_edit import Change, EditError, edit
from golive.core.yaml_loader import load_bytes
from golive.git import work_tree
from golive.git.branch import NewBranch, unused
from golive.git.runner import GitFailed, run
from golive.rollback import records, versions
from golive.rollback.proposal import FieldChange, changes_between, read_head, read_work_tree, title
from golive.rollback.triggers import TRIGGERS, Trigger

MARKER = "Golive-Rollback"   # commit trailer naming the tenant and trigger a rollback was for
FILES = ("tenant.yaml", "edi.yaml", "modifier-rules.yaml")


@dataclass(frozen=True)
class Rollback:
    """What :func:`rollback` or :func:`resolve` did: the branch, the commit, the pull request."""

    tenant: str
    trigger: Trigger | None            # None when resolving
    branch: str
    commit: str | None                 # None with --no-commit (changes staged)
    changes: tuple[FieldChange, ...]   # what ``golive apply`` will change
    title: str                         # of the commit and the pull request
    record: tuple[str, ...] = ()       # the record appended, one "key: value" line each
    resolved: tuple[str, ...] = ()     # resolve: the records closed ("<trigger> since <date> (<ref>)")
    kept: tuple[str, ...] = ()         # resolve: fields left as they are, and why


@dataclass(frozen=True)
class Who:
    """The record's who, why and when: ``by`` defaults to git's user.name, ``since`` to today."""

    reference: str
    reason: str
    by: str | None = None
    since: dt.date | None = None


_Edits = dict[str, list[Change]]   # tenant file -> the value changes in it


def _load(root: Path, rel: str) -> tuple[bytes, Any]:
    raw = regular_files.read_to_edit(root / rel, rel)
    doc = load_bytes(raw)
    if isinstance(doc, list) or not isinstance(doc.data, dict):
        raise UsageError(f"{rel} does not load; fix it first (golive validate says why)")
    return raw, doc.data


def _start(root: Path, tenant: str) -> dict[str, Any]:
    if work_tree.is_dirty(root):
        raise UsageError("the work tree has uncommitted changes or untracked files; commit or "
                         "stash them first (git status shows them)")
    if not (root / tenant_path(tenant, "tenant.yaml")).is_file():
        raise UsageError(f"no tenant {tenant!r} (no {tenant_path(tenant, 'tenant.yaml')})")
    return {f: _load(root, tenant_path(tenant, f))[1] for f in FILES
            if (root / tenant_path(tenant, f)).is_file()}


def _envelopes(tenant: str, data: dict[str, Any], partners: Sequence[str],
               transactions: Sequence[str]) -> tuple[_Edits, list[FieldChanged]]:
    found = [(field, path, usage, *(split_envelope_field(field) or ("", "")))
             for field, path, usage in envelopes(data.get("edi.yaml"))]
    for wanted, known, flag in ((partners, {f[3] for f in found}, "--partner"),
                                (transactions, {f[4] for f in found}, "--transaction")):
        unknown = sorted(set(wanted) - known)
        if unknown:
            raise UsageError(f"{flag} {', '.join(unknown)}: {tenant} has no such envelope; "
                             f"known: {', '.join(sorted(known)) or 'none'}")
    chosen = [(field, path) for field, path, usage, partner, txn in found if usage == "P"
              and (not partners or partner in partners) and (not transactions or txn in transactions)]
    if not chosen:
        raise UsageError(f"no envelope of {tenant} in P{_narrowed(partners, transactions)}; "
                         "nothing to roll back")
    return ({"edi.yaml": [Change(path, "T") for _, path in chosen]},
            [FieldChanged(field, "P", "T") for field, _ in chosen])


def _narrowed(partners: Sequence[str], transactions: Sequence[str]) -> str:
    bits = [f"partner {', '.join(partners)}" if partners else "",
            f"transaction {', '.join(transactions)}" if transactions else ""]
    return f" for {' and '.join(b for b in bits if b)}" if any(bits) else ""


def _version(root: Path, tenant: str, data: dict[str, Any],
             applied: Callable[[str], bool] | None) -> tuple[_Edits, list[FieldChanged]]:
    rules = data.get("modifier-rules.yaml")
    if not isinstance(rules, dict):
        raise UsageError(f"{tenant} has no {tenant_path(tenant, 'modifier-rules.yaml')}; "
                         "nothing to roll back")
    current, back = versions.previous(root, tenant, data.get("tenant.yaml") or {}, rules, applied)
    value: str | int = int(back) if isinstance(rules["active_version"], int) and back.isdigit() else back
    return ({"modifier-rules.yaml": [Change(("active_version",), value)]},
            [FieldChanged("modifier_rules_version", current, back)])


def _read_only(tenant: str, data: dict[str, Any]) -> tuple[_Edits, list[FieldChanged]]:
    status = (data.get("tenant.yaml") or {}).get("status")
    if status == "read_only":
        raise UsageError(f"{tenant} already has status: read_only; nothing to roll back")
    return ({"tenant.yaml": [Change(("status",), "read_only")]},
            [FieldChanged("status", str(status), "read_only")])


def _who(root: Path, who: Who) -> tuple[str, str]:
    if not who.reference.strip() or not who.reason.strip():
        raise UsageError("a rollback is recorded with its incident or ticket and its reason: "
                         "pass --reference INC-… and --reason '…'")
    by = who.by
    if not by:
        try:
            by = run(root, "config", "user.name")
        except GitFailed:
            by = ""
    if not by.strip():
        raise UsageError("who rolls back? pass --by NAME (or set git's user.name)")
    return by.strip(), (who.since or today()).isoformat()


def _write(root: Path, tenant: str, edits: _Edits, tenant_yaml: Callable[[bytes], bytes] | None) -> list[str]:
    """Make ``edits`` (and ``tenant_yaml``'s rewrite of tenant.yaml) in the work tree; the paths written."""
    written = []
    for file in FILES:
        changes = edits.get(file, [])
        if not changes and not (file == "tenant.yaml" and tenant_yaml):
            continue
        rel = tenant_path(tenant, file)
        raw = _load(root, rel)[0]
        try:
            out = edit(raw, changes) if changes else raw
            if file == "tenant.yaml" and tenant_yaml is not None:
                out = tenant_yaml(out)
        except EditError as exc:
            raise UsageError(f"{rel}: {exc}") from None
        (root / rel).write_bytes(out)
        written.append(rel)
    return written


def _message(heading: str, body: Sequence[str], trailer: str) -> str:
    return "\n".join([heading, "", *body, "", f"{MARKER}: {trailer}"]) + "\n"


def rollback(root: Path, tenant: str, trigger_name: str, who: Who, branch: str | None = None,
             commit: bool = True, partners: Sequence[str] = (), transactions: Sequence[str] = (),
             applied: Callable[[str], bool] | None = None) -> Rollback:
    """Make the rollback branch of ``tenant`` for ``trigger_name`` and describe its pull request.

    ``partners`` / ``transactions`` narrow an envelope rollback; ``applied`` (a version ->
    was it ever applied on the target) narrows a scrub-failure rollback. Raises
    :class:`UsageError` (nothing touched) on a dirty work tree, an unknown tenant or
    trigger, an existing branch, a missing reference or reason, or nothing to roll back.
    """
    trigger = TRIGGERS.get(trigger_name)
    if trigger is None:
        raise UsageError(f"unknown trigger {trigger_name!r}; one of: {', '.join(TRIGGERS)}")
    data = _start(root, tenant)
    by, since = _who(root, who)
    if (partners or transactions) and trigger.kind != "envelopes":
        raise UsageError("--partner and --transaction narrow mass-envelope-rejections only")
    if trigger.kind == "envelopes":
        edits, changed = _envelopes(tenant, data, partners, transactions)
    elif trigger.kind == "version":
        edits, changed = _version(root, tenant, data, applied)
    else:
        edits, changed = _read_only(tenant, data)
    entry = records.entry(trigger.name, since, who.reference.strip(), by, who.reason.strip(), changed)
    name = branch or unused(root, f"rollback/{tenant}/{trigger.name}")
    made: str | None = None
    heading = title(tenant, trigger)
    with NewBranch(root, name, "pass --branch NAME") as new:
        new.stage(_write(root, tenant, edits, lambda raw: records.append(raw, entry)))
        changes = changes_between(read_head(root), read_work_tree(root), tenant)
        if commit:
            body = [f"{trigger.action} (runbook 2.12, rollback plan)", "",
                    *(f"{c.field}: {c.before} -> {c.after}" for c in changed), "",
                    f"Recorded in {tenant_path(tenant, 'tenant.yaml')} rollbacks: {entry['reference']}, "
                    f"{entry['reason']}"]
            made = new.commit(_message(heading, body, f"{tenant} {trigger.name}"))
    shown = (f"trigger: {trigger.name}", f"since: {since}", f"reference: {entry['reference']}",
             f"by: {by}", f"reason: {entry['reason']}",
             *(f"changed: {c.field} {c.before} → {c.after}" for c in changed))
    return _shown(Rollback(tenant, trigger, name, made, tuple(changes), heading, record=shown))


def resolve(root: Path, tenant: str, trigger_name: str | None = None, date: dt.date | None = None,
            branch: str | None = None, commit: bool = True) -> Rollback:
    """Restore what the tenant's open rollback records changed and close them, on a new branch.

    With ``trigger_name``, only that trigger's records. A field whose value is no longer
    what the record left (changed since) is kept as it is and reported; a modifier rule
    version is never reinstated (a fixed version is activated in its own pull request).
    Raises :class:`UsageError` when nothing is open, or as :func:`rollback` does.
    """
    if trigger_name is not None and trigger_name not in TRIGGERS:
        raise UsageError(f"unknown trigger {trigger_name!r}; one of: {', '.join(TRIGGERS)}")
    data = _start(root, tenant)
    day = (date or today()).isoformat()
    still = [r for r in open_records(data.get("tenant.yaml"))
             if trigger_name is None or r.trigger == trigger_name]
    if not still:
        which = f" for {trigger_name}" if trigger_name else ""
        raise UsageError(f"{tenant} has no open rollback{which}; nothing to resolve")
    edits: _Edits = {}
    kept = []
    for record in still:
        for change in record.changed:
            where = location(change.field, data)
            now = _current(data, where)
            if change.field == "modifier_rules_version":
                kept.append(f"{change.field} stays {now} (v{change.before} is never reinstated; "
                            "activate a fixed version in its own pull request)")
            elif where is None or now != change.after:
                kept.append(f"{change.field} stays {now or 'absent'} (the rollback left {change.after}; "
                            "changed since)")
            else:
                file, path = where
                edits.setdefault(file, []).append(Change(path, change.before))
    edits.setdefault("tenant.yaml", []).extend(closing(r, day) for r in still)
    name = branch or unused(root, f"rollback/{tenant}/resolve")
    heading = f"Resolve the rollback of {tenant}: {', '.join(dict.fromkeys(r.trigger for r in still))}"
    made: str | None = None
    with NewBranch(root, name, "pass --branch NAME") as new:
        new.stage(_write(root, tenant, edits, None))
        changes = changes_between(read_head(root), read_work_tree(root), tenant)
        if commit:
            body = [f"Closes {r.describe()}, resolved on {day}." for r in still]
            made = new.commit(_message(heading, body, f"{tenant} resolve"))
    return _shown(Rollback(tenant, None, name, made, tuple(changes), heading,
                           resolved=tuple(r.describe() for r in still), kept=tuple(kept)))


def _current(data: dict[str, Any], where: tuple[str, tuple[str | int, ...]] | None) -> str | None:
    if where is None:
        return None
    node: Any = data.get(where[0])
    for part in where[1]:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return None if node is None else str(node)


def _shown(r: Rollback) -> Rollback:
    """``r`` as it is shown: what it took from the tenant's files and the command line (the
    tenant, ``--branch``) masked (golive.core.redact)."""
    return replace(r, tenant=text(r.tenant), branch=text(r.branch),
                   record=tuple(map(text, r.record)), resolved=tuple(map(text, r.resolved)),
                   kept=tuple(map(text, r.kept)), title=text(r.title),
                   changes=tuple(FieldChange(text(c.field), text(c.before), text(c.after))
                                 for c in r.changes))
