"""The one small exception tree for "golive cannot run at all" (exit 2).

Anything wrong *inside* tenant files is a finding, never one of these.
"""

from __future__ import annotations


class GoliveError(Exception):
    """golive cannot run: the message is the one line shown on stderr."""


class UsageError(GoliveError):
    """Bad arguments: an unknown tenant, a malformed date, a path outside the repo."""


class ConfigRepoError(GoliveError):
    """The directory is not a golive config repository, or its checks cannot be read."""
