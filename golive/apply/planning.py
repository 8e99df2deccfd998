"""Plans: what applying a revision would change on a target, tenant by tenant, and what it holds.

Sync per tenant: each tenant's values at the revision are applied, except a tenant
with blocking findings there, which is *held* at what the target has (its own
applied commit stays). A held tenant already on the platform whose ``tenant.yaml``
says ``status: read_only`` gets that one field anyway (break-glass). Only the
ancestry guard, and findings that belong to no tenant, refuse a revision whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from golive.apply.desired import JudgedExport, break_glass, desired
from golive.core.findings import Finding
from golive.core.redact import escape
from golive.git import revisions
from golive.targets import BREAK_GLASS, PRUNE, Change, Fields, State, StoreView

# How the revision asked for stands to the commit the target already holds.
FIRST = "first"                    # nothing applied yet
SAME = "same"                      # the same commit
DESCENDANT = "descendant"          # a later commit: the normal case
NOT_DESCENDANT = "not_descendant"  # older, or on another line of history: out of order


def short(sha: str | None) -> str:
    return sha[:12] if sha else "nothing"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Held:
    """A tenant kept at what the target has; ``findings`` blocking ones, the first of rule ``rule``."""

    tenant: str
    revision: str | None      # the commit it stays at (None: it was never applied)
    findings: int
    rule: str | None
    break_glass: bool         # its status read_only is applied all the same
    found: tuple[Finding, ...] = field(default=(), compare=False, repr=False)   # its blocking findings

    @property
    def reason(self) -> str:
        if self.findings:
            return f"{_plural(self.findings, 'blocking finding')} (first {self.rule})"
        return "its files do not give status, phase and the modifier rules' active_version"


@dataclass(frozen=True)
class Plan:
    """What ``apply`` would do to ``target``; ``changes`` are live value -> value at ``revision``."""

    target: str
    revision: str
    applied: str | None
    ancestry: str
    changes: tuple[Change, ...]
    unmanaged: tuple[str, ...]            # tenants in the target that git does not have at the revision
    blocking: tuple[Finding, ...]
    checked: int                          # tenants the engine checked for this plan
    known: bool = True                    # whether this clone has the applied commit
    held: tuple[Held, ...] = ()
    prune: bool = False                   # whether unmanaged tenants are removed
    desired: State = field(default_factory=dict, compare=False, repr=False)
    snapshot: State = field(default_factory=dict, compare=False, repr=False)
    judged: JudgedExport | None = field(default=None, compare=False, repr=False)

    @property
    def tenants(self) -> tuple[str, ...]:
        return tuple(sorted({c.tenant for c in self.changes}))

    @property
    def noop(self) -> bool:
        """Nothing to write: the same commit, and the target holds exactly its values."""
        return self.ancestry == SAME and not self.changes

    @property
    def complete(self) -> bool:
        """Every tenant applied: none held, none left unmanaged."""
        return not self.held

    def refusal(self, force: bool = False) -> str | None:
        """Why ``apply`` refuses this plan whole, or None; ``force`` overrides the ancestry guard only."""
        whole = [f for f in self.blocking if not f.tenant]
        if whole:
            return (f"{short(self.revision)} has {_plural(len(whole), 'blocking finding')} that belong "
                    "to no tenant; fix them before applying")
        if self.ancestry == NOT_DESCENDANT and not force:
            why = "is not an ancestor of" if self.known else "is not in this clone, so it cannot be " \
                "shown to be an ancestor of"
            return (f"the target holds {short(self.applied)}, which {why} {short(self.revision)}: an "
                    "out-of-order apply (--force applies it anyway)")
        return None


def ancestry(repo: Path, applied: str | None, sha: str) -> tuple[str, bool]:
    """How ``sha`` stands to ``applied``, and whether this clone has ``applied``."""
    if applied is None:
        return FIRST, True
    if applied == sha:
        return SAME, True
    if not revisions.has_commit(repo, applied):
        return NOT_DESCENDANT, False
    return (DESCENDANT if revisions.is_ancestor(repo, applied, sha) else NOT_DESCENDANT), True


def differences(wanted: State, held: State) -> tuple[Change, ...]:
    """Every field of the tenants in ``wanted`` whose value ``held`` does not have."""
    out = []
    for tenant, fields in wanted.items():
        have = held.get(tenant, {})
        for name in fields.keys() | have.keys():
            if fields.get(name) != have.get(name):
                out.append(Change(tenant, name, have.get(name), fields.get(name)))
    return tuple(sorted(out, key=Change.sort_key))


def _holds(checked: JudgedExport, wanted: State, view: StoreView) -> tuple[Held, ...]:
    counts: dict[str, list[Finding]] = {}
    for f in checked.blocking:
        counts.setdefault(f.tenant, []).append(f)
    out = []
    for tenant in sorted(set(checked.ids) - wanted.keys()):
        # A name shown escaped (a control character in it) is named so by its findings.
        found = counts.get(tenant, []) or counts.get(escape(tenant), [])
        glass = tenant in view.live and break_glass(checked, tenant)
        out.append(Held(tenant, view.revisions.get(tenant), len(found), found[0].rule if found else None,
                        glass, tuple(found)))
    return tuple(out)


def _break_glass(held: Iterable[Held], view: StoreView) -> tuple[tuple[Change, ...], State, State]:
    """The status changes of break-glass, the live rows they write, and the snapshots they update."""
    changes, rows, snapshot = [], {}, {}
    for h in held:
        if not h.break_glass:
            continue
        live = view.live[h.tenant]
        if live.get("status") != "read_only":
            changes.append(Change(h.tenant, "status", live.get("status"), "read_only", BREAK_GLASS))
            rows[h.tenant] = {**live, "status": "read_only"}
        applied = view.applied.get(h.tenant)
        if applied is not None and applied.get("status") != "read_only":
            snapshot[h.tenant] = {**applied, "status": "read_only"}
    return tuple(changes), rows, snapshot


def _pruned(tenants: Iterable[str], view: StoreView) -> tuple[Change, ...]:
    out = [Change(t, name, value, None, PRUNE) for t in tenants
           for name, value in view.live.get(t, {}).items()]
    return tuple(sorted(out, key=Change.sort_key))


def make_plan(repo: Path, target: str, sha: str, view: StoreView, checked: JudgedExport,
              changed: set[str] | None, prune: bool = False) -> Plan:
    wanted = desired(checked, changed, view)
    relation, known = ancestry(repo, view.revision, sha)
    unmanaged = tuple(sorted((set(view.live) | set(view.applied)) - set(checked.ids)))
    held = _holds(checked, wanted, view)
    glass, rows, glass_snapshot = _break_glass(held, view)
    changes = differences(wanted, view.live) + glass + (_pruned(unmanaged, view) if prune else ())
    snapshot: State = {t: fields for t, fields in wanted.items() if view.applied.get(t) != fields}
    snapshot.update(glass_snapshot)
    rows_wanted: dict[str, Fields] = {**wanted, **rows}
    return Plan(target, sha, view.revision, relation, tuple(sorted(changes, key=Change.sort_key)),
                unmanaged, checked.blocking, checked.checked, known, held, prune, rows_wanted, snapshot,
                checked)
