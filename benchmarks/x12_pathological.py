"""Benchmark inputs: two 837s under the 2 MiB cap that once cost minutes and gigabytes.

    python benchmarks/x12_pathological.py OUT_DIR [--unknown 1035000] [--nested 95000]
    /usr/bin/time -v python -c "import sys, golive.x12 as x; x.parse(open(sys.argv[1], 'rb').read())" FILE

Writes into OUT_DIR, from riverbend-cardio's smoke-run 837:

- ``unknown-segments.837``: the file up to its SE, then ``Z~`` repeated
  ``--unknown`` times on one line (an unknown segment each), SE01 counting
  them, then SE, GE and IEA;
- ``nested-hl.837``: the file with its subscriber HL (``HL*2*1*22*0``)
  replaced by ``--nested`` HLs each the child of the one before
  (``HL*k*k-1*22*1~``) and a last one that opens the subscriber loop, SE01
  counting them.

The second command times golive's reading of one of them (scan, envelopes,
pyx12's validation); ``golive validate`` on a tenant holding one adds about a
second of its own.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIM = ROOT / "tenants" / "riverbend-cardio" / "evidence" / "smoke" / "claim.837"


def _close(segments: list[str]) -> str:
    """The segments with SE01 counting ST to SE, as one segment a line."""
    st = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
    se = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    segments[se] = re.sub(r"^SE\*\d+", f"SE*{se - st + 1}", segments[se])
    return "~\n".join(segments) + "~\n"


def unknown_segments(template: str, count: int) -> str:
    """The 837 with ``count`` segments ``Z`` before its SE, all on one line (``Z~Z~...``)."""
    segments = template.strip().removesuffix("~").split("~\n")
    se = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    text = _close(segments[:se] + ["Z"] * count + segments[se:])
    return text.replace("Z~\n", "Z~")


def nested_hl(template: str, count: int) -> str:
    """The 837 whose subscriber HL is a chain of ``count`` HLs, each the parent of the next."""
    segments = template.strip().removesuffix("~").split("~\n")
    at = next(i for i, s in enumerate(segments) if s.startswith("HL*2*1*22*"))
    chain = [f"HL*{k}*{k - 1}*22*1" for k in range(2, count + 2)] + [f"HL*{count + 2}*{count + 1}*22*0"]
    return _close(segments[:at] + chain + segments[at + 1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--unknown", type=int, default=1_035_000)
    parser.add_argument("--nested", type=int, default=95_000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    template = CLAIM.read_text()
    for name, text in (("unknown-segments.837", unknown_segments(template, args.unknown)),
                       ("nested-hl.837", nested_hl(template, args.nested))):
        path = args.out / name
        path.write_text(text)
        print(f"{path}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
