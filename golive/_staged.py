"""The tenants the next commit touches, for the pre-commit hook (``golive validate --staged``).

pre-commit hands a hook only the staged files that still exist, so a commit that
only deletes a tenant's file, or moves it out of the tenant, names no file at
all. Git's index knows every change, deletions and both sides of a rename
included, so the hook asks it instead.
"""

from __future__ import annotations

from pathlib import Path

from golive import _git

# golive._engine.TENANTS_DIR, spelt out: importing the engine loads every policy, which a
# commit that touches no tenant (most commits of a config repo) should not wait for.
TOP = "tenants"


def staged_tenants(repo: Path) -> set[str]:
    """The ids of the tenants in which a file is staged as added, changed, deleted or renamed.

    Only names of directories under ``tenants/``; whether each is a tenant directory
    that still exists is the caller's to check. Raises
    :class:`~golive.ConfigRepoError` outside a git repository.
    """
    return {parts[1] for path in _git.staged_files(repo, f"{TOP}/")
            if len(parts := path.split("/")) > 2}
