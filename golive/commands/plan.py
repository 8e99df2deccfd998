"""``golive plan``: what ``golive apply`` would do on a target, tenant by tenant (exit 0 when it ran).

It opens the target read-only and never creates it.
"""

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
    parser.add_argument("--prune", action="store_true",
                        help="plan apply --prune: unmanaged tenants removed")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import plan
    from golive.reporters import PLAN_REPORTERS

    result = plan(args.repo, args.target, args.revision, args.as_of, args.prune)
    with output(args.output, stdout) as out:
        PLAN_REPORTERS[args.format](result, out)
    return EXIT_OK
