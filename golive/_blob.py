"""Git's blob ids, computed without git: what ``git hash-object`` prints for some bytes."""

from __future__ import annotations

import hashlib


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
