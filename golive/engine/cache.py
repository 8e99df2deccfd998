"""A content cache of tenant results, so a re-run checks only what changed.

A tenant's result is reused only when every input it depends on is the same:

- the git blob id of every file in its directory (evidence included; files on
  disk that differ from the index, untracked and ignored files are hashed), and
  every symlink, FIFO or nested repository there, which golive reports;
- a digest of the checks: the schemas' bytes, ``policies/settings.yaml``, and
  golive's own code (its version and the source of every module, so an upgrade
  or a local edit of a policy invalidates everything);
- the as-of date, since some rules look at today.

An entry is used only when it is authenticated: it carries an HMAC-SHA256
(RFC 2104) over the cache format, the tenant, its key and the report's exact
bytes, made with a key of this machine kept outside the repository, in the
user's cache directory (``$XDG_CACHE_HOME/golive/key``, else
``~/.cache/golive/key``, per the XDG Base Directory spec): 32 random bytes,
created once with permissions 0600 (``golive.engine.cache_key``). An edited entry,
a cache file committed to the repository or copied from another machine fails
the check, and its tenant is checked afresh. When the key cannot be created or
read (or is readable by others), the cache is not used at all; that is never an
error.

One file per run holds every entry (``<cache dir>/results.json``), written
atomically, so two runs never see half an entry. A cache that cannot be read is
ignored; one that cannot be written is left alone. Neither is an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from golive.core.findings import EvidenceProof, Finding, Severity, TenantReport, WaiverReport
from golive.core.layout import STATE_DIR, TENANTS_DIR
from golive.core.state_dir import ignore_in_git
from golive.core.version import VERSION
from golive.engine.cache_key import machine_key
from golive.git.object_ids import work_tree_ids
from golive.git.work_tree import index_blob_ids

CACHE_ENV = "GOLIVE_CACHE_DIR"
# 2: entries carry an HMAC, and the report as the exact JSON text it covers.
FORMAT = 2
_CODE_DIGEST: str | None = None


def cache_dir(repo: Path) -> Path:
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else repo / STATE_DIR / "cache"


def _mac(secret: bytes, tenant: str, key: str, report: str) -> bytes:
    """HMAC-SHA256 over one entry: the cache format, the tenant, its key and the report's text."""
    mac = hmac.new(secret, f"golive-cache-{FORMAT}\0{tenant}\0{key}\0".encode(), hashlib.sha256)
    # surrogatepass: a JSON string may hold a lone surrogate; it must not make the check raise.
    mac.update(report.encode("utf-8", "surrogatepass"))
    return mac.digest()


def _code_digest() -> str:
    """A digest of golive's own modules and templates (computed once per process)."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        package = Path(__file__).resolve().parent.parent   # golive/
        h = hashlib.sha256(VERSION.encode())
        for path in sorted([*package.rglob("*.py"), *package.rglob("*.j2")]):
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE_DIGEST = h.hexdigest()
    return _CODE_DIGEST


def rulebook_digest(schemas: Iterable[tuple[str, bytes]], settings: bytes, as_of: dt.date) -> str:
    h = hashlib.sha256(f"golive-cache-{FORMAT}\0{_code_digest()}\0{as_of.isoformat()}\0".encode())
    for name, data in schemas:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    h.update(hashlib.sha256(settings).digest())
    return h.hexdigest()


def file_ids(repo: Path, top: str = TENANTS_DIR) -> dict[str, str]:
    """``{repo-relative path: id}`` of every file under ``top`` as it is on disk.

    The entries are listed from disk without following symlinks (a symlink, a
    FIFO or a nested repository is an entry of its own, see
    :mod:`golive.git.object_ids`); git's index gives the blob ids of the regular
    files it tracks unchanged, and only the others are hashed. Outside a git work
    tree, every file is hashed.
    """
    return work_tree_ids(repo, top, index_blob_ids(repo, top))


def by_tenant(ids: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Group ``file_ids`` by tenant directory (``tenants/<id>``), each group sorted by path."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for path, blob in ids.items():
        parts = path.split("/", 2)
        if len(parts) == 3:
            groups.setdefault(f"{parts[0]}/{parts[1]}", []).append((path, blob))
    for entries in groups.values():
        entries.sort()
    return groups


def tenant_key(checks: str, entries: Iterable[tuple[str, str]]) -> str:
    """The cache key of one tenant: the checks' digest and its files' paths and blob ids."""
    h = hashlib.sha256(checks.encode())
    for path, blob in entries:
        h.update(f"\0{path}\0{blob}".encode())
    return h.hexdigest()


def report_types() -> dict[str, type]:
    """The only types a cache entry may hold: the values a tenant report is made of."""
    from golive.core import hypercare

    return {t.__name__: t for t in (TenantReport, Finding, WaiverReport, Severity,
                                    hypercare.Day, hypercare.Reading, EvidenceProof)}


def encode(value: Any) -> Any:
    """``value`` (a tenant report or a part of one) as JSON data that :func:`decode` restores.

    Dataclasses become ``{"$": name, "f": fields}``, enums ``{"$e": ...}``, dates
    ``{"$d": ...}``, tuples ``{"$t": [...]}`` and dicts ``{"$m": {...}}``; TypeError
    for anything else.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"$": type(value).__name__, "f": fields}
    if isinstance(value, enum.Enum):
        return {"$e": type(value).__name__, "v": value.value}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$m": {k: encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(data: Any, types: dict[str, type]) -> Any:
    """What :func:`encode` made, rebuilt with only the classes in ``types`` (by name).

    Data that does not fit raises KeyError, TypeError or ValueError.
    """
    if isinstance(data, list):
        return [decode(v, types) for v in data]
    if not isinstance(data, dict):
        return data
    if "$" in data:
        return types[data["$"]](**{k: decode(v, types) for k, v in data["f"].items()})
    if "$e" in data:
        return types[data["$e"]](data["v"])
    if "$d" in data:
        return dt.date.fromisoformat(data["$d"])
    if "$t" in data:
        return tuple(decode(v, types) for v in data["$t"])
    return {k: decode(v, types) for k, v in data["$m"].items()}


def loads(text: str, types: dict[str, type]) -> Any:
    """:func:`decode` of the JSON ``text``, done while the JSON is parsed (each object once, as the
    C parser finishes it) instead of by a second walk over the parsed data.

    An object is read by its exact set of keys (``{"$", "f"}``, ``{"$e", "v"}``, ``{"$d"}``,
    ``{"$t"}``, ``{"$m"}``); any other is a field mapping or a mapping's contents. The only
    mapping a report holds is its checklist, keyed by checklist item names, so none of its
    contents can look like a marker. Errors as :func:`decode`.
    """
    def hook(obj: dict[str, Any]) -> Any:
        if len(obj) == 2 and "$" in obj and "f" in obj:
            return types[obj["$"]](**obj["f"])
        if len(obj) == 1:
            if "$t" in obj:
                return tuple(obj["$t"])
            if "$m" in obj:
                return obj["$m"]
            if "$d" in obj:
                return dt.date.fromisoformat(obj["$d"])
        elif len(obj) == 2 and "$e" in obj and "v" in obj:
            return types[obj["$e"]](obj["v"])
        return obj

    return json.loads(text, object_hook=hook)


def _load(text: str) -> TenantReport:
    report = loads(text, report_types())
    if not isinstance(report, TenantReport):
        raise TypeError("not a tenant report")
    return report


class ResultCache:
    """The latest report of each tenant with its content key; loaded once and saved once per run.

    Each entry is ``{"key": ..., "report": <the report as JSON text>, "mac": <hex>}``;
    ``get`` checks the MAC before it parses anything. Without a usable machine key
    (``machine_key``) the cache reads nothing and writes nothing.
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / "results.json"
        self._entries: dict[str, Any] = {}
        self._dirty = False
        self._secret = machine_key()
        if self._secret is None:
            return
        try:
            stored = json.loads(self.path.read_bytes())
            if stored.get("format") == FORMAT and isinstance(stored.get("entries"), dict):
                self._entries = stored["entries"]
        except (OSError, ValueError, AttributeError):
            self._entries = {}

    def get(self, tenant: str, key: str) -> TenantReport | None:
        entry = self._entries.get(tenant)
        if self._secret is None or not isinstance(entry, dict) or entry.get("key") != key:
            return None
        text, mac = entry.get("report"), entry.get("mac")
        if not isinstance(text, str) or not isinstance(mac, str):
            return None
        try:
            authentic = hmac.compare_digest(bytes.fromhex(mac), _mac(self._secret, tenant, key, text))
        except ValueError:
            return None
        if not authentic:
            return None   # edited, committed, or made on another machine: check afresh
        try:
            return _load(text)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None   # written by another version: check afresh

    def put(self, tenant: str, key: str, report: TenantReport) -> None:
        if self._secret is None:
            return
        text = json.dumps(encode(report), separators=(",", ":"))
        self._entries[tenant] = {"key": key, "report": text,
                                 "mac": _mac(self._secret, tenant, key, text).hex()}
        self._dirty = True

    def save(self, tenants: Iterable[str] | None = None) -> None:
        """Write the cache; with ``tenants`` (a full run), forget tenants no longer there."""
        if self._secret is None:
            return
        if tenants is not None:
            keep = set(tenants)
            for gone in [t for t in self._entries if t not in keep]:
                del self._entries[gone]
                self._dirty = True
        if not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            top = self.path.parent.parent if self.path.parent.parent.name == STATE_DIR else self.path.parent
            ignore_in_git(top)
            tmp = self.path.with_name(f".results.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"format": FORMAT, "entries": self._entries}), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
