"""Commits and refs: resolving a ref, merge bases, ancestry, a commit's facts, a path's history.

Small typed functions that take the work tree root and return plain data; every
git command goes through :mod:`golive.git.runner`. A ref that does not resolve, or
a history too shallow to answer, raises :class:`~golive.core.errors.UsageError`
with a line that says what to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from golive.core.errors import UsageError
from golive.git.runner import GitFailed, run, run_bytes, shallow_hint, succeeds


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author: str
    email: str
    when: str        # ISO 8601 with the author's UTC offset
    summary: str
    parents: tuple[str, ...]
    message: str = field(default="", repr=False)   # the whole message, trailers included


def resolve(root: Path, ref: str) -> str:
    """The commit id ``ref`` names."""
    try:
        return run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitFailed:
        raise UsageError(
            f"unknown git ref {ref!r}: fetch it first (e.g. git fetch origin) or name a branch, "
            f"tag or commit that exists here{shallow_hint(root)}") from None


def merge_bases(root: Path, ref: str, head: str = "HEAD") -> list[str]:
    """Every merge base of ``ref`` and ``head`` (more than one in a criss-cross history)."""
    base, tip = resolve(root, ref), resolve(root, head)
    try:
        return run(root, "merge-base", "--all", base, tip).split()
    except GitFailed:
        return []


def merge_base(root: Path, ref: str, head: str = "HEAD") -> str:
    """The merge base of ``ref`` and ``head``: the revision a pull request is judged against."""
    found = merge_bases(root, ref, head)
    if not found:
        raise UsageError(f"{ref!r} and {head} share no history, so there is no merge base to compare "
                         f"with{shallow_hint(root)}")
    if len(found) > 1:
        raise UsageError(f"{ref!r} and {head} have {len(found)} merge bases (a criss-cross history), so "
                         f"there is no one base to judge against; merge {ref} into the branch first")
    return found[0]


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    return succeeds(root, "merge-base", "--is-ancestor", ancestor, descendant)


def has_commit(root: Path, sha: str) -> bool:
    """Whether this repository holds the commit ``sha`` (one applied elsewhere may be unknown here)."""
    return succeeds(root, "cat-file", "-e", f"{sha}^{{commit}}")


def branch_exists(root: Path, name: str) -> bool:
    return succeeds(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}")


def current_branch(root: Path) -> str | None:
    """The branch checked out, None when HEAD is detached."""
    try:
        return run(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    except GitFailed:
        return None


# One field per line; the message last, as it may hold anything but NUL.
_FORMAT = "%H%n%an%n%ae%n%aI%n%P%n%B"


def commit_info(root: Path, rev: str = "HEAD") -> CommitInfo:
    sha = resolve(root, rev)
    raw = run_bytes(root, ["log", "-1", "--no-show-signature", f"--format={_FORMAT}", sha]).decode(
        "utf-8", "replace")
    sha, author, email, when, parents, body = raw.split("\n", 5)
    body = body.removesuffix("\n")
    return CommitInfo(sha=sha, author=author, email=email, when=when,
                      summary=_summary(body), parents=tuple(parents.split()), message=body)


def _summary(message: str) -> str:
    """The first line of a commit message, as git and GitPython show it."""
    return message.split("\n", 1)[0]


def commit_date(root: Path, rev: str) -> dt.date:
    """The day (UTC) ``rev`` was committed: when it reached the branch it is on."""
    stamp = run(root, "log", "-1", "--format=%ct", rev)
    return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()


def file_history(root: Path, rev: str, path: str, limit: int = 200,
                 first_parent: bool = False) -> list[str]:
    """Commits reachable from ``rev`` that changed ``path``, newest first.

    With ``first_parent``, only those on ``rev``'s first-parent line, each compared
    with its first parent: a branch merged with a merge commit shows up as that
    merge, which is what reached the mainline.
    """
    line = ["--first-parent"] if first_parent else []
    return run(root, "rev-list", *line, f"--max-count={limit}", rev, "--", path).split()


def path_states(root: Path, rev: str, path: str) -> dict[str, str]:
    """``{tree id: commit}``: each state the directory ``path`` held on ``rev``'s first-parent line.

    The commit is the newest one at which the directory had that tree. A state in
    which ``path`` was absent is not listed.
    """
    commits = run(root, "rev-list", "--first-parent", rev, "--", path).split()
    if not commits:
        return {}
    out = run_bytes(root, ["cat-file", "--batch-check"],
                    stdin="".join(f"{c}:{path}\n" for c in commits).encode())
    states: dict[str, str] = {}
    for commit, line in zip(commits, out.decode().splitlines(), strict=True):
        oid, _, kind = line.partition(" ")
        if kind.startswith("tree"):
            states.setdefault(oid, commit)
    return states
