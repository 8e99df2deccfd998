"""Git, in one place: small typed functions over GitPython that return plain data.

Every function takes the work tree root. A ref that does not resolve, or a
history too shallow to answer, raises :class:`UsageError` with a line that says
what to do; nothing here prints or knows about tenants or policies.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from golive.core.errors import ConfigRepoError, UsageError


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


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a revision's tree, as ``git ls-tree -r`` lists it."""

    mode: str      # 100644 / 100755 a file, 120000 a symlink, 160000 a gitlink
    sha: str       # the blob id (for a gitlink: the other repository's commit id)
    path: str      # repo-relative

    @property
    def is_file(self) -> bool:
        return self.mode in ("100644", "100755")


SYMLINK_MODE, GITLINK_MODE = "120000", "160000"


def tree_listing(root: Path, rev: str, paths: Sequence[str]) -> list[TreeEntry]:
    """Every entry under ``paths`` (files or directories; missing ones give nothing) at ``rev``."""
    if not paths:
        return []
    # Literal pathspecs: a tenant named like a glob or pathspec magic names only itself.
    out = open_repo(root).git.ls_tree("-r", "-z", "--full-tree", rev, "--", *paths,
                                      env={"GIT_LITERAL_PATHSPECS": "1"})
    entries = []
    for line in split_z(out):
        meta, path = line.split("\t", 1)
        mode, _kind, sha = meta.split()
        entries.append(TreeEntry(mode, sha, path))
    return entries


def _safe_parts(path: str) -> list[str]:
    parts = path.split("/")
    if any(part in ("", ".", "..", ".git") for part in parts):
        raise ConfigRepoError(f"cannot read {path!r} from git: a tree entry may not be named "
                              "'', '.', '..' or '.git' (the repository is damaged)")
    return parts


def _blobs(repo: git.Repo, shas: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """``(sha, content)`` of each blob, in order, from one ``git cat-file --batch``."""
    process = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
    proc = process.proc

    def ask() -> None:   # in a thread: git answers while it is still being asked
        try:
            proc.stdin.write("".join(f"{sha}\n" for sha in shas).encode())
            proc.stdin.close()
        except OSError:  # git is gone (the reader gave up): nothing left to ask
            pass

    writer = threading.Thread(target=ask, daemon=True)
    writer.start()
    done = False
    try:
        for sha in shas:
            header = proc.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise ConfigRepoError(f"git cannot read blob {sha}: {b' '.join(header).decode()}")
            size = int(header[2])
            data = proc.stdout.read(size + 1)
            if len(data) != size + 1:
                raise ConfigRepoError(f"git ended while reading blob {sha}")
            yield sha, data[:size]
        done = True
    finally:
        if not done:
            proc.kill()
        proc.stdout.close()
        proc.wait()
        writer.join()


def export(root: Path, rev: str, dest: Path, paths: Sequence[str]) -> None:
    """Write the entries under ``paths`` as they are at ``rev`` into ``dest``, byte for byte.

    The bytes are git's blobs (``git ls-tree`` and one ``git cat-file --batch``),
    never ``git archive``: no ``.gitattributes`` (``export-subst``,
    ``export-ignore``, filters, end-of-line conversion) changes or hides anything,
    so what is checked from an export is what the revision holds. A symlink
    (mode 120000) is written as a symlink to its target's name and a gitlink
    (160000, a submodule) as a directory holding an empty ``.git`` file, which is
    how a nested repository looks in a work tree: the loader reports either one
    at its path exactly as it does in a work tree, and nothing follows it. Paths
    that do not exist at ``rev`` are skipped. Raises :class:`ConfigRepoError` for
    a tree git itself would refuse to check out.
    """
    entries = tree_listing(root, rev, paths)
    wanted: dict[str, list[Path]] = {}
    links: list[TreeEntry] = []
    for entry in entries:
        target = dest.joinpath(*_safe_parts(entry.path))
        if entry.mode == GITLINK_MODE:
            target.mkdir(parents=True, exist_ok=True)
            (target / ".git").write_bytes(b"")
        elif entry.mode == SYMLINK_MODE:
            links.append(entry)
        else:
            wanted.setdefault(entry.sha, []).append(target)
    made: set[Path] = set()
    try:
        for sha, data in _blobs(open_repo(root), list(wanted)):
            for target in wanted[sha]:
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                # O_EXCL|O_NOFOLLOW: nothing written yet is a symlink (they come last), and a
                # tree that names a path twice is refused rather than written through.
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
        names = dict(_blobs(open_repo(root), [e.sha for e in links])) if links else {}
        for entry in links:
            target = dest.joinpath(*_safe_parts(entry.path))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(names[entry.sha], os.fsencode(target))
    except OSError as exc:
        where = os.path.relpath(os.fsdecode(exc.filename), dest) if exc.filename else "a file"
        raise ConfigRepoError(f"cannot export {where} at {rev[:12]}: {exc.strerror} "
                              "(a tree that names one path twice is damaged; run git fsck)") from None


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
        regular = blob.type == "blob" and blob.mode in (0o100644, 0o100755)   # not a symlink
        return bytes(blob.data_stream.read()) if regular else None


def branch_exists(root: Path, name: str) -> bool:
    try:
        open_repo(root).git.rev_parse("--verify", "--quiet", f"refs/heads/{name}")
    except git.GitCommandError:
        return False
    return True


def subentries(root: Path, rev: str, path: str) -> list[str]:
    """The names of the entries directly under ``path`` at ``rev`` that are not regular files, sorted.

    Directories, and the symlinks and gitlinks that stand where a directory could.
    """
    out = open_repo(root).git.ls_tree("-z", "--full-tree", rev, "--", f"{path}/",
                                      env={"GIT_LITERAL_PATHSPECS": "1"})
    names = []
    for line in split_z(out):
        meta, name = line.split("\t", 1)
        if meta.split()[0] not in ("100644", "100755"):
            names.append(name.rpartition("/")[2])
    return sorted(names)


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


def commit_date(root: Path, rev: str) -> dt.date:
    """The day (UTC) ``rev`` was committed: when it reached the branch it is on."""
    stamp = open_repo(root).git.log("-1", "--format=%ct", rev)
    return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
