"""Benchmark: the smoke run's 837 with N claims, the smoke claim last.

    python benchmarks/x12_big.py --claims 1 500 5000 150000 [--root DIR] [--x12-max-bytes N]

Writes, per N, an 837P (005010X222A1) of N claims in one transaction set, each
claim its own subscriber loop (2000B) with two service lines, the smoke claim
last, into riverbend-cardio of a scratch copy of the example repo (hashes
updated), then runs ``golive validate --no-cache riverbend-cardio`` as a user
runs it and reports the wall time, the peak resident memory of that process
(``ru_maxrss``, measured by a wrapper process of its own for each run) and the
file's size. ``--root`` takes the tenants, schemas and settings from another
checkout (run with ``PYTHONPATH`` at that checkout to time its golive). Prints a
Markdown table. ``--x12-max-bytes`` sets ``smoke_run.x12_max_bytes`` in the
scratch repo's settings (to time a file the default cap refuses).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMOKE_CLAIM = "SMOKE-20261006-01"


def claims_837(template: str, claims: int) -> str:
    """The example 837 with its one claim loop repeated ``claims`` times (the smoke claim last)."""
    segments = template.strip().removesuffix("~").split("~\n")
    start = next(i for i, s in enumerate(segments) if s.startswith("HL*2*"))
    end = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    head, loop, tail = segments[:start], segments[start:end], segments[end:]
    body: list[str] = []
    for n in range(claims):
        claim_id = SMOKE_CLAIM if n == claims - 1 else f"BULK-{n:07d}"
        for seg in loop:
            if seg.startswith("HL*2*"):
                seg = f"HL*{n + 2}*1*22*0"
            elif seg.startswith("CLM*"):
                seg = seg.replace(SMOKE_CLAIM, claim_id)
            body.append(seg)
    count = (len(head) - 2) + len(body) + 1   # ST to SE, both included
    tail[0] = re.sub(r"^SE\*\d+", f"SE*{count}", tail[0])
    return "~\n".join(head + body + tail) + "~\n"


# Runs a command and prints the peak resident memory of its process tree's largest member, in KiB.
WRAPPER = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
           "sys.exit(done.returncode)")


def run(claims: int, work: Path, root: Path, cap: int | None) -> tuple[int, float, float]:
    repo = work / f"repo-{claims}"
    others = shutil.ignore_patterns("acme-ortho", "summit-peds")
    shutil.copytree(root / "tenants", repo / "tenants", ignore=others)
    shutil.copytree(root / "schemas", repo / "schemas")
    shutil.copytree(root / "policies", repo / "policies")
    if cap is not None:
        settings = repo / "policies" / "settings.yaml"
        settings.write_text(re.sub(r"x12_max_bytes: \d+", f"x12_max_bytes: {cap}", settings.read_text()))
    tenant = repo / "tenants" / "riverbend-cardio"
    path = tenant / "evidence" / "smoke" / "claim.837"
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    data = claims_837(path.read_text(), claims).encode()
    path.write_bytes(data)
    golive_yaml = tenant / "golive.yaml"
    golive_yaml.write_text(golive_yaml.read_text().replace(old, hashlib.sha256(data).hexdigest()))
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "golive", "validate",
                           "--no-cache", "--repo", str(repo), "--as-of", "2026-11-25", "--jobs", "1",
                           "tenants/riverbend-cardio"], capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    print(done.stdout.strip().splitlines()[-1], file=sys.stderr)
    return len(data), took, int(done.stderr.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[1, 500, 5000, 150000])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--x12-max-bytes", type=int)
    args = parser.parse_args()
    print("| claims | 837 size | `golive validate` wall time | peak memory (max RSS) |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for claims in args.claims:
            size, took, peak = run(claims, Path(tmp), args.root, args.x12_max_bytes)
            print(f"| {claims:,} | {size / 1e6:.2f} MB | {took:.2f} s | {peak:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
