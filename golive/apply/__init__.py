"""Applying the config to the platform: plan, apply, state, drift and history.

Library functions that return values; the commands print them. ``target`` is a
URL (see :mod:`golive.targets`); None means the repo's embedded store,
``sqlite:///<repo>/.golive/platform.db``. ::

    from golive import apply
    plan = apply.plan("path/to/config-repo", "postgresql://golive@db/platform")
    done = apply.apply("path/to/config-repo", "postgresql://golive@db/platform")
    assert done.ok, (done.refused, done.plan.held, done.mismatches)

Sync per tenant (see :mod:`golive.apply.planning`): a tenant with blocking findings
is held at what the target has and the others are applied, in one transaction.
A tenant the target has and git does not is *unmanaged*: left as it is, listed by
plan, apply and drift, and removed only by ``apply(..., prune=True)``. A revision
that is already applied is not checked again; applying it once more only puts back
values changed by hand since. ``plan``, ``state``, ``drift`` and ``history`` open
the target read-only: they never create, upgrade or write it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from golive.apply.actor import actor
from golive.apply.desired import JudgedExport, changed_tenants, judge, tenant_ids
from golive.apply.planning import NOT_DESCENDANT, Plan, make_plan
from golive.core.layout import find_repo
from golive.core.redact import text as redact
from golive.core.state_dir import state_dir
from golive.git import revisions
from golive.targets import (
    VERIFY,
    AuditEntry,
    Batch,
    Change,
    Hold,
    StoreView,
    Target,
    default_url,
    field_order,
    open_target,
)

__all__ = ["Applied", "Difference", "Plan", "apply", "drift", "drifted", "history", "opened", "plan", "state"]


@dataclass(frozen=True)
class Applied:
    """What ``apply`` did: ``written`` when the target changed; ``refused`` says why not.

    ``mismatches`` are the values read back after the commit that are not what apply
    wrote (field, what it wrote as ``old``, what it found as ``new``).
    """

    plan: Plan
    written: bool
    forced: bool
    refused: str | None
    mismatches: tuple[Change, ...] = ()

    @property
    def ok(self) -> bool:
        """Every tenant applied and verified: exit 0."""
        return self.refused is None and self.plan.complete and not self.mismatches


@dataclass(frozen=True)
class Difference:
    """A value in the target that is not what golive last applied (None: absent)."""

    tenant: str
    field: str
    applied: str | None
    found: str | None


@contextmanager
def opened(repo: str | Path | None, target: str | None, writable: bool = True) -> Iterator[Target]:
    """The target ``target`` names, or the repo's embedded store (made on first use when ``writable``)."""
    if target is None:
        root = find_repo(repo)
        if writable:
            state_dir(root)   # made on first use, and kept out of git
        target = default_url(root)
    store = open_target(target, writable)
    try:
        yield store
    finally:
        store.close()


def _prepare(root: Path, sha: str, view: StoreView, display: str, tmp: Path, full: bool,
             as_of: dt.date | None, checked: JudgedExport | None = None, prune: bool = False) -> Plan:
    """Plan ``sha`` against ``view``, checking all tenants (``full``) or those changed since.

    ``checked``, from an earlier plan of the same commit, is used again when it
    covers every tenant this plan has to read.
    """
    ids = tenant_ids(root, sha)
    changed = changed_tenants(root, view.revision, sha, ids, view)
    scope = None if full else changed
    if checked is None or not checked.covers(scope):
        checked = judge(root, sha, ids, Path(tempfile.mkdtemp(dir=tmp)), scope, as_of)
    return make_plan(root, display, sha, view, checked, changed, prune)


def plan(repo: str | Path | None = None, target: str | None = None, revision: str = "HEAD",
         as_of: dt.date | None = None, prune: bool = False) -> Plan:
    """What applying ``revision`` would do; only the tenants changed since they were applied are read.

    The target is opened read-only: a target that does not exist yet is planned
    against as empty, and is not made.
    """
    root = find_repo(repo)
    sha = revisions.resolve(root, revision)
    with opened(root, target, writable=False) as store, tempfile.TemporaryDirectory() as tmp:
        return _prepare(root, sha, store.read(), store.display, Path(tmp), False, as_of, prune=prune)


def _batch(planned: Plan, view: StoreView, sha: str, author: str, forced: bool) -> Batch:
    held = {h.tenant for h in planned.held}
    gone = () if planned.prune else tuple(t for t in planned.unmanaged if t not in view.gone)
    return Batch(
        revision=sha,
        author=author,
        applied_by=redact(actor()),
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        forced=forced,
        changes=planned.changes,
        snapshot=planned.snapshot,
        desired=planned.desired,
        applied=tuple(sorted(t for t in planned.desired if t not in held)),
        holds=tuple(Hold(h.tenant, h.revision, h.reason) for h in planned.held),
        gone=gone,
        pruned=planned.unmanaged if planned.prune else (),
    )


def _verify(store: Target, batch: Batch) -> tuple[Change, ...]:
    """What the target holds now, against what ``batch`` wrote: each field that differs.

    Skipped when another apply has committed since (the target is at another revision).
    """
    view = store.read()
    if view.revision != batch.revision:
        return ()
    out = []
    written = {c.tenant for c in batch.changes}
    for tenant in sorted(written - set(batch.pruned)):
        meant, found = batch.desired[tenant], view.live.get(tenant, {})
        for name in sorted(meant.keys() | found.keys(), key=field_order):
            if meant.get(name) != found.get(name):
                out.append(Change(tenant, name, meant.get(name), found.get(name), VERIFY))
    for tenant in batch.pruned:
        out.extend(Change(tenant, name, None, value, VERIFY)
                   for name, value in view.live.get(tenant, {}).items())
    return tuple(out)


def apply(repo: str | Path | None = None, target: str | None = None, revision: str = "HEAD",
          force: bool = False, as_of: dt.date | None = None, prune: bool = False) -> Applied:
    """Make the target hold ``revision``'s values, tenant by tenant, in one transaction.

    A tenant with blocking findings is held (break-glass aside); every other tenant is
    applied, with an audit row per change and one per hold. Refused whole (nothing
    written) when findings belong to no tenant, or, unless ``force``, when the commit
    the target holds is not an ancestor of ``revision``. The guards are checked again
    under the target's lock, so of two applies at once the second sees what the first
    wrote. After the commit the target is read back and compared with what was meant;
    a difference is an audit row of its own and ``mismatches``.
    """
    root = find_repo(repo)
    sha = revisions.resolve(root, revision)
    info = revisions.commit_info(root, sha)
    with opened(root, target) as store, tempfile.TemporaryDirectory() as tmp:
        first = store.read()
        full = first.revision != sha   # an applied revision was checked when it was applied
        planned = _prepare(root, sha, first, store.display, Path(tmp), full, as_of, prune=prune)
        refused = planned.refusal(force)
        if refused or planned.noop:
            return Applied(planned, False, False, refused)
        with store.session() as session:
            view = session.read()
            if view != first:   # another apply (or a hand edit) came first: plan again
                planned = _prepare(root, sha, view, store.display, Path(tmp), view.revision != sha,
                                   as_of, planned.judged, prune)
                refused = planned.refusal(force)
                if refused or planned.noop:
                    return Applied(planned, False, False, refused)
            forced = force and planned.ancestry == NOT_DESCENDANT
            # The author is shown by history as stored.
            batch = _batch(planned, view, sha, redact(f"{info.author} <{info.email}>"), forced)
            session.write(batch)
        mismatches = _verify(store, batch)
        if mismatches:
            store.audit(Batch(sha, batch.author, batch.applied_by, batch.at, forced, mismatches, {}, {}))
        return Applied(planned, True, forced, None, mismatches)


def state(repo: str | Path | None = None, target: str | None = None) -> StoreView:
    """What the target holds: the applied commits, the live values and the applied snapshot (read-only)."""
    with opened(repo, target, writable=False) as store:
        return store.read()


def drift(repo: str | Path | None = None, target: str | None = None) -> tuple[Difference, ...]:
    """Every value in the target that differs from what golive last applied (changed by hand)."""
    return drifted(state(repo, target))


def drifted(view: StoreView) -> tuple[Difference, ...]:
    """The differences between the live values of ``view`` and its applied snapshot.

    Unmanaged tenants (:attr:`StoreView.unmanaged`) are not compared: they are drift of
    their own, reported whole.
    """
    out = []
    for tenant in sorted((view.live.keys() | view.applied.keys()) - set(view.unmanaged)):
        live, applied = view.live.get(tenant, {}), view.applied.get(tenant, {})
        for name in sorted(live.keys() | applied.keys(), key=field_order):
            if live.get(name) != applied.get(name):
                out.append(Difference(tenant, name, applied.get(name), live.get(name)))
    return tuple(out)


def history(repo: str | Path | None = None, target: str | None = None,
            tenant: str | None = None) -> list[AuditEntry]:
    """The audit trail, oldest first: one entry per field an apply changed, and per hold (read-only)."""
    with opened(repo, target, writable=False) as store:
        return store.history(tenant)
