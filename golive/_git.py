"""Git, in one place: small typed functions over GitPython that return plain data.

Every function takes the work tree root. A ref that does not resolve, or a
history too shallow to answer, raises :class:`UsageError` with a line that says
what to do; nothing here prints or knows about tenants or policies.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from golive._errors import ConfigRepoError, UsageError


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author: str
    email: str
    when: str        # ISO 8601 with the author's UTC offset
    summary: str
    parents: tuple[str, ...]


def open_repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ConfigRepoError(f"{root} is not a git repository (run git init, or pass --repo)") from None


def _shallow_hint(repo: git.Repo) -> str:
    if (Path(repo.git_dir) / "shallow").exists():
        return " (this clone is shallow: fetch full history, e.g. git fetch --unshallow, " \
               "or actions/checkout with fetch-depth: 0)"
    return ""


def resolve(root: Path, ref: str) -> str:
    """The commit id ``ref`` names."""
    repo = open_repo(root)
    try:
        return str(repo.commit(ref).hexsha)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        raise UsageError(
            f"unknown git ref {ref!r}: fetch it first (e.g. git fetch origin) or name a branch, "
            f"tag or commit that exists here{_shallow_hint(repo)}") from None


def merge_base(root: Path, ref: str, head: str = "HEAD") -> str:
    """The merge base of ``ref`` and ``head``: the revision a pull request is judged against."""
    found = merge_bases(root, ref, head)
    if not found:
        raise UsageError(f"{ref!r} and {head} share no history, so there is no merge base to compare "
                         f"with{_shallow_hint(open_repo(root)) or ''}")
    if len(found) > 1:
        raise UsageError(f"{ref!r} and {head} have {len(found)} merge bases (a criss-cross history), so "
                         f"there is no one base to judge against; merge {ref} into the branch first")
    return found[0]


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    repo = open_repo(root)
    return bool(repo.is_ancestor(repo.commit(ancestor), repo.commit(descendant)))


def commit_info(root: Path, rev: str = "HEAD") -> CommitInfo:
    commit = open_repo(root).commit(resolve(root, rev))
    return CommitInfo(
        sha=str(commit.hexsha),
        author=str(commit.author.name),
        email=str(commit.author.email),
        when=commit.authored_datetime.isoformat(),
        summary=str(commit.summary),
        parents=tuple(str(p.hexsha) for p in commit.parents),
    )


def split_z(output: str) -> list[str]:
    return [p for p in output.split("\0") if p]


def changed_files(root: Path, base: str, head: str | None = None) -> list[str]:
    """Repo-relative paths that differ between ``base`` and ``head``.

    With ``head=None`` the comparison is with the work tree, untracked files
    included, so what is checked is what is on disk. Both sides of a rename count.
    """
    repo = open_repo(root)
    args = ["--name-only", "--no-renames", "-z", base]
    if head is not None:
        args.append(head)
    paths = set(split_z(repo.git.diff(*args)))
    if head is None:
        paths.update(split_z(repo.git.ls_files("--others", "--exclude-standard", "-z")))
    return sorted(paths)


def staged_files(root: Path, path: str) -> list[str]:
    """Repo-relative paths under ``path`` that the next commit changes: the index against HEAD.

    Deleted files count, and both sides of a rename (before the first commit,
    every file in the index). Git's own index is read, or the one ``GIT_INDEX_FILE``
    names, as ``git commit`` sets it for its hooks.
    """
    out = open_repo(root).git.diff("--cached", "--name-only", "--no-renames", "-z", "--", path)
    return sorted(set(split_z(out)))


def top_entries(root: Path, rev: str) -> set[str]:
    """The names at the top of ``rev``'s tree."""
    return set(split_z(open_repo(root).git.ls_tree("--name-only", "-z", rev)))


def tree_entries(root: Path, rev: str, path: str) -> dict[str, str]:
    """``{repo-relative file path: blob id}`` for every file under ``path`` at ``rev``."""
    out = open_repo(root).git.ls_tree("-r", "-z", "--full-tree", rev, "--", path)
    entries = {}
    for line in split_z(out):
        meta, name = line.split("\t", 1)
        entries[name] = meta.split()[2]
    return entries


def export(root: Path, rev: str, dest: Path, paths: Sequence[str]) -> None:
    """Write the files under ``paths`` as they are at ``rev`` into ``dest`` (symlinks stay symlinks).

    Paths that do not exist at ``rev`` are skipped.
    """
    repo = open_repo(root)
    # One ls-tree for all of them (not one per path: pull-request mode may pass every tenant).
    found = set(split_z(repo.git.ls_tree("--name-only", "-z", "--full-tree", rev, "--", *paths))) \
        if paths else set()
    present = [p for p in paths if p.rstrip("/") in found]
    if not present:
        return
    buffer = io.BytesIO()
    repo.archive(buffer, rev, format="tar", path=present)
    buffer.seek(0)
    with tarfile.open(fileobj=buffer) as tar:
        if hasattr(tarfile, "tar_filter"):
            tar.extractall(dest, filter="tar")
        else:  # Python before 3.11.4
            tar.extractall(dest)  # our own repo's archive: no hostile member names


def file_history(root: Path, rev: str, path: str, limit: int = 200,
                 first_parent: bool = False) -> list[str]:
    """Commits reachable from ``rev`` that changed ``path``, newest first.

    With ``first_parent``, only those on ``rev``'s first-parent line, each compared
    with its first parent: a branch merged with a merge commit shows up as that
    merge, which is what reached the mainline.
    """
    line = ["--first-parent"] if first_parent else []
    out = open_repo(root).git.rev_list(*line, f"--max-count={limit}", rev, "--", path)
    return out.split()


def path_versions(root: Path, rev: str, path: str) -> set[str]:
    """Every blob id ``path`` has had in the history of ``rev`` (one ``git log``, however long)."""
    out = open_repo(root).git.log("--format=", "--raw", "--no-abbrev", "--no-renames", rev, "--", path)
    versions: set[str] = set()
    for line in out.splitlines():
        if line.startswith(":"):
            old, new = line.split()[2:4]
            versions.update(v for v in (old, new) if v.strip("0"))
    return versions


def is_dirty(root: Path) -> bool:
    """Whether the work tree or index has changes, untracked files included."""
    return bool(open_repo(root).is_dirty(untracked_files=True))


def current_branch(root: Path) -> str | None:
    repo = open_repo(root)
    return None if repo.head.is_detached else str(repo.active_branch.name)


def read_file(root: Path, rev: str, path: str) -> bytes | None:
    """The bytes of ``path`` at ``rev``, or None where it is not a file there."""
    with open_repo(root) as repo:
        try:
            blob = repo.commit(rev).tree / path
        except KeyError:
            return None
        return bytes(blob.data_stream.read()) if blob.type == "blob" else None


def branch_exists(root: Path, name: str) -> bool:
    try:
        open_repo(root).git.rev_parse("--verify", "--quiet", f"refs/heads/{name}")
    except git.GitCommandError:
        return False
    return True


def subdirectories(root: Path, rev: str, path: str) -> list[str]:
    """The names of the directories directly under ``path`` at ``rev``, sorted."""
    out = open_repo(root).git.ls_tree("-d", "-z", "--name-only", "--full-tree", rev, "--", f"{path}/")
    return sorted(name.rpartition("/")[2] for name in split_z(out))


def has_commit(root: Path, sha: str) -> bool:
    """Whether this repository holds the commit ``sha`` (one applied elsewhere may be unknown here)."""
    try:
        open_repo(root).git.cat_file("-e", f"{sha}^{{commit}}")
    except git.GitCommandError:
        return False
    return True


def path_states(root: Path, rev: str, path: str) -> dict[str, str]:
    """``{tree id: commit}``: each state the directory ``path`` held on ``rev``'s first-parent line.

    The commit is the newest one at which the directory had that tree. A state in
    which ``path`` was absent is not listed.
    """
    repo = open_repo(root)
    commits = repo.git.rev_list("--first-parent", rev, "--", path).split()
    if not commits:
        return {}
    done = subprocess.run(["git", "cat-file", "--batch-check"], cwd=root, check=True, capture_output=True,
                          input="".join(f"{c}:{path}\n" for c in commits).encode())
    states: dict[str, str] = {}
    for commit, line in zip(commits, done.stdout.decode().splitlines(), strict=True):
        oid, _, kind = line.partition(" ")
        if kind.startswith("tree"):
            states.setdefault(oid, commit)
    return states


def merge_bases(root: Path, ref: str, head: str = "HEAD") -> list[str]:
    """Every merge base of ``ref`` and ``head`` (more than one in a criss-cross history)."""
    repo = open_repo(root)
    base, tip = resolve(root, ref), resolve(root, head)
    try:
        out = repo.git.merge_base("--all", base, tip)
    except git.GitCommandError:
        return []
    return out.split()
