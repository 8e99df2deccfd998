"""A revision's files as git stores them: tree listings, one file's bytes, an export byte for byte.

Every git command goes through :mod:`golive.git.runner`; blobs are streamed from one
``git cat-file --batch`` per export.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from golive.core.errors import ConfigRepoError
from golive.git.runner import GitFailed, batch, run_bytes, run_z, split_z

SYMLINK_MODE, GITLINK_MODE = "120000", "160000"
FILE_MODES = ("100644", "100755")
# Literal pathspecs: a tenant named like a glob or pathspec magic names only itself.
_LITERAL = {"GIT_LITERAL_PATHSPECS": "1"}


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a revision's tree, as ``git ls-tree -r`` lists it."""

    mode: str      # 100644 / 100755 a file, 120000 a symlink, 160000 a gitlink
    sha: str       # the blob id (for a gitlink: the other repository's commit id)
    path: str      # repo-relative

    @property
    def is_file(self) -> bool:
        return self.mode in FILE_MODES


def tree_listing(root: Path, rev: str, paths: Sequence[str]) -> list[TreeEntry]:
    """Every entry under ``paths`` (files or directories; missing ones give nothing) at ``rev``."""
    if not paths:
        return []
    entries = []
    for line in run_z(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *paths, env=_LITERAL):
        meta, path = line.split("\t", 1)
        mode, _kind, sha = meta.split()
        entries.append(TreeEntry(mode, sha, path))
    return entries


def subentries(root: Path, rev: str, path: str) -> list[str]:
    """The names of the entries directly under ``path`` at ``rev`` that are not regular files, sorted.

    Directories, and the symlinks and gitlinks that stand where a directory could.
    """
    names = []
    for line in run_z(root, "ls-tree", "-z", "--full-tree", rev, "--", f"{path}/", env=_LITERAL):
        meta, name = line.split("\t", 1)
        if meta.split()[0] not in FILE_MODES:
            names.append(name.rpartition("/")[2])
    return sorted(names)


def read_file(root: Path, rev: str, path: str) -> bytes | None:
    """The bytes of ``path`` at ``rev``, or None where it is not a regular file there (a symlink, absent)."""
    try:
        listed = split_z(run_bytes(root, ["ls-tree", "-z", "--full-tree", rev, "--", path], env=_LITERAL))
    except GitFailed:
        return None
    entry = next((line for line in listed if line.split("\t", 1)[1] == path), None)
    if entry is None:
        return None
    mode, kind, sha = entry.split("\t", 1)[0].split()
    if kind != "blob" or mode not in FILE_MODES:
        return None
    return run_bytes(root, ["cat-file", "blob", sha])


def _safe_parts(path: str) -> list[str]:
    parts = path.split("/")
    if any(part in ("", ".", "..", ".git") for part in parts):
        raise ConfigRepoError(f"cannot read {path!r} from git: a tree entry may not be named "
                              "'', '.', '..' or '.git' (the repository is damaged)")
    return parts


def _blobs(root: Path, shas: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """``(sha, content)`` of each blob, in order, from one ``git cat-file --batch``."""
    proc = batch(root, "cat-file", "--batch")
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def ask() -> None:   # in a thread: git answers while it is still being asked
        try:
            stdin.write("".join(f"{sha}\n" for sha in shas).encode())
            stdin.close()
        except OSError:  # git is gone (the reader gave up): nothing left to ask
            pass

    writer = threading.Thread(target=ask, daemon=True)
    writer.start()
    done = False
    try:
        for sha in shas:
            header = stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise ConfigRepoError(f"git cannot read blob {sha}: {b' '.join(header).decode()}")
            size = int(header[2])
            data = stdout.read(size + 1)
            if len(data) != size + 1:
                raise ConfigRepoError(f"git ended while reading blob {sha}")
            yield sha, data[:size]
        done = True
    finally:
        if not done:
            proc.kill()
        stdout.close()
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
        for sha, data in _blobs(root, list(wanted)):
            for target in wanted[sha]:
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                # O_EXCL|O_NOFOLLOW: nothing written yet is a symlink (they come last), and a
                # tree that names a path twice is refused rather than written through.
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
        names = dict(_blobs(root, [e.sha for e in links])) if links else {}
        for entry in links:
            target = dest.joinpath(*_safe_parts(entry.path))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(names[entry.sha], os.fsencode(target))
    except OSError as exc:
        where = os.path.relpath(os.fsdecode(exc.filename), dest) if exc.filename else "a file"
        raise ConfigRepoError(f"cannot export {where} at {rev[:12]}: {exc.strerror} "
                              "(a tree that names one path twice is damaged; run git fsck)") from None
