"""Benchmark: golive validate against the floor of just loading the same YAML.

    python benchmarks/bench.py [--tenants N] [--repeat R]

Builds a synthetic config repo of N tenants (copies of the example tenants, renamed)
in a temporary directory, then times, in this one process:
  - the floor: every tenant file loaded once with PyYAML's libyaml loader;
  - golive.validate over every tenant (schemas and all policies), cold.
Prints a Markdown table row per measurement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

import golive

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("summit-peds", "acme-ortho", "riverbend-cardio")


def build(repo: Path, n: int) -> None:
    for part in ("schemas", "policies"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / ".git").mkdir()
    for i in range(n):
        source = EXAMPLES[i % len(EXAMPLES)]
        tenant_id = f"t{i:05d}-{source}"
        target = repo / "tenants" / tenant_id
        shutil.copytree(ROOT / "tenants" / source, target)
        tenant = target / "tenant.yaml"
        tenant.write_text(tenant.read_text().replace(f"tenant: {source}", f"tenant: {tenant_id}"))


def floor(repo: Path) -> None:
    for path in sorted(repo.glob("tenants/*/**/*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        build(repo, args.tenants)
        as_of = dt.date(2026, 11, 25)
        result = golive.validate(repo, as_of=as_of)
        assert not result.blocks, "the synthetic tenants should validate clean"
        t_floor = timed(lambda: floor(repo), args.repeat)
        t_golive = timed(lambda: golive.validate(repo, as_of=as_of), args.repeat)
    n = args.tenants
    print("| measurement | tenants | seconds (median) | per tenant |")
    print("|---|---:|---:|---:|")
    print(f"| libyaml load floor | {n} | {t_floor:.3f} | {t_floor / n * 1000:.2f} ms |")
    print(f"| golive validate (cold, serial) | {n} | {t_golive:.3f} | {t_golive / n * 1000:.2f} ms |")
    print(f"\nratio golive / floor: {t_golive / t_floor:.2f}")


if __name__ == "__main__":
    main()
