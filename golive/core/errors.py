"""The one small exception tree for "golive cannot run at all" (exit 2), and golive's own bugs (exit 3).

Anything wrong *inside* tenant files is a finding, never one of these.
"""

from __future__ import annotations


class GoliveError(Exception):
    """golive cannot run: the message is the one line shown on stderr."""


class UsageError(GoliveError):
    """Bad arguments: an unknown tenant, a malformed date, a path outside the repo.

    ``usage`` is the command's usage text when the arguments themselves did not parse;
    the CLI prints it under the one-line message.
    """

    def __init__(self, message: str, *, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage


class ConfigRepoError(GoliveError):
    """The directory is not a golive config repository, or its checks cannot be read."""


class PolicyCrashed(Exception):
    """A policy raised on some tenants (a bug in golive): exit 3 once the results are shown.

    ``lines`` hold one line per crash naming the rule, the tenant and the exception;
    ``traces`` the tracebacks, for ``--debug``.
    """

    def __init__(self, lines: tuple[str, ...], traces: tuple[str, ...] = ()) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines
        self.traces = traces
