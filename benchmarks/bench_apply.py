"""Benchmark: apply N tenants to SQLite and PostgreSQL, then plan and apply a one-tenant change.

    python benchmarks/bench_apply.py [--tenants N]

Builds a config repo of N tenants (copies of the example tenants under new ids),
commits it, and times what every full apply does before it touches a target
(export the revision, check every tenant, read the tenants' fields), then, per target:
  - the first apply of all N tenants (export, check every tenant, write), and of
    those the write transaction alone, with the SQL statements golive issued;
  - plan and apply after a commit that changes one tenant;
  - applying the same revision again (no changes).
PostgreSQL is a throwaway cluster started the way the tests start theirs, but with
the server's default, durable settings; without PostgreSQL those rows are left
out. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import golive
import golive.apply as core
from golive.apply import desired
from golive.targets import Batch, _sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # for tests.pgserver
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("summit-peds", "acme-ortho", "riverbend-cardio")
AS_OF = dt.date(2026, 11, 25)
T = TypeVar("T")


def git(repo: Path, *args: str) -> str:
    ident = ["-c", "user.name=Bench Ops", "-c", "user.email=bench@golive.example",
             "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *ident, *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def make_repo(repo: Path, n: int) -> None:
    """The project's schemas and policies, and n copies of the example tenants under new ids."""
    for part in ("schemas", "policies"):
        shutil.copytree(ROOT / part, repo / part)
    for i in range(n):
        source = EXAMPLES[i % len(EXAMPLES)]
        tenant_id = f"t{i:05d}-{source}"
        target = repo / "tenants" / tenant_id
        shutil.copytree(ROOT / "tenants" / source, target, symlinks=True)
        tenant = target / "tenant.yaml"
        tenant.write_text(tenant.read_text().replace(f"tenant: {source}", f"tenant: {tenant_id}"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{n} tenants")


def change_one(repo: Path) -> None:
    tenant = sorted((repo / "tenants").iterdir())[1] / "tenant.yaml"   # an active (live) tenant
    tenant.write_text(tenant.read_text().replace("status: active", "status: read_only", 1))
    git(repo, "commit", "-q", "-am", "one tenant read-only")


@contextmanager
def counting() -> Iterator[list[int]]:
    """Count the SQL calls golive makes (an executemany is one call, whatever its row count)."""
    calls = [0]
    execute, many = _sql.SqlTarget.execute, _sql.SqlTarget.execute_many

    def counted(fn: Callable[..., T]) -> Callable[..., T]:
        def wrapper(*args: Any) -> T:
            calls[0] += 1
            return fn(*args)
        return wrapper

    _sql.SqlTarget.execute = counted(execute)  # type: ignore[method-assign]
    _sql.SqlTarget.execute_many = counted(many)  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        _sql.SqlTarget.execute, _sql.SqlTarget.execute_many = execute, many  # type: ignore[method-assign]


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def write_only(repo: Path, url: str) -> tuple[float, int]:
    """The first apply's write transaction alone, on an empty store: seconds and SQL calls."""
    planned = core.plan(repo, url, as_of=AS_OF)
    sha = planned.revision
    batch = Batch(sha, "Bench Ops <bench@golive.example>", "2026-11-25T00:00:00+00:00", False,
                       planned.changes, tuple(sorted(planned.desired)), planned.desired)
    with core.opened(repo, url) as store, counting() as calls:
        started = time.perf_counter()
        with store.session() as session:
            session.read()
            session.write(batch)
        return time.perf_counter() - started, calls[0]


def engine_rows(repo: Path, n: int) -> list[str]:
    """What every full apply spends before it touches the target: export and check all tenants."""
    sha = git(repo, "rev-parse", "HEAD")
    with tempfile.TemporaryDirectory() as tmp:
        seconds, _ = timed(lambda: desired.export(repo, sha, Path(tmp), None))
        checking, result = timed(lambda: golive.validate(tmp, as_of=AS_OF))
        reading, _ = timed(lambda: [desired.read_tenant(d) for d in (Path(tmp) / "tenants").iterdir()])
    assert not result.blocks
    return [f"| (any) | export the revision from git | {n} | {seconds:.3f} | |",
            f"| (any) | check every tenant (golive validate) | {n} | {checking:.3f} | |",
            f"| (any) | read every tenant's applied fields | {n} | {reading:.3f} | |"]


def bench_target(label: str, repo: Path, url: str, scratch: str, n: int) -> list[str]:
    rows = []
    seconds, calls = write_only(repo, scratch)
    rows.append(f"| {label} | write transaction of the first apply | {n} | {seconds:.3f} | "
                f"{calls} SQL calls |")
    seconds, done = timed(lambda: core.apply(repo, url, as_of=AS_OF))
    rows.append(f"| {label} | first apply (export, check all, write) | {n} | {seconds:.3f} | "
                f"{len(done.plan.changes)} changes |")
    seconds, done = timed(lambda: core.apply(repo, url, as_of=AS_OF))
    rows.append(f"| {label} | apply again (no changes) | {n} | {seconds:.3f} | written: {done.written} |")
    change_one(repo)
    seconds, planned = timed(lambda: core.plan(repo, url, as_of=AS_OF))
    rows.append(f"| {label} | plan, one tenant changed | {n} | {seconds:.3f} | "
                f"{len(planned.changes)} change, {planned.checked} tenant checked |")
    seconds, done = timed(lambda: core.apply(repo, url, as_of=AS_OF))
    rows.append(f"| {label} | apply, one tenant changed (checks all) | {n} | {seconds:.3f} | "
                f"{len(done.plan.changes)} change |")
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    return rows


@contextmanager
def postgres() -> Iterator[Callable[[], str] | None]:
    """A new empty database on a throwaway server, per call; None without PostgreSQL."""
    from tests.pgserver import running_cluster

    try:
        with running_cluster(settings=()) as cluster:
            yield cluster.create_database
    except RuntimeError as exc:
        print(f"(no PostgreSQL: {exc})", file=sys.stderr)
        yield None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, postgres() as new_database:
        repo = Path(tmp) / "repo"
        make_repo(repo, args.tenants)
        rows = engine_rows(repo, args.tenants)
        rows += bench_target("sqlite", repo, f"sqlite:///{tmp}/platform.db", f"sqlite:///{tmp}/scratch.db",
                            args.tenants)
        if new_database is not None:
            rows += bench_target("postgresql", repo, new_database(), new_database(), args.tenants)
    print("| target | measurement | tenants | seconds | notes |")
    print("|---|---|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
