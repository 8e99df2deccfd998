"""``golive plan``: what ``golive apply`` would change on a target, field by field."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg, output

HELP = "what apply would change on the platform"
TARGET_HELP = "the platform's config store (default: sqlite:///<repo>/.golive/platform.db)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import PLAN_REPORTERS

    parser.add_argument("--target", metavar="URL", help=TARGET_HELP)
    parser.add_argument("--revision", metavar="REF", default="HEAD", help="the commit to plan (default HEAD)")
    parser.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD", help="treat it as today")
    parser.add_argument("--format", choices=sorted(PLAN_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the plan to FILE")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import plan
    from golive.reporters import PLAN_REPORTERS

    result = plan(args.repo, args.target, args.revision, args.as_of)
    with output(args.output, stdout) as out:
        PLAN_REPORTERS[args.format](result, out)
    return EXIT_OK
