"""Splitting a full check across machines (``validate --shard K/N``) and merging the parts.

A tenant's shard is fixed by its id alone: ``int(sha256(id)[:16], 16) % N + 1``, so a
tenant lands in the same shard whatever other tenants come and go, and the N shards
partition the tenants exactly. Each shard's ``--format json`` output carries, besides
the usual summary and findings, a ``shard`` header (its index and count, the commit
checked, the digest of the checks, the as-of day and golive's version) and every
tenant report whole (``reports``), encoded as the result cache encodes them.

:func:`merge` reads N such documents back into the one :class:`Result` an unsharded
run would have made (tenants in the same order), so any reporter renders it byte for
byte as that run would. A missing, duplicated or foreign shard (another revision,
other checks, another count, a work tree with uncommitted changes, or a tenant that
does not belong to it) is :class:`~golive.core.errors.UsageError`.

A shard file is trusted as the output of the job that made it (in CI, an artifact of
the same workflow run): its findings cannot be proven, only its shape and header
checked. Every string in it passes the output boundary again, so a file edited by
hand cannot put raw control characters or workflow commands into the merged report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from golive.core import redact
from golive.core.errors import UsageError
from golive.core.findings import Crash, Finding, Result, TenantReport, sort_findings
from golive.core.version import VERSION
from golive.engine.cache import decode, encode, report_types

FORMAT = 1
_SPEC = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")


@dataclasses.dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based)."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, tenant: str) -> bool:
        return shard_of(tenant, self.count) == self.index


def parse(text: str) -> Shard:
    """``"K/N"`` as a :class:`Shard`; ValueError unless 1 ≤ K ≤ N."""
    m = _SPEC.fullmatch(text.strip())
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ValueError(f"not a shard K/N with 1 <= K <= N: {text!r}")
    return Shard(int(m.group(1)), int(m.group(2)))


def shard_of(tenant: str, count: int) -> int:
    """The shard (1..count) tenant id ``tenant`` belongs to."""
    digest = hashlib.sha256(tenant.encode("utf-8", "surrogateescape")).hexdigest()
    return int(digest[:16], 16) % count + 1


def _masked(value: Any) -> Any:
    """``value`` with every string in it passed through the output boundary again.

    A shard file is read from disk: whatever it says reaches the merged report only as
    golive would print it, masked and with control characters escaped (text golive made
    itself is unchanged, since masking twice changes nothing).
    """
    if isinstance(value, enum.Enum):
        return value
    if isinstance(value, str):
        return redact.text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _masked(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple):
        return tuple(_masked(v) for v in value)
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, dict):
        return {_masked(k): _masked(v) for k, v in value.items()}
    return value


def _types() -> dict[str, type]:
    """What a shard's reports may hold: what the cache may (one list for both), and a crash."""
    return {**report_types(), Crash.__name__: Crash}


def document(result: Result, shard: Shard, *, revision: str, checks: str, as_of: dt.date,
             base: str = "", dirty: bool = False) -> dict[str, Any]:
    """The ``--format json`` output of one shard: the usual keys, ``shard`` and ``reports``.

    ``base`` is the merge base a pull-request run judged against ("" for a full check);
    ``dirty`` says the work tree had uncommitted changes (such a shard never merges).
    """
    return {
        **result.as_dict(),
        "shard": {"format": FORMAT, "index": shard.index, "count": shard.count, "revision": revision,
                  "base": base, "dirty": dirty, "checks": checks, "as_of": as_of.isoformat(),
                  "golive": VERSION},
        "reports": [encode(r) for r in result.tenants],
        "rulebook_changes": [encode(f) for f in result.rulebook_changes],
    }


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None
    except ValueError:
        raise UsageError(f"{path} is not JSON: give the output of golive validate --shard K/N "
                         "--format json") from None
    if not isinstance(data, dict) or not isinstance(data.get("shard"), dict) \
            or data["shard"].get("format") != FORMAT:
        raise UsageError(f"{path} is not a shard result of this golive: make it with "
                         "golive validate --shard K/N --format json")
    return data


def merge(paths: Sequence[Path]) -> Result:
    """The result of an unsharded run, from the N shard documents at ``paths``."""
    if not paths:
        raise UsageError("give the shard files to merge")
    docs = [(p, _read(p)) for p in paths]
    first_path, first = docs[0]
    same = {"count": "shard count", "revision": "commit", "base": "base (pull-request mode)",
            "checks": "checks (schemas, settings, golive's code and the as-of day)",
            "as_of": "as-of day", "golive": "golive version"}
    seen: dict[int, Path] = {}
    for path, doc in docs:
        header = doc["shard"]
        if header.get("dirty") is not False:
            raise UsageError(f"{path} was made from a work tree with uncommitted changes: shards are "
                             "merged only when each checked the same commit as it is")
        for key, what in same.items():
            if header.get(key) != first["shard"].get(key):
                raise UsageError(f"{path} is from another run than {first_path}: another {what}")
        index = header.get("index")
        if index in seen:
            raise UsageError(f"{path} and {seen[index]} are both shard {index}/{header['count']}")
        seen[index] = path
    count = first["shard"]["count"]
    missing = [k for k in range(1, count + 1) if k not in seen]
    if missing or len(seen) != count:
        raise UsageError(f"shard {missing[0] if missing else '?'}/{count} is missing: "
                         f"merge needs all {count} shards")
    types = _types()
    reports: list[TenantReport] = []
    tenant_changes: list[Finding] = []
    shared: tuple[Finding, ...] = ()
    for path, doc in docs:
        try:
            part = [_masked(decode(r, types)) for r in doc.get("reports", [])]
            changes = tuple(_masked(decode(f, types)) for f in doc.get("rulebook_changes", []))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise UsageError(f"{path}: its reports cannot be read; make it again with this golive") from None
        if not all(isinstance(r, TenantReport) for r in part) or \
                not all(isinstance(f, Finding) for f in changes):
            raise UsageError(f"{path}: its reports cannot be read; make it again with this golive")
        # Findings about the checks themselves are the same in every shard; those that name a
        # tenant (the impact preview in pull-request mode) are its shard's alone.
        common = tuple(f for f in changes if not f.tenant)
        if path == first_path:
            shared = common
        elif common != shared:
            raise UsageError(f"{path} reports other findings about the checks than {first_path}")
        shard = Shard(doc["shard"]["index"], count)
        own = [f for f in changes if f.tenant]
        stray = next((r.tenant for r in part if not shard.holds(r.tenant)), None) or \
            next((f.tenant for f in own if not shard.holds(f.tenant)), None)
        if stray is not None:
            raise UsageError(f"{path} holds tenant {stray!r}, which belongs to shard "
                             f"{shard_of(stray, count)}/{count}, not {shard}")
        reports.extend(part)
        tenant_changes.extend(own)
    tenants = [r.tenant for r in reports]
    if len(set(tenants)) != len(tenants):
        twice = next(t for t in tenants if tenants.count(t) > 1)
        raise UsageError(f"tenant {twice!r} is reported twice (in two shard files, or twice in one)")
    return Result(tuple(sorted(reports, key=lambda r: r.tenant)),
                  sort_findings([*shared, *tenant_changes]))
