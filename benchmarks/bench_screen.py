"""The secrets screen over every key and value of the example tenants: seconds for 100 passes.

Three figures, each the best of three runs: the screen's gate (``screened``) over every
text, the rules (``recognise``, as masking reads) over the texts the gate passes, and the
whole output boundary (``redact.text``) over every text. For docs/benchmarks.md; to compare
two revisions, run it in each.

    python benchmarks/bench_screen.py [--passes 100]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from golive.core import redact, secrets_screen

TENANTS = Path(__file__).resolve().parent.parent / "tenants"


def texts() -> list[str]:
    """Every key and scalar of every YAML file of the example tenants, as text."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                out.append(str(key))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif value is not None:
            out.append(str(value))

    for path in sorted(TENANTS.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def best(run: Callable[[], object], times: int = 3) -> float:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return min(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passes", type=int, default=100)
    n = parser.parse_args().passes
    every = texts()
    passed = [t for t in every if secrets_screen.screened(t)]
    parts = {
        "gate": (len(every), lambda: [secrets_screen.screened(t) for _ in range(n) for t in every]),
        "rules": (len(passed),
                  lambda: [secrets_screen.recognise(t, wide=True) for _ in range(n) for t in passed]),
        "boundary": (len(every), lambda: [redact.text(t) for _ in range(n) for t in every]),
    }
    print(f"| part | texts | seconds for {n} passes |\n|---|---:|---:|")
    for name, (count, run) in parts.items():
        print(f"| {name} | {count} | {best(run):.2f} |")

if __name__ == "__main__":
    main()
