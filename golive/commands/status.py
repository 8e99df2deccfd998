"""``golive status``: each tenant's phase, status, go-live date and checklist."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg, output, tenant_arg, use_color

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
    import os

    import golive
    from golive.core.layout import find_repo, tenant_path
    from golive.reporters import STATUS_REPORTERS, Options

    root = find_repo(args.repo)
    # A path that exists (from here or the repo) is taken as it is; anything else must name a tenant.
    paths = [p if os.path.lexists(p) or os.path.lexists(root / p) else tenant_path(tenant_arg(root, p))
             for p in args.paths]
    result = golive.status(args.repo, paths, args.as_of, cache=not args.no_cache)
    with output(args.output, stdout) as out:
        STATUS_REPORTERS[args.format](result, out, Options(args.verbose, use_color(out)))
    result.raise_crashes()
    return EXIT_OK
