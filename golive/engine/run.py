"""A run over many tenants: which directories, from the cache or afresh, in one process or several."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from golive.core import credentials
from golive.core.errors import ConfigRepoError, UsageError
from golive.core.findings import Result, TenantReport
from golive.core.layout import TENANTS_DIR
from golive.engine import cache
from golive.engine.assess import check_tenant
from golive.engine.rulebook import Rulebook
from golive.engine.shard import Shard
from golive.engine.worker_life import die_with_parent
from golive.policies import signed_email, signed_pdf


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
        names = [e.name for e in entries
                 if not e.name.startswith(("_", ".")) and not e.is_file(follow_symlinks=False)]
    # Sorted as names: the order of the paths (one parent), without comparing 10,000 Paths.
    return [base / name for name in sorted(names)]


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
_WORKER: tuple[Path, Rulebook, dt.date] | None = None
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


def _init_worker(repo: Path, rulebook_root: Path, as_of: dt.date, parent: int) -> None:
    global _WORKER
    die_with_parent(parent)   # a golive killed with SIGKILL leaves no worker behind
    _WORKER = (repo, Rulebook.from_repo(rulebook_root), as_of)
    gc.freeze()   # what the worker has imported and loaded is never garbage
    gc.set_threshold(*_GC_THRESHOLD)


def _check_in_worker(tenant_dir: Path) -> TenantReport:
    assert _WORKER is not None, "worker not initialised"
    repo, rulebook, as_of = _WORKER
    return check_tenant(repo, tenant_dir, rulebook, as_of)


def _load_before_fork() -> None:
    """Import here, once, what each worker would import on its first tenants: forked workers
    share the parent's modules. detect-secrets screens every tenant; pyHanko and dkimpy (most
    of the import time) serve the tenants with signed evidence, in almost every large repo."""
    credentials.load()
    signed_pdf.load()
    signed_email.load()


def _check_all(repo: Path, dirs: list[Path], rulebook: Rulebook, as_of: dt.date,
               jobs: int) -> list[TenantReport]:
    """Reports in the order of ``dirs``; across ``jobs`` processes when there are enough tenants."""
    if jobs <= 1 or len(dirs) < PARALLEL_FROM:
        with _fewer_collections():
            return [check_tenant(repo, d, rulebook, as_of) for d in dirs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    jobs = min(jobs, len(dirs))   # a worker with no tenant to check only costs its start-up
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _load_before_fork()
    with ProcessPoolExecutor(jobs, multiprocessing.get_context(method), _init_worker,
                             (repo, rulebook.root, as_of, os.getpid())) as pool:
        chunk = max(1, len(dirs) // (jobs * 8))
        return list(pool.map(_check_in_worker, dirs, chunksize=chunk))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def run(repo: Path, dirs: Sequence[Path], rulebook: Rulebook, as_of: dt.date, *,
        use_cache: bool = False, jobs: int = 1, full: bool = False) -> Result:
    """Check ``dirs``: from the content cache where nothing they depend on changed, the rest afresh.

    ``full`` says ``dirs`` is every tenant, so the cache may forget tenants that are gone.
    """
    reports: dict[Path, TenantReport] = {}
    keys: dict[Path, str] = {}
    kept = cache.ResultCache(cache.cache_dir(repo)) if use_cache else None
    if kept is not None:
        files = cache.by_tenant(cache.file_ids(repo, TENANTS_DIR))
        digest = rulebook.digest(as_of)
        for d in dirs:
            rel = d.relative_to(repo).as_posix()
            keys[d] = cache.tenant_key(digest, files.get(rel, ()))
            hit = kept.get(rel, keys[d])
            if hit is not None:
                reports[d] = hit
    todo = [d for d in dirs if d not in reports]
    for d, report in zip(todo, _check_all(repo, todo, rulebook, as_of, jobs), strict=True):
        reports[d] = report
        if kept is not None and report.checked:   # a crash is golive's bug: never kept
            kept.put(d.relative_to(repo).as_posix(), keys[d], report)
    if kept is not None:
        kept.save([d.relative_to(repo).as_posix() for d in dirs] if full else None)
    return Result(tuple(reports[d] for d in dirs))


def check_repo(repo: Path, paths: Sequence[str | Path], as_of: dt.date, *, use_cache: bool = True,
               jobs: int | None = None, extra: Sequence[str] = (), only_extra: bool = False,
               shard: Shard | None = None) -> Result:
    """Check the tenants ``paths`` names (none: every tenant) of ``repo`` by its own rulebook.

    ``extra`` are tenant ids checked besides (those that still exist); ``only_extra``
    checks them alone when no ``paths`` are given. ``jobs`` is the number of
    processes (default: every core this process may use). ``shard`` keeps only the
    tenants of that shard (:mod:`golive.engine.shard`).
    """
    dirs = select(repo, paths) if paths or not only_extra else []
    if extra:
        wanted = set(extra)
        dirs = sorted({*dirs, *(d for d in tenant_dirs(repo) if d.name in wanted)})
    if shard is not None:
        dirs = [d for d in dirs if shard.holds(d.name)]
    everything = not paths and not only_extra and shard is None
    return run(repo, dirs, Rulebook.from_repo(repo), as_of, use_cache=use_cache,
               jobs=default_jobs() if jobs is None else jobs, full=everything)
