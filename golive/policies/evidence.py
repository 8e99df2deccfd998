"""Evidence files: where they are, and whether their bytes are what was signed off.

An evidence path names a regular file of the tenant directory, as the directory
was listed once (:func:`golive.core.regular_files.scan`): nothing on the way is followed, so
a symlink, a FIFO, a device or a nested repository proves nothing (and is an
integrity error of its own, at its path).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from golive.core import regular_files
from golive.policies.settings import Settings


class Evidence(enum.Enum):
    OK = "ok"
    OUTSIDE = "outside"          # absolute, or through '..'
    MISSING = "missing"          # no such file (or a directory)
    NOT_REGULAR = "not_regular"  # a symlink, FIFO, device, socket or nested repository, or inside one
    TOO_LARGE = "too_large"      # larger than the evidence size limit
    MISMATCH = "mismatch"        # the file's sha256 differs from the one recorded


def _escapes(rel: str) -> str | None:
    """Why ``rel`` is not a plain relative path, or None."""
    if not rel:
        return "is empty"
    if "\x00" in rel:
        return "contains a NUL character"
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() or rel.startswith("\\"):
        return "is an absolute path"
    if ".." in PurePosixPath(rel.replace("\\", "/")).parts:
        return "contains '..'"
    return None


@dataclass
class EvidenceChecker:
    """Checks the evidence paths of one tenant directory, hashing each file once.

    ``entries`` is the directory as :func:`golive.core.regular_files.scan` listed it (listed on
    first use when not given); ``max_bytes`` the largest evidence file hashed.
    """

    root: Path
    entries: Mapping[str, regular_files.Entry] | None = None
    max_bytes: int = Settings.max_evidence_bytes
    _hashes: dict[str, str | Evidence] = field(default_factory=dict)
    # What each signed evidence file proves, worked out once per check (golive.policies.proof).
    proofs: dict[str, object] = field(default_factory=dict)

    def _listed(self) -> Mapping[str, regular_files.Entry]:
        if self.entries is None:
            self.entries = regular_files.scan(self.root)
        return self.entries

    def _digest(self, rel: str) -> str | Evidence:
        """The sha256 of the regular file ``rel``, or the state that says why there is none."""
        key = regular_files.key(rel)
        if key not in self._hashes:
            entries = self._listed()
            entry = entries.get(key)
            if regular_files.blocked_by(entries, key) is not None:
                self._hashes[key] = Evidence.NOT_REGULAR
            elif entry is None or not entry.regular or not key:
                self._hashes[key] = Evidence.MISSING
            elif entry.size > self.max_bytes:
                self._hashes[key] = Evidence.TOO_LARGE
            else:
                try:
                    self._hashes[key] = regular_files.sha256_regular(self.root / key, self.max_bytes)
                except regular_files.NotRegular:
                    self._hashes[key] = Evidence.NOT_REGULAR
                except regular_files.TooLarge:
                    self._hashes[key] = Evidence.TOO_LARGE
                except OSError:
                    self._hashes[key] = Evidence.MISSING
        return self._hashes[key]

    def outside(self, rel: str) -> str | None:
        """Why ``rel`` leaves the tenant directory (an absolute path, '..'), or None when it stays inside."""
        return _escapes(rel)

    def check(self, rel: str, sha256: str | None) -> Evidence:
        if self.outside(rel):
            return Evidence.OUTSIDE
        digest = self._digest(rel)
        if isinstance(digest, Evidence):
            return digest
        if sha256 is not None and digest != sha256:
            return Evidence.MISMATCH
        return Evidence.OK

    def actual(self, rel: str) -> str | None:
        """The sha256 of the regular file ``rel``, None when there is none."""
        if self.outside(rel):
            return None
        digest = self._digest(rel)
        return None if isinstance(digest, Evidence) else digest

    def size(self, rel: str) -> int:
        """The size in bytes of the listed entry ``rel`` (-1 when not a listed regular file)."""
        entry = self._listed().get(regular_files.key(rel))
        return entry.size if entry is not None and entry.regular else -1

    def read(self, rel: str) -> bytes:
        """The bytes of the evidence file ``rel`` (one that :meth:`check` found OK).

        Raises :class:`OSError` (:class:`golive.core.regular_files.NotRegular`, ``TooLarge``) otherwise.
        """
        if self.outside(rel) or regular_files.blocked_by(self._listed(), rel) is not None:
            raise regular_files.NotRegular(f"{rel} is not a regular file of the tenant directory")
        return regular_files.read_regular(self.root / regular_files.key(rel), self.max_bytes)
