"""golive: GitOps for taking a tenant live on a claims billing platform.

The library API, usable without the command line::

    import golive
    result = golive.validate("path/to/config-repo")
    where = [f"{f.file}:{f.line}:{f.column} {f.message}" for f in result.findings]
    exit_code = 1 if result.blocks else 0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from golive.core.errors import ConfigRepoError, GoliveError, UsageError
from golive.core.findings import Finding, Result, Severity, TenantReport
from golive.core.version import VERSION

if TYPE_CHECKING:
    from golive.engine.shard import Shard

__version__ = VERSION

__all__ = [
    "ConfigRepoError",
    "Finding",
    "GoliveError",
    "Result",
    "Severity",
    "TenantReport",
    "UsageError",
    "__version__",
    "status",
    "validate",
]


def validate(
    repo: str | Path | None = None,
    paths: Sequence[str | Path] = (),
    as_of: dt.date | None = None,
    base: str | None = None,
    *,
    cache: bool = True,
    jobs: int | None = None,
    staged: bool = False,
    head_code: bool = True,
    shard: Shard | None = None,
) -> Result:
    """Check tenants against the schemas and policies of ``repo``.

    ``paths`` are tenant directories, files in them, or tenant ids; none means every
    tenant. ``as_of`` is the date the date-dependent rules treat as today (default:
    today in UTC). ``base`` (a git ref) is pull-request mode: only what changed since
    the merge base of ``base`` and HEAD is checked, by the base's schemas and
    policies, and findings the base already had do not block. Raises
    :class:`GoliveError` only when nothing can be checked at all; everything wrong
    inside the tenants is a finding in the result.

    ``cache`` reuses a tenant's result from ``<repo>/.golive/cache`` (or
    ``$GOLIVE_CACHE_DIR``) when nothing it depends on changed; ``jobs`` is the
    number of processes (default: every core this process may use).

    ``staged`` (the pre-commit hook) adds every tenant in which git's index has a
    change against HEAD, deleted and renamed files included; with no ``paths`` it
    checks only those, and none at all when nothing under ``tenants/`` is staged.
    It cannot be combined with ``base`` (:class:`UsageError`). ``head_code=False``
    (pull-request mode) never runs the pull request's own golive code, even when it
    changes it: the preview of its impact is left to a run that does not decide.

    ``shard`` (:class:`golive.engine.shard.Shard`) checks only that share of the
    tenants, for a check split across machines: in a full run, or in pull-request
    mode (the tenants judged and the impact preview both split); not with
    ``staged`` or ``paths`` (:class:`UsageError`).
    """
    from golive.core.business_days import today
    from golive.core.layout import find_repo

    root = find_repo(repo)
    if shard is not None and (staged or paths):
        raise UsageError("--shard splits a check of every tenant (with or without --base); it cannot be "
                         "combined with --staged or tenant paths")
    if base is not None:
        if staged:
            raise UsageError("--staged and --base cannot be combined: --staged checks the next "
                             "commit (the pre-commit hook), --base a pull request")
        from golive.pullrequest import gate

        return gate.validate(root, paths, as_of or today(), base, head_code=head_code, shard=shard)
    touched: set[str] = set()
    if staged:
        from golive.git.work_tree import staged_tenants

        touched = staged_tenants(root)
        if not paths and not touched:
            return Result(())   # nothing of a tenant is in this commit: nothing to load or check
    from golive.engine.run import check_repo

    # A tenant deleted whole is touched, but has nothing left to check.
    return check_repo(root, paths, as_of or today(), use_cache=cache, jobs=jobs, extra=sorted(touched),
                      only_extra=staged, shard=shard)


def status(
    repo: str | Path | None = None,
    tenants: Sequence[str] = (),
    as_of: dt.date | None = None,
    *,
    cache: bool = True,
) -> Result:
    """The checklist of each tenant (``TenantReport.checklist``): done, missing or not_yet."""
    return validate(repo, tenants, as_of, cache=cache)
