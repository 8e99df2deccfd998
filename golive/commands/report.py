"""``golive report merge FILE...``: one result from the shards of a split check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK, output, use_color

HELP = "merge the shard results of golive validate --shard into one report"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import VALIDATE_REPORTERS

    parser.add_argument("action", choices=("merge",))
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="the --format json output of every shard, golive validate --shard K/N")
    parser.add_argument("--format", choices=sorted(VALIDATE_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show what passed")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.engine.shard import merge
    from golive.reporters import VALIDATE_REPORTERS, Options

    result = merge([Path(f) for f in args.files])
    with output(args.output, stdout) as out:
        VALIDATE_REPORTERS[args.format](result, out, Options(args.verbose, use_color(out)))
    result.raise_crashes()
    return EXIT_FAILED if result.blocks else EXIT_OK
