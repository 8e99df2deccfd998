"""Making a branch at HEAD and committing on it: the writes that rollback and flip do.

They start only from a clean work tree, so putting it back after a failure loses
nothing of the user's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from golive.core.errors import UsageError
from golive.core.redact import text
from golive.git.revisions import branch_exists, current_branch, resolve
from golive.git.runner import GitFailed, repo, run, run_z, succeeds


def unused(root: Path, name: str) -> str:
    """``name``, or the first of ``name-2``, ``name-3`` ... that no branch has yet: a default
    name for a branch golive makes, so that doing it again (a second wave of the same trigger,
    the old branch still there) needs nothing deleted. Past ``name-99``, ``name`` itself (and
    :class:`NewBranch` says it exists)."""
    for n in range(1, 100):
        candidate = name if n == 1 else f"{name}-{n}"
        if not branch_exists(root, candidate):
            return candidate
    return name


class NewBranch:
    """``with NewBranch(root, name):`` works on a new branch ``name`` made at HEAD.

    Refuses (:class:`UsageError`) a dirty work tree, untracked files included, an
    invalid name or an existing branch before touching anything. When the body
    raises, the work tree, index and current branch are put back as they were and
    the new branch is deleted; on success the new branch stays checked out.
    """

    def __init__(self, root: Path, name: str, other_name: str = "pick another name") -> None:
        self.root, self.name, self.other_name = root, name, other_name
        self.previous = ""

    def __enter__(self) -> NewBranch:
        if repo(self.root).is_dirty(untracked_files=True):
            raise UsageError("the work tree has uncommitted changes or untracked files; commit or "
                             "stash them first (git status shows them)")
        if not succeeds(self.root, "check-ref-format", "--branch", self.name):
            raise UsageError(f"{self.name!r} is not a valid branch name")
        if branch_exists(self.root, self.name):
            raise UsageError(f"branch {self.name!r} already exists; delete it (git branch -D "
                             f"{self.name}) or {self.other_name}")
        self.previous = current_branch(self.root) or resolve(self.root, "HEAD")
        run(self.root, "switch", "-q", "-c", self.name)
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is not None:
            self._undo()

    def _undo(self) -> None:
        run(self.root, "reset", "-q", "--hard", "HEAD")
        detach = [] if branch_exists(self.root, self.previous) else ["--detach"]
        run(self.root, "switch", "-q", *detach, self.previous)
        run(self.root, "branch", "-q", "-D", self.name)

    def staged(self) -> list[str]:
        return sorted(run_z(self.root, "diff", "--cached", "--name-only", "--no-renames", "-z"))

    def stage(self, paths: Sequence[str]) -> None:
        run(self.root, "add", "--", *paths)

    def commit(self, message: str) -> str:
        """Commit what is staged; the new commit id."""
        try:
            run(self.root, "commit", "-q", "-m", message)
        except GitFailed as exc:
            # A hook's output is its reason, often over several lines: all of it, on one line.
            said = " | ".join(ln.strip() for ln in exc.output.splitlines() if ln.strip())
            why = text(said) or "git said nothing (a hook that refused without output?)"
            raise UsageError(f"git commit failed: {why}") from None
        return resolve(self.root, "HEAD")
