"""Making a branch at HEAD and committing on it: the writes that rollback and flip do.

They start only from a clean work tree, so putting it back after a failure loses
nothing of the user's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import git

from golive._git import branch_exists, current_branch, open_repo, split_z
from golive.core.errors import UsageError


def _git_message(exc: git.GitCommandError) -> str:
    lines = [ln.strip() for ln in str(exc.stderr or "").splitlines() if ln.strip()]
    text = next((ln for ln in lines if ln.startswith(("error:", "fatal:"))), lines[-1] if lines else "")
    return text.removeprefix("stderr: ").strip("'")


class NewBranch:
    """``with NewBranch(root, name):`` works on a new branch ``name`` made at HEAD.

    Refuses (:class:`UsageError`) a dirty work tree, untracked files included, an
    invalid name or an existing branch before touching anything. When the body
    raises, the work tree, index and current branch are put back as they were and
    the new branch is deleted; on success the new branch stays checked out.
    """

    def __init__(self, root: Path, name: str, other_name: str = "pick another name") -> None:
        self.root, self.name, self.other_name = root, name, other_name
        self.repo = open_repo(root)
        self.previous = ""

    def __enter__(self) -> NewBranch:
        repo = self.repo
        if repo.is_dirty(untracked_files=True):
            raise UsageError("the work tree has uncommitted changes or untracked files; commit or "
                             "stash them first (git status shows them)")
        try:
            repo.git.check_ref_format("--branch", self.name)
        except git.GitCommandError:
            raise UsageError(f"{self.name!r} is not a valid branch name") from None
        if branch_exists(self.root, self.name):
            raise UsageError(f"branch {self.name!r} already exists; delete it (git branch -D "
                             f"{self.name}) or {self.other_name}")
        self.previous = current_branch(self.root) or str(repo.head.commit.hexsha)
        repo.git.switch("-q", "-c", self.name)
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is not None:
            self._undo()
        self.repo.close()

    def _undo(self) -> None:
        self.end_revert()
        self.repo.git.reset("-q", "--hard", "HEAD")
        detach = [] if branch_exists(self.root, self.previous) else ["--detach"]
        self.repo.git.switch("-q", *detach, self.previous)
        self.repo.git.branch("-q", "-D", self.name)

    def revert(self, sha: str, mainline: int | None = None) -> list[str]:
        """Apply the reverse of ``sha`` to the index and work tree; the paths left unmerged."""
        args = ["--no-commit", *(["-m", str(mainline)] if mainline else []), sha]
        try:
            self.repo.git.revert(*args)
        except git.GitCommandError as exc:
            conflicts = self.unmerged()
            if not conflicts:
                raise UsageError(f"git revert {sha[:12]} failed: {_git_message(exc)}") from None
            return conflicts
        return []

    def unmerged(self) -> list[str]:
        return sorted(set(split_z(self.repo.git.diff("--name-only", "--diff-filter=U", "-z"))))

    def restore(self, rev: str, paths: Sequence[str]) -> None:
        """Make ``paths`` in the index and work tree what they are at ``rev`` (absent there: removed)."""
        if not paths:
            return
        # git restore refuses a path known neither to the index nor to ``rev``: nothing to do there.
        known = set(split_z(self.repo.git.ls_files("-z", "--", *paths)))
        known.update(split_z(self.repo.git.ls_tree("-r", "--name-only", "--full-tree", "-z", rev,
                                                      "--", *paths)))
        if known:
            self.repo.git.restore("--source", rev, "--staged", "--worktree", "--", *sorted(known))

    def end_revert(self) -> None:
        """Forget a revert in progress, keeping what it staged."""
        git_dir = Path(self.repo.git_dir)
        if (git_dir / "REVERT_HEAD").exists() or (git_dir / "sequencer").exists():
            self.repo.git.revert("--quit")

    def staged(self) -> list[str]:
        return sorted(split_z(self.repo.git.diff("--cached", "--name-only", "--no-renames", "-z")))

    def stage(self, paths: Sequence[str]) -> None:
        self.repo.git.add("--", *paths)

    def commit(self, message: str) -> str:
        """Commit what is staged; the new commit id."""
        try:
            self.repo.git.commit("-q", "-m", message)
        except git.GitCommandError as exc:
            raise UsageError(f"git commit failed: {_git_message(exc)}") from None
        return str(self.repo.head.commit.hexsha)
