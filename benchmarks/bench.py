"""Benchmark golive beside the tools people would otherwise use, on synthetic repos.

    python benchmarks/bench.py [--tenants 1000 10000] [--repeat 3]

For each size it builds a synthetic config repo (benchmarks/synth.py), commits it,
then measures, each as its own command the way a user runs it:
  - the floor: every tenant YAML file read and loaded once with PyYAML's libyaml
    loader, in one process (the list of files is made before the clock starts);
  - golive validate --no-cache, cold: schemas and every policy, all cores;
  - check-jsonschema with golive's own schemas over the same files (schema
    checks only), one invocation per schema;
  - golive validate --base main with one tenant changed on a branch;
  - golive validate run twice with the cache, the second (warm) run timed;
  - peak memory of a cold run (a run of its own, not timed): the largest
    resident set of the golive process tree, sampled every 20 ms;
  - golive --version, for start-up.
Prints a Markdown table per size, and the ratios the targets are stated in.

    python benchmarks/bench.py --profile 300

instead profiles one process checking that many tenants serially (cProfile) and
prints where a cold run's time goes: each part's cumulative time and its share.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # a sibling script, imported once the path above is set

AS_OF = "2026-11-25"
BIN = Path(sys.executable).parent


def yaml_files(repo: Path) -> list[Path]:
    return sorted(repo.glob("tenants/*/**/*.yaml"))


def floor(files: list[Path]) -> None:
    """Read and load each file once (listing them is not timed)."""
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def _rss_tree(root_pid: int) -> int:
    """Resident bytes of a process and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,), sample: bool = False) -> tuple[float, int]:
    """Wall seconds of one command, and its peak tree RSS when ``sample``."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    if sample and sys.platform == "linux":
        done = threading.Event()

        def sampler() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _rss_tree(proc.pid))
                time.sleep(0.02)

        thread = threading.Thread(target=sampler)
        thread.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    if sample and sys.platform == "linux":
        done.set()
        thread.join()
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {err.decode()[-400:]}")
    return elapsed, peak


def median(fn: Callable[[], float], repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def check_jsonschema(repo: Path) -> float:
    tool = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if tool is None:
        return float("nan")
    from golive.engine.schemas import RULE_SET_SCHEMA, TENANT_FILES

    total = 0.0
    groups = {schema: sorted(str(p) for p in repo.glob(f"tenants/*/{name}"))
              for name, schema in TENANT_FILES.items()}
    groups[RULE_SET_SCHEMA] = sorted(str(p) for p in repo.glob("tenants/*/rules/*.yaml"))
    for schema, files in groups.items():
        if files:
            total += run([tool, "--schemafile", f"schemas/{schema}.schema.json", *files], repo)[0]
    return total


def golive(*args: str) -> list[str]:
    return [str(BIN / "golive"), *args]


def measure(n: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="golive-bench-") as tmp:
        repo = Path(tmp)
        synth.build(repo, n)
        out: dict[str, float] = {}
        files = yaml_files(repo)
        out["floor"] = median(lambda: _timed(lambda: floor(files)), repeat)
        cold = golive("validate", "--no-cache", "--as-of", AS_OF)
        out["cold"] = median(lambda: run(cold, repo)[0], repeat)
        # Memory in a run of its own: sampling /proc takes CPU from the timed runs.
        out["peak_mib"] = run(cold, repo, sample=True)[1] / 2**20
        out["check_jsonschema"] = check_jsonschema(repo)
        run(golive("validate", "--as-of", AS_OF), repo)                     # fill the cache
        out["warm"] = median(lambda: run(golive("validate", "--as-of", AS_OF), repo)[0], repeat)
        out["version"] = median(lambda: run(golive("--version"), repo)[0], repeat)
        synth.touch_one(repo)
        out["pr"] = median(lambda: run(golive("validate", "--no-cache", "--base", "main",
                                              "--as-of", AS_OF), repo)[0], repeat)
    return out


def _timed(fn: Callable[[], None]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# Where a cold run spends its time: (part, the functions whose cumulative time it is).
PARTS = (
    ("X12 smoke-run files through pyx12", ("golive/policies/rules/smoke_run.py", "check")),
    ("loading the files (libyaml, data, schema gate and messages)",
     ("golive/engine/tenant_dir.py", "load_tenant")),
    ("GL-SECRET: the secrets screen over every key and value", ("golive/policies/rules/secret.py", "*")),
    ("masking text taken from tenant data (golive/core/redact.py)", ("golive/core/redact.py", "*")),
)


def profile(n: int) -> str:
    """A table of the parts of one serial in-process cold run over ``n`` synthetic tenants."""
    import cProfile
    import datetime as dt
    import pstats

    from golive.engine import run
    from golive.engine.rulebook import Rulebook

    with tempfile.TemporaryDirectory(prefix="golive-bench-") as tmp:
        repo = Path(tmp)
        synth.build(repo, n, commit=False)
        rulebook = Rulebook.from_repo(repo)
        dirs = run.tenant_dirs(repo)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.runcall(run.run, repo, dirs, rulebook, dt.date.fromisoformat(AS_OF), jobs=1)
        total = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    lines = [f"### where a cold run's time goes, {n:,} tenants, one process, under cProfile",
             "", f"total {total:.2f} s", "", "| part | seconds | share |", "|---|---:|---:|"]
    for name, (file, function) in PARTS:
        # Top-level entries only (a function also reached through another counts once).
        seconds = sum(cum for (path, _, func), (_, _, _, cum, callers) in stats.items()
                      if path.endswith(file) and function in ("*", func)
                      and not any(c[0].endswith(file) for c in callers))
        lines.append(f"| {name} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
    return "\n".join([*lines, ""])


def report(n: int, m: dict[str, float]) -> str:
    rows = [
        ("libyaml load floor (one process)", m["floor"]),
        ("golive validate --no-cache (cold, all cores)", m["cold"]),
        ("check-jsonschema, golive's schemas (schemas only)", m["check_jsonschema"]),
        ("golive validate --base main, 1 tenant changed", m["pr"]),
        ("golive validate, warm cache, nothing changed", m["warm"]),
        ("golive --version", m["version"]),
    ]
    lines = [f"### {n:,} tenants", "", "| measurement | seconds |", "|---|---:|"]
    lines += [f"| {name} | {value:.3f} |" for name, value in rows]
    lines += [
        "",
        f"- peak memory of the cold run (process tree): {m['peak_mib']:.0f} MiB",
        f"- cold golive / check-jsonschema: {m['cold'] / m['check_jsonschema']:.3f} (target <= 0.10)",
        f"- cold golive / libyaml floor: {m['cold'] / m['floor']:.2f} (target <= 1.5)",
        f"- pull request / cold: {m['pr'] / m['cold']:.3f} (target <= 0.05)",
        f"- warm / cold: {m['warm'] / m['cold']:.3f} (target <= 0.10)",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, metavar="N",
                        help="profile one serial process checking N tenants instead")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
          f"Python {platform.python_version()}\n")
    if args.profile:
        print(profile(args.profile))
        return
    for n in args.tenants:
        print(report(n, measure(n, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
