"""Evidence files: where they are, and whether their bytes are what was signed off."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath


class Evidence(enum.Enum):
    OK = "ok"
    OUTSIDE = "outside"      # absolute, '..', or a symlink that leaves the tenant directory
    MISSING = "missing"      # no such file (or not a regular file)
    MISMATCH = "mismatch"    # the file's sha256 differs from the one recorded


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
    """Checks the evidence paths of one tenant directory, hashing each file once."""

    root: Path
    _hashes: dict[str, str | None] = field(default_factory=dict)
    _outside: dict[str, str | None] = field(default_factory=dict)
    _resolved_root: Path | None = None

    def _digest(self, rel: str) -> str | None:
        if rel not in self._hashes:
            path = self.root / rel
            try:
                if not path.is_file():
                    self._hashes[rel] = None
                else:
                    self._hashes[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self._hashes[rel] = None
        return self._hashes[rel]

    def outside(self, rel: str) -> str | None:
        """Why ``rel`` leaves the tenant directory, or None when it stays inside."""
        if rel not in self._outside:
            self._outside[rel] = self._why_outside(rel)
        return self._outside[rel]

    def _why_outside(self, rel: str) -> str | None:
        reason = _escapes(rel)
        if reason:
            return reason
        if self._resolved_root is None:
            self._resolved_root = self.root.resolve()
        try:
            resolved = (self.root / rel).resolve()
            resolved.relative_to(self._resolved_root)
        except ValueError:
            return "resolves (through a symlink) outside the tenant directory"
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python 3.11
            return "cannot be resolved (a symlink loop?)"
        return None

    def check(self, rel: str, sha256: str | None) -> Evidence:
        if self.outside(rel):
            return Evidence.OUTSIDE
        digest = self._digest(rel)
        if digest is None:
            return Evidence.MISSING
        if sha256 is not None and digest != sha256:
            return Evidence.MISMATCH
        return Evidence.OK

    def actual(self, rel: str) -> str | None:
        return None if self.outside(rel) else self._digest(rel)
