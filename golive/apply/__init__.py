"""Applying the config to the platform: plan, apply, state, drift and history.

Library functions that return values; the commands print them. ``target`` is a
URL (see :mod:`golive.targets`); None means the repo's embedded store,
``sqlite:///<repo>/.golive/platform.db``. ::

    from golive import apply
    plan = apply.plan("path/to/config-repo", "postgresql://golive@db/platform")
    done = apply.apply("path/to/config-repo", "postgresql://golive@db/platform")
    assert done.refused is None, done.refused

Choices: a tenant deleted from git is left in the target as it is (plan and apply
list it), since taking a billing tenant off the platform is not a config edit. A
revision that is already applied is not checked again; applying it once more only
puts back values changed by hand since.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from golive.apply.desired import JudgedExport, changed_tenants, judge, tenant_ids
from golive.apply.planning import NOT_DESCENDANT, Plan, make_plan, snapshot_updates
from golive.core.layout import find_repo
from golive.core.redact import text as redact
from golive.core.state_dir import state_dir
from golive.git import revisions
from golive.targets import AuditEntry, Batch, StoreView, Target, default_url, field_order, open_target

__all__ = ["Applied", "Difference", "Plan", "apply", "drift", "drifted", "history", "opened", "plan", "state"]


@dataclass(frozen=True)
class Applied:
    """What ``apply`` did: ``written`` when the target changed; ``refused`` says why not."""

    plan: Plan
    written: bool
    forced: bool
    refused: str | None


@dataclass(frozen=True)
class Difference:
    """A value in the target that is not what golive last applied (None: absent)."""

    tenant: str
    field: str
    applied: str | None
    found: str | None


@contextmanager
def opened(repo: str | Path | None, target: str | None) -> Iterator[Target]:
    """The target ``target`` names, or the repo's embedded store (made on first use)."""
    if target is None:
        root = find_repo(repo)
        state_dir(root)   # made on first use, and kept out of git
        target = default_url(root)
    store = open_target(target)
    try:
        yield store
    finally:
        store.close()


def _prepare(root: Path, sha: str, view: StoreView, display: str, tmp: Path, full: bool,
             as_of: dt.date | None, checked: JudgedExport | None = None) -> Plan:
    """Plan ``sha`` against ``view``, checking all tenants (``full``) or those changed since.

    ``checked``, from an earlier plan of the same commit, is used again when it
    covers every tenant this plan has to read.
    """
    ids = tenant_ids(root, sha)
    changed = changed_tenants(root, view.revision, sha, ids, view)
    scope = None if full else changed
    if checked is None or not checked.covers(scope):
        checked = judge(root, sha, ids, Path(tempfile.mkdtemp(dir=tmp)), scope, as_of)
    return make_plan(root, display, sha, view, checked, changed)


def plan(repo: str | Path | None = None, target: str | None = None, revision: str = "HEAD",
         as_of: dt.date | None = None) -> Plan:
    """What applying ``revision`` would change; only the tenants changed since the applied commit are read."""
    root = find_repo(repo)
    sha = revisions.resolve(root, revision)
    with opened(root, target) as store, tempfile.TemporaryDirectory() as tmp:
        return _prepare(root, sha, store.read(), store.display, Path(tmp), False, as_of)


def apply(repo: str | Path | None = None, target: str | None = None, revision: str = "HEAD",
          force: bool = False, as_of: dt.date | None = None) -> Applied:
    """Make the target hold ``revision``'s values, in one transaction, with an audit row per change.

    Refused (nothing written) when the revision has blocking findings, or, unless
    ``force``, when the commit the target holds is not an ancestor of it. The guards
    are checked again under the target's lock, so of two applies at once the second
    sees what the first wrote.
    """
    root = find_repo(repo)
    sha = revisions.resolve(root, revision)
    info = revisions.commit_info(root, sha)
    with opened(root, target) as store, tempfile.TemporaryDirectory() as tmp:
        first = store.read()
        full = first.revision != sha   # an applied revision was checked when it was applied
        planned = _prepare(root, sha, first, store.display, Path(tmp), full, as_of)
        refused = planned.refusal(force)
        if refused or planned.noop:
            return Applied(planned, False, False, refused)
        with store.session() as session:
            view = session.read()
            if view != first:   # another apply (or a hand edit) came first: plan again
                planned = _prepare(root, sha, view, store.display, Path(tmp), view.revision != sha,
                                   as_of, planned.judged)
                refused = planned.refusal(force)
                if refused or planned.noop:
                    return Applied(planned, False, False, refused)
            forced = force and planned.ancestry == NOT_DESCENDANT
            session.write(Batch(
                revision=sha,
                author=redact(f"{info.author} <{info.email}>"),   # shown by history as stored
                at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                forced=forced,
                changes=planned.changes,
                snapshot=snapshot_updates(planned, view),
                desired=planned.desired,
            ))
        return Applied(planned, True, forced, None)


def state(repo: str | Path | None = None, target: str | None = None) -> StoreView:
    """What the target holds: the applied commit, the live values and the applied snapshot."""
    with opened(repo, target) as store:
        return store.read()


def drift(repo: str | Path | None = None, target: str | None = None) -> tuple[Difference, ...]:
    """Every value in the target that differs from what golive last applied (changed by hand)."""
    return drifted(state(repo, target))


def drifted(view: StoreView) -> tuple[Difference, ...]:
    """The differences between the live values of ``view`` and its applied snapshot."""
    out = []
    for tenant in sorted(view.live.keys() | view.applied.keys()):
        live, applied = view.live.get(tenant, {}), view.applied.get(tenant, {})
        for name in sorted(live.keys() | applied.keys(), key=field_order):
            if live.get(name) != applied.get(name):
                out.append(Difference(tenant, name, applied.get(name), live.get(name)))
    return tuple(out)


def history(repo: str | Path | None = None, target: str | None = None,
            tenant: str | None = None) -> list[AuditEntry]:
    """The audit trail, oldest first: one entry per field an apply changed."""
    with opened(repo, target) as store:
        return store.history(tenant)
