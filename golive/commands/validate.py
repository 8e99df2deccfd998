"""``golive validate``: check tenants against the checklist; exit 1 when something blocks."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK, date_arg, output, positive_int, use_color

HELP = "check tenants against the checklist"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import VALIDATE_REPORTERS

    parser.add_argument("paths", nargs="*", metavar="PATH", help="tenant directories or files")
    parser.add_argument("--base", metavar="REF",
                        help="pull-request mode: check what changed since the merge base of REF and HEAD")
    parser.add_argument("--head-code", choices=("run", "skip"), default="run",
                        help="with --base, when the pull request changes golive's own code: run that "
                             "code to preview the tenants it would break (run), or leave it unrun "
                             "(skip; the job that decides the verdict in CI)")
    parser.add_argument("--staged", action="store_true",
                        help="also check every tenant with a change staged for the next commit, deleted "
                             "and renamed files included; with no PATH, only those (the pre-commit hook)")
    parser.add_argument("--no-cache", action="store_true",
                        help="check everything afresh (default: reuse results whose inputs did not change)")
    parser.add_argument("--jobs", type=positive_int, metavar="N",
                        help="processes to check tenants in (default: every core)")
    parser.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD", help="treat it as today")
    parser.add_argument("--format", choices=sorted(VALIDATE_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show what passed")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    import golive
    from golive.reporters import VALIDATE_REPORTERS, Options

    result = golive.validate(args.repo, args.paths, args.as_of, args.base, cache=not args.no_cache,
                             jobs=args.jobs, staged=args.staged, head_code=args.head_code == "run")
    with output(args.output, stdout) as out:
        VALIDATE_REPORTERS[args.format](result, out, Options(args.verbose, use_color(out)))
    result.raise_crashes()
    return EXIT_FAILED if result.blocks else EXIT_OK
