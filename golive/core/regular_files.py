"""The entries of a tenant directory as ``lstat`` sees them: only regular files are ever read.

golive reads a tenant's files, rule sets and evidence only when they are regular
files committed in the tenant's directory. Anything else under ``tenants/`` is an
entry golive reports (``GL-FILE-NOT-REGULAR``) and never opens, follows or walks
into:

- a symlink, whatever it points at (a file or a directory, inside or outside the
  repository, nothing, or itself): what it reads depends on the machine, and git
  stores only its target's name;
- a FIFO, a socket, a character or block device (reading ``/dev/zero`` or a FIFO
  never ends);
- a directory holding ``.git``, a nested repository or a submodule's checkout:
  git stores it as a gitlink (a commit id of another repository), so its files
  are on this disk and in no clone.

Listing uses :func:`os.scandir` without following symlinks. Reading checks the
size first (``lstat``), then opens with ``O_NOFOLLOW | O_NONBLOCK`` and checks
again on the open file (``fstat``), so an entry swapped for a symlink or a FIFO
between the listing and the read is refused rather than followed or waited on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from golive.core.errors import UsageError

NOT_REGULAR = "GL-FILE-NOT-REGULAR"

FILE = "regular file"
DIRECTORY = "directory"
SYMLINK = "symlink"
GITLINK = "nested git repository"
FIFO = "FIFO (named pipe)"
SOCKET = "socket"
CHAR_DEVICE = "character device"
BLOCK_DEVICE = "block device"
UNLISTABLE = "directory that cannot be listed"
OTHER = "special file"

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One entry under a directory: its kind (``FILE``, ``DIRECTORY``, ...) and ``lstat`` size in bytes.

    ``size`` is -1 where it was not asked for (:func:`scan` with ``sizes=False``).
    """

    kind: str
    size: int = -1

    @property
    def regular(self) -> bool:
        return self.kind == FILE

    @property
    def reported(self) -> bool:
        """Whether the entry is an error in itself: neither a regular file nor a plain directory."""
        return self.kind not in (FILE, DIRECTORY)


_KINDS = ((stat.S_ISREG, FILE), (stat.S_ISDIR, DIRECTORY), (stat.S_ISLNK, SYMLINK),
          (stat.S_ISFIFO, FIFO), (stat.S_ISSOCK, SOCKET), (stat.S_ISCHR, CHAR_DEVICE),
          (stat.S_ISBLK, BLOCK_DEVICE))


def kind_of(mode: int) -> str:
    """The kind of an entry from its ``lstat`` mode (a directory here is a plain one)."""
    return next((kind for test, kind in _KINDS if test(mode)), OTHER)


def _walk(directory: str, prefix: str, sizes: bool, out: dict[str, Entry]) -> None:
    try:
        with os.scandir(directory) as listing:
            found = sorted(listing, key=lambda e: e.name)
    except OSError:
        out[prefix.rstrip("/")] = Entry(UNLISTABLE)
        return
    if prefix and any(e.name == ".git" for e in found):
        out[prefix.rstrip("/")] = Entry(GITLINK)
        return
    for entry in found:
        rel = prefix + entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                out[rel] = Entry(DIRECTORY)
                _walk(entry.path, rel + "/", sizes, out)
            elif entry.is_file(follow_symlinks=False):
                out[rel] = Entry(FILE, entry.stat(follow_symlinks=False).st_size if sizes else -1)
            elif entry.is_symlink():
                out[rel] = Entry(SYMLINK)
            else:
                out[rel] = Entry(kind_of(entry.stat(follow_symlinks=False).st_mode))
        except OSError:     # gone between the listing and the look: as if never there
            out.pop(rel, None)


def scan(top: Path, *, sizes: bool = True) -> dict[str, Entry]:
    """Every entry under ``top`` by its ``top``-relative POSIX path, ``top`` itself as ``''``.

    Never follows a symlink and never walks into a nested git repository (a
    directory holding ``.git``; ``top`` itself too) or a directory it cannot list:
    those are one entry each. A ``top`` that is not a directory is the only entry;
    a ``top`` that does not exist gives ``{}``.
    """
    try:
        mode = os.lstat(top).st_mode
    except OSError:
        return {}
    if not stat.S_ISDIR(mode):
        return {"": Entry(kind_of(mode))}
    if os.path.lexists(top / ".git"):
        return {"": Entry(GITLINK)}
    out = {"": Entry(DIRECTORY)}
    _walk(os.fspath(top), "", sizes, out)
    return out


def reported(entries: Mapping[str, Entry]) -> Iterator[tuple[str, Entry]]:
    """The entries that are errors in themselves (not regular files, not plain directories), in order."""
    for rel in sorted(entries):
        if entries[rel].reported:
            yield rel, entries[rel]


def key(rel: str) -> str:
    """``rel`` as a key of :func:`scan`'s result (``./a//b`` is ``a/b``); ``rel`` has no '..'."""
    normal = PurePosixPath(rel).as_posix()
    return "" if normal == "." else normal


def blocked_by(entries: Mapping[str, Entry], rel: str) -> tuple[str, Entry] | None:
    """The first entry on the way to ``rel`` (itself included) that is reported, if any."""
    parts = key(rel).split("/")
    for i in range(len(parts) + 1):
        step = "/".join(parts[:i])
        entry = entries.get(step)
        if entry is None:
            return None
        if entry.reported:
            return step, entry
    return None


def message(where: str, entry: Entry, tenant_dir: bool = False) -> str:
    """What is wrong with a reported entry at ``where`` and how to fix it."""
    if entry.kind == GITLINK:
        return (f"{where} is a nested git repository (a submodule or a directory holding .git): "
                "its files are in no clone of this repository; commit the files themselves "
                "instead of the repository")
    if entry.kind == UNLISTABLE:
        return f"{where} is a directory golive cannot list; check its permissions"
    fix = ("the tenant's directory itself, its files committed in git" if tenant_dir
           else "the file (or directory) itself, committed in git")
    return (f"{where} is a {entry.kind}, not a regular file; golive never follows or opens one "
            f"under tenants/: replace it with {fix}")


class NotRegular(OSError):
    """The path is not a regular file (or became something else since it was listed)."""


class TooLarge(OSError):
    """The file is larger than the limit; ``size`` is its size in bytes."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes, over the {limit}-byte limit")
        self.size, self.limit = size, limit


def _open(path: Path) -> int:
    """A read-only descriptor of the regular file ``path``; never follows a final symlink or blocks."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:   # O_NOFOLLOW met a symlink
            raise NotRegular(f"{path} is a symlink") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular(f"{path} is not a regular file")
    return fd


def _chunks(fd: int, limit: int) -> Iterator[bytes]:
    """The bytes of ``fd`` in chunks; :class:`TooLarge` once more than ``limit`` were read."""
    total = 0
    while chunk := os.read(fd, _CHUNK):
        total += len(chunk)
        if total > limit:
            raise TooLarge(total, limit)
        yield chunk


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``.

    Raises :class:`NotRegular` for anything else (a symlink is not followed, a FIFO
    not waited on), :class:`TooLarge` when it holds more than ``limit`` bytes (found
    from ``fstat`` before reading, or while reading a file that grows), and
    :class:`OSError` when it cannot be read.
    """
    fd = _open(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(size, limit)
        return b"".join(_chunks(fd, limit))
    finally:
        os.close(fd)


def sha256_regular(path: Path, limit: int) -> str:
    """The SHA-256 (hex) of the regular file ``path``, read in chunks; errors as :func:`read_regular`."""
    fd = _open(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(size, limit)
        digest = hashlib.sha256()
        for chunk in _chunks(fd, limit):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def git_blob_id(path: Path) -> str:
    """What ``git hash-object`` prints for the regular file ``path`` (read in chunks); errors as above."""
    fd = _open(path)
    try:
        size = os.fstat(fd).st_size
        digest = hashlib.sha1(b"blob %d\0" % size, usedforsecurity=False)
        read = 0
        for chunk in _chunks(fd, size):
            digest.update(chunk)
            read += len(chunk)
        if read != size:   # changed while being read: no id would be right
            raise NotRegular(f"{path} changed while it was read")
        return digest.hexdigest()
    finally:
        os.close(fd)


def read_to_edit(path: Path, shown: str, limit: int = 16 << 20) -> bytes:
    """The bytes of a tenant file golive is about to rewrite (``golive flip``, ``rollback``).

    Raises :class:`UsageError` naming ``shown`` when it is missing, unreadable, or
    not a regular file: writing through a symlink would change another file.
    """
    try:
        return read_regular(path, limit)
    except NotRegular:
        raise UsageError(f"{shown} is not a regular file (a symlink?); golive edits only regular "
                         "files: replace it with the file itself, committed in git") from None
    except TooLarge as exc:
        raise UsageError(f"{shown} is {exc.size:,} bytes, too large to be a tenant file") from None
    except FileNotFoundError:
        raise UsageError(f"{shown} is missing") from None
    except OSError as exc:
        raise UsageError(f"cannot read {shown}: {exc.strerror}") from None
