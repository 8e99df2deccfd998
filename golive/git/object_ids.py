"""Git's object ids computed from disk, without git: blob ids of files, tree ids of directories.

Blob ids (what ``git hash-object`` prints for a file) key the result cache and compare
what is on disk with what git holds. Every entry golive would report is listed too,
never followed: a symlink by its target's name (as git stores it), a nested
repository, FIFO, socket or device by a marker that is no blob id, so adding,
changing or removing one is a change.

Tree ids (what ``git write-tree`` would give for a directory) let pull-request mode
compare a tenant directory in the work tree with the states it had in history by
one id each, instead of file by file. The format is git's tree object
(``<mode> <name>\\0<20-byte id>`` per entry, entries sorted by name with
directories compared as ``name/``), hashed with SHA-1 like every git object.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from golive.core import regular_files


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _entry_id(path: Path, entry: regular_files.Entry) -> str | None:
    """The id of one listed entry: a blob id for a file or symlink, ``not-a-blob:<kind>`` otherwise."""
    try:
        if entry.kind == regular_files.FILE:
            return regular_files.git_blob_id(path)
        if entry.kind == regular_files.SYMLINK:
            return blob_id(os.fsencode(os.readlink(path)))
    except OSError:
        return None    # gone, or no longer what it was when listed
    return f"not-a-blob:{entry.kind}"


def work_tree_ids(root: Path, top: str, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{root-relative path: id}`` of every file and every reported entry on disk under ``top``.

    Symlinks are listed, never followed: a symlinked directory is one entry and
    nothing under it. ``known`` gives the blob ids of regular files known to be
    unchanged (git's index), which are then not read.
    """
    known = known or {}
    entries = {}
    for rel, entry in regular_files.scan(root / top, sizes=False).items():
        if entry.kind == regular_files.DIRECTORY:
            continue
        path = f"{top}/{rel}" if rel else top
        digest = known.get(path) if entry.kind == regular_files.FILE else None
        if digest is None:
            digest = _entry_id(root / path, entry)
        if digest is not None:
            entries[path] = digest
    return entries


_CHUNK = 1 << 20


def _object_id(kind: bytes, data: bytes) -> bytes:
    return hashlib.sha1(kind + b" %d\0" % len(data) + data, usedforsecurity=False).digest()


def _file_id(path: Path, size: int) -> bytes:
    h = hashlib.sha1(b"blob %d\0" % size, usedforsecurity=False)
    with open(path, "rb", buffering=0) as handle:   # lstat said a regular file: never a FIFO
        while chunk := handle.read(_CHUNK):
            h.update(chunk)
    return h.digest()


def _tree(directory: Path) -> bytes | None:
    entries: list[tuple[bytes, bytes, bytes]] = []   # (sort key, mode, id)
    with os.scandir(directory) as scan:
        for entry in scan:
            name = os.fsencode(entry.name)
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                target = os.fsencode(os.readlink(entry.path))
                entries.append((name, b"120000", bytes.fromhex(blob_id(target))))
            elif stat.S_ISREG(info.st_mode):
                mode = b"100755" if info.st_mode & stat.S_IXUSR else b"100644"
                entries.append((name, mode, _file_id(Path(entry.path), info.st_size)))
            elif stat.S_ISDIR(info.st_mode):
                if entry.name == ".git":
                    return None     # a nested repository: git would store a gitlink
                sub = _tree(Path(entry.path))
                if sub is None:
                    return None
                if sub:
                    entries.append((name + b"/", b"40000", sub))
            else:
                return None         # a FIFO, socket or device: no state git can hold
    if not entries:
        return b""                  # git keeps no empty directories
    body = b"".join(mode + b" " + key.rstrip(b"/") + b"\0" + oid for key, mode, oid in sorted(entries))
    return _object_id(b"tree", body)


def tree_id(directory: Path) -> str | None:
    """The hex id of the tree git would store for ``directory``.

    None when the directory is missing or empty, or holds something git cannot
    store as it is (a FIFO, a socket, a device, a nested repository), or cannot be
    read: such a directory equals no state in history.
    """
    if directory.is_symlink():
        return None                 # git would store a link, not this directory's files
    try:
        found = _tree(directory)
    except OSError:
        return None
    return found.hex() if found else None
