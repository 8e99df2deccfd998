"""The engine: load a tenant, run its schemas and policies, place every finding."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import os
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from golive import _cache
from golive import _waivers as waivers
from golive._schema import Schemas
from golive._tenant import LoadedTenant, load_tenant
from golive._waivers import WAIVERS_FILE
from golive.core.checklist import ALL_PHASES, CHECKLIST, LIVE_OR_BAU, ONBOARDING, PHASES, POST_FLIP, STATUSES
from golive.core.errors import ConfigRepoError, UsageError
from golive.core.findings import (
    DONE,
    MISSING,
    NOT_YET,
    Crash,
    Finding,
    Problem,
    Result,
    Severity,
    TenantReport,
    WaiverReport,
    sort_findings,
)
from golive.core.redact import Redactor, escape, text
from golive.core.yaml_document import mapping
from golive.policies import registry
from golive.policies.api import Policy, Tenant
from golive.policies.rules import secret
from golive.policies.settings import Settings, parse_settings, settings_source

TENANTS_DIR = "tenants"


@dataclass(frozen=True)
class Checks:
    """What tenants are judged by: the schemas and the policy settings of one revision."""

    schemas: Schemas
    settings: Settings
    root: Path            # where they were read from (a worker process reads them again)
    settings_source: bytes = b""

    @classmethod
    def from_repo(cls, repo: Path) -> Checks:
        source = settings_source(repo)   # read once: parsed here, and digested for the cache
        return cls(Schemas.from_dir(repo), parse_settings(source), repo, source)

    def digest(self, as_of: dt.date) -> str:
        """What a cached result depends on besides the tenant's own files."""
        return _cache.checks_digest(self.schemas.digest_items(), self.settings_source, as_of)


def _file_findings(loaded: LoadedTenant, prefix: str, redact: Redactor) -> list[Finding]:
    out = []
    for p in loaded.problems:
        if p.line is not None and p.column is not None:
            line, column = p.line, p.column
        else:
            line, column = loaded.docs[p.file].locate(p.path)
        out.append(Finding(loaded.id, redact.text(f"{prefix}/{p.file}" if p.file else prefix), line, column,
                           p.rule, p.checklist, Severity.ERROR, redact.path(p.path), redact.text(p.message)))
    return out


def _waiver(w: WaiverReport, redact: Redactor) -> WaiverReport:
    return dataclasses.replace(w, target=redact.text(w.target), path=redact.optional(w.path),
                               reason=redact.text(w.reason), approved_by=redact.text(w.approved_by),
                               expires=redact.text(w.expires))


@dataclass(frozen=True)
class Assessment:
    """A tenant's report, and the files it was made from (for comparisons with a base revision)."""

    report: TenantReport
    loaded: LoadedTenant


def _demands(phase: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The checklist keys and rule ids that ``phase`` demands (every phase's, for no phase)."""
    chosen = [p for p in registry.POLICIES.values()
              if phase is None or p.PHASES == ALL_PHASES or phase in p.PHASES]
    return frozenset(p.CHECKLIST for p in chosen), frozenset(p.ID for p in chosen)


_T = TypeVar("_T")


class _Guard:
    """Runs policy code; the first exception becomes the tenant's :class:`Crash`, never the run's end."""

    def __init__(self) -> None:
        self.crash: Crash | None = None
        self.crashed: set[str] = set()   # the checklist keys whose policy raised

    def __call__(self, policy: Policy, run: Callable[[], _T], instead: _T) -> _T:
        try:
            return run()
        except Exception as exc:  # a bug in a policy: it names its culprit, the others still run
            if self.crash is None:
                self.crash = Crash(policy.ID, f"{type(exc).__name__}: {text(str(exc))}",
                                   traceback.format_exc())
            self.crashed.add(policy.CHECKLIST)
            return instead


_NONE: list[Problem] = []


def _problems(policy: Policy, view: Tenant) -> list[Problem]:
    return list(policy.check(view))


def assess(repo: Path, root: Path, checks: Checks, as_of: dt.date,
           review: waivers.Review | None = None) -> Assessment:
    """Everything golive finds in one tenant directory, waivers applied.

    ``review`` is pull-request mode's view of the tenant's waivers at the base.
    """
    loaded = load_tenant(root, checks.schemas, checks.settings)
    prefix = root.relative_to(repo).as_posix()
    view = Tenant(loaded.id, loaded.valid, checks.settings, as_of, loaded.evidence,
                  {name: doc.data for name, doc in loaded.docs.items()})
    phase = view.phase  # None unless tenant.yaml matches its schema: nothing phased is judged
    guard = _Guard()
    # Everything the report says about the tenant's data is masked here, with the help of the
    # secrets its files hold, before it is cached or shown (golive.core.redact).
    redact = Redactor(guard(secret, functools.partial(secret.known, view), ()))
    candidates = _file_findings(loaded, prefix, redact)
    demanded = [True] * len(candidates)
    unjudged: set[str] = set()   # checklist keys whose files could not be read
    for policy in registry.POLICIES.values():
        if any(name not in loaded.valid for name in policy.NEEDS):
            unjudged.add(policy.CHECKLIST)
            continue
        for problem in guard(policy, functools.partial(_problems, policy, view), _NONE):
            doc = loaded.docs.get(problem.file)
            line, column = doc.locate(problem.path) if doc is not None else (1, 1)
            candidates.append(Finding(
                loaded.id, redact.text(f"{prefix}/{problem.file}"), line, column, policy.ID,
                policy.CHECKLIST, problem.severity or policy.SEVERITY, redact.path(problem.path),
                redact.text(problem.message)))
            # Not demanded yet in this phase: `golive status` shows it as missing.
            demanded.append(policy.PHASES == ALL_PHASES or phase in policy.PHASES)
    entries = loaded.valid.get(WAIVERS_FILE, {}).get("waivers", [])
    keys, rules = _demands(phase)
    any_keys, any_rules = _demands(None)

    def phase_demands(entry: Mapping[str, Any]) -> bool:
        """False only for a key or rule of a policy this phase does not run yet."""
        if "checklist" in entry:
            return entry["checklist"] in keys or entry["checklist"] not in any_keys
        return entry["rule"] in rules or entry["rule"] not in any_rules

    marked, waiver_findings, waiver_reports = waivers.apply(
        loaded.id, prefix, entries, loaded.docs.get(WAIVERS_FILE), candidates, as_of,
        demanded=phase_demands, review=review)
    waiver_findings = [dataclasses.replace(f, message=redact.text(f.message)) for f in waiver_findings]
    findings = [f for f, shown in zip(marked, demanded, strict=True) if shown] + waiver_findings
    failing = {f.checklist for f in marked if not f.waived} | {f.checklist for f in waiver_findings}
    # A post-flip key before its day is never done: missing only for what is already wrong.
    owners = {p.CHECKLIST: p for p in registry.POLICIES.values() if p.CHECKLIST in registry.DUE}
    early = {k for k, due in registry.DUE.items()
             if not guard(owners[k], functools.partial(due, view), True)} if phase in LIVE_OR_BAU else set()
    unjudged |= guard.crashed
    wrong_now = {f.checklist for f in findings if not f.waived} | unjudged
    checklist = {}
    for key in CHECKLIST:
        if phase == ONBOARDING and key in POST_FLIP:
            checklist[key] = NOT_YET
        elif key in early:
            checklist[key] = MISSING if key in wrong_now else NOT_YET
        else:
            checklist[key] = MISSING if key in failing or key in unjudged else DONE
    # For the report, read what tenant.yaml says even when another key of it is wrong.
    doc = loaded.docs.get("tenant.yaml")
    said = mapping(doc)

    def shown(key: str, allowed: tuple[str, ...] | None = None) -> str | None:
        value = said.get(key)
        return redact.text(value) if isinstance(value, str) and (allowed is None or value in allowed) \
            else None

    shown_id = escape(loaded.id)
    if shown_id != loaded.id:   # a directory name with control characters: shown escaped, everywhere
        findings = [dataclasses.replace(f, tenant=shown_id) for f in findings]
    report = TenantReport(
        shown_id,
        shown("phase", PHASES),
        shown("status", STATUSES),
        shown("golive_date"),
        sort_findings(findings),
        checklist,
        tuple(_waiver(w, redact) for w in waiver_reports),
        name=shown("name"),
        hypercare=tuple(dataclasses.replace(d, investigation=redact.optional(d.investigation))
                        for d in view.hypercare()),
        crash=guard.crash,
    )
    return Assessment(report, loaded)


def check_tenant(repo: Path, root: Path, checks: Checks, as_of: dt.date) -> TenantReport:
    """Everything golive finds in one tenant directory."""
    return assess(repo, root, checks, as_of).report


def tenant_dirs(repo: Path) -> list[Path]:
    """Every tenant directory, sorted; names starting with '_' or '.' are not tenants.

    Anything else under ``tenants/`` that is not a regular file (a symlink, a FIFO)
    is listed too, never followed: the engine reports it as the tenant it claims to be.
    """
    base = repo / TENANTS_DIR
    if not base.is_dir():
        raise ConfigRepoError(f"{repo} is not a golive config repo: it has no {TENANTS_DIR}/ directory")
    if base.is_symlink():
        raise ConfigRepoError(f"{TENANTS_DIR}/ is a symlink; golive reads tenants only from a "
                              f"directory committed in git: replace it with the directory itself")
    with os.scandir(base) as entries:
        return sorted(base / e.name for e in entries
                      if not e.name.startswith(("_", ".")) and not e.is_file(follow_symlinks=False))


def select(repo: Path, paths: Sequence[str | Path]) -> list[Path]:
    """The tenant directories that ``paths`` (tenant dirs, files in them, or ids) name."""
    if not paths:
        return tenant_dirs(repo)
    base = (repo / TENANTS_DIR).resolve()
    chosen: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        # Relative to the current directory first, then to the repo, then a bare tenant id.
        candidates = [path] if path.is_absolute() else [Path.cwd() / path, repo / path, base / path]
        existing = [c for c in candidates if os.path.lexists(c)]
        if not existing:
            raise UsageError(f"{raw}: no such tenant, directory or file")
        # A path is taken as written (a symlink in a tenant names that tenant, not its target);
        # only a path that is outside as written is resolved (a repo reached through a symlink).
        written = [Path(os.path.abspath(c)) for c in existing]
        inside = [c.relative_to(base) for c in written if c.is_relative_to(base)] or \
            [c.resolve().relative_to(base) for c in existing if c.resolve().is_relative_to(base)]
        if not inside:
            raise UsageError(f"{raw} is not inside {TENANTS_DIR}/ of {repo}")
        rel = inside[0]
        if not rel.parts or rel.parts[0].startswith(("_", ".")):
            raise UsageError(f"{raw} is not a tenant directory or a file in one")
        chosen[rel.parts[0]] = repo / TENANTS_DIR / rel.parts[0]
    return [chosen[k] for k in sorted(chosen)]


# Set in each worker process by _init_worker.
_WORKER: tuple[Path, Checks, dt.date] | None = None
# Below this many tenants, starting worker processes costs more than it saves.
PARALLEL_FROM = 48


# Checking a tenant makes many small objects that all live until it is done: collecting
# garbage every 700 allocations (Python's default) then costs about a sixth of the run.
_GC_THRESHOLD = (50_000, 20, 20)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _init_worker(repo: Path, checks_root: Path, as_of: dt.date) -> None:
    global _WORKER
    _WORKER = (repo, Checks.from_repo(checks_root), as_of)
    gc.freeze()   # what the worker has imported and loaded is never garbage
    gc.set_threshold(*_GC_THRESHOLD)


def _check_in_worker(tenant_dir: Path) -> TenantReport:
    assert _WORKER is not None, "worker not initialised"
    repo, checks, as_of = _WORKER
    return check_tenant(repo, tenant_dir, checks, as_of)


def _check_all(repo: Path, dirs: list[Path], checks: Checks, as_of: dt.date,
               jobs: int) -> list[TenantReport]:
    """Reports in the order of ``dirs``; across ``jobs`` processes when there are enough tenants."""
    if jobs <= 1 or len(dirs) < PARALLEL_FROM:
        with _fewer_collections():
            return [check_tenant(repo, d, checks, as_of) for d in dirs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    jobs = min(jobs, len(dirs))   # a worker with no tenant to check only costs its start-up
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(jobs, multiprocessing.get_context(method), _init_worker,
                             (repo, checks.root, as_of)) as pool:
        chunk = max(1, len(dirs) // (jobs * 8))
        return list(pool.map(_check_in_worker, dirs, chunksize=chunk))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def run(repo: Path, dirs: Sequence[Path], checks: Checks, as_of: dt.date, *,
        use_cache: bool = False, jobs: int = 1, full: bool = False) -> Result:
    """Check ``dirs``: from the content cache where nothing they depend on changed, the rest afresh.

    ``full`` says ``dirs`` is every tenant, so the cache may forget tenants that are gone.
    """
    reports: dict[Path, TenantReport] = {}
    keys: dict[Path, str] = {}
    cache = _cache.ResultCache(_cache.cache_dir(repo)) if use_cache else None
    if cache is not None:
        files = _cache.by_tenant(_cache.file_ids(repo, TENANTS_DIR))
        digest = checks.digest(as_of)
        for d in dirs:
            rel = d.relative_to(repo).as_posix()
            keys[d] = _cache.tenant_key(digest, files.get(rel, ()))
            hit = cache.get(rel, keys[d])
            if hit is not None:
                reports[d] = hit
    todo = [d for d in dirs if d not in reports]
    for d, report in zip(todo, _check_all(repo, todo, checks, as_of, jobs), strict=True):
        reports[d] = report
        if cache is not None and report.checked:   # a crash is golive's bug: never kept
            cache.put(d.relative_to(repo).as_posix(), keys[d], report)
    if cache is not None:
        cache.save([d.relative_to(repo).as_posix() for d in dirs] if full else None)
    return Result(tuple(reports[d] for d in dirs))
