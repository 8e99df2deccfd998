"""``golive rollback``: a branch holding a tenant's rollback commit, and its pull request."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK

HELP = "make a rollback branch for a tenant and print its pull request"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.rollback.triggers import TRIGGERS

    parser.add_argument("tenant", metavar="TENANT")
    parser.add_argument("--trigger", required=True, choices=list(TRIGGERS),
                        help="the rollback plan's trigger")
    parser.add_argument("--branch", metavar="NAME",
                        help="branch to create (default: rollback/TENANT/TRIGGER)")
    parser.add_argument("--no-commit", action="store_true",
                        help="leave the changes staged on the new branch, uncommitted")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.core.layout import find_repo
    from golive.reporters import ROLLBACK_REPORTERS
    from golive.rollback import rollback

    done = rollback(find_repo(args.repo), args.tenant, args.trigger, args.branch,
                    commit=not args.no_commit)
    ROLLBACK_REPORTERS["text"](done, stdout)
    return EXIT_FAILED if done.conflicts else EXIT_OK
