"""Git's blob ids, computed without git: what ``git hash-object`` prints for a file.

Used to compare what is on disk with what git holds (pull-request mode) and to key
the result cache. Every entry golive would report is listed too, never followed:
a symlink by its target's name (as git stores it), a nested repository, FIFO,
socket or device by a marker that is no blob id, so adding, changing or removing
one is a change.
"""

from __future__ import annotations

import hashlib
import os
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
