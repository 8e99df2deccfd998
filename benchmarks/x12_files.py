"""Benchmark: CPU seconds per X12 file through pyx12, in one process, maps already loaded.

    python benchmarks/x12_files.py [--rounds 200] [--profile]

Reads riverbend-cardio's three smoke-run files (837P, 277CA, 835) ``--rounds``
times each with ``golive.x12.reader.parse`` (the function the smoke_run policy
calls, without its by-content cache) and prints the CPU seconds of the first
round (pyx12 loads its maps: once per process, so once per worker of a run) and
then per file in three cases:

- ``same``: the same bytes every round;
- ``own claim id``: each round the files carry a claim id of their own, as each
  bau tenant of ``benchmarks/synth.py`` does;
- ``nothing remembered``: the same, with golive's remembered segment verdicts
  forgotten before every file (a file none of whose segments was seen before).

``--profile`` prints cProfile's top functions for the second case instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from golive.x12 import reader

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "tenants" / "riverbend-cardio" / "evidence" / "smoke"
CLAIM = b"SMOKE-20261006-01"


def rounds(n: int, own: bool) -> list[list[bytes]]:
    files = [(SMOKE / name).read_bytes() for name in ("claim.837", "ack.277ca", "era.835")]
    return [[f.replace(CLAIM, f"SMOKE-{i:08d}-01".encode()) if own else f for f in files]
            for i in range(n)]


def timed(batches: list[list[bytes]], forget: bool) -> float:
    """CPU seconds per file."""
    remembered = getattr(getattr(reader, "_pyx12_reuse", None), "_VERDICTS", None)
    started = time.process_time()
    for batch in batches:
        for data in batch:
            if forget and remembered is not None:
                remembered.clear()
            reader.parse(data)
    return (time.process_time() - started) / sum(map(len, batches))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    started = time.process_time()
    for data in rounds(1, own=False)[0]:
        reader.parse(data)                       # the maps, loaded once per process
    first = time.process_time() - started
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(timed, rounds(args.rounds, own=True), False)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    print(f"first round, maps loaded: {1000 * first:.0f} ms CPU\n")
    print("| case | ms CPU per file |\n|---|---:|")
    for name, own, forget in (("same", False, False), ("own claim id", True, False),
                              ("nothing remembered", True, True)):
        print(f"| {name} | {1000 * timed(rounds(args.rounds, own), forget):.2f} |")


if __name__ == "__main__":
    main()
