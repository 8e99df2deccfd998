"""``golive apply``: make the platform's config store match a revision, tenant by tenant, in one transaction.

Exit 0 when every tenant is applied (and read back as written), 1 when any is held,
the ancestry guard refuses, or the read-back differs; 2 when it cannot run.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK, date_arg, output
from golive.commands.plan import TARGET_HELP

HELP = "make the platform's config store match a revision"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import APPLY_REPORTERS

    parser.add_argument("--target", metavar="URL", help=TARGET_HELP)
    parser.add_argument("--revision", metavar="REF", default="HEAD",
                        help="the commit to apply (default HEAD)")
    parser.add_argument("--force", action="store_true",
                        help="apply even when the applied commit is not an ancestor of REF "
                             "(overrides only that guard: held tenants stay held)")
    parser.add_argument("--prune", action="store_true",
                        help="remove from the target the tenants git does not have (unmanaged)")
    parser.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD", help="treat it as today")
    parser.add_argument("--format", choices=sorted(APPLY_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import apply
    from golive.reporters import APPLY_REPORTERS

    with output(args.output, stdout) as out:   # an unwritable --output fails before anything is applied
        done = apply(args.repo, args.target, args.revision, args.force, args.as_of, args.prune)
        APPLY_REPORTERS[args.format](done, out)
    return EXIT_OK if done.ok else EXIT_FAILED
