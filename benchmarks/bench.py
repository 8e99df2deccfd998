"""Benchmark golive beside the tools people would otherwise use, on synthetic repos.

    python benchmarks/bench.py [--tenants 1000 10000] [--repeat 3]

For each size it builds a synthetic config repo (benchmarks/synth.py), commits it,
changes one tenant on a branch, fills the cache, then runs ``--repeat`` rounds; each
round measures, each as its own command the way a user runs it:
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
Prints a Markdown table per size (each measurement's median and every round), and
the ratios the targets are stated in: each ratio is taken within a round (the two
commands ran one after the other, under the same load) and the median is shown.

    python benchmarks/bench.py --profile 300

instead profiles one process checking that many tenants serially (cProfile) and
prints where a cold run's time goes: each part's cumulative time and its share.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
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


def run(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,),
        sample: bool = False) -> tuple[float, int, float]:
    """Wall seconds of one command, its peak tree RSS when ``sample``, and its CPU seconds.

    CPU seconds are user and system time of the command and every process it waited
    for (its workers): on a machine shared with other work they vary far less than
    the wall time, which includes waiting for a core.
    """
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime
    return elapsed, peak, cpu


def check_jsonschema(repo: Path) -> tuple[float, float]:
    tool = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if tool is None:
        return float("nan"), float("nan")
    from golive.engine.schemas import RULE_SET_SCHEMA, TENANT_FILES

    total, cpu = 0.0, 0.0
    groups = {schema: sorted(str(p) for p in repo.glob(f"tenants/*/{name}"))
              for name, schema in TENANT_FILES.items()}
    groups[RULE_SET_SCHEMA] = sorted(str(p) for p in repo.glob("tenants/*/rules/*.yaml"))
    for schema, files in groups.items():
        if files:
            took = run([tool, "--schemafile", f"schemas/{schema}.schema.json", *files], repo)
            total, cpu = total + took[0], cpu + took[2]
    return total, cpu


def golive(*args: str) -> list[str]:
    return [str(BIN / "golive"), *args]


def measure(n: int, repeat: int, with_cjs: bool = True) -> list[dict[str, float]]:
    """``repeat`` rounds over one repo of ``n`` tenants; each round runs every command once.

    The compared commands run one after the other within a round, so a ratio taken
    within a round compares runs made under the same load on a shared machine.
    """
    with tempfile.TemporaryDirectory(prefix="golive-bench-") as tmp:
        repo = Path(tmp)
        synth.build(repo, n)
        files = yaml_files(repo)
        synth.touch_one(repo)          # a branch with one tenant changed: pull-request mode's case
        cold = golive("validate", "--no-cache", "--as-of", AS_OF)
        warm = golive("validate", "--as-of", AS_OF)
        pr = golive("validate", "--no-cache", "--base", "main", "--as-of", AS_OF)
        run(warm, repo)                # fill the cache (cold runs neither read nor write it)
        rounds = []
        nan = float("nan")
        for _ in range(repeat):
            out: dict[str, float] = {}
            cpu = time.process_time()
            out["floor"] = _timed(lambda: floor(files))
            out["floor cpu"] = time.process_time() - cpu
            for key, cmd in (("cold", cold), ("warm", warm), ("pr", pr), ("version", golive("--version"))):
                out[key], _, out[f"{key} cpu"] = run(cmd, repo)
                if key == "cold":
                    out["check_jsonschema"], out["check_jsonschema cpu"] = \
                        check_jsonschema(repo) if with_cjs else (nan, nan)
            rounds.append(out)
        # Memory in a run of its own: sampling /proc takes CPU from the timed runs.
        rounds[0]["peak_mib"] = run(cold, repo, sample=True)[1] / 2**20
    return rounds


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


RATIOS = (
    ("cold golive / check-jsonschema", "cold", "check_jsonschema", 0.05),
    ("cold golive / libyaml floor", "cold", "floor", 1.2),
    ("pull request (1 changed) / cold", "pr", "cold", 0.02),
    ("warm / cold", "warm", "cold", 0.05),
)


def report(n: int, rounds: list[dict[str, float]]) -> str:
    """Each measurement's median over the rounds, and each ratio's median of its per-round values."""
    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    rows = [
        ("libyaml load floor (one process)", "floor"),
        ("golive validate --no-cache (cold, all cores)", "cold"),
        ("check-jsonschema, golive's schemas (schemas only)", "check_jsonschema"),
        ("golive validate --base main, 1 tenant changed", "pr"),
        ("golive validate, warm cache, nothing changed", "warm"),
        ("golive --version", "version"),
    ]
    lines = [f"### {n:,} tenants, {len(rounds)} rounds", "",
             "| measurement | median s | each round | median CPU s | each round |", "|---|---:|---|---:|---|"]
    def each(key: str) -> str:
        return ", ".join(f"{r[key]:.2f}" for r in rounds)

    lines += [f"| {name} | {med(key):.3f} | {each(key)} | {med(key + ' cpu'):.3f} | {each(key + ' cpu')} |"
              for name, key in rows]
    peak = rounds[0]["peak_mib"]
    lines += ["", f"- peak memory of a cold run (process tree): {peak:.0f} MiB (target <= 1024)"]
    for name, top, bottom, target in RATIOS:
        each = [r[top] / r[bottom] for r in rounds]
        cpu = [r[f"{top} cpu"] / r[f"{bottom} cpu"] for r in rounds]
        lines.append(f"- {name}: {statistics.median(each):.3f} (target <= {target}; "
                     f"rounds {', '.join(f'{x:.3f}' for x in each)}); in CPU seconds "
                     f"{statistics.median(cpu):.3f} (rounds {', '.join(f'{x:.3f}' for x in cpu)})")
    return "\n".join([*lines, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (each runs every command once)")
    parser.add_argument("--no-check-jsonschema", action="store_true",
                        help="leave check-jsonschema out (at 10,000 tenants it takes minutes a round)")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="profile one serial process checking N tenants instead")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
          f"Python {platform.python_version()}\n")
    if args.profile:
        print(profile(args.profile))
        return
    for n in args.tenants:
        print(report(n, measure(n, args.repeat, not args.no_check_jsonschema)), flush=True)


if __name__ == "__main__":
    main()
