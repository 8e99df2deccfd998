"""The work tree and the index: what changed, what is staged, what is tracked, attributes.

Every git command goes through :mod:`golive.git.runner`. The listings golive needs
on every ``golive validate`` (the result cache's, the pre-commit hook's) run
without importing GitPython.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from golive.core.layout import TENANTS_DIR, tenants_of
from golive.git.runner import GitFailed, repo, run_bytes, run_bytes_together, split_z

FILE_MODES = ("100644", "100755")


def changed_files(root: Path, base: str, head: str | None = None) -> list[str]:
    """Repo-relative paths that differ between ``base`` and ``head``.

    With ``head=None`` the comparison is with the work tree, untracked files
    included, so what is checked is what is on disk. Both sides of a rename count.
    """
    diff = ["diff", "--name-only", "--no-renames", "-z", base, *([head] if head is not None else [])]
    # Against the work tree, both listings walk it: side by side (runner.run_bytes_together).
    others = [["ls-files", "--others", "--exclude-standard", "-z"]] if head is None else []
    return sorted({p for out in run_bytes_together(root, [diff, *others]) for p in split_z(out)})


def staged_files(root: Path, path: str) -> list[str]:
    """Repo-relative paths under ``path`` that the next commit changes: the index against HEAD.

    Deleted files count, and both sides of a rename (before the first commit,
    every file in the index). Git's own index is read, or the one ``GIT_INDEX_FILE``
    names, as ``git commit`` sets it for its hooks.
    """
    out = run_bytes(root, ["diff", "--cached", "--name-only", "--no-renames", "-z", "--", path])
    return sorted(set(split_z(out)))


def staged_tenants(root: Path) -> set[str]:
    """The ids of the tenants in which a file is staged as added, changed, deleted or renamed.

    For the pre-commit hook (``golive validate --staged``): pre-commit hands a hook
    only the staged files that still exist, so a commit that only deletes a tenant's
    file, or moves it out of the tenant, names no file at all; git's index knows
    every change. Only names under ``tenants/``; whether each is a tenant directory
    that still exists is the caller's to check. Raises
    :class:`~golive.core.errors.ConfigRepoError` outside a git repository.
    """
    repo(root)   # outside a repository: the one clear error
    return tenants_of(staged_files(root, f"{TENANTS_DIR}/"))


def is_dirty(root: Path) -> bool:
    """Whether the work tree or index has changes, untracked files included."""
    return bool(repo(root).is_dirty(untracked_files=True))


def index_blob_ids(root: Path, top: str) -> dict[str, str] | None:
    """``{path: blob id}`` of the regular files under ``top`` that the index holds as they are on disk.

    Files changed on disk since they were staged are left out; None outside a git
    work tree (or when git cannot say).
    """
    try:
        listed, changed = run_bytes_together(root, [["ls-files", "-s", "-z", "--", top],
                                                    ["diff", "--name-only", "--no-renames", "-z", "--", top]])
    except GitFailed:
        return None
    staged, modified = split_z(listed), set(split_z(changed))
    known = {}
    for line in staged:
        meta, path = line.split("\t", 1)
        mode, blob = meta.split()[:2]
        if mode in FILE_MODES and path not in modified:
            known[path] = blob
    return known


def listed_files(root: Path, prefixes: Sequence[str]) -> list[bytes]:
    """The files under ``prefixes`` git tracks or would track (untracked, not ignored), as bytes."""
    out = run_bytes(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
                           *prefixes])
    return [p for p in out.split(b"\0") if p]


def attributes(root: Path, paths: Sequence[bytes], names: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(path, attribute, value)`` for each of ``names`` on each of ``paths`` (``.gitattributes``).

    A value is ``set``, ``unset``, ``unspecified`` or the value given.
    """
    if not paths:
        return []
    out = run_bytes(root, ["check-attr", "-z", "--stdin", *names], stdin=b"\0".join(paths) + b"\0")
    fields = [f.decode("utf-8", "replace") for f in out.split(b"\0")]
    return [(fields[i], fields[i + 1], fields[i + 2]) for i in range(0, len(fields) - 2, 3)]
