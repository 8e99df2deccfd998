"""``golive status``: each tenant's phase, status, go-live date and checklist."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg, output, use_color

HELP = "each tenant's go-live checklist"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import STATUS_REPORTERS

    parser.add_argument("paths", nargs="*", metavar="TENANT")
    parser.add_argument("--no-cache", action="store_true", help="check everything afresh")
    parser.add_argument("--as-of", type=date_arg, metavar="DATE", help="treat DATE as today")
    parser.add_argument("--format", choices=sorted(STATUS_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the items done")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    import golive
    from golive.reporters import STATUS_REPORTERS, Options

    result = golive.status(args.repo, args.paths, args.as_of, cache=not args.no_cache)
    with output(args.output, stdout) as out:
        STATUS_REPORTERS[args.format](result, out, Options(args.verbose, use_color(out)))
    result.raise_crashes()
    return EXIT_OK
