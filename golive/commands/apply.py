"""``golive apply``: make the platform's config store match a revision, in one transaction."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK, date_arg
from golive.commands.plan import TARGET_HELP

HELP = "make the platform's config store match a revision"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import APPLY_REPORTERS

    parser.add_argument("--target", metavar="URL", help=TARGET_HELP)
    parser.add_argument("--revision", metavar="REF", default="HEAD",
                        help="the commit to apply (default HEAD)")
    parser.add_argument("--force", action="store_true",
                        help="apply even when the applied commit is not an ancestor of REF")
    parser.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD", help="treat it as today")
    parser.add_argument("--format", choices=sorted(APPLY_REPORTERS), default="text")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import apply
    from golive.reporters import APPLY_REPORTERS

    done = apply(args.repo, args.target, args.revision, args.force, args.as_of)
    APPLY_REPORTERS[args.format](done, stdout)
    return EXIT_FAILED if done.refused else EXIT_OK
