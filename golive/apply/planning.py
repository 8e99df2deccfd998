"""Plans: what applying a revision would change on a target, field by field, and whether it may."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from golive.apply.desired import JudgedExport, desired
from golive.core.findings import Finding
from golive.git import revisions
from golive.targets import Change, State, StoreView

# How the revision asked for stands to the commit the target already holds.
FIRST = "first"                    # nothing applied yet
SAME = "same"                      # the same commit
DESCENDANT = "descendant"          # a later commit: the normal case
NOT_DESCENDANT = "not_descendant"  # older, or on another line of history: out of order


def short(sha: str | None) -> str:
    return sha[:12] if sha else "nothing"


@dataclass(frozen=True)
class Plan:
    """What ``apply`` would do to ``target``; ``changes`` are live value -> value at ``revision``."""

    target: str
    revision: str
    applied: str | None
    ancestry: str
    changes: tuple[Change, ...]
    left_as_is: tuple[str, ...]          # tenants in the target that the revision no longer has
    blocking: tuple[Finding, ...]
    checked: int                          # tenants the engine checked for this plan
    known: bool = True                    # whether this clone has the applied commit
    desired: State = field(default_factory=dict, compare=False, repr=False)
    judged: JudgedExport | None = field(default=None, compare=False, repr=False)

    @property
    def tenants(self) -> tuple[str, ...]:
        return tuple(sorted({c.tenant for c in self.changes}))

    @property
    def noop(self) -> bool:
        """Nothing to write: the same commit, and the target holds exactly its values."""
        return self.ancestry == SAME and not self.changes

    def refusal(self, force: bool = False) -> str | None:
        """Why ``apply`` refuses this plan, or None; ``force`` overrides the ancestry guard only."""
        if self.blocking:
            n = len(self.blocking)
            return (f"{short(self.revision)} has {n} blocking finding{'s' if n != 1 else ''}; "
                    "fix them before applying")
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


def make_plan(repo: Path, target: str, sha: str, view: StoreView, checked: JudgedExport,
              changed: set[str] | None) -> Plan:
    wanted = desired(checked, changed, view)
    relation, known = ancestry(repo, view.revision, sha)
    gone: Iterable[str] = (set(view.live) | set(view.applied)) - set(checked.ids)
    return Plan(target, sha, view.revision, relation, differences(wanted, view.live),
                tuple(sorted(gone)), checked.blocking, checked.checked, known, wanted, checked)


def snapshot_updates(plan: Plan, view: StoreView) -> tuple[str, ...]:
    """The tenants whose applied snapshot differs from what the plan wants."""
    return tuple(sorted(t for t, fields in plan.desired.items() if view.applied.get(t) != fields))
