"""N shards on N one-core machines against one full run: does a split check scale?

    python benchmarks/bench_shards.py [--tenants 1000] [--shards 2 4 8] [--repeat 3]

Builds a synthetic repo (benchmarks/synth.py) and simulates machines of one core
each: every command runs under ``taskset -c C`` (one CPU), so golive sees one core
and checks its tenants in one process, as on a one-core CI runner. The shards of a
split run one after another, each alone on its core, as N machines would run them
side by side; the machine is shared with other work, so each round runs, in turn:

  - start-up: ``golive validate --no-cache --jobs 1`` of one tenant (the interpreter,
    imports, the rulebook, pyx12's maps, the signature verifiers: what any shard pays);
  - the full check on one core, ``golive validate --no-cache``;
  - for each N, every shard ``golive validate --no-cache --shard K/N --format json``.

A split run's time is its slowest shard (the machines run in parallel); the target
is that each shard takes at most 1.2 x (full / N) + start-up, so the ratio shown is
(slowest shard - start-up) / (full / N), at most 1.2, taken within a round; the
median over the rounds is printed, and the same ratio in CPU seconds (user and
system time of each command), which waiting for a busy core does not inflate.
Once, the shards' JSON is merged (``golive report merge``) and compared byte for
byte with the unsharded run's text and JSON output.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # sibling scripts, imported once the path above is set
import synth

AS_OF = bench.AS_OF


def pinned(cpu: int, *args: str) -> list[str]:
    return ["taskset", "-c", str(cpu), *bench.golive(*args)]


def check_merge(repo: Path, n: int) -> str:
    """Merge the N shards' JSON and compare with the unsharded run, text and JSON."""
    with tempfile.TemporaryDirectory(prefix="golive-shards-") as tmp:
        parts = []
        for k in range(1, n + 1):
            part = Path(tmp) / f"shard-{k}.json"
            bench.run(bench.golive("validate", "--no-cache", "--as-of", AS_OF, "--shard", f"{k}/{n}",
                                   "--format", "json", "--output", str(part)), repo)
            parts.append(str(part))
        same = []
        for fmt in ("text", "json"):
            whole = subprocess.run(bench.golive("validate", "--no-cache", "--as-of", AS_OF, "--format", fmt),
                                   cwd=repo, capture_output=True, check=False).stdout
            merged = subprocess.run(bench.golive("report", "merge", *parts, "--format", fmt),
                                    cwd=repo, capture_output=True, check=False).stdout
            same.append(f"{fmt}: {'identical' if whole == merged else 'DIFFERENT'} ({len(whole):,} bytes)")
    return "; ".join(same)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--shards", type=int, nargs="+", default=[2, 4, 8])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", type=int, default=0, help="the one CPU every command is pinned to")
    args = parser.parse_args()
    cpu = args.cpu
    with tempfile.TemporaryDirectory(prefix="golive-bench-") as tmp:
        repo = Path(tmp)
        synth.build(repo, args.tenants)
        one = synth.tenant_id(2)   # a bau tenant: its X12 files are read, as in most shards
        rounds: list[dict[str, float]] = []
        for _ in range(args.repeat):
            r: dict[str, float] = {}
            r["startup"], _, r["startup cpu"] = bench.run(pinned(
                cpu, "validate", "--no-cache", "--jobs", "1", "--as-of", AS_OF, f"tenants/{one}"), repo)
            r["full"], _, r["full cpu"] = bench.run(
                pinned(cpu, "validate", "--no-cache", "--as-of", AS_OF), repo)
            for n in args.shards:
                runs = [bench.run(pinned(cpu, "validate", "--no-cache", "--as-of", AS_OF,
                                         "--shard", f"{k}/{n}", "--format", "json"), repo)
                        for k in range(1, n + 1)]
                r[f"slowest {n}"], r[f"fastest {n}"] = max(t[0] for t in runs), min(t[0] for t in runs)
                r[f"slowest {n} cpu"] = max(t[2] for t in runs)
            rounds.append(r)
        merged = {n: check_merge(repo, n) for n in args.shards}

    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    print(f"### {args.tenants:,} tenants, shards on one core each (taskset -c {cpu}), "
          f"{len(rounds)} rounds, {os.cpu_count()} cores in the machine\n")
    print(f"- start-up (one tenant, one process): {med('startup'):.3f} s ({med('startup cpu'):.3f} s CPU)")
    print(f"- full check on one core: {med('full'):.3f} s ({med('full cpu'):.3f} s CPU)\n")
    print("| N | slowest shard s | fastest shard s | full / N s | (slowest - start-up) / (full / N) "
          "| the same in CPU seconds | target |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.shards:
        ratios = [(r[f"slowest {n}"] - r["startup"]) / (r["full"] / n) for r in rounds]
        cpus = [(r[f"slowest {n} cpu"] - r["startup cpu"]) / (r["full cpu"] / n) for r in rounds]
        print(f"| {n} | {med(f'slowest {n}'):.3f} | {med(f'fastest {n}'):.3f} | "
              f"{med('full') / n:.3f} | {statistics.median(ratios):.3f} "
              f"({', '.join(f'{x:.3f}' for x in ratios)}) | {statistics.median(cpus):.3f} "
              f"({', '.join(f'{x:.3f}' for x in cpus)}) | <= 1.2 |")
    print()
    for n, said in merged.items():
        print(f"- {n} shards merged against the unsharded run: {said}")


if __name__ == "__main__":
    main()
