"""Git's blob ids, computed without git: what ``git hash-object`` prints for a file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def file_id(path: Path) -> str | None:
    """The blob id of a file as git would store it (a symlink by its target), None if unreadable."""
    try:
        if path.is_symlink():
            return blob_id(os.fsencode(os.readlink(path)))
        if path.is_file():
            return blob_id(path.read_bytes())
    except OSError:
        return None
    return None


def work_tree_ids(root: Path, top: str) -> dict[str, str]:
    """``{root-relative path: blob id}`` for every file on disk under ``top``."""
    entries = {}
    for dirpath, _dirs, files in os.walk(root / top):
        for name in files:
            path = Path(dirpath) / name
            digest = file_id(path)
            if digest is not None:
                entries[path.relative_to(root).as_posix()] = digest
    return entries
