"""The values that cross the target boundary: flat per-tenant fields, changes, views, batches."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import unquote, unquote_plus

from golive.core import credential_text, secrets_screen
from golive.core.errors import GoliveError
from golive.core.platform_fields import Fields, State, field_order


class TargetError(GoliveError):
    """The target cannot be used: a bad URL, unreachable, refused, or not a golive store."""


# What an audit row records (its ``event``).
CHANGE = "change"            # a field set to its value at the revision
BREAK_GLASS = "break_glass"  # a held tenant's status set to read_only anyway
PRUNE = "prune"              # a field of a tenant git does not have, removed by --prune
HELD = "held"                # a tenant kept at what the store had (no field changes)
VERIFY = "verify"            # read back after the commit: not what apply meant to write


@dataclass(frozen=True)
class Change:
    """One field of one tenant going from ``old`` to ``new`` (None: absent); ``kind`` is an event."""

    tenant: str
    field: str
    old: str | None
    new: str | None
    kind: str = CHANGE

    def sort_key(self) -> tuple[str, tuple[int, str]]:
        return self.tenant, field_order(self.field)


@dataclass(frozen=True)
class StoreView:
    """What a target holds: the last run's commit, the live values and the applied snapshot.

    ``revisions`` is each managed tenant's applied commit (the one its fields were
    last applied from); ``gone`` the tenants an apply found missing from git.
    """

    revision: str | None
    live: State
    applied: State
    revisions: Mapping[str, str | None] = field(default_factory=dict)
    gone: frozenset[str] = frozenset()

    @property
    def unmanaged(self) -> tuple[str, ...]:
        """Tenants in the store that git does not have: gone from git, or never applied from it."""
        managed = {t for t in self.revisions if t not in self.gone}
        return tuple(sorted((self.live.keys() | self.applied.keys()) - managed))


@dataclass(frozen=True)
class Hold:
    """A tenant kept at what the store has: ``detail`` says why (an audit row of its own)."""

    tenant: str
    revision: str | None         # the commit it stays at
    detail: str


@dataclass(frozen=True)
class Batch:
    """One apply's writes, in one transaction.

    ``changes`` are made to the live values, each with an audit row (those of kind
    ``prune`` remove the tenants in ``pruned`` whole); ``desired`` holds the full
    live values of every tenant a change touches. ``snapshot`` gives the tenants
    whose applied snapshot is replaced, with its new values. ``applied`` are the
    tenants now at ``revision``; ``gone`` the tenants git no longer has.
    """

    revision: str
    author: str
    applied_by: str
    at: str                      # ISO 8601, UTC
    forced: bool
    changes: tuple[Change, ...]
    snapshot: Mapping[str, Fields]
    desired: Mapping[str, Fields]
    applied: tuple[str, ...] = ()
    holds: tuple[Hold, ...] = ()
    gone: tuple[str, ...] = ()
    pruned: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditEntry:
    """One audit row: a field changed (``event`` change, break_glass, prune, verify) or a hold."""

    id: int
    commit: str
    author: str
    at: str
    tenant: str
    field: str
    old: str | None
    new: str | None
    forced: bool
    applied_by: str | None = None   # None on rows written before golive recorded it
    event: str = CHANGE
    detail: str | None = None


class Session(Protocol):
    """A write transaction holding the target's apply lock until it ends."""

    def read(self) -> StoreView: ...

    def write(self, batch: Batch) -> None: ...


class Target(Protocol):
    """A config store. ``display`` is its URL with any password hidden."""

    display: str

    def read(self) -> StoreView: ...

    def session(self) -> AbstractContextManager[Session]:
        """Begin a transaction that holds the apply lock: commit on success, roll back on error."""
        ...

    def audit(self, batch: Batch) -> None:
        """Write only the audit rows of ``batch`` (its changes), in a transaction of their own."""
        ...

    def history(self, tenant: str | None = None) -> list[AuditEntry]: ...

    def close(self) -> None: ...


class Absent:
    """A store that does not exist yet, opened read-only: it holds nothing, and is never made."""

    def __init__(self, display: str) -> None:
        self.display = display

    def read(self) -> StoreView:
        return StoreView(None, {}, {})

    @contextmanager
    def session(self) -> Iterator[Session]:
        raise TargetError(f"target {self.display}: opened read-only")
        yield  # pragma: no cover (a generator, for contextmanager)

    def audit(self, batch: Batch) -> None:
        raise TargetError(f"target {self.display}: opened read-only")

    def history(self, tenant: str | None = None) -> list[AuditEntry]:
        return []

    def close(self) -> None:
        pass


# Query parameters that carry a password to libpq (``?password=``, ``&sslpassword=``).
_PASSWORD_PARAMETER = re.compile(r"([?&](?:ssl)?password=)([^&#]*)", re.IGNORECASE)


def _userinfo(url: str) -> tuple[int, int] | None:
    """Where the password of ``url`` is (start, end), read the way a person wrote it.

    Everything between the first ``:`` after ``scheme://`` and the *last* ``@`` is
    the password, whatever it holds: a malformed URL (``user:p@ss@host``,
    ``user:pa/ss@host``, ``user:pw@[::1/db``) is read as meant, not as libpq or
    urllib would split it, so no piece of the password is taken for a host or a path.
    """
    scheme = url.find("://")
    at = url.rfind("@")
    if scheme < 0 or at < scheme:
        return None
    colon = url.find(":", scheme + 3, at)
    return None if colon < 0 else (colon + 1, at)


def _more(url: str) -> list[tuple[int, int]]:
    """Passwords in the forms the rules of the boundary know (golive.core.credential_text):
    no ``//``, the host missing, ``%3D`` and other percent-encodings, ``password=`` in a
    libpq key=value string."""
    def named(name: str) -> bool:
        return "pass" in name.lower() or secrets_screen.names_secret(secrets_screen.words(name)) is not None

    return [*credential_text.url_passwords(url), *credential_text.url_parameters(url, named),
            *credential_text.assignments(url)]


def _hidden(url: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in sorted(spans):
        if end <= at:
            continue
        out += [url[at:max(at, start)], "***"]
        at = end
    return "".join(out) + url[at:]


def redact(url: str) -> str:
    """``url`` with its password, if any, shown as ``***`` (also ``?password=``, ``?sslpassword=``,
    percent-encoded, and in every malformed form)."""
    url = _PASSWORD_PARAMETER.sub(lambda m: m[1] + "***" if m[2] else m[0], url)
    span = _userinfo(url)
    url = url if span is None else url[:span[0]] + "***" + url[span[1]:]
    return _hidden(url, [s for s in _more(url) if url[s[0]:s[1]] != "***"])


def secrets_of(url: str) -> list[str]:
    """The passwords ``url`` holds, as written and percent-decoded: what no message may quote."""
    found = [m[2] for m in _PASSWORD_PARAMETER.finditer(url) if m[2]]
    bare = _PASSWORD_PARAMETER.sub(lambda m: m[1], url)   # a query's '@' is not the userinfo's
    span = _userinfo(bare)
    if span is not None and span[0] < span[1]:
        found.append(bare[span[0]:span[1]])
    found += [url[start:end] for start, end in _more(url)]
    decoded = [unquote_plus(s) for s in found] + [unquote(s) for s in found]
    return sorted({s for s in found + decoded if s}, key=len, reverse=True)


def _pieces(text: str, secret: str) -> str:
    """``text`` with every run of four characters or more (or all of a shorter ``secret``) from it hidden."""
    shortest = min(4, len(secret))
    out, i = [], 0
    while i < len(text):
        n = 0
        while i + n < len(text) and text[i:i + n + 1] in secret:
            n += 1
        if n >= shortest:
            out.append("***")
            i += n
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def scrub(message: str, url: str) -> str:
    """``message`` (a driver's or libpq's own words about ``url``) with no piece of its passwords.

    A password written out anywhere becomes ``***``. libpq also quotes the piece of a
    malformed URL it choked on, which may be part of a password, or a password and
    the host after it: inside quotes, every run of four characters or more that is
    also part of a password is hidden too.
    """
    for secret in secrets_of(url):
        def hidden(quoted: re.Match[str], secret: str = secret) -> str:
            return _pieces(quoted[0], secret)

        message = _QUOTED.sub(hidden, message).replace(secret, "***")
    return message
